// Runs the guide's examples in Pyodide, off the main thread, apart from the quiz's engine.
// In: {type: "start"}, {type: "run", id, example, source, reload}, {type: "warm", examples}.
// Out: {type: "result", id, result, ms, firstRun, steps}, {type: "failed", id, message, file}.
import { BootError, bootPyodide, fetchRuntimeFile } from "../pyodide/boot.mjs";
import { sha256Hex } from "../pyodide/runtime-cache.mjs";
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

// Each wheel is fetched once, gzip-compressed (NAME.whl.gz), inflated and checked against the
// lock file's digest; a retry after a bad download (`reload`) fetches it anew, past the HTTP cache.
const wheelRequests = new Map(); // URL -> Promise<Uint8Array>
function fetchWheel(entry, reload = false) {
  const url = `${new URL(entry.file_name, runtimeURL).href}.gz`;
  if (!wheelRequests.has(url)) {
    const file = url.split("/").pop();
    const request = fetchRuntimeFile(url, file, reload ? "reload" : "default")
      .then(async (response) => {
        const corrupt = () => new BootError(`The download of ${file} was corrupt or incomplete.`, file);
        let bytes;
        try {
          bytes = new Uint8Array(await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
        } catch {
          throw corrupt();
        }
        if ((await sha256Hex(bytes)) !== entry.sha256) throw corrupt();
        return bytes;
      });
    request.catch(() => wheelRequests.delete(url)); // the next Run asks again
    wheelRequests.set(url, request);
  }
  return wheelRequests.get(url);
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
      .then(([b, l]) => closure(l, scenarioPackages(b, [example])).forEach((name) => fetchWheel(l.packages[name], reload).catch(() => {})))
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

// Runs and warm-ups take turns: Python does one thing at a time.
let queue = Promise.resolve();
function inTurn(task) {
  const turn = queue.then(task);
  queue = turn.catch(() => {});
  return turn;
}

async function run({ id, example, source, reload = false }) {
  const began = performance.now();
  const state = await start(example, reload);
  const { bundle, driver, ran, steps } = state;
  const scenario = bundle.scenarios[example];
  if (!scenario) throw new Error(`No scenario for ${example}.`);
  const firstRun = !ran.has(scenario.framework);
  const at = () => Math.round(performance.now() - began);
  const timings = firstRun && ran.size === 0 ? { ...steps } : {};
  await install(state, scenario.packages);
  // The tested file imports only precompiled modules (the build checks it); an edit may import any.
  if (source != null && source !== bundle.files[example]) await standardLibrarySources(state);
  timings.wheels = at();
  const reply = driver.run_scenario_json(GUIDE_DIR, JSON.stringify(scenario), source ?? undefined);
  timings.scenario = at();
  ran.add(scenario.framework);
  performance.mark("fvd-runner:result"); // what follows it is not the Run's (scripts/bench_runner.py)
  postMessage({ type: "result", id, result: JSON.parse(reply), ms: at(), firstRun, steps: timings });
  standardLibrarySources(state).catch(() => {}); // an edited example's Run reports a failure
}

// While the worker is idle after a Run: the wheels of the page's other examples of a framework
// that already ran, with their modules imported, so that their first Run only runs the scenario.
// Other frameworks are left until their Run (Django is megabytes). One package per turn,
// dependencies first (each turn imports one package's own modules): a Run waits for one at most.
// Warming the guide's other pages too was measured and rejected: a second Run then waited for
// their imports.
async function warm({ examples }) {
  if (!started) return; // nothing is downloaded before the reader's first Run
  const state = await started;
  const { pyodide, bundle, lock, ran } = state;
  const running = examples.filter((example) => ran.has(bundle.scenarios[example]?.framework));
  const installed = (name) => isInstalled(pyodide, name);
  const missing = closure(lock, scenarioPackages(bundle, running)).filter((name) => !installed(name));
  // Downloads happen outside Python's turns: a Run never waits on them.
  await Promise.all(missing.map((name) => fetchWheel(lock.packages[name])));
  for (const name of missing) {
    if (installed(name)) continue;
    await inTurn(async () => {
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
  if (message.type === "start") {
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
