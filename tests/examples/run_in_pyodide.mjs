// Runs every runnable example's scenario in the pinned Pyodide under Node, with the wheels, the
// bundle and the runner's standard library exactly as the built site serves them, installed as
// the browser's worker installs them (docs/assets/runner/wheels.mjs).
// Usage: node run_in_pyodide.mjs <site dir> <stdlib zip> <check.json>
//   check.json: {"edited": {"example", "source"}, "imports": [modules only the sources zip holds]}
// Prints {"python", "results": {"<example>": result, ...}, "edited": result,
// "imported": [...], "driverBytecode": {...}, "patterns": {"table": n, "parsed": n},
// "serving": {...}, "firstRun": {"example", "modules": what Python had imported after it}}
// as JSON.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { GUIDE_DIR, STDLIB_SOURCES, addStandardLibrarySources, installGuide } from "../../docs/assets/runner/wheels.mjs";
import setup, { loadRunnerPyodide } from "../../scripts/runner_setup.mjs";

const [siteDir, stdlibZip, checkFile] = process.argv.slice(2);
const runtimeDir = path.join(siteDir, "pyodide");
const pyodide = await loadRunnerPyodide(siteDir, stdlibZip);
const bundle = JSON.parse(await readFile(path.join(siteDir, "assets", "runner", "bundle.json"), "utf8"));
const check = JSON.parse(await readFile(checkFile, "utf8"));
installGuide(pyodide, bundle);
const driver = pyodide.pyimport("example_driver");
// The bundle's bytecode of the driver is what Python used: still as written, made for this
// runtime and for this source (otherwise Python compiles the source, and writes a new file).
pyodide.globals.set("bundled_json", JSON.stringify(bundle.bytecode));
const driverBytecode = JSON.parse(pyodide.runPython(`
import base64, importlib.util, json, os, example_driver
with open(example_driver.__cached__, "rb") as file:
    data = file.read()
with open(example_driver.__file__, "rb") as file:
    source = file.read()
bundled = json.loads(bundled_json).get(os.path.relpath(example_driver.__cached__, ${JSON.stringify(GUIDE_DIR)}))
json.dumps({
    "as_bundled": bundled is not None and data == base64.b64decode(bundled),
    "runtime": data[:4] == importlib.util.MAGIC_NUMBER,
    "source": data[8:16] == importlib.util.source_hash(source),
})
`));
// How many of the patterns the scenarios compile came from the bundle's table (the rest were
// parsed as usual): scripts/compiled_patterns.py, installed by installGuide.
pyodide.runPython(`
import compiled_patterns
from re import _compiler
pattern_counts = {"table": 0, "parsed": 0}
parse_anew = compiled_patterns._parse_anew
def counting(pattern, flags=0):
    pattern_counts["parsed"] += 1
    return parse_anew(pattern, flags)
compiled_patterns._parse_anew = counting
from_table = _compiler.compile
def counting_all(pattern, flags=0):
    pattern_counts["table"] += 1
    return from_table(pattern, flags)
_compiler.compile = counting_all
`);
const run = async (scenario, source) => {
  await setup(pyodide, runtimeDir, { packages: scenario.packages });
  return JSON.parse(driver.run_scenario_json(GUIDE_DIR, JSON.stringify(scenario), source));
};
const results = {};
let firstRun = null;
for (const [name, scenario] of Object.entries(bundle.scenarios)) {
  results[name] = await run(scenario, undefined);
  firstRun ??= { example: name, modules: JSON.parse(pyodide.runPython("import json, sys\njson.dumps(sorted(sys.modules))")) };
}
const edited = await run(bundle.scenarios[check.edited.example], check.edited.source);
// After the first result the worker adds the other modules' sources, as here.
addStandardLibrarySources(pyodide, await readFile(path.join(runtimeDir, STDLIB_SOURCES)));
const patterns = JSON.parse(pyodide.runPython(`
pattern_counts["table"] -= pattern_counts["parsed"]
json.dumps(pattern_counts)
`));
// Werkzeug's development server: never imported by a scenario, still there for an edited example.
const serving = JSON.parse(pyodide.runPython(`
import json, sys
before = "werkzeug.serving" in sys.modules
import flask.cli
json.dumps({"during_scenarios": before, "reloader": flask.cli.is_running_from_reloader(), "after": "werkzeug.serving" in sys.modules})
`));
const imported = pyodide.runPython(`
import importlib, json, sys
json.dumps([importlib.import_module(name).__name__ for name in ${JSON.stringify(check.imports)}])
`);
process.stdout.write(
  JSON.stringify({ python: pyodide.version, results, edited, imported: JSON.parse(imported), driverBytecode, patterns, serving, firstRun }),
);
