// Downloads one of the runner's wheels, gzip-compressed (NAME.whl.gz), inflates it as it arrives
// and checks it against the lock file's digest (the inflated wheel's). The page does this for
// the worker (runner.js): inflating Django's wheel in the worker held its thread for 0.1 to
// 0.2 s while Python started there.
import { BootError, fetchRuntimeFile } from "../pyodide/boot.mjs";
import { sha256Hex } from "../pyodide/runtime-cache.mjs";

export async function downloadWheel({ url, file, sha256, reload = false }) {
  const response = await fetchRuntimeFile(url, file, reload ? "reload" : "default");
  const corrupt = () => new BootError(`The download of ${file} was corrupt or incomplete.`, file);
  let bytes;
  try {
    bytes = new Uint8Array(await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
  } catch {
    throw corrupt();
  }
  if ((await sha256Hex(bytes)) !== sha256) throw corrupt();
  return bytes;
}
