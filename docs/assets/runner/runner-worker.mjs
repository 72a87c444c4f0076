// Runs the guide's examples in Pyodide, off the main thread, apart from the quiz's engine.
// In: {type: "start"}, {type: "run", id, example, source}.
// Out: {type: "result", id, result, ms, firstRun}, {type: "failed", id, message}.
import { bootPyodide } from "../pyodide/boot.mjs";

const siteURL = new URL("../../", import.meta.url);
const runtimeURL = new URL("pyodide/", siteURL).href;
const GUIDE_DIR = "/home/pyodide/guide";

// The runtime comes through the site's shared boot module, from the same pre-compressed files as
// the quiz's, so a reader who took the quiz has it cached; the framework wheels are listed in the
// runner's own lock file, never in the quiz's. Examples import far more of the standard library
// than the quiz does, so the full one is loaded.
async function bootRunner() {
  const { pyodide } = await bootPyodide({
    runtimeURL,
    stdlib: "full",
    lockFileURL: `${runtimeURL}runner-lock.json`,
    loadOptions: { stdout: () => {}, stderr: () => {} },
  });
  return pyodide;
}

async function fetchBundle() {
  const url = new URL("assets/runner/bundle.json", siteURL);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not download bundle.json (HTTP ${response.status}).`);
  return response.json();
}

// The bundle's example files become the package `examples` on Pyodide's file system.
function writeFiles(pyodide, bundle) {
  for (const [path, text] of Object.entries(bundle.files)) {
    const file = `${GUIDE_DIR}/examples/${path}`;
    pyodide.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
    pyodide.FS.writeFile(file, text);
  }
  pyodide.FS.writeFile(`${GUIDE_DIR}/example_driver.py`, bundle.driver);
  pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(GUIDE_DIR)})`);
}

// While Python starts, download the wheels the first example needs, so that loadPackage finds
// them in the HTTP cache instead of fetching them one after the boot.
let bundleRequest = null;
async function prefetchWheels(example) {
  const [bundle, lock] = await Promise.all([
    bundleRequest,
    fetch(`${runtimeURL}runner-lock.json`).then((response) => response.json()),
  ]);
  const needed = new Set();
  const visit = (name) => {
    if (needed.has(name) || !lock.packages[name]) return;
    needed.add(name);
    lock.packages[name].depends.forEach(visit);
  };
  (bundle.scenarios[example]?.packages ?? []).forEach(visit);
  await Promise.all(
    [...needed].map((name) => fetch(new URL(lock.packages[name].file_name, runtimeURL)).then((r) => r.arrayBuffer())),
  );
}

let started = null;
function start(example) {
  if (started) return started;
  bundleRequest = fetchBundle();
  if (example) prefetchWheels(example).catch(() => {}); // loadPackage reports any real failure
  started = Promise.all([bootRunner(), bundleRequest]).then(([pyodide, bundle]) => {
    writeFiles(pyodide, bundle);
    return { pyodide, bundle, driver: pyodide.pyimport("example_driver"), ran: new Set() };
  }).catch((error) => {
    started = null; // the next Run tries again (e.g. after the connection is back)
    throw error;
  });
  return started;
}

async function run({ id, example, source }) {
  const began = performance.now();
  const { pyodide, bundle, driver, ran } = await start(example);
  const scenario = bundle.scenarios[example];
  if (!scenario) throw new Error(`No scenario for ${example}.`);
  await pyodide.loadPackage(scenario.packages, { messageCallback: () => {}, errorCallback: () => {} });
  const firstRun = !ran.has(scenario.framework);
  const reply = driver.run_scenario_json(GUIDE_DIR, JSON.stringify(scenario), source ?? undefined);
  ran.add(scenario.framework);
  postMessage({ type: "result", id, result: JSON.parse(reply), ms: Math.round(performance.now() - began), firstRun });
}

addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "start") {
    start().catch(() => {}); // a failure is reported to the run that needs it
  } else if (message.type === "run") {
    run(message).catch((error) => {
      postMessage({ type: "failed", id: message.id, message: String(error && error.message ? error.message : error) });
    });
  }
});
