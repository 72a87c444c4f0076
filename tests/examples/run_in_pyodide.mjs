// Runs every runnable example's scenario in the pinned Pyodide under Node, with the wheels and the
// bundle exactly as the built site serves them. Usage: node run_in_pyodide.mjs <site dir>
// Prints {"<example>": result, ...} as JSON.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [siteDir] = process.argv.slice(2);
const runtimeDir = path.join(siteDir, "pyodide");
const GUIDE_DIR = "/home/pyodide/guide";
const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: runtimeDir + path.sep,
  lockFileURL: path.join(runtimeDir, "runner-lock.json"),
  stdout: () => {},
  stderr: () => {},
});
const bundle = JSON.parse(await readFile(path.join(siteDir, "assets", "runner", "bundle.json"), "utf8"));
for (const [name, text] of Object.entries(bundle.files)) {
  const file = `${GUIDE_DIR}/examples/${name}`;
  pyodide.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
  pyodide.FS.writeFile(file, text);
}
pyodide.FS.writeFile(`${GUIDE_DIR}/example_driver.py`, bundle.driver);
pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(GUIDE_DIR)})`);
const driver = pyodide.pyimport("example_driver");
const results = {};
for (const [name, scenario] of Object.entries(bundle.scenarios)) {
  await pyodide.loadPackage(scenario.packages, { messageCallback: () => {} });
  results[name] = JSON.parse(driver.run_scenario_json(GUIDE_DIR, JSON.stringify(scenario), undefined));
}
process.stdout.write(JSON.stringify({ python: pyodide.version, results }));
