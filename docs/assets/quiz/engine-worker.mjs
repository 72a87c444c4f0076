// Runs the quiz engine in Pyodide, off the main thread.
// In: {type: "recommend", id, answers}. Out: {type: "ready", boot}, {type: "error", message},
// {type: "result", id, result}, {type: "invalid", id, message}.
const runtimeURL = new URL("../../pyodide/", import.meta.url).href;
const workerParams = new URL(import.meta.url).searchParams;
const useSnapshot = workerParams.get("snapshot") !== "0";
const expectedRuntime = workerParams.get("runtime"); // digest of the runtime the page was built with
const ENGINE_PACKAGE = "flask-vs-django-quiz";

let recommendJSON = null;

// The snapshot made at build time, checked against the runtime we are about to start.
// GitHub Pages serves the .gz without Content-Encoding, so it is decompressed here.
async function fetchSnapshot(runtimeVersion) {
  const manifestResponse = await fetch(`${runtimeURL}snapshot.json`);
  if (!manifestResponse.ok) throw new Error(`snapshot manifest: HTTP ${manifestResponse.status}`);
  const manifest = await manifestResponse.json();
  if (manifest.pyodide !== runtimeVersion) {
    throw new Error(`snapshot is for Pyodide ${manifest.pyodide}, runtime is ${runtimeVersion}`);
  }
  if (manifest.runtime_sha256 !== expectedRuntime) {
    throw new Error("snapshot was made from another build of the runtime");
  }
  const response = await fetch(`${runtimeURL}${manifest.file}`);
  if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
  const inflated = response.body.pipeThrough(new DecompressionStream("gzip"));
  const bytes = new Uint8Array(await new Response(inflated).arrayBuffer());
  if (bytes.length !== manifest.size) throw new Error("snapshot size does not match its manifest");
  return bytes;
}

async function startPython({ loadPyodide, version }) {
  const options = {
    indexURL: runtimeURL,
    lockFileURL: `${runtimeURL}pyodide-lock.json`,
    stdout: () => {},
    stderr: (line) => console.warn(line),
  };
  if (useSnapshot) {
    try {
      // Private Pyodide API: restoring skips Python's start-up, which is most of the boot time.
      const pyodide = await loadPyodide({ ...options, _loadSnapshot: fetchSnapshot(version) });
      // The snapshot froze the random generator's state; every reader must get a fresh one.
      pyodide.runPython("import random; random.seed()");
      return { pyodide, mode: "snapshot" };
    } catch (error) {
      console.warn(`Pyodide snapshot not used (${error && error.message}); starting normally.`);
      return { pyodide: await loadPyodide(options), mode: "fallback" };
    }
  }
  return { pyodide: await loadPyodide(options), mode: "normal" };
}

async function boot() {
  const started = performance.now();
  const runtime = await import(`${runtimeURL}pyodide.mjs`);
  const { pyodide, mode } = await startPython(runtime);
  await pyodide.loadPackage(ENGINE_PACKAGE, { messageCallback: () => {} });
  recommendJSON = pyodide.pyimport("quiz.browser").recommend_json;
  return { ms: Math.round(performance.now() - started), mode };
}

// A failed download of a runtime file can leave Pyodide's loader waiting forever: watch the
// worker's fetches and fail the boot at once, naming the file.
let failBoot;
const bootFailed = new Promise((_, reject) => {
  failBoot = reject;
});
const originalFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  const watched = url.startsWith(runtimeURL) && !url.includes("/snapshot.");
  const name = url.slice(runtimeURL.length).split("?")[0];
  try {
    const response = await originalFetch(input, init);
    if (watched && !response.ok) failBoot(new Error(`Could not download ${name} (HTTP ${response.status}).`));
    return response;
  } catch (error) {
    if (watched) failBoot(new Error(`Could not download ${name}.`));
    throw error;
  }
};

const ready = Promise.race([boot(), bootFailed]).then(
  (details) => postMessage({ type: "ready", boot: details }),
  (error) => postMessage({ type: "error", message: String(error && error.message ? error.message : error) }),
);

addEventListener("message", async (event) => {
  const { type, id, answers } = event.data || {};
  if (type !== "recommend") return;
  await ready;
  if (!recommendJSON) return;
  const reply = JSON.parse(recommendJSON(JSON.stringify(answers)));
  if (reply.ok) postMessage({ type: "result", id, result: reply.result });
  else postMessage({ type: "invalid", id, message: reply.error });
});
