// Runs the quiz engine in Pyodide, off the main thread.
// In: {type: "parsed"} and {type: "go"} (see below), {type: "recommend", id, answers}.
// Out: {type: "progress", loaded, total} while the runtime downloads, then {type: "ready", boot}
// or {type: "error", message, file}; per request {type: "result", id, result} or
// {type: "invalid", id, message}.
import { RUNTIME_URL, bootPyodide } from "../pyodide/boot.mjs";

const workerParams = new URL(import.meta.url).searchParams;
// The quiz's own precompiled standard library unless asked for the full one (a retry).
const stdlib = workerParams.get("stdlib") === "full" ? "full" : "trimmed";
const expectedRuntime = workerParams.get("runtime"); // digest of the runtime the page was built with
const reload = workerParams.has("reload");
const ENGINE_PACKAGE = "flask-vs-django-quiz";

let recommendJSON = null;
let libraryInstalled = null;

// The worker downloads at once but holds its CPU-heavy work while the page starts: compiling
// the wasm binary until the page says "parsed" (its DOMContentLoaded handlers, Material's start
// among them, have run), Pyodide's JavaScript and Python's start until it says "go" (it has
// loaded and painted); each also goes when a request arrives, or this long after its start.
const HOLD_LIMIT_MS = 2000;
function heldUntil(signals, name) {
  return new Promise((resolve) => {
    const release = (how) => {
      clearTimeout(timer);
      removeEventListener("message", onMessage);
      performance.mark(`worker:${name}-${how}`);
      resolve();
    };
    const onMessage = (event) => {
      const type = event.data?.type;
      if (signals.includes(type)) release(type === "recommend" ? "request" : "page");
    };
    const timer = setTimeout(() => release("timeout"), HOLD_LIMIT_MS);
    addEventListener("message", onMessage);
  });
}
const released = heldUntil(["go", "recommend"], "go");
const compileReleased = heldUntil(["parsed", "go", "recommend"], "parsed");

const WARM_UP = `
import json
from quiz.browser import recommend_json

recommend_json("{}")
try:
    from quiz import load_quiz

    questions = load_quiz().questions
    for pick in (0, -1):
        answers = {q.id: [q.options[pick].id] if q.multiple else q.options[pick].id for q in questions}
        recommend_json(json.dumps(answers))
except Exception:  # only an optimisation: real requests report the engine's own errors
    pass
`;

// Once the engine has been quiet this long after it is ready, its memory is kept for next time
// (making it holds the worker for a moment: not while the reader is answering).
const SNAPSHOT_IDLE_MS = 3000;
let lastRequestAt = 0;

function whenIdle(task) {
  const check = () => {
    const quiet = performance.now() - lastRequestAt;
    if (quiet >= SNAPSHOT_IDLE_MS) task();
    else setTimeout(check, SNAPSHOT_IDLE_MS - quiet);
  };
  setTimeout(check, SNAPSHOT_IDLE_MS);
}

async function boot() {
  performance.mark("worker:start");
  const started = performance.now();
  const { pyodide, stdlib: used, fallback, restored, saveSnapshot, installed } = await bootPyodide({
    stdlib,
    expectedRuntime,
    reload,
    // The engine's entry alone (see scripts/pyodide_runtime.py): Pyodide reads every entry of
    // its lockfile into Python on each boot.
    lockFileURL: `${RUNTIME_URL}quiz-lock.json`,
    packages: [ENGINE_PACKAGE],
    onProgress: ({ loaded, total }) => postMessage({ type: "progress", loaded, total }),
    loadOptions: { stdout: () => {}, stderr: (line) => console.warn(line) },
    // The engine imported and warmed up, as below, kept in this browser for the next visit.
    snapshot: { name: "quiz-engine", state: WARM_UP },
    gate: released,
    compileGate: compileReleased,
  });
  if (fallback) console.warn(`Quiz standard library not used (${fallback}); loaded the full one.`);
  // A restored engine answers once its standard library is written, a moment after ready:
  // should an answer import a module its snapshot lacks, the module is there.
  libraryInstalled = installed?.catch((error) => {
    console.warn(`Standard library not installed: ${error && error.message}`);
  });
  recommendJSON = pyodide.pyimport("quiz.browser").recommend_json;
  // Warm the engine before saying it is ready: the first calls load the questions and run its
  // code paths once, so the reader's first answer costs no more than any later one. A restored
  // snapshot was taken warm.
  if (!restored) pyodide.runPython(WARM_UP, { globals: pyodide.toPy({}) });
  if (saveSnapshot) whenIdle(saveSnapshot);
  const mode = fallback ? "fallback" : restored ? "cached-snapshot" : used;
  performance.mark("boot:ready");
  const timeline = performance.getEntriesByType("mark").map((entry) => [entry.name, performance.timeOrigin + entry.startTime]);
  return { ms: Math.round(performance.now() - started), mode, timeline };
}

const ready = boot().then(
  (details) => postMessage({ type: "ready", boot: details }),
  (error) => postMessage({ type: "error", message: String(error && error.message ? error.message : error), file: error?.file ?? null }),
);

addEventListener("message", async (event) => {
  const { type, id, answers } = event.data || {};
  if (type !== "recommend") return;
  lastRequestAt = performance.now();
  await ready;
  await libraryInstalled;
  if (!recommendJSON) return;
  const reply = JSON.parse(recommendJSON(JSON.stringify(answers)));
  if (reply.ok) postMessage({ type: "result", id, result: reply.result });
  else postMessage({ type: "invalid", id, message: reply.error });
});
