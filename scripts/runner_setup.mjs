// Installs the example runner's wheels into a Pyodide under Node exactly as the browser's worker
// does (docs/assets/runner/wheels.mjs), reading them from the runtime folder: the setup of the
// build's standard-library runs and of the parity test. While the build makes the site, a wheel
// is NAME.whl; the finished site publishes only NAME.whl.gz, which the browser downloads.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { installWheels } from "../docs/assets/runner/wheels.mjs";

function readWheel(runtimeDir, entry) {
  const wheel = path.join(runtimeDir, entry.file_name);
  return new Uint8Array(existsSync(wheel) ? readFileSync(wheel) : gunzipSync(readFileSync(`${wheel}.gz`)));
}

export default async function setup(pyodide, runtimeDir, { packages }) {
  const lock = JSON.parse(readFileSync(path.join(runtimeDir, "runner-lock.json"), "utf8"));
  await installWheels(pyodide, lock, packages, async (entry) => readWheel(runtimeDir, entry));
}

// The site's Pyodide under Node, with the runner's lock file and the given standard library.
export async function loadRunnerPyodide(siteDir, stdlibZip) {
  const runtimeDir = path.join(siteDir, "pyodide");
  const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
  return loadPyodide({
    indexURL: runtimeDir + path.sep,
    lockFileURL: path.join(runtimeDir, "runner-lock.json"),
    stdLibURL: stdlibZip,
    stdout: () => {},
    stderr: () => {},
  });
}
