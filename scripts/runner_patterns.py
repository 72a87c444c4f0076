"""Record the regular expressions the runner's scenarios compile (scripts/compiled_patterns.py),
in the site's Pyodide under Node, proven by a second run that uses them and must answer every
scenario exactly as the first did."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from scripts.engine_wheel import ROOT, BuildStepError
from scripts.example_driver import mask_tokens
from scripts.quiz_stdlib import run_node_script

SCRIPT = ROOT / "scripts" / "runner_patterns.mjs"
CACHE_DIR = ROOT / ".cache" / "runner-patterns"
INPUTS = [
    SCRIPT,
    ROOT / "scripts" / "runner_setup.mjs",
    ROOT / "docs" / "assets" / "runner" / "wheels.mjs",
]


def run_patterns(command: str, site_dir: Path, stdlib: Path) -> dict[str, Any]:
    return run_node_script(
        SCRIPT,
        [command, str(site_dir), str(stdlib)],
        f"Recording the runner's regular expressions ({command})",
    )


def inputs_digest(bundle: Path, stdlib: Path, lockfile: Path) -> str:
    digest = hashlib.sha256()
    for path in (bundle, stdlib, lockfile, *INPUTS):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def add_patterns(site_dir: Path, bundle_file: Path, stdlib: Path) -> None:
    """Fill the bundle's table of compiled patterns (its ``patterns``, base64), recorded in a
    run of every scenario and checked by a run that uses it; the bundle as written must carry
    the recording module and no table."""
    bundle = json.loads(bundle_file.read_text(encoding="utf-8"))
    lockfile = site_dir / "pyodide" / "runner-lock.json"
    cached = CACHE_DIR / f"{inputs_digest(bundle_file, stdlib, lockfile)}.b64"
    if cached.exists():
        bundle["patterns"] = cached.read_text(encoding="ascii")
        bundle_file.write_text(json.dumps(bundle, separators=(",", ":")), encoding="utf-8")
        return
    recorded = run_patterns("record", site_dir, stdlib)
    table = base64.b64encode(bytes.fromhex(recorded["table"])).decode("ascii")
    bundle["patterns"] = table
    bundle_file.write_text(json.dumps(bundle, separators=(",", ":")), encoding="utf-8")
    checked = run_patterns("check", site_dir, stdlib)
    differ = [
        example
        for example, reply in recorded["replies"].items()
        if not reply.get("ok") or mask_tokens(reply) != mask_tokens(checked["replies"][example])
    ]
    if differ:
        raise BuildStepError(
            f"With the recorded regular expressions, {', '.join(differ)} answer differently"
        )
    shutil.rmtree(CACHE_DIR, ignore_errors=True)
    CACHE_DIR.mkdir(parents=True)
    cached.write_text(table, encoding="ascii")
