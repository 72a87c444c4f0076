// Run buttons under the guide's examples: each runs the example's scenario in a Pyodide worker
// (started on the first Run) and shows the requests and responses. Material's instant navigation
// swaps pages without reloading, so this module runs once, (re)mounts through `document$`, and
// the worker outlives page visits.
import { highlight } from "./python-highlight.js";

// The digest of the runtime the page was built with (see scripts/runner_page.py), for the worker.
const runtime = new URL(import.meta.url).searchParams.get("runtime");
const workerURL = new URL("./runner-worker.mjs", import.meta.url);
if (runtime) workerURL.searchParams.set("runtime", runtime);
let worker = null;
let nextId = 0;
const pending = new Map(); // id -> {resolve, reject}
let unmount = null;
let reloadNext = false; // after a bad download, the retry fetches past the HTTP cache

function startWorker() {
  worker = new Worker(workerURL, { type: "module", name: "example-runner" });
  import("./wheel-download.mjs").catch(() => {}); // the wheels' downloader, ready when asked
  const target = worker;
  worker.addEventListener("message", (event) => {
    const { type, id } = event.data;
    if (type === "download") {
      download(target, event.data);
      return;
    }
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    if (type === "result") waiting.resolve(event.data);
    else waiting.reject(Object.assign(new Error(event.data.message), { file: event.data.file }));
  });
  worker.addEventListener("error", (event) => {
    for (const waiting of pending.values()) waiting.reject(new Error(event.message || "The runner stopped."));
    pending.clear();
  });
  return worker;
}

// The worker's wheels are downloaded and inflated here, off its thread, where Python starts
// meanwhile; the module is loaded with the first one (no request before the first Run).
async function download(target, request) {
  try {
    const { downloadWheel } = await import("./wheel-download.mjs");
    const bytes = await downloadWheel(request);
    target.postMessage({ type: "downloaded", url: request.url, bytes }, [bytes.buffer]);
  } catch (error) {
    target.postMessage({ type: "downloaded", url: request.url, message: error.message, file: error.file ?? request.file });
  }
}

