// Benchmark baseline: a bare loadPyodide of the site's runtime, as Pyodide fetches it by default, no engine.
// Its copy beside this file has Pyodide's own loader, as a CDN serves it (see scripts/bench.py).
const runtimeURL = new URL("./pyodide/", import.meta.url).href;
const { loadPyodide } = await import(`${runtimeURL}pyodide.mjs`);
await loadPyodide({ indexURL: runtimeURL, lockFileURL: `${runtimeURL}pyodide-lock.json` });
postMessage("ready");
