// Makes and checks the quiz's standard library for the site's copy of Pyodide, under Node.
//
//   node make_quiz_stdlib.mjs make <runtime dir> <task.json> <output zip>
//     task.json: {"imports": [module names the engine's source imports], "answers": [answer sets]}.
//     Boots with the full standard library, installs the engine, imports every module the
//     engine's source names, answers every answer set, then writes a zip of the standard-library
//     modules that were imported, compiled to bytecode for this runtime (no docstrings: they are
//     most of the bytes and nothing the engine runs reads them).
//   node make_quiz_stdlib.mjs check <runtime dir> <task.json> <stdlib zip>
//     Boots with that zip alone and answers the same sets.
//
// Both print {"python": version, "modules": [...], "replies": [...]} as JSON.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ENGINE_PACKAGE = "flask-vs-django-quiz";
const [command, runtimeDir, taskFile, zipFile] = process.argv.slice(2);
if (!["make", "check"].includes(command)) throw new Error(`unknown command ${command}`);
// Errors are reported as one short message: Node would echo the whole minified line that threw.
async function main() {
  const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({
    indexURL: runtimeDir + path.sep,
    lockFileURL: path.join(runtimeDir, "pyodide-lock.json"),
    ...(command === "check" ? { stdLibURL: zipFile } : {}),
    stdout: () => {},
  });
  await pyodide.loadPackage(ENGINE_PACKAGE, { messageCallback: () => {} });
  pyodide.globals.set("task_json", readFileSync(taskFile, "utf8"));
  const output = pyodide.runPython(`
import importlib, importlib.util, json, sys

from quiz.browser import recommend_json

STDLIB = next(entry for entry in sys.path if entry.endswith(".zip"))

task = json.loads(task_json)
# Every module the engine's source names (listed by the build), even on paths no answer takes.
for name in task["imports"]:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError:
        if importlib.util.find_spec(name.rpartition(".")[0] or name) is None:
            raise  # not a name imported from a module, but a module Pyodide lacks

replies = [json.loads(recommend_json(json.dumps(answers))) for answers in task["answers"]]
modules = sorted(
    {
        module.__file__.removeprefix(STDLIB + "/")
        for module in list(sys.modules.values())
        if (getattr(module, "__file__", None) or "").startswith(STDLIB + "/")
    }
)
json.dumps({"replies": replies, "modules": modules, "stdlib": STDLIB})
  `);
  const result = JSON.parse(output);
  if (command === "make") {
    pyodide.globals.set("modules_json", JSON.stringify(result.modules));
    pyodide.runPython(`
import importlib.util, json, marshal, zipfile

def bytecode(name):
    source = zipfile.Path(STDLIB, name).read_bytes()
    code = compile(source, f"{STDLIB}/{name}", "exec", dont_inherit=True, optimize=2)
    # Flags 0 and no source beside it: zipimport uses the bytecode as it is.
    return importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)

with zipfile.ZipFile("/tmp/quiz_stdlib.zip", "w", zipfile.ZIP_STORED) as bundle:
    for name in json.loads(modules_json):
        info = zipfile.ZipInfo(name + "c", date_time=(1980, 1, 1, 0, 0, 0))
        bundle.writestr(info, bytecode(name))
  `);
    writeFileSync(zipFile, pyodide.FS.readFile("/tmp/quiz_stdlib.zip"));
  }
  process.stdout.write(
    JSON.stringify({ python: pyodide.version, modules: result.modules, replies: result.replies }),
  );
}

main().catch((error) => {
  process.stderr.write(String(error?.message ?? error));
  process.exitCode = 1;
});
