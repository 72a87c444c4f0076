// Benchmark baseline: a bare loadPyodide of the site's runtime, as Pyodide fetches it by default, no engine.
const runtimeURL = new URL("../pyodide/", import.meta.url).href;
const { loadPyodide } = await import(`${runtimeURL}pyodide.mjs`);
await loadPyodide({ indexURL: runtimeURL, lockFileURL: `${runtimeURL}pyodide-lock.json` });
postMessage("ready");
