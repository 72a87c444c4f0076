"""Build the quiz engine's wheel, compiled for the pinned Pyodide; register it in a lockfile."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
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


def wheel_cache_dir(runtime: str) -> Path:
    """Where the wheel is kept for this engine, this runtime and this module (how it is written)."""
    writer = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8]
    return CACHE_DIR / f"{source_digest()}-{writer}-{runtime[:16]}"


def build_wheel(runtime_dir: Path, runtime: str) -> Path:
    """Build (or reuse) the engine wheel with the standard build front end, its modules compiled
    by the runtime in ``runtime_dir`` (whose digest is ``runtime``); return its path."""
    out_dir = wheel_cache_dir(runtime)
    wheels = sorted(out_dir.glob("*.whl"))
    if len(wheels) == 1:
        return wheels[0]
    shutil.rmtree(CACHE_DIR, ignore_errors=True)
    sources_dir = out_dir / "sources"
    sources_dir.mkdir(parents=True)
    build = [sys.executable, "-m", "build", "--wheel", "--no-isolation"]
    _run([*build, "--outdir", str(sources_dir), "."], "Building the quiz engine wheel")
    wheels = sorted(sources_dir.glob("*.whl"))
    if len(wheels) != 1:
        raise BuildStepError(f"expected one wheel in {sources_dir}, found {len(wheels)}")
    wheel = out_dir / wheels[0].name
    add_bytecode(wheels[0], wheel, compile_modules(wheels[0], runtime_dir, out_dir))
    return wheel


def compile_modules(wheel: Path, runtime_dir: Path, work_dir: Path) -> dict[str, bytes]:
    """The bytecode of every module in ``wheel``, compiled by the runtime in ``runtime_dir``:
    {path of its .pyc in __pycache__: the .pyc file's bytes}."""
    from scripts.quiz_stdlib import SCRIPT, run_node_script  # it builds on this module

    with zipfile.ZipFile(wheel) as archive:
        sources = {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".py")
        }
    task = work_dir / "compile.json"
    task.write_text(json.dumps({"sources": sources}), encoding="utf-8")
    output = work_dir / "bytecode.json"
    run_node_script(
        SCRIPT,
        ["compile", str(runtime_dir), str(task), str(output)],
        "Compiling the quiz engine for the runtime",
    )
    encoded: dict[str, str] = json.loads(output.read_text(encoding="utf-8"))
    return {name: base64.b64decode(data) for name, data in encoded.items()}


def add_bytecode(wheel: Path, target: Path, bytecode: dict[str, bytes]) -> None:
    """Write ``wheel`` to ``target`` with ``bytecode`` ({path: .pyc bytes}) added, its RECORD
    listing them; compressed, as the site serves the engine's wheel as it is."""
    with zipfile.ZipFile(wheel) as source:
        files = {
            info.filename: source.read(info) for info in source.infolist() if not info.is_dir()
        }
    dist_info = next(name.split("/", 1)[0] for name in files if ".dist-info/" in name)
    write_wheel(target, {**files, **bytecode}, dist_info, compression=zipfile.ZIP_DEFLATED)


# Every file the build writes into a zip carries this date, so that the same files make the same
# bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def append_stored(path: Path, files: dict[str, bytes]) -> None:
    """Append ``files`` (name: bytes), in order and uncompressed, to the zip at ``path``."""
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), data)


def write_wheel(
    path: Path, files: dict[str, bytes], dist_info: str, compression: int = zipfile.ZIP_STORED
) -> Path:
    """Write a wheel holding ``files`` and a RECORD that lists them with their hashes. Stored
    uncompressed unless told: the site serves the runner's wheels gzip-compressed as a whole,
    and the runner unpacks each in one pass, each file a slice of its bytes
    (docs/assets/runner/wheels.mjs)."""
    record = io.StringIO()
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in sorted(files.items()):
            if name == f"{dist_info}/RECORD":
                continue
            archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, compression)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.write(f"{name},sha256={digest.decode()},{len(data)}\n")
        record.write(f"{dist_info}/RECORD,,\n")
        info = zipfile.ZipInfo(f"{dist_info}/RECORD", ZIP_DATE)
        archive.writestr(info, record.getvalue(), compression)
    return path


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
