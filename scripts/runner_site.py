"""Write what the browser runner fetches on the first Run: its bundle and the framework wheels."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scripts.engine_wheel import ROOT
from scripts.runner_wheels import install_runner_wheels

DRIVER = ROOT / "scripts" / "example_driver.py"
EXAMPLES_DIR = ROOT / "docs" / "examples"
BUNDLE = Path("assets") / "runner" / "bundle.json"


def example_sources(examples_dir: Path = EXAMPLES_DIR) -> dict[str, str]:
    """Every Python file under docs/examples/, by its path there: the runner imports them."""
    return {
        path.relative_to(examples_dir).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(examples_dir.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def write_bundle(site_dir: Path, scenarios: Mapping[str, Mapping[str, Any]]) -> Path:
    """One JSON file: the driver, the example files, and the runnable scenarios."""
    bundle = {
        "driver": DRIVER.read_text(encoding="utf-8"),
        "files": example_sources(),
        "scenarios": {name: dict(s) for name, s in scenarios.items() if s["runnable"]},
    }
    target = site_dir / BUNDLE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(bundle, separators=(",", ":")), encoding="utf-8")
    return target


def install_runner(
    site_dir: Path, scenarios: Mapping[str, Mapping[str, Any]], base_lockfile: Path
) -> None:
    write_bundle(site_dir, scenarios)
    install_runner_wheels(site_dir / "pyodide", base_lockfile)
