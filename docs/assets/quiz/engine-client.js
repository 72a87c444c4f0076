// The page's handle on the engine worker: one worker per page load, kept across instant navigation.
const DEFAULT_BOOT_TIMEOUT_MS = 90000;

function bootTimeout() {
  // A wasm file served with the wrong MIME type can make Pyodide's loader wait forever.
  const override = Number(new URLSearchParams(location.search).get("boot-timeout"));
  return override > 0 ? override : DEFAULT_BOOT_TIMEOUT_MS;
}

export class EngineClient {
  constructor(workerURL) {
    this.workerURL = workerURL;
    this.state = "loading";
    this.message = "";
    this.boot = null;
    this.listeners = new Set();
    this.pending = new Map();
    this.nextId = 1;
    this.start();
  }

  start({ snapshot = true } = {}) {
    this.setState("loading", "");
    // The page's inline script may have started the worker already; adopt it once.
    const early = snapshot && window.fvdEngineWorker && !window.fvdEngineWorker.adopted ? window.fvdEngineWorker : null;
    const url = new URL(this.workerURL);
    if (!snapshot) url.searchParams.set("snapshot", "0");
    this.worker = early ?? new Worker(url, { type: "module" });
    this.worker.adopted = true;
    window.fvdEngineWorker = this.worker; // so the inline script never starts a second one
    this.timer = setTimeout(() => this.fail("Python did not finish starting in time."), bootTimeout());
    this.worker.onmessage = null;
    this.worker.onerror = null;
    this.worker.addEventListener("message", (event) => this.receive(event.data));
    this.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.fail(event.message || "The engine could not be loaded.");
    });
    for (const data of early?.early.splice(0) ?? []) this.receive(data);
  }

  // A retry boots without the snapshot: the plainest path is the likeliest to work.
  retry() {
    this.worker.terminate();
    clearTimeout(this.timer);
    this.start({ snapshot: false });
    for (const request of this.pending.values()) this.worker.postMessage(request.message);
  }

  fail(message) {
    clearTimeout(this.timer);
    this.setState("error", message);
  }

  receive(data) {
    if (data.type === "ready") {
      clearTimeout(this.timer);
      this.boot = data.boot;
      this.setState("ready", "");
    } else if (data.type === "error") {
      this.fail(data.message);
    } else if (data.type === "result" || data.type === "invalid") {
      const request = this.pending.get(data.id);
      if (!request) return;
      this.pending.delete(data.id);
      if (data.type === "result") request.resolve(data.result);
      else request.reject(new Error(data.message));
    }
  }

  setState(state, message) {
    this.state = state;
    this.message = message;
    for (const listener of this.listeners) listener(state, message);
  }

  subscribe(listener) {
    this.listeners.add(listener);
    listener(this.state, this.message);
    return () => this.listeners.delete(listener);
  }

  // Resolves with the engine's result, even if asked before Python is ready (the worker queues it).
  recommend(answers) {
    const id = this.nextId++;
    const message = { type: "recommend", id, answers };
    const promise = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, message }));
    this.worker.postMessage(message);
    return promise;
  }
}
