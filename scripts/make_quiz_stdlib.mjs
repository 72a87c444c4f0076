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
// Both print {"python": version, "modules": [...], "replies": [...], "lazy": [...]} as JSON
// ("lazy": modules imported lazily and not yet used, see scripts/stdlib_zip.py).
//
//   node make_quiz_stdlib.mjs compile <runtime dir> <task.json> <output json>
//     task.json: {"sources": {path in a wheel: source}}. Writes the bytecode of each, for this
//     runtime, as {path of its .pyc in __pycache__: base64}, and prints {"python": version}.
//
// Optional keys of task.json (the quiz uses the "files" ones to compile stdlib_zip, and "omit";
// the example runner's workload uses all but "omit"): "omit" (modules the library leaves out,
// which make blocks while it records), "lockfile" (in the runtime dir),
// "packages" to load, "files" ({path: text}) to write and "path" entries for sys.path, a
// "workload" (Python that sets `replies`), "sources_zip" (a second zip, of the source of every
// module not compiled, so any module can still be imported once it is added),
// "site_packages_zip" (a zip of bytecode, NAME.pyc for NAME.py, of the installed packages'
// modules that were imported), "files_bytecode" (a JSON file: the bytecode of the written
// files listed in "bytecode_files", by the path of each .pyc, base64-encoded) and "setup" (a
// module whose default export installs the packages: (pyodide, runtimeDir, task)), "env" (the
// environment Python starts with) and "report" ({"expression": Python evaluated after the
// workload, "file": where its value is written, as JSON}).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ENGINE_PACKAGE = "flask-vs-django-quiz";
const [command, runtimeDir, taskFile, zipFile] = process.argv.slice(2);
if (!["make", "check", "compile"].includes(command)) throw new Error(`unknown command ${command}`);
// Errors are reported as one short message: Node would echo the whole minified line that threw.
const QUIZ_WORKLOAD = `
from quiz.browser import recommend_json
replies = [json.loads(recommend_json(json.dumps(answers))) for answers in task["answers"]]
`;
// Unchecked hash-based bytecode (PEP 552): unpacking the wheel gives its files new times, and
// nothing edits them once installed; the sources stay beside it for tracebacks.
const COMPILE = `
import base64, importlib.util, json, marshal

bytecode = {}
for name, text in json.loads(task_json)["sources"].items():
    source = text.encode()
    data = importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little") + importlib.util.source_hash(source)
    data += marshal.dumps(compile(source, name, "exec", dont_inherit=True))
    bytecode[importlib.util.cache_from_source(name)] = base64.b64encode(data).decode()
json.dumps(bytecode, sort_keys=True)
`;
// Boots the full library as one without the modules "omit" names: a sitecustomize on
// PYTHONPATH, which `site` imports before Pyodide's set-up, makes importing them fail.
function omitting(names) {
  const dir = "/home/pyodide/omitted";
  return {
    env: { PYTHONPATH: dir },
    fsInit: (FS) => {
      FS.mkdirTree(dir);
      FS.writeFile(`${dir}/sitecustomize.py`, `import sys\nsys.modules.update(dict.fromkeys(${JSON.stringify(names)}))\n`);
    },
  };
}
async function main() {
  const task = JSON.parse(readFileSync(taskFile, "utf8"));
  if (command === "compile") {
    const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
    const pyodide = await loadPyodide({ indexURL: runtimeDir + path.sep, stdout: () => {}, stderr: () => {} });
    pyodide.globals.set("task_json", JSON.stringify(task));
    writeFileSync(zipFile, pyodide.runPython(COMPILE));
    process.stdout.write(JSON.stringify({ python: pyodide.version }));
    return;
  }
  const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({
    indexURL: runtimeDir + path.sep,
    lockFileURL: path.join(runtimeDir, task.lockfile ?? "pyodide-lock.json"),
    ...(command === "check" ? { stdLibURL: zipFile } : {}),
    ...(command === "make" && task.omit ? omitting(task.omit) : {}),
    stdout: () => {},
    stderr: () => {},
    ...(task.env ? { env: task.env } : {}),
  });
  if (task.setup) {
    const { default: setup } = await import(pathToFileURL(task.setup).href);
    await setup(pyodide, runtimeDir, task);
  } else {
    await pyodide.loadPackage(task.packages ?? [ENGINE_PACKAGE], { messageCallback: () => {} });
  }
  for (const [file, text] of Object.entries(task.files ?? {})) {
    pyodide.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
    pyodide.FS.writeFile(file, text);
  }
  pyodide.globals.set("task_json", JSON.stringify(task));
  const output = pyodide.runPython(`
import importlib, importlib.util, json, sys

task = json.loads(task_json)
sys.path[:0] = task.get("path", [])
STDLIB = next(entry for entry in sys.path if entry.endswith(".zip"))

# Every module the engine's source names (listed by the build), even on paths no answer takes.
for name in task["imports"]:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError:
        if importlib.util.find_spec(name.rpartition(".")[0] or name) is None:
            raise  # not a name imported from a module, but a module Pyodide lacks

${task.workload ?? QUIZ_WORKLOAD}
# Modules the standard library's sitecustomize loads lazily that nothing has used yet (read
# before the lines below, which would load them).
lazy = sorted(name for name, module in sys.modules.items() if type(module).__name__ == "_LazyModule")
modules = sorted(
    {
        module.__file__.removeprefix(STDLIB + "/")
        for module in list(sys.modules.values())
        if (getattr(module, "__file__", None) or "").startswith(STDLIB + "/")
    }
)
# Installed packages' modules: unpacked into site-packages, or imported from a wheel on sys.path.
ARCHIVES = [entry for entry in sys.path if entry.endswith("site-packages") or entry.endswith(".whl")]
site_modules = sorted(
    {
        (archive, module.__file__.removeprefix(archive + "/"))
        for module in list(sys.modules.values())
        for archive in ARCHIVES
        if (getattr(module, "__file__", None) or "").startswith(archive + "/")
        and module.__file__.endswith(".py")
    }
)
json.dumps({"replies": replies, "modules": modules, "site_modules": site_modules, "stdlib": STDLIB, "lazy": lazy})
  `);
  const result = JSON.parse(output);
  if (task.report) writeFileSync(task.report.file, JSON.stringify(pyodide.runPython(task.report.expression)));
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
if task.get("sources_zip"):
    compiled = set(json.loads(modules_json))
    with zipfile.ZipFile(STDLIB) as full, zipfile.ZipFile("/tmp/stdlib_sources.zip", "w") as sources:
        for info in full.infolist():
            if info.filename not in compiled and not info.is_dir():
                sources.writestr(info, full.read(info), zipfile.ZIP_DEFLATED)
  `);
    writeFileSync(zipFile, pyodide.FS.readFile("/tmp/quiz_stdlib.zip"));
    if (task.sources_zip) writeFileSync(task.sources_zip, pyodide.FS.readFile("/tmp/stdlib_sources.zip"));
    if (task.site_packages_zip) {
      pyodide.globals.set("site_modules_json", JSON.stringify(result.site_modules));
      pyodide.runPython(`
import importlib.util, json, marshal, zipfile
from pathlib import Path

# Each module's bytecode as NAME.pyc, to replace NAME.py in its wheel; hash-based and unchecked
# (nothing compares file times after unpacking).
with zipfile.ZipFile("/tmp/site_packages_pycs.zip", "w", zipfile.ZIP_STORED) as pycs:
    for archive, name in json.loads(site_modules_json):
        path = zipfile.Path(archive, name) if archive.endswith(".whl") else Path(archive, name)
        source = path.read_bytes()
        code = compile(source, f"{archive}/{name}", "exec", dont_inherit=True)
        data = importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little")
        data += importlib.util.source_hash(source) + marshal.dumps(code)
        pycs.writestr(zipfile.ZipInfo(name + "c", date_time=(1980, 1, 1, 0, 0, 0)), data)
      `);
      writeFileSync(task.site_packages_zip, pyodide.FS.readFile("/tmp/site_packages_pycs.zip"));
    }
    if (task.files_bytecode) {
      writeFileSync(task.files_bytecode, pyodide.runPython(`
import base64, importlib.util, json, marshal

# Those written files' bytecode, checked against the source by hash when imported: an edited
# file is compiled anew. {path of the .pyc in __pycache__: base64}.
bytecode = {}
for path in task["bytecode_files"]:
    with open(path, "rb") as file:
        source = file.read()
    data = importlib.util.MAGIC_NUMBER + (3).to_bytes(4, "little")
    data += importlib.util.source_hash(source) + marshal.dumps(compile(source, path, "exec", dont_inherit=True))
    bytecode[importlib.util.cache_from_source(path)] = base64.b64encode(data).decode()
json.dumps(bytecode, sort_keys=True)
      `));
    }
  }
  process.stdout.write(
    JSON.stringify({ python: pyodide.version, modules: result.modules, replies: result.replies, lazy: result.lazy }),
  );
}

main().catch((error) => {
  process.stderr.write(String(error?.message ?? error));
  process.exitCode = 1;
});
