"""Write what the browser runner fetches on the first Run: its bundle and the framework wheels."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scripts.engine_wheel import ROOT, BuildStepError
from scripts.pyodide_runtime import MANIFEST_NAME, gzip_once
from scripts.quiz_stdlib import runtime_digest
from scripts.runner_bytecode import (
    GUIDE_DIR,
    SOURCES_NAME,
    STDLIB_NAME,
    compile_runner,
    runner_wheels,
)
from scripts.runner_patterns import add_patterns
from scripts.runner_wheels import install_runner_wheels

DRIVER = ROOT / "scripts" / "example_driver.py"
# Modules the runner's worker imports before the driver, written beside it (wheels.mjs).
SUPPORT_MODULES = [
    ROOT / "scripts" / "stdlib_zip.py",
    ROOT / "scripts" / "compiled_patterns.py",
    ROOT / "scripts" / "compiled_code.py",
]
EXAMPLES_DIR = ROOT / "docs" / "examples"
BUNDLE = Path("assets") / "runner" / "bundle.json"


def example_sources(examples_dir: Path = EXAMPLES_DIR) -> dict[str, str]:
    """Every Python file under docs/examples/, by its path there: the runner imports them."""
    return {
        path.relative_to(examples_dir).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(examples_dir.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def write_bundle(
    site_dir: Path, scenarios: Mapping[str, Mapping[str, Any]], runtime: str = ""
) -> Path:
    """One JSON file: the driver, the example files, the runnable scenarios, the digest of the
    runtime the runner's standard library was compiled for (their bytecode is added once
    compiled, by add_guide_bytecode), the modules the worker imports first, and the tables of
    regular expressions and generated code compiled by the build and the frameworks' import
    order (added once recorded, by add_patterns)."""
    bundle = {
        "runtime": runtime,
        "driver": DRIVER.read_text(encoding="utf-8"),
        "files": example_sources(),
        "scenarios": {name: dict(s) for name, s in scenarios.items() if s["runnable"]},
        "modules": {path.name: path.read_text(encoding="utf-8") for path in SUPPORT_MODULES},
        "patterns": "",
        "code": "",
        "import_order": {},
        "import_packages": {},
    }
    target = site_dir / BUNDLE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(bundle, separators=(",", ":")), encoding="utf-8")
    return target


def add_guide_bytecode(target: Path, bundle: dict[str, Any], pycs: Mapping[str, str]) -> None:
    """Add to the bundle the driver's bytecode for the runner's runtime, by path under the
    runner's guide folder: Pyodide would compile the driver in 20 to 40 ms of a first Run."""
    prefix = GUIDE_DIR + "/"
    stray = [path for path in pycs if not path.startswith(prefix)]
    if stray:
        raise BuildStepError(f"Bytecode outside {GUIDE_DIR}: {', '.join(stray)}")
    bundle["bytecode"] = {path.removeprefix(prefix): data for path, data in pycs.items()}
    target.write_text(json.dumps(bundle, separators=(",", ":")), encoding="utf-8")


def install_runner(
    site_dir: Path, scenarios: Mapping[str, Mapping[str, Any]], base_lockfile: Path
) -> None:
    """The bundle, the wheels with their bytecode (published only gzip-compressed, as the
    runner downloads them: ``NAME.whl.gz``), the runner's standard library (published
    gzip-compressed and listed in runtime.json, as the quiz's is) and the zip of the other
    standard-library modules' sources (its files deflated already: published as it is)."""
    runtime_dir = site_dir / "pyodide"
    bundle = write_bundle(site_dir, scenarios, runtime_digest(runtime_dir))
    install_runner_wheels(runtime_dir, base_lockfile)
    written = json.loads(bundle.read_text("utf-8"))
    stdlib, sources, guide_pycs = compile_runner(runtime_dir, written, base_lockfile)
    add_guide_bytecode(bundle, written, json.loads(guide_pycs.read_text("utf-8")))
    add_patterns(site_dir, bundle, stdlib)
    shutil.copyfile(sources, runtime_dir / SOURCES_NAME)
    gzip_once(stdlib, runtime_dir / f"{STDLIB_NAME}.gz")
    for wheel in runner_wheels(runtime_dir):
        gzip_once(wheel, wheel.with_name(f"{wheel.name}.gz"))
        wheel.unlink()  # stored uncompressed for slicing: never fetched as it is
    manifest_file = runtime_dir / MANIFEST_NAME
    if manifest_file.exists():
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        manifest["files"][STDLIB_NAME] = {
            "url": f"{STDLIB_NAME}.gz",
            "encoding": "gzip",
            "size": stdlib.stat().st_size,
            "transfer": (runtime_dir / f"{STDLIB_NAME}.gz").stat().st_size,
        }
        manifest_file.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
