// Runs the guide's examples in Pyodide, off the main thread, apart from the quiz's engine.
// In: {type: "start"}, {type: "run", id, example, source, reload}, {type: "warm", examples}.
//     {type: "downloaded", url, bytes} or {type: "downloaded", url, message, file} (a wheel).
// Out: {type: "result", id, result, ms, firstRun, steps}, {type: "failed", id, message, file},
//      {type: "download", url, file, sha256, reload}: the page downloads a wheel for the worker.
import { BootError, bootPyodide, fetchRuntimeFile } from "../pyodide/boot.mjs";
// boot.mjs's own import, named here too so that it downloads beside boot.mjs, not after it.
import "../pyodide/runtime-cache.mjs";
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
// The runtime the page was built with: the boot checks the manifest against it without waiting
// for the bundle (large), which says the same.
const pageRuntime = new URL(import.meta.url).searchParams.get("runtime");

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
    expectedRuntime: pageRuntime ?? bundle.then((b) => b.runtime),
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
async function takeTurns() {
  if (busy) return;
  busy = true;
  while (runTurns.length || warmTurns.length) await (runTurns.length ? runTurns : warmTurns).shift()();
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

// Lets the messages already posted to the worker (a Run) be handled: a promise alone would not.
function yieldToMessages() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = resolve;
    channel.port2.postMessage(null);
  });
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
  lastRunEnded = performance.now();
  standardLibrarySources(state).catch(() => {}); // an edited example's Run reports a failure
}

// While the worker is idle after a Run: the wheels of the examples of a framework that already
// ran, with their modules imported, so that their first Run only runs the scenario; the page's
// examples at once (after instant navigation, the new page's), then, once no Run came for a
// moment (a second Run often follows the first at once), the guide's other pages'. Other
// frameworks are left until their Run (Django is megabytes). The guide's wheels of a framework
// that ran are all requested at once: downloads hold no turn of Python's, and a page reached by
// instant navigation then finds them arrived. Each warm-up step installs one wheel or imports one
// module, in the order the build recorded (bundle.import_order: each module after those it
// imports; a package whose __init__ imports its submodules is one larger step), and a Run goes
// before every step still waiting, so it waits for the step in progress at most.
const GUIDE_WARM_AFTER_MS = 200;
let pageExamples = [];
let warming = null;
let warmRequest = 0;
let lastRunEnded = 0;

function warm({ examples }) {
  if (!started) return; // nothing is downloaded before the reader's first Run
  pageExamples = examples;
  warmRequest += 1;
  warming ??= started
    .then(warmAll)
    .catch(() => {}) // a Run of that example reports any failure
    .finally(() => {
      warming = null;
    });
}

async function warmAll(state) {
  for (let done = 0; done !== warmRequest; ) {
    done = warmRequest;
    const superseded = () => done !== warmRequest;
    const ofRanFrameworks = (list) => list.filter((example) => state.ran.has(state.bundle.scenarios[example]?.framework));
    const guide = ofRanFrameworks(Object.keys(state.bundle.scenarios));
    downloadAll(state, guide);
    if (!(await warmExamples(state, ofRanFrameworks(pageExamples), superseded))) continue;
    if (!(await idleFor(GUIDE_WARM_AFTER_MS, superseded))) continue;
    await warmExamples(state, guide, superseded);
  }
}

// Requests the wheels `examples` need that are not installed, those of the packages more of them
// need first; a failure is left to the Run or warm-up step that waits for that wheel.
function downloadAll({ pyodide, bundle, lock }, examples) {
  for (const name of closure(lock, byUse(bundle, examples))) {
    if (!isInstalled(pyodide, name)) fetchWheel(lock.packages[name]).catch(() => {});
  }
}

// Resolves with true once no Run has been waiting or running for `ms`; false once superseded.
async function idleFor(ms, superseded) {
  for (;;) {
    if (superseded()) return false;
    const wait = lastRunEnded + ms - performance.now();
    if (wait <= 0 && !runTurns.length) return true;
    await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 20)));
  }
}

// The packages `examples` ask for, those that more of them need first (Flask-WTF, used on two
// pages, before Flask-Caching, used on one), in the order of `examples` otherwise.
function byUse(bundle, examples) {
  const uses = new Map();
  for (const name of scenarioPackages(bundle, examples)) uses.set(name, (uses.get(name) ?? 0) + 1);
  return [...uses.keys()].sort((a, b) => uses.get(b) - uses.get(a));
}

// Installs and imports what `examples` need, a step per turn; false once `superseded()` (the
// reader went to another page, whose examples go first). What is installed already is imported
// first; then each package the examples ask for (with the packages it needs) is installed as
// soon as its wheels arrive, and its modules imported, before the next one is waited for.
async function warmExamples(state, examples, superseded) {
  const { pyodide, bundle, lock } = state;
  const packages = closure(lock, scenarioPackages(bundle, examples));
  const frameworks = new Set(examples.map((example) => bundle.scenarios[example].framework));
  const modules = [...frameworks].flatMap((framework) => bundle.import_order[framework] ?? []);
  const ours = new Set(packages);
  const importable = () =>
    modules.filter((module) => {
      const owner = bundle.import_packages[module.split(".")[0]];
      return owner === undefined || (ours.has(owner) && isInstalled(pyodide, owner));
    });
  if (!(await importEach(state, importable(), superseded))) return false;
  for (const wanted of byUse(bundle, examples)) {
    const missing = closure(lock, [wanted]).filter((name) => !isInstalled(pyodide, name));
    if (!missing.length) continue;
    for (const name of missing) {
      if (isInstalled(pyodide, name)) continue; // by a Run meanwhile: its download is gone
      await fetchWheel(lock.packages[name]); // downloads hold no turn: a Run never waits on them
      await yieldToMessages(); // a warm request handled meanwhile supersedes this pass
      if (superseded()) return false;
      await warmTurn(() => install(state, [name]));
    }
    if (!(await importEach(state, importable(), superseded))) return false;
  }
  return true;
}

// Imports `modules` in order, one not imported yet per turn.
async function importEach(state, modules, superseded) {
  const listed = state.pyodide.toPy(modules);
  try {
    for (let at = 0; at < modules.length; ) {
      await yieldToMessages(); // a warm request handled meanwhile supersedes this pass
      if (superseded()) return false;
      at = await warmTurn(() => state.driver.import_next(listed, at));
    }
  } finally {
    listed.destroy();
  }
  return true;
}

addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "downloaded") {
    downloaded(message);
  } else if (message.type === "start") {
    start().catch(() => {}); // a failure is reported to the run that needs it
  } else if (message.type === "warm") {
    warm(message);
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
