"""Install the self-hosted Pyodide runtime into the built site, pre-compressed for the reader.

Hosts differ in what they compress (GitHub Pages does not say whether it compresses `.wasm`),
so the large binary files are also published gzip-compressed (`NAME.gz`, served as they are)
and inflated in the worker; `runtime.json` lists them with their sizes for progress and checks.
Pyodide's loader is published patched (`scripts/pyodide_patch.py`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import zopfli.gzip  # type: ignore[import-untyped]

from scripts.engine_wheel import ROOT, BuildStepError, build_wheel, register_wheel
from scripts.pyodide_patch import LOADER, patch_loader
from scripts.quiz_stdlib import BUNDLE_NAME, build_bundle, runtime_digest

PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
# Only what the engine needs: the loader, the wasm binary and its JS, the standard library.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# Published pre-compressed as well: binary files a host may send uncompressed.
PRECOMPRESSED = ("pyodide.asm.wasm", BUNDLE_NAME)
MANIFEST_NAME = "runtime.json"
SITE_SUBDIR = "pyodide"
ENGINE_PACKAGE = "flask-vs-django-quiz"
# The quiz's own lockfile: the engine's entry alone. Pyodide turns every entry of the lockfile it
# boots with into Python objects on every boot (a snapshot's restore included); with Pyodide's
# own file, hundreds of packages, that took up to 50 ms of a boot in Chromium profiles.
QUIZ_LOCK = "quiz-lock.json"
GZIP_CACHE = ROOT / ".cache" / "runtime-gzip"
# More iterations buy little: 5 instead of 1 saved 2 KB more of the binary's 3.4 MB.
ZOPFLI_ITERATIONS = 1


def pyodide_version() -> str:
    """The version of the installed npm package (pinned in package-lock.json)."""
    manifest = PYODIDE_PACKAGE / "package.json"
    if not manifest.exists():
        raise BuildStepError(
            f"{manifest} is missing: run `npm ci` (make build does) to install the pinned Pyodide"
        )
    version: str = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    return version


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def gzip_once(source: Path, target: Path) -> None:
    """Write ``source`` gzip-compressed to ``target``, cached: by Zopfli, whose gzip streams are
    about 3 % smaller than zlib's best level (the wasm binary 3.41 instead of 3.53 MB) and
    inflate the same way, at the cost of build time (about 12 s for the binary, once)."""
    data = source.read_bytes()
    cached = GZIP_CACHE / f"{source.name}-{hashlib.sha256(data).hexdigest()[:16]}.zopfli.gz"
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        for stale in cached.parent.glob(f"{source.name}-*.gz"):
            stale.unlink()
        compressed = zopfli.gzip.compress(data, numiterations=ZOPFLI_ITERATIONS)
        if gzip.decompress(compressed) != data:
            raise BuildStepError(f"Zopfli's gzip stream of {source.name} does not inflate to it")
        cached.write_bytes(compressed)
    shutil.copy2(cached, target)


def write_quiz_lock(lockfile: Path, quiz_lock: Path) -> None:
    """Write ``quiz_lock``: ``lockfile`` with only the engine and what it depends on."""
    lock = json.loads(lockfile.read_text(encoding="utf-8"))
    packages = lock["packages"]
    needed: set[str] = set()
    pending = [ENGINE_PACKAGE]
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        if name not in packages:
            raise BuildStepError(f"{lockfile.name} has no entry for {name}, which the quiz loads")
        needed.add(name)
        pending.extend(packages[name]["depends"])
    lock["packages"] = {name: packages[name] for name in sorted(needed)}
    quiz_lock.write_text(json.dumps(lock, separators=(",", ":")), encoding="utf-8")


def install_runtime(
    site_dir: Path, *, quiz_stdlib: bool = True, runtime: str | None = None
) -> Path:
    """Copy the runtime and the engine wheel into ``site_dir/pyodide``, write its lockfiles, and,
    unless ``quiz_stdlib`` is false, the quiz's standard library and the pre-compressed files
    with their manifest. ``runtime`` is the runtime's digest when the caller already has it."""
    version = pyodide_version()
    target = site_dir / SITE_SUBDIR
    target.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        shutil.copy2(PYODIDE_PACKAGE / name, target / name)
    loader = target / LOADER
    loader.write_text(patch_loader(loader.read_text(encoding="utf-8")), encoding="utf-8")
    runtime = runtime or runtime_digest(PYODIDE_PACKAGE)
    wheel = build_wheel(PYODIDE_PACKAGE, runtime)
    for stale in target.glob("*.whl"):
        stale.unlink()
    shutil.copy2(wheel, target / wheel.name)
    register_wheel(
        target / wheel.name, PYODIDE_PACKAGE / "pyodide-lock.json", target / "pyodide-lock.json"
    )
    write_quiz_lock(target / "pyodide-lock.json", target / QUIZ_LOCK)
    if not quiz_stdlib:
        return target
    shutil.copy2(build_bundle(target, runtime), target / BUNDLE_NAME)
    files = {}
    for name in PRECOMPRESSED:
        gzip_once(target / name, target / f"{name}.gz")
        files[name] = {
            "url": f"{name}.gz",
            "encoding": "gzip",
            "size": (target / name).stat().st_size,
            "transfer": (target / f"{name}.gz").stat().st_size,
            "sha256": file_digest(target / name),
        }
    files["python_stdlib.zip"] = {
        "url": "python_stdlib.zip",
        "encoding": None,
        "size": (target / "python_stdlib.zip").stat().st_size,
        "transfer": (target / "python_stdlib.zip").stat().st_size,
        "sha256": file_digest(target / "python_stdlib.zip"),
    }
    (target / BUNDLE_NAME).unlink()  # readers only ever fetch the compressed copy
    # Digests name what a memory snapshot kept in the reader's browser was made from.
    packages = {ENGINE_PACKAGE: {"file": wheel.name, "sha256": file_digest(target / wheel.name)}}
    manifest = {"pyodide": version, "runtime_sha256": runtime, "files": files, "packages": packages}
    (target / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return target
