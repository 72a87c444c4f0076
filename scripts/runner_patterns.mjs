// Records, or checks, the regular expressions the example runner's scenarios compile and the code
// dataclasses and namedtuple generate, in the site's Pyodide under Node, installed as the
// browser's worker installs it (wheels.mjs).
//   node runner_patterns.mjs record <site dir> <stdlib zip>
//     Runs every scenario with compiled_patterns and compiled_code recording from the start;
//     prints {"replies": {example: result}, "table": the patterns' table's bytes in hex, "code":
//     the code's table's, "imported": {example: the modules its run imported first, each once it
//     was executed: dependencies first}}.
//   node runner_patterns.mjs check <site dir> <stdlib zip>
//     Runs them with the bundle's tables in use (installGuide installs them); prints {"replies"}.
import { readFileSync } from "node:fs";
import path from "node:path";
import { GUIDE_DIR, installGuide } from "../docs/assets/runner/wheels.mjs";
import setup, { loadRunnerPyodide } from "./runner_setup.mjs";

const [command, siteDir, stdlibZip] = process.argv.slice(2);
if (!["record", "check"].includes(command)) throw new Error(`unknown command ${command}`);

async function main() {
  const runtimeDir = path.join(siteDir, "pyodide");
  const pyodide = await loadRunnerPyodide(siteDir, stdlibZip);
  const bundle = JSON.parse(readFileSync(path.join(siteDir, "assets", "runner", "bundle.json"), "utf8"));
  if (command === "record" && bundle.patterns) throw new Error("the bundle has a table already");
  if (command === "check" && !bundle.patterns) throw new Error("the bundle has no table");
  installGuide(pyodide, bundle);
  if (command === "record") pyodide.runPython(`
import compiled_code, compiled_patterns
recorded = compiled_patterns.record()
generated = compiled_code.record()
# Every import that executes a module ends in _load_unlocked, looked up at each call.
import importlib._bootstrap as bootstrap
loaded = []
def record_load(spec, load=bootstrap._load_unlocked):
    module = load(spec)
    loaded.append(spec.name)
    return module
bootstrap._load_unlocked = record_load
`);
  const replies = {};
  const imported = {};
  const driver = pyodide.pyimport("example_driver");
  for (const [name, scenario] of Object.entries(bundle.scenarios)) {
    await setup(pyodide, runtimeDir, { packages: scenario.packages });
    replies[name] = JSON.parse(driver.run_scenario_json(GUIDE_DIR, JSON.stringify(scenario)));
    if (command === "record") imported[name] = pyodide.runPython("taken = loaded.copy()\nloaded.clear()\ntaken").toJs();
  }
  const recording = command === "record";
  const table = recording ? pyodide.runPython("compiled_patterns.dumps(recorded).hex()") : undefined;
  const code = recording ? pyodide.runPython("compiled_code.dumps(generated).hex()") : undefined;
  process.stdout.write(JSON.stringify({ replies, table, code, imported: recording ? imported : undefined }));
}

main().catch((error) => {
  process.stderr.write(String(error?.message ?? error));
  process.exitCode = 1;
});
