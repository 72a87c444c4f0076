"""Build the quiz engine's wheel and register it in a copy of Pyodide's lockfile."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = ROOT / ".cache" / "wheel"


class BuildStepError(RuntimeError):
    """A build step failed; the message says which and shows its output."""


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise BuildStepError(f"{what} failed (exit {result.returncode}):\n{output}")


def source_digest() -> str:
    """A hash of everything that goes into the wheel, so an unchanged engine is not rebuilt."""
    digest = hashlib.sha256()
    for path in sorted([ROOT / "pyproject.toml", *(ROOT / "quiz").rglob("*")]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_wheel() -> Path:
    """Build (or reuse) the engine wheel with the standard build front end; return its path."""
    out_dir = CACHE_DIR / source_digest()
    wheels = sorted(out_dir.glob("*.whl"))
    if len(wheels) == 1:
        return wheels[0]
    shutil.rmtree(CACHE_DIR, ignore_errors=True)
    out_dir.mkdir(parents=True)
    _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out_dir), "."],
        "Building the quiz engine wheel",
    )
    wheels = sorted(out_dir.glob("*.whl"))
    if len(wheels) != 1:
        raise BuildStepError(f"expected one wheel in {out_dir}, found {len(wheels)}")
    return wheels[0]


def register_wheel(wheel: Path, lockfile_in: Path, lockfile_out: Path) -> None:
    """Register ``wheel``, copied next to ``lockfile_out``, with ``pyodide lockfile add-wheels``."""
    pyodide_cli = Path(sys.executable).with_name("pyodide")
    _run(
        [
            str(pyodide_cli),
            "lockfile",
            "add-wheels",
            "--input",
            str(lockfile_in),
            "--output",
            str(lockfile_out),
            "--base-path",
            str(lockfile_out.parent),
            str(wheel),
        ],
        "Registering the engine wheel with `pyodide lockfile add-wheels`",
    )
