// Runs the guide's examples in Pyodide, off the main thread, apart from the quiz's engine.
// In: {type: "start"}, {type: "run", id, example, source, reload}, {type: "warm", examples}.
//     {type: "downloaded", url, bytes} or {type: "downloaded", url, message, file} (a wheel).
// Out: {type: "result", id, result, ms, firstRun, steps}, {type: "failed", id, message, file},
//      {type: "download", url, file, sha256, reload}: the page downloads a wheel for the worker.
import { BootError, bootPyodide, fetchRuntimeFile } from "../pyodide/boot.mjs";
import {
  GUIDE_DIR,
  STDLIB_SOURCES,
  addStandardLibrarySources,
  closure,
  installGuide,
  installWheels,
  isInstalled,
} from "./wheels.mjs";

const siteURL = new URL("../../", import.meta.url);
const runtimeURL = new URL("pyodide/", siteURL).href;

// The runtime comes through the site's shared boot module, from the same pre-compressed files as
// the quiz's, so a reader who took the quiz has the wasm binary cached; the framework wheels are
// listed in the runner's own lock file, never in the quiz's. The runner's standard library holds
// what the examples import as bytecode for this runtime (the bundle says which runtime); the
// sources of every other module follow the first result (standardLibrarySources). If it cannot
// be used, the full one is loaded.
async function bootRunner(bundle, reload) {
  return bootPyodide({
    runtimeURL,
    stdlib: "runner",
    expectedRuntime: bundle.then((b) => b.runtime),
    lockFileURL: `${runtimeURL}runner-lock.json`,
    reload,
    loadOptions: { stdout: () => {}, stderr: () => {} },
  });
}

async function fetchJSON(url, file, reload) {
  return (await fetchRuntimeFile(url, file, reload ? "reload" : "default")).json();
}

// Each wheel is fetched once, by the page (wheel-download.mjs), and handed over; a retry after a
// bad download (`reload`) fetches it anew, past the HTTP cache.
const wheelRequests = new Map(); // URL -> Promise<Uint8Array>
const wheelReplies = new Map(); // URL -> {resolve, reject}
function fetchWheel(entry, reload = false) {
  const url = `${new URL(entry.file_name, runtimeURL).href}.gz`;
  if (!wheelRequests.has(url)) {
    const file = url.split("/").pop();
    const request = new Promise((resolve, reject) => wheelReplies.set(url, { resolve, reject }));
    postMessage({ type: "download", url, file, sha256: entry.sha256, reload });
    request.catch(() => wheelRequests.delete(url)); // the next Run asks again
    wheelRequests.set(url, request);
  }
  return wheelRequests.get(url);
}

function downloaded({ url, bytes, message, file }) {
  const waiting = wheelReplies.get(url);
  wheelReplies.delete(url);
  if (bytes) waiting?.resolve(bytes);
  else waiting?.reject(new BootError(message, file));
}

function scenarioPackages(bundle, examples) {
  return examples.flatMap((example) => bundle.scenarios[example]?.packages ?? []);
}

let started = null;
function start(example, reload = false) {
  if (started) return started;
  const steps = {};
  const began = performance.now();
  const step = (name) => {
    steps[name] = Math.round(performance.now() - began);
    performance.mark(`fvd-runner:${name}`);
  };
  const bundle = fetchJSON(new URL("assets/runner/bundle.json", siteURL), "bundle.json", reload);
  const lock = fetchJSON(`${runtimeURL}runner-lock.json`, "runner-lock.json", reload);
  bundle.catch(() => {});
  lock.catch(() => {});
  // While Python starts, download the wheels the example needs.
  if (example) {
    Promise.all([bundle, lock])
      .then(([b, l]) => Promise.all(closure(l, scenarioPackages(b, [example])).map((name) => fetchWheel(l.packages[name], reload))))
      .then(() => step("downloaded"))
      .catch(() => {}); // the Run reports any failure
  }
  started = Promise.all([bootRunner(bundle, reload).then((booted) => (step("boot"), booted)), bundle, lock])
    .then(([{ pyodide, stdlib }, bundle, lock]) => {
      installGuide(pyodide, bundle);
      const driver = pyodide.pyimport("example_driver");
      step("driver");
      return { pyodide, stdlib, sources: null, bundle, lock, driver, ran: new Set(), steps };
    })
    .catch((error) => {
      started = null; // the next Run tries again (e.g. after the connection is back)
      throw error;
    });
  return started;
}

async function install({ pyodide, bundle, lock }, packages) {
  await installWheels(pyodide, lock, packages, (entry) => fetchWheel(entry));
  // Installed: the downloaded bytes are no longer needed.
  for (const name of closure(lock, packages)) wheelRequests.delete(`${new URL(lock.packages[name].file_name, runtimeURL).href}.gz`);
}

