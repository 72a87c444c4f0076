// Inlined at the top of the quiz page by the build: starts the engine worker while the page is
// still being parsed, before the quiz's module runs. The module adopts this worker and replays
// what it said meanwhile. With Save-Data on, nothing is downloaded until the reader starts
// answering (the module starts the worker then). Material's instant navigation re-runs this
// script from its text alone (attributes are not copied), so the build writes the worker's
// address into the text, and the block scope lets it run again.
{
  window.fvdEngineWorkerURL = new URL("__ENGINE_WORKER__", location.href).href;
  if (!window.fvdEngineWorker && !navigator.connection?.saveData) {
    const worker = new Worker(window.fvdEngineWorkerURL, { type: "module" });
    worker.early = [];
    worker.onmessage = (event) => worker.early.push(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      worker.early.push({ type: "error", message: event.message || "The engine could not be loaded." });
    };
    window.fvdEngineWorker = worker;
    // The worker finds its imports one after the other (a round trip each on a slow link):
    // fetched here at once, they wait for it in the HTTP cache.
    for (const module of ["../pyodide/boot.mjs", "../pyodide/runtime-cache.mjs"]) {
      fetch(new URL(module, window.fvdEngineWorkerURL)).then((response) => response.arrayBuffer(), () => {});
    }
  }
}
