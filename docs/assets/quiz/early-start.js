// Inlined at the top of the quiz page by the build: starts the engine worker while the page is
// still being parsed, before the quiz's module runs. The module adopts this worker and replays
// what it said meanwhile. Runs again on instant navigation, hence the guard. With Save-Data on,
// nothing is downloaded until the reader starts answering (the module starts the worker then).
if (!window.fvdEngineWorker && !navigator.connection?.saveData) {
  const worker = new Worker(document.currentScript.dataset.worker, { type: "module" });
  worker.early = [];
  worker.onmessage = (event) => worker.early.push(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    worker.early.push({ type: "error", message: event.message || "The engine could not be loaded." });
  };
  window.fvdEngineWorker = worker;
}
