"""Make the quiz's standard library: the modules Pyodide and the engine import, as bytecode.

Python's start-up in the browser is mostly compiling standard-library sources; shipping only
the modules the quiz imports, already compiled for the pinned runtime, makes the download
smaller and the start several times faster. The build proves the bundle complete: a second
Pyodide boots with it alone and must answer every answer set exactly as the full one did.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from quiz import load_quiz
from scripts.engine_wheel import ROOT, BuildStepError, append_stored, source_digest
from scripts.pyodide_patch import LOADER, patch_loader
from scripts.quiz_tables import (
    add_modules,
    add_tables,
    modules_digest,
    read_report,
    recording_task,
    with_modules,
)

CACHE_DIR = ROOT / ".cache" / "quiz-stdlib"
BUNDLE_NAME = "python_stdlib_quiz.zip"
SCRIPT = ROOT / "scripts" / "make_quiz_stdlib.mjs"
# The bundle is only valid for the exact runtime that compiled it.
RUNTIME_INPUTS = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# Python's start imports about 130 standard-library modules from the zip (Pyodide's own set-up:
# asyncio, inspect, typing…), each read and unmarshalled twice by plain zipimport. The quiz's and
# the example runner's libraries carry stdlib_zip's bytecode as their sitecustomize, which `site`
# imports before any of them, and which then reads each once.
STDLIB_ZIP = ROOT / "scripts" / "stdlib_zip.py"
# Where the make step writes stdlib_zip's source, to compile it with the rest.
READER_DIR = "/home/pyodide/guide"
# Modules Pyodide's start imports that the quiz's library leaves out, each with why that is safe;
# the make step records the imports of a start without them, and the check answers with them
# absent. (The full library, the fallback, keeps them.)
OMITTED = {
    "ssl": "asyncio imports it in `try … except ImportError` and runs without it; the engine makes "
    "no connections",
}


def runtime_digest(runtime_dir: Path) -> str:
    """SHA-256 over the runtime files as the site publishes them (the loader patched, whether
    ``runtime_dir`` holds Pyodide's copy or the site's) and the script that compiles the quiz's
    standard library."""
    digest = hashlib.sha256()
    for path in [*(runtime_dir / name for name in RUNTIME_INPUTS), SCRIPT]:
        digest.update(path.name.encode())
        if path.name == LOADER:
            digest.update(patch_loader(path.read_text(encoding="utf-8")).encode())
        else:
            digest.update(path.read_bytes())
    return digest.hexdigest()


def engine_imports(entry: str = "quiz.browser") -> list[str]:
    """Modules imported by the engine's source reachable from the browser's entry point.

    Every import counts, inside functions too, whether or not an answer reaches it; a name
    imported from a module (``from typing import Any``) is listed as ``typing.Any`` as well,
    and the script tells modules from other names.
    """
    package = entry.split(".", maxsplit=1)[0]
    found: set[str] = set()
    visited: set[str] = set()
    todo = [package, entry]
    while todo:
        module = todo.pop()
        if module in visited:
            continue
        visited.add(module)
        parts = module.split(".")
        path = ROOT.joinpath(*parts).with_suffix(".py")
        if not path.exists():
            path = ROOT.joinpath(*parts, "__init__.py")
        if not path.exists():
            continue  # a name from a module of the package, not a module
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            for name in names:
                if name.split(".")[0] == package:
                    todo.append(name)
                else:
                    found.add(name)
    return sorted(found)


def answer_sets() -> list[dict[str, Any]]:
    """Answer sets that reach every option, both verdict paths and the engine's refusals."""
    questions = load_quiz().questions
    sets: list[dict[str, Any]] = [{}]
    for question in questions:
        for option in question.options:
            sets.append({question.id: [option.id] if question.multiple else option.id})
    for pick in (0, -1):
        sets.append(
            {
                q.id: [o.id for o in q.options] if q.multiple else q.options[pick].id
                for q in questions
            }
        )
    sets += [{"no-such-question": "x"}, {questions[0].id: "no-such-option"}, {"project": 1}]
    return sets