function runInWorker(example, source) {
  const id = ++nextId;
  (worker ?? startWorker()).postMessage({ type: "run", id, example, source, reload: reloadNext });
  reloadNext = false;
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

// A Python that failed to install a wheel may hold half of it: the retry starts afresh.
function dropWorker() {
  worker?.terminate();
  worker = null;
  reloadNext = true;
}

// After the reader's first Run (never before: no download until then), the worker loads and
// imports, while it has nothing else to do, what the page's other examples need, so their first
// Run is quick. It starts at once: the work is the worker's, and a Run waits for one step at most.
function warmPage() {
  if (!worker) return;
  const examples = [...document.querySelectorAll(".fvd-run")].map((root) => root.dataset.runExample);
  worker.postMessage({ type: "warm", examples });
}

// Stop = end the worker (the only way to interrupt Python) and start a fresh one at once.
function restartWorker() {
  worker?.terminate();
  for (const waiting of pending.values()) waiting.reject(new Error("Stopped."));
  pending.clear();
  startWorker().postMessage({ type: "start" });
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function renderBody(exchange) {
  if (exchange.kind === "json") return [element("pre", { class: "fvd-run__body" }, JSON.stringify(exchange.body, null, 2))];
  const source = element("pre", { class: "fvd-run__body" }, exchange.body === "" ? "(empty body)" : exchange.body);
  if (exchange.kind !== "html" || exchange.body === "") return [source];
  // Rendered with no scripts and no access to this page: sandbox="" grants nothing. The frame is
  // made when first opened: each one is a document of its own, which would delay the result.
  const details = element("details", {}, element("summary", {}, "Show rendered"));
  details.addEventListener(
    "toggle",
    () => {
      const frame = element("iframe", { sandbox: "", title: `Rendered response to ${exchange.method} ${exchange.path}` });
      frame.srcdoc = exchange.body;
      details.append(frame);
    },
    { once: true },
  );
  return [source, details];
}

function renderExchange(exchange) {
  const headers = Object.entries(exchange.headers).map(([name, value]) => `${name}: ${value}`).join("\n");
  return element(
    "li",
    { class: "fvd-run__exchange" },
    element(
      "p",
      { class: "fvd-run__line" },
      element("code", {}, `${exchange.method} ${exchange.path}`),
      " → ",
      element("strong", { "data-run-code": String(exchange.status) }, `${exchange.status} ${exchange.reason}`),
    ),
    ...(headers ? [element("pre", { class: "fvd-run__headers" }, headers)] : []),
    ...renderBody(exchange),
  );
}

function mount(root) {
  const controller = new AbortController();
  const { signal } = controller;
  const run = root.querySelector("[data-run]");
  const edit = root.querySelector("[data-run-edit]");
  const reset = root.querySelector("[data-run-reset]");
  const stop = root.querySelector("[data-run-stop]");
  const editor = root.querySelector(".fvd-run__editor");
  const source = root.querySelector("[data-run-source]");
  const overlay = root.querySelector(".fvd-run__highlight");
  const output = root.querySelector("[data-run-output]");
  const example = root.dataset.runExample;
  let ticket = 0;

  function paint() {
    overlay.replaceChildren(highlight(source.value));
    reset.hidden = source.value === source.defaultValue;
  }

  function show(status, ...children) {
    output.dataset.runStatus = status;
    output.replaceChildren(...children);
    if (status !== "running") output.dataset.runCount = String(Number(output.dataset.runCount || 0) + 1);
  }

  async function start() {
    const mine = ++ticket;
    run.disabled = true;
    stop.hidden = false;
    show("running", element("p", {}, "Running… the first run starts Python and the framework in your browser."));
    performance.mark(`fvd-run-click:${example}`);
    try {
      const reply = await runInWorker(example, source.value);
      if (mine !== ticket || signal.aborted) return;
      performance.mark(`fvd-run-result:${example}`);
      for (const [step, ms] of Object.entries(reply.steps ?? {})) output.dataset[`runStep${step[0].toUpperCase()}${step.slice(1)}`] = ms;
      const { result } = reply;
      if (result.ok) {
        show(
          "ok",
          element("p", {}, `${result.exchanges.length} request${result.exchanges.length === 1 ? "" : "s"}, run in ${reply.ms} ms:`),
          element("ol", { class: "fvd-run__exchanges" }, ...result.exchanges.map(renderExchange)),
        );
      } else {
        show("error", element("p", {}, "The example raised an exception:"), element("pre", { class: "fvd-run__traceback" }, result.error));
      }
      // Painted: the frame after the result's rendering (scripts/bench_runner.py reads both marks).
      requestAnimationFrame(() => setTimeout(() => performance.mark(`fvd-run-shown:${example}`)));
      warmPage();
    } catch (error) {
      if (mine !== ticket || signal.aborted) return;
      const stopped = error.message === "Stopped.";
      output.dataset.runFailedFile = error.file ?? "";
      if (error.file) dropWorker();
      show("error", element("p", {}, stopped ? "Stopped. Python was restarted; Run starts again." : `The run failed: ${error.message} Run to retry.`));
    } finally {
      if (mine === ticket) {
        run.disabled = false;
        stop.hidden = true;
      }
    }
  }

  run.addEventListener("click", start, { signal });
  stop.addEventListener("click", () => {
    restartWorker();
    run.disabled = false; // Stop is about to hide: focus goes back to Run
    run.focus();
  }, { signal });
  edit.addEventListener("click", () => {
    const open = editor.hidden;
    editor.hidden = !open;
    edit.setAttribute("aria-expanded", String(open));
    if (open) {
      paint();
      source.focus();
    }
  }, { signal });
  reset.addEventListener("click", () => {
    source.value = source.defaultValue;
    paint();
    source.focus();
  }, { signal });
  source.addEventListener("input", paint, { signal });
  source.addEventListener("scroll", () => {
    overlay.scrollTop = source.scrollTop;
    overlay.scrollLeft = source.scrollLeft;
  }, { signal });
  root.hidden = false;
  return () => controller.abort();
}

// The worker's own modules (the site's scripts: Python and the wheels wait for the first Run)
// load while the page is idle, so that the first Run does not wait for them and their round trips.
function prepareWorker() {
  const whenIdle = window.requestIdleCallback ?? ((task) => setTimeout(task, 200));
  whenIdle(() => worker ?? startWorker(), { timeout: 1000 });
}

// One subscription for the life of the page load; mount wherever the page has Run controls.
window.document$.subscribe(() => {
  unmount?.();
  const cleanups = [...document.querySelectorAll(".fvd-run")].map(mount);
  unmount = () => cleanups.forEach((cleanup) => cleanup());
  if (!cleanups.length) return;
  if (worker) warmPage(); // a page reached by instant navigation, once Run was used
  else prepareWorker();
});
