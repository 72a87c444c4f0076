"""Make (or reuse) the Pyodide memory snapshot that lets the quiz page skip Python's start-up."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

from scripts.engine_wheel import ROOT, BuildStepError

CACHE_DIR = ROOT / ".cache" / "snapshot"
SNAPSHOT_NAME = "snapshot.bin.gz"
MANIFEST_NAME = "snapshot.json"
# A snapshot is only valid for the exact runtime that made it.
RUNTIME_INPUTS = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
SNAPSHOT_SCRIPT = ROOT / "scripts" / "make_snapshot.mjs"


def runtime_digest(runtime_dir: Path) -> str:
    """SHA-256 over the runtime files a snapshot depends on, and the script that makes it."""
    digest = hashlib.sha256()
    for path in [*(runtime_dir / name for name in RUNTIME_INPUTS), SNAPSHOT_SCRIPT]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def install_snapshot(runtime_dir: Path, runtime: str) -> dict[str, object]:
    """Put ``snapshot.bin.gz`` and ``snapshot.json`` (its provenance) into ``runtime_dir``.

    ``runtime`` is :func:`runtime_digest` of the files in ``runtime_dir``, or of the package they
    were copied from: the same bytes, so the caller computes it once for page and manifest alike.
    """
    cached = CACHE_DIR / runtime[:16]
    if not (cached / MANIFEST_NAME).exists():
        node = shutil.which("node")
        if node is None:
            raise BuildStepError("Node.js is needed to make the Pyodide memory snapshot")
        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        cached.mkdir(parents=True)
        result = subprocess.run(
            [node, str(SNAPSHOT_SCRIPT), str(runtime_dir), str(cached / SNAPSHOT_NAME)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            shutil.rmtree(CACHE_DIR, ignore_errors=True)
            raise BuildStepError(
                f"Making the Pyodide memory snapshot failed:\n{result.stderr.strip()}"
            )
        made = json.loads(result.stdout)
        manifest = {
            "file": SNAPSHOT_NAME,
            "size": made["size"],
            "pyodide": made["version"],
            "runtime_sha256": runtime,
        }
        (cached / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for name in (SNAPSHOT_NAME, MANIFEST_NAME):
        shutil.copy2(cached / name, runtime_dir / name)
    manifest_text = (runtime_dir / MANIFEST_NAME).read_text(encoding="utf-8")
    loaded: dict[str, object] = json.loads(manifest_text)
    return loaded
