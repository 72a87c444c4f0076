"""Copy the self-hosted Pyodide runtime from node_modules into the built site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from scripts.engine_wheel import ROOT, BuildStepError, build_wheel, register_wheel
from scripts.memory_snapshot import install_snapshot, runtime_digest

PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
# Only what the engine needs: the loader, the wasm binary and its JS, the standard library.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
SITE_SUBDIR = "pyodide"
ENGINE_PACKAGE = "flask-vs-django-quiz"


def pyodide_version() -> str:
    """The version of the installed npm package (pinned in package-lock.json)."""
    manifest = PYODIDE_PACKAGE / "package.json"
    if not manifest.exists():
        raise BuildStepError(
            f"{manifest} is missing: run `npm ci` (make build does) to install the pinned Pyodide"
        )
    version: str = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    return version


def install_runtime(site_dir: Path, *, snapshot: bool = True, runtime: str | None = None) -> Path:
    """Copy the runtime and the engine wheel into ``site_dir/pyodide``, write its lockfile, and
    add a memory snapshot of the booted interpreter unless ``snapshot`` is false. ``runtime``
    is the runtime's digest when the caller already has it (see ``runtime_digest``)."""
    pyodide_version()
    target = site_dir / SITE_SUBDIR
    target.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        shutil.copy2(PYODIDE_PACKAGE / name, target / name)
    wheel = build_wheel()
    for stale in target.glob("*.whl"):
        stale.unlink()
    shutil.copy2(wheel, target / wheel.name)
    register_wheel(
        target / wheel.name, PYODIDE_PACKAGE / "pyodide-lock.json", target / "pyodide-lock.json"
    )
    if snapshot:
        install_snapshot(target, runtime or runtime_digest(PYODIDE_PACKAGE))
    return target