// The sources of the standard-library modules no scenario imports (an edited example may import
// any module): fetched once, after the first result, or by an edited example's Run if that comes
// first. A failed download fails that Run, naming the file; the next one asks again.
function standardLibrarySources(state) {
  if (state.stdlib !== "runner") return Promise.resolve(); // the full library has them all
  state.sources ??= fetchRuntimeFile(`${runtimeURL}${STDLIB_SOURCES}`, STDLIB_SOURCES)
    .then((response) =>
      response.arrayBuffer().catch(() => {
        throw new BootError(`The download of ${STDLIB_SOURCES} was cut short.`, STDLIB_SOURCES);
      }),
    )
    .then((bytes) => addStandardLibrarySources(state.pyodide, new Uint8Array(bytes)))
    .catch((error) => {
      state.sources = null;
      throw error;
    });
  return state.sources;
}

// Runs and warm-up steps take turns: Python does one thing at a time. A Run goes before every
// warm-up step still waiting, so it waits for the step in progress at most.
const runTurns = [];
const warmTurns = [];
let busy = false;
let runBusy = false;
let lastRunEnded = 0;
async function takeTurns() {
  if (busy) return;
  busy = true;
  while (runTurns.length || warmTurns.length) {
    runBusy = runTurns.length > 0;
    await (runBusy ? runTurns : warmTurns).shift()();
    if (runBusy) lastRunEnded = performance.now();
    runBusy = false;
  }
  busy = false;
}
function turn(turns, task) {
  return new Promise((resolve, reject) => {
    turns.push(() => Promise.resolve().then(task).then(resolve, reject));
    takeTurns();
  });
}
const inTurn = (task) => turn(runTurns, task);
const warmTurn = (task) => turn(warmTurns, task);

// Resolves once no Run has been waiting or running for `ms`.
async function idleFor(ms) {
  for (;;) {
    const wait = lastRunEnded + ms - performance.now();
    if (wait <= 0 && !runBusy && !runTurns.length) return;
    await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 50)));
  }
}

async function run({ id, example, source, reload = false }) {
  const began = performance.now();
  const state = await start(example, reload);
  const { bundle, driver, ran, steps } = state;
  const scenario = bundle.scenarios[example];
  if (!scenario) throw new Error(`No scenario for ${example}.`);
  const firstRun = !ran.has(scenario.framework);
  const at = () => Math.round(performance.now() - began);
  const timings = {};
  await install(state, scenario.packages);
  // The tested file imports only precompiled modules (the build checks it); an edit may import any.
  if (source != null && source !== bundle.files[example]) await standardLibrarySources(state);
  timings.wheels = at();
  const reply = driver.run_scenario_json(GUIDE_DIR, JSON.stringify(scenario), source ?? undefined);
  timings.scenario = at();
  ran.add(scenario.framework);
  performance.mark("fvd-runner:result"); // what follows it is not the Run's (scripts/bench_runner.py)
  const shown = firstRun && ran.size === 1 ? { ...steps, ...timings } : timings; // the worker's first Run
  postMessage({ type: "result", id, result: JSON.parse(reply), ms: at(), firstRun, steps: shown });
  standardLibrarySources(state).catch(() => {}); // an edited example's Run reports a failure
}

// While the worker is idle after a Run: the wheels of the examples of a framework that already
// ran, with their modules imported, so that their first Run only runs the scenario; the page's
// examples at once, then, once no Run came for a moment (a second Run often follows the first at
// once), the guide's other pages', for a Run right after instant navigation. Other frameworks are
// left until their Run (Django is megabytes). One package per turn, dependencies first (each turn
// imports one package's own modules), and a Run goes before every turn still waiting.
const GUIDE_WARM_AFTER_MS = 300;

async function warm({ examples }) {
  if (!started) return; // nothing is downloaded before the reader's first Run
  const state = await started;
  const { bundle, ran } = state;
  const ofRanFrameworks = (list) => list.filter((example) => ran.has(bundle.scenarios[example]?.framework));
  await warmPackages(state, ofRanFrameworks(examples));
  await idleFor(GUIDE_WARM_AFTER_MS);
  await warmPackages(state, ofRanFrameworks(Object.keys(bundle.scenarios)));
}

async function warmPackages(state, examples) {
  const { pyodide, bundle, lock } = state;
  const installed = (name) => isInstalled(pyodide, name);
  const missing = closure(lock, scenarioPackages(bundle, examples)).filter((name) => !installed(name));
  // Downloads happen outside Python's turns: a Run never waits on them.
  await Promise.all(missing.map((name) => fetchWheel(lock.packages[name])));
  for (const name of missing) {
    await warmTurn(async () => {
      if (installed(name)) return; // by a Run, or another page's warm-up, meanwhile
      await install(state, [name]);
      pyodide.runPython(`
import importlib
for name in ${JSON.stringify(lock.packages[name].imports ?? [])}:
    try:
        importlib.import_module(name)
    except Exception:
        pass  # only a head start: the Run that needs it reports the error
`);
    });
  }
}

addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "downloaded") {
    downloaded(message);
  } else if (message.type === "start") {
    start().catch(() => {}); // a failure is reported to the run that needs it
  } else if (message.type === "warm") {
    warm(message).catch(() => {}); // a Run of that example reports any failure
  } else if (message.type === "run") {
    inTurn(() => run(message)).catch((error) => {
      postMessage({
        type: "failed",
        id: message.id,
        message: String(error && error.message ? error.message : error),
        file: error?.file ?? null,
      });
    });
  }
});
