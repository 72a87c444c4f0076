"""Run every runnable scenario once in a fresh CPython, as the browser runner runs them."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from scripts.runner_scenarios import DOCS_DIR, load_scenarios

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def cpython_results() -> dict[str, Any]:
    """``{example: result}`` from ``scripts.example_driver`` in a new interpreter, so Django is
    configured exactly as in the browser and no test's state leaks in."""
    with tempfile.TemporaryDirectory() as scratch:
        scenarios_file = Path(scratch) / "scenarios.json"
        scenarios_file.write_text(json.dumps(load_scenarios()), encoding="utf-8")
        completed = subprocess.run(
            [sys.executable, "-m", "scripts.example_driver", str(DOCS_DIR), str(scenarios_file)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
    results: dict[str, Any] = json.loads(completed.stdout)
    return results
