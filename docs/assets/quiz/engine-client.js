// The page's handle on the engine worker: one worker per page load, kept across instant navigation.
const DEFAULT_BOOT_TIMEOUT_MS = 90000;

function bootTimeout() {
  // A stalled download can leave Pyodide's loader waiting forever: give up after this long
  // without progress (a slow link that keeps moving is not stuck).
  const override = Number(new URLSearchParams(location.search).get("boot-timeout"));
  return override > 0 ? override : DEFAULT_BOOT_TIMEOUT_MS;
}

// Progress is announced in a polite live region: say it in a few steps, not every chunk.
const PROGRESS_STEPS = 4;

export class EngineClient {
  // `deferred`: wait for `start()` (Save-Data readers download nothing until they answer).
  constructor(workerURL, { deferred = false } = {}) {
    this.workerURL = workerURL;
    this.state = deferred ? "deferred" : "loading";
    this.message = "";
    this.file = null;
    this.boot = null;
    this.progress = null;
    this.worker = null;
    this.listeners = new Set();
    this.pending = new Map();
    this.nextId = 1;
    if (!deferred) this.start();
  }

  start({ plain = false } = {}) {
    this.progress = null;
    this.file = null;
    this.setState("loading", "");
    // The page's inline script may have started the worker already; adopt it once.
    const early = !plain && window.fvdEngineWorker && !window.fvdEngineWorker.adopted ? window.fvdEngineWorker : null;
    const url = new URL(this.workerURL);
    if (plain) {
      url.searchParams.set("stdlib", "full");
      url.searchParams.set("reload", "1"); // never the cached copy of a download that failed
    }
    // A worker started here has no page start to make way for: it starts at once.
    this.worker = early ?? new Worker(url, { type: "module" });
    if (!early) this.worker.postMessage({ type: "go" });
    this.worker.adopted = true;
    window.fvdEngineWorker = this.worker; // so the inline script never starts a second one
    this.armTimer();
    this.worker.onmessage = null;
    this.worker.onerror = null;
    this.worker.addEventListener("message", (event) => this.receive(event.data));
    this.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.fail(event.message || "The engine could not be loaded.");
    });
    for (const data of early?.early.splice(0) ?? []) this.receive(data);
  }

  armTimer() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fail("Python did not finish starting in time."), bootTimeout());
  }

  // Starts a deferred engine; does nothing once it has started.
  begin() {
    if (this.state !== "deferred") return;
    this.start();
    for (const request of this.pending.values()) this.worker.postMessage(request.message);
  }

  // A retry boots with the full standard library, bypassing the cache: the plainest path.
  retry() {
    this.worker?.terminate();
    clearTimeout(this.timer);
    this.start({ plain: true });
    for (const request of this.pending.values()) this.worker.postMessage(request.message);
  }

  fail(message, file = null) {
    clearTimeout(this.timer);
    this.file = file;
    this.setState("error", message);
  }

  receive(data) {
    if (data.type === "progress") {
      if (this.state !== "loading") return;
      this.armTimer();
      const step = (progress) => Math.floor((progress.loaded / progress.total) * PROGRESS_STEPS);
      if (this.progress && step(data) === step(this.progress)) return;
      this.progress = { loaded: data.loaded, total: data.total };
      this.setState("loading", "");
    } else if (data.type === "ready") {
      clearTimeout(this.timer);
      this.boot = data.boot;
      this.setState("ready", "");
    } else if (data.type === "error") {
      this.fail(data.message, data.file ?? null);
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
    this.worker?.postMessage(message); // a deferred engine sends it when it starts
    return promise;
  }
}
