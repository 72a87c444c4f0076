"""Run a script in the pinned Pyodide under Node, for the parity tests, and read its JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest


def run_in_pyodide(script: Path, *args: str | Path, timeout: float = 600) -> dict[str, Any]:
    """Run ``node script args``; return its JSON output, which says which Python ran it.

    Fails the test (never skips it) when Node is missing or the script fails, with the end of
    what it wrote to stderr.
    """
    if shutil.which("node") is None:
        pytest.fail("Node.js is required for the Pyodide parity tests (make test installs it)")
    completed = subprocess.run(
        ["node", str(script), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    if completed.returncode != 0:
        pytest.fail(f"{script.name} failed in Pyodide:\n{completed.stderr[-3000:]}")
    output: dict[str, Any] = json.loads(completed.stdout)
    assert output["python"]  # really ran inside Pyodide
    return output
