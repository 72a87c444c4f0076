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
    // The worker downloads at once and holds its CPU-heavy work until told, so that Material's
    // start (on DOMContentLoaded) and the first frames have the cores: compiling the binary
    // until the page is parsed, starting Python until it has loaded and painted.
    const go = () => requestAnimationFrame(() => setTimeout(() => worker.postMessage({ type: "go" })));
    if (document.readyState === "complete") go();
    else addEventListener("load", go, { once: true });
    const parsed = () => setTimeout(() => worker.postMessage({ type: "parsed" }));
    if (document.readyState === "loading") addEventListener("DOMContentLoaded", parsed, { once: true });
    else parsed();
    // The worker finds its imports one after the other (a round trip each on a slow link):
    // fetched here at once, they wait for it in the HTTP cache.
    for (const module of ["../pyodide/boot.mjs", "../pyodide/runtime-cache.mjs"]) {
      fetch(new URL(module, window.fvdEngineWorkerURL)).then((response) => response.arrayBuffer(), () => {});
    }
  }
}
// Material fetches its search index as it starts, and its search worker builds it (about 0.2 s
// of CPU) while the engine boots on the same cores. On this page the index request waits until
// the engine is ready or has failed, or until the reader opens search, whichever comes first.
// Only on a first load (Material fetches the index once per load, not on instant navigation),
// and not for a search link (`?q=`, `?h=`), which needs the index at once.
{
  const worker = window.fvdEngineWorker;
  const params = new URLSearchParams(location.search);
  if (worker && !worker.searchHeld && document.readyState === "loading" && !params.has("q") && !params.has("h")) {
    worker.searchHeld = true;
    const { open, send } = XMLHttpRequest.prototype;
    const held = [];
    let released = false;
    const holdingOpen = function (method, url, ...rest) {
      this.fvdSearchIndex = String(url).endsWith("/search/search_index.json");
      return open.call(this, method, url, ...rest);
    };
    const holdingSend = function (body) {
      if (!this.fvdSearchIndex || released) return send.call(this, body);
      this.fvdBody = body;
      held.push(this);
    };
    const release = () => {
      if (released) return;
      released = true;
      document.removeEventListener("focusin", onSearch);
      document.removeEventListener("change", onSearch);
      const prototype = XMLHttpRequest.prototype;
      if (prototype.open === holdingOpen && prototype.send === holdingSend) Object.assign(prototype, { open, send });
      for (const request of held.splice(0)) send.call(request, request.fvdBody);
    };
    const onSearch = (event) => {
      if (event.target instanceof Element && event.target.closest(".md-search, #__search")) release();
    };
    Object.assign(XMLHttpRequest.prototype, { open: holdingOpen, send: holdingSend });
    worker.addEventListener("message", (event) => {
      if (event.data?.type === "ready" || event.data?.type === "error") release();
    });
    worker.addEventListener("error", release);
    document.addEventListener("focusin", onSearch);
    document.addEventListener("change", onSearch);
  }
}
