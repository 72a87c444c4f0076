"""Record the regular expressions the runner's scenarios compile (scripts/compiled_patterns.py)
and the code dataclasses and namedtuple generate meanwhile (scripts/compiled_code.py), in the
site's Pyodide under Node, proven by a second run that uses them and must answer every scenario
exactly as the first did; the same recording run gives the order in which each framework's
modules are imported, which the runner's warm-up follows one module at a time."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

from scripts.engine_wheel import ROOT, BuildStepError
from scripts.example_driver import mask_tokens
from scripts.quiz_stdlib import run_node_script
from scripts.runner_wheels import RUNNER_LOCK

SCRIPT = ROOT / "scripts" / "runner_patterns.mjs"
CACHE_DIR = ROOT / ".cache" / "runner-patterns"
# The driver, the example folders and the modules installed before them.
GUIDE_MODULES = ("example_driver", "examples", "compiled_code", "compiled_patterns", "stdlib_zip")
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


def import_order(
    scenarios: dict[str, dict[str, Any]], imported: dict[str, list[str]]
) -> dict[str, list[str]]:
    """By framework, the modules its scenarios imported in one interpreter, each after the
    modules it imports: importing them in this order executes one module per import. The guide's
    own modules are left out (each Run imports its example's folder afresh)."""
    order: dict[str, list[str]] = {}
    for example, names in imported.items():
        modules = order.setdefault(scenarios[example]["framework"], [])
        modules += [name for name in names if name.partition(".")[0] not in GUIDE_MODULES]
    return order


def module_packages(runtime_dir: Path) -> dict[str, str]:
    """Which of the runner's packages provides each top-level module (the lock file's
    ``imports`` leaves some out): the warm-up installs a package before importing its modules."""
    lock = json.loads((runtime_dir / RUNNER_LOCK).read_text(encoding="utf-8"))
    owners: dict[str, str] = {}
    for package, entry in lock["packages"].items():
        wheel = runtime_dir / entry["file_name"]
        data = (
            wheel.read_bytes()
            if wheel.exists()
            else gzip.decompress(wheel.with_name(f"{wheel.name}.gz").read_bytes())
        )
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            tops = {name.split("/", 1)[0] for name in archive.namelist()}
        for top in tops:
            if not top.endswith((".dist-info", ".data")):
                owners[top.removesuffix(".pyc").removesuffix(".py")] = package
    return owners


def add_patterns(site_dir: Path, bundle_file: Path, stdlib: Path) -> None:
    """Fill the bundle's tables of compiled patterns and generated code (its ``patterns`` and
    ``code``, base64), recorded in a run of every scenario and checked by a run that uses them;
    from the same recording, the order
    in which the frameworks' modules were imported (``import_order``), and the package of each
    top-level module (``import_packages``). The bundle as written must carry the recording
    module and no table."""
    bundle = json.loads(bundle_file.read_text(encoding="utf-8"))
    lockfile = site_dir / "pyodide" / "runner-lock.json"
    cached = CACHE_DIR / f"{inputs_digest(bundle_file, stdlib, lockfile)}.json"
    if cached.exists():
        bundle.update(json.loads(cached.read_text(encoding="utf-8")))
        bundle_file.write_text(json.dumps(bundle, separators=(",", ":")), encoding="utf-8")
        return
    recorded = run_patterns("record", site_dir, stdlib)
    made = {
        "patterns": base64.b64encode(bytes.fromhex(recorded["table"])).decode("ascii"),
        "code": base64.b64encode(bytes.fromhex(recorded["code"])).decode("ascii"),
        "import_order": import_order(bundle["scenarios"], recorded["imported"]),
        "import_packages": module_packages(site_dir / "pyodide"),
    }
    bundle.update(made)
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
    cached.write_text(json.dumps(made), encoding="utf-8")
