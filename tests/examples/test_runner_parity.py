"""Every runnable example gives identical responses in CPython and in the pinned Pyodide (Node),
with the trimmed wheels and the bundle the site serves."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scripts.example_driver import mask_tokens
from scripts.pyodide_runtime import PYODIDE_PACKAGE, install_runtime
from scripts.runner_scenarios import load_scenarios
from scripts.runner_site import install_runner
from scripts.runner_wheels import TRIMMED
from tests.examples.scenario_runs import cpython_results

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def pyodide_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if shutil.which("node") is None:
        pytest.fail("Node.js is required for the runner parity test (make test installs it)")
    site = tmp_path_factory.mktemp("site")
    install_runtime(site, quiz_stdlib=False)
    install_runner(
        site, {s["example"]: s for s in load_scenarios()}, PYODIDE_PACKAGE / "pyodide-lock.json"
    )
    completed = subprocess.run(
        ["node", str(HERE / "run_in_pyodide.mjs"), str(site)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    output = json.loads(completed.stdout)
    assert output["python"]  # really ran inside Pyodide
    results: dict[str, Any] = output["results"]
    return results


def test_pyodide_runs_every_runnable_example(pyodide_results: dict[str, Any]) -> None:
    runnable = {s["example"] for s in load_scenarios() if s["runnable"]}
    assert set(pyodide_results) == runnable


@pytest.mark.parametrize("example", sorted(s["example"] for s in load_scenarios() if s["runnable"]))
def test_pyodide_responses_equal_cpython(example: str, pyodide_results: dict[str, Any]) -> None:
    in_browser = pyodide_results[example]
    assert in_browser["ok"], in_browser.get("error")
    assert mask_tokens(in_browser) == mask_tokens(cpython_results()[example])


def test_trimming_drops_translations_but_keeps_english() -> None:
    assert TRIMMED.match("django/conf/locale/fr/LC_MESSAGES/django.mo")
    assert TRIMMED.match("django/contrib/admin/static/admin/css/base.css")
    assert TRIMMED.match("django/contrib/auth/locale/de/LC_MESSAGES/django.mo")
    assert not TRIMMED.match("django/conf/locale/en/LC_MESSAGES/django.mo")
    assert not TRIMMED.match("django/conf/locale/fr/formats.py")
    assert not TRIMMED.match("django/contrib/admin/templates/admin/base.html")