def write_task(path: Path, answers: list[dict[str, Any]]) -> Path:
    """The script's input: the engine's imports and the answer sets to answer, and stdlib_zip's
    source, for the make step to compile in the same runtime."""
    reader = f"{READER_DIR}/stdlib_zip.py"
    task = {
        "imports": engine_imports(),
        "answers": answers,
        "omit": sorted(OMITTED),
        "files": {reader: STDLIB_ZIP.read_text(encoding="utf-8")},
        "files_bytecode": str(path.with_name("reader_pycs.json")),
        "bytecode_files": [reader],
    }
    path.write_text(json.dumps(task), encoding="utf-8")
    return path


def run_node_script(script: Path, arguments: list[str], what: str) -> dict[str, Any]:
    """Run a build step's Node script and return the JSON it prints; ``what`` names the step in
    errors, which keep only Python's traceback (or the end of the output)."""
    node = shutil.which("node")
    if node is None:
        raise BuildStepError(f"Node.js is needed for this step: {what}")
    result = subprocess.run(
        [node, str(script), *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        # Node echoes the minified line that threw: keep only the Python traceback or the end.
        error = result.stderr.strip()
        start = error.rfind("Traceback (most recent call last)")
        error = error[start:] if start >= 0 else error[-2000:]
        raise BuildStepError(f"{what} failed:\n{error}")
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def run_script(
    command: str,
    runtime_dir: Path,
    task: Path,
    bundle: Path,
    what: str = "The quiz's standard library",
) -> dict[str, Any]:
    """Run ``make_quiz_stdlib.mjs`` on a task file (see :func:`write_task`; other workloads add
    the keys the script lists); return its report. ``what`` names the bundle in errors."""
    return run_node_script(
        SCRIPT, [command, str(runtime_dir), str(task), str(bundle)], f"{what} ({command})"
    )


def add_zip_reader(stdlib: Path, bytecode: bytes) -> None:
    """Add stdlib_zip's ``bytecode`` (a .pyc file's bytes, for the runtime) to the standard
    library ``stdlib`` as its sitecustomize."""
    append_stored(stdlib, {"sitecustomize.pyc": bytecode})


def stdlib_zip_bytecode(guide_pycs: Path) -> bytes:
    """stdlib_zip's bytecode among the guide modules' (compiled by the site's Pyodide)."""
    pycs = json.loads(guide_pycs.read_text("utf-8"))
    name = next(path for path in pycs if path.split("/")[-1].startswith("stdlib_zip."))
    return base64.b64decode(pycs[name])


def build_bundle(runtime_dir: Path, runtime: str) -> Path:
    """Make (or reuse) the bundle for the runtime and engine in ``runtime_dir``, proven complete.

    ``runtime_dir`` holds the runtime with the engine wheel registered; ``runtime`` is its
    :func:`runtime_digest`. A module missing from the bundle fails the build, naming it.
    """
    reader = hashlib.sha256(STDLIB_ZIP.read_bytes() + repr(sorted(OMITTED)).encode()).hexdigest()
    reader = reader[:8]
    cached = CACHE_DIR / f"{runtime[:16]}-{source_digest()}-{reader}{modules_digest()}"
    bundle = cached / BUNDLE_NAME
    if bundle.exists():
        return bundle
    shutil.rmtree(CACHE_DIR, ignore_errors=True)
    cached.mkdir(parents=True)
    task = with_modules(write_task(cached / "task.json", answer_sets()), READER_DIR)
    scratch = cached / "unchecked.zip"
    try:
        made = run_script("make", runtime_dir, task, scratch)
        add_zip_reader(scratch, stdlib_zip_bytecode(cached / "reader_pycs.json"))
        add_modules(scratch, cached / "reader_pycs.json")
        run_script("check", runtime_dir, recording := recording_task(task), scratch)
        add_tables(scratch, read_report(recording))
        checked = run_script("check", runtime_dir, task, scratch)
        if checked["replies"] != made["replies"]:
            raise BuildStepError(
                "The quiz's standard library answers differently from the full one"
            )
        if (state := read_report(task)) != "installed":
            raise BuildStepError(f"The quiz's compiled patterns and code were {state}")
    except BuildStepError:
        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        raise
    scratch.rename(bundle)
    return bundle
