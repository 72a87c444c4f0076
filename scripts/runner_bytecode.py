"""Precompile what the example runner's first Run imports, for the pinned runtime.

Pyodide compiles every module it imports from source, in wasm, on every start: for a Django
example that is most of the first Run's time. The build runs every runnable scenario in the
site's Pyodide (Node) and keeps what it imported as bytecode: the standard library's modules in
the runner's own standard library (the sources of all others go into a second zip, which the
runner adds after its first result, so an edited example can still import any module), and the
framework wheels' modules as ``.pyc`` files in place of their sources (what the first Run
downloads stays within its budget; a traceback through framework code names file and line, and
the reader's own example keeps its source lines). A second run, with the compiled files and that
library alone, must answer every scenario exactly as the first did, or the build fails.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

from scripts.engine_wheel import ROOT, BuildStepError, write_wheel
from scripts.example_driver import mask_tokens
from scripts.quiz_stdlib import (
    STDLIB_ZIP,
    add_zip_reader,
    run_script,
    runtime_digest,
    stdlib_zip_bytecode,
)
from scripts.runner_wheels import RUNNER_LOCK, register_wheels

CACHE_DIR = ROOT / ".cache" / "runner-bytecode"
STDLIB_NAME = "python_stdlib_runner.zip"
SOURCES_NAME = "python_stdlib_runner_sources.zip"
GUIDE_DIR = "/home/pyodide/guide"  # as installGuide in docs/assets/runner/wheels.mjs lays it out
SETUP = ROOT / "scripts" / "runner_setup.mjs"  # installs the wheels as the browser does
INSTALLER = ROOT / "docs" / "assets" / "runner" / "wheels.mjs"
WHAT = "The example runner's standard library"
# Runs every scenario with the driver and examples as the browser lays them out (wheels.mjs).
WORKLOAD = """
import compiled_code, compiled_patterns, stdlib_zip  # the runner imports them first (wheels.mjs)
from example_driver import run_scenario_json
replies = {
    scenario["example"]: json.loads(run_scenario_json(GUIDE_DIR, json.dumps(scenario)))
    for scenario in task["scenarios"]
}
"""


def runner_task(runtime_dir: Path, bundle: dict[str, Any]) -> dict[str, Any]:
    """The stdlib script's task: load every runner package, import each, run every scenario."""
    packages = json.loads((runtime_dir / RUNNER_LOCK).read_text(encoding="utf-8"))["packages"]
    ours = {
        name: entry for name, entry in packages.items() if entry["file_name"].startswith("runner/")
    }
    files = {f"{GUIDE_DIR}/examples/{path}": text for path, text in bundle["files"].items()}
    files[f"{GUIDE_DIR}/example_driver.py"] = bundle["driver"]
    files.update({f"{GUIDE_DIR}/{name}": text for name, text in bundle["modules"].items()})
    return {
        "lockfile": RUNNER_LOCK,
        "setup": str(SETUP),
        "packages": sorted(ours),
        "imports": sorted({name for entry in ours.values() for name in entry["imports"]}),
        "files": files,
        "path": [GUIDE_DIR],
        "workload": f"GUIDE_DIR = {GUIDE_DIR!r}\n{WORKLOAD}",
        "scenarios": list(bundle["scenarios"].values()),
    }


def runner_wheels(runtime_dir: Path) -> list[Path]:
    return sorted((runtime_dir / "runner").glob("*.whl"))


def inputs_digest(runtime: str, task: dict[str, Any], wheels: list[Path]) -> str:
    digest = hashlib.sha256(runtime.encode())
    digest.update(json.dumps(task, sort_keys=True).encode())
    for script in (SETUP, INSTALLER, STDLIB_ZIP):
        digest.update(script.read_bytes())
    for wheel in wheels:
        digest.update(wheel.name.encode())
        digest.update(wheel.read_bytes())
    return digest.hexdigest()[:20]


def add_bytecode(wheels: list[Path], pycs: Path) -> None:
    """Replace each ``NAME.py`` that ``pycs`` compiled by its ``NAME.pyc``, RECORD updated."""
    with zipfile.ZipFile(pycs) as archive:
        compiled = {info.filename: archive.read(info) for info in archive.infolist()}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            files = {n: archive.read(n) for n in names if not n.endswith("/")}
        replaced = {name.removesuffix("c") for name in compiled} & set(files)
        if not replaced:
            continue
        kept = {name: data for name, data in files.items() if name not in replaced}
        dist_info = next(name.split("/", 1)[0] for name in names if ".dist-info/" in name)
        write_wheel(wheel, {**kept, **{f"{n}c": compiled[f"{n}c"] for n in replaced}}, dist_info)


def compile_runner(
    runtime_dir: Path, bundle: dict[str, Any], base_lockfile: Path
) -> tuple[Path, Path, Path]:
    """Make the runner's standard library and add bytecode to its wheels in ``runtime_dir``
    (re-registering them), proven by a second run with that library alone; returns the paths of
    the library, of the zip of the other modules' sources and of the JSON file of the driver's
    bytecode (checked against its source by hash)."""
    task = runner_task(runtime_dir, bundle)
    modules = [f"{GUIDE_DIR}/{name}" for name in sorted(bundle["modules"])]
    wheels = runner_wheels(runtime_dir)
    cached = CACHE_DIR / inputs_digest(runtime_digest(runtime_dir), task, wheels)
    stdlib, pycs = cached / STDLIB_NAME, cached / "site_packages_pycs.zip"
    sources, guide_pycs = cached / SOURCES_NAME, cached / "guide_pycs.json"
    if not all(path.exists() for path in (stdlib, pycs, sources, guide_pycs)):
        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        cached.mkdir(parents=True)
        task_file = cached / "task.json"
        making = {
            **task,
            "site_packages_zip": str(pycs),
            "sources_zip": str(sources),
            "files_bytecode": str(guide_pycs),
            # The driver and the modules imported before it only: the examples are a few lines
            # each, and their bytecode together would add 73 KB to the bundle (base64).
            "bytecode_files": [f"{GUIDE_DIR}/example_driver.py", *modules],
        }
        task_file.write_text(json.dumps(making), encoding="utf-8")
        try:
            made = run_script("make", runtime_dir, task_file, stdlib, WHAT)
            add_zip_reader(stdlib, stdlib_zip_bytecode(guide_pycs))
            task_file.write_text(json.dumps(task), encoding="utf-8")
            add_bytecode(wheels, pycs)
            register_wheels(wheels, base_lockfile, runtime_dir / RUNNER_LOCK)
            checked = run_script("check", runtime_dir, task_file, stdlib, WHAT)
        except BuildStepError:
            shutil.rmtree(CACHE_DIR, ignore_errors=True)
            raise
        differ = [
            example
            for example, reply in made["replies"].items()
            if mask_tokens(reply) != mask_tokens(checked["replies"].get(example, {}))
        ]
        if differ:
            shutil.rmtree(CACHE_DIR, ignore_errors=True)
            raise BuildStepError(
                f"{WHAT} and precompiled wheels answer differently for {', '.join(differ)}"
            )
        return stdlib, sources, guide_pycs
    add_bytecode(wheels, pycs)
    register_wheels(wheels, base_lockfile, runtime_dir / RUNNER_LOCK)
    return stdlib, sources, guide_pycs
