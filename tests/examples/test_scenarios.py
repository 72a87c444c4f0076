"""Each example's scenario, declared once in docs/examples/scenarios.toml, passes in CPython."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scripts.example_driver import mask_tokens
from scripts.runner_scenarios import DOCS_DIR, ScenarioError, load_scenarios
from tests.examples.scenario_runs import ROOT, cpython_results

SCENARIOS = load_scenarios()
RUNNABLE = [s for s in SCENARIOS if s["runnable"]]
FIXTURES = Path(__file__).parent / "fixtures" / "bad_scenarios"
FRAMEWORK_EXAMPLES = sorted(
    path.relative_to(DOCS_DIR / "examples").as_posix()
    for framework in ("flask", "django")
    for path in (DOCS_DIR / "examples").glob(f"*/{framework}_*.py")
)


def body_text(exchange: dict[str, Any]) -> str:
    body = exchange["body"]
    return body if isinstance(body, str) else json.dumps(body)


def test_every_framework_example_has_a_scenario_or_a_reason() -> None:
    declared = {s["example"] for s in SCENARIOS}
    assert sorted(set(FRAMEWORK_EXAMPLES) - declared) == []


def test_both_frameworks_have_runnable_examples() -> None:
    assert {s["framework"] for s in RUNNABLE} == {"flask", "django"}


@pytest.mark.parametrize("scenario", RUNNABLE, ids=lambda s: s["example"])
def test_scenario_responses_match_what_it_declares(scenario: dict[str, Any]) -> None:
    result = cpython_results()[scenario["example"]]
    assert result["ok"], result.get("error")
    exchanges = result["exchanges"]
    assert len(exchanges) == len(scenario["requests"])
    for request, exchange in zip(scenario["requests"], exchanges, strict=True):
        where = f"{request['method']} {request['path']}"
        assert exchange["status"] == request["expect"], where
        assert request.get("contains", "") in body_text(exchange), where


def test_csrf_tokens_are_masked_for_comparison() -> None:
    result = cpython_results()["security/django_csrf.py"]
    masked = mask_tokens(result)
    assert masked["exchanges"][0]["body"] != result["exchanges"][0]["body"]
    assert 'name="csrfmiddlewaretoken" value="…"' in masked["exchanges"][0]["body"]


def in_new_python(program: str, *args: str) -> Any:
    """What ``program``, run in a new interpreter from the project's root, prints as JSON."""
    completed = subprocess.run(
        [sys.executable, "-c", program, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(completed.stdout)


def scratch_example(tmp_path: Path, example: str) -> tuple[Path, dict[str, Any]]:
    """A docs folder with the packages of a Flask ``example`` (not written), and its scenario:
    one GET of /."""
    docs = tmp_path / "docs"
    topic = docs / "examples" / example.rpartition("/")[0]
    topic.mkdir(parents=True)
    for package in (docs / "examples", topic):
        (package / "__init__.py").write_text("", encoding="utf-8")
    scenario = {
        "example": example,
        "framework": "flask",
        "app": "app",
        "requests": [{"method": "GET", "path": "/", "expect": 200}],
    }
    return docs, scenario


def test_an_exception_comes_back_as_a_traceback_from_the_example(tmp_path: Path) -> None:
    docs, scenario = scratch_example(tmp_path, "broken/flask_broken.py")
    source = "from flask import Flask\napp = Flask(__name__)\n1 / 0\n"
    # A new interpreter: this one has already imported the guide's own `examples` package.
    program = (
        "import sys\nfrom scripts.example_driver import run_scenario_json\n"
        "print(run_scenario_json(*sys.argv[1:]))"
    )
    reply = in_new_python(program, str(docs), json.dumps(scenario), source)
    assert reply["ok"] is False
    assert reply["error"].startswith("Traceback (most recent call last):")
    assert 'File "examples/broken/flask_broken.py", line 3' in reply["error"]
    assert reply["error"].rstrip().endswith("ZeroDivisionError: division by zero")


def test_a_run_reads_the_example_folders_again_and_no_other(tmp_path: Path) -> None:
    docs, scenario = scratch_example(tmp_path, "topic/flask_app.py")
    app = "from flask import Flask\napp = Flask(__name__)\napp.get('/')(lambda: {GREETING})\n"
    # The second run's edit imports a module written to the example's folder in between.
    program = """
import json, sys
from pathlib import Path
from scripts.example_driver import run_scenario_json

class Elsewhere:
    invalidated = 0
    @staticmethod
    def find_spec(name, target=None):
        return None
    @classmethod
    def invalidate_caches(cls):
        cls.invalidated += 1

sys.path_importer_cache["/elsewhere"] = Elsewhere
docs, scenario, first, second = sys.argv[1:]
replies = [json.loads(run_scenario_json(docs, scenario, first))]
(Path(docs) / "examples" / "topic" / "greeting.py").write_text("GREETING = 'hello'\\n")
replies.append(json.loads(run_scenario_json(docs, scenario, second)))
print(json.dumps({"replies": replies, "elsewhere": Elsewhere.invalidated}))
"""
    first = app.format(GREETING="'first'")
    second = "from .greeting import GREETING\n" + app.format(GREETING="GREETING")
    output = in_new_python(program, str(docs), json.dumps(scenario), first, second)
    bodies = [reply["exchanges"][0]["body"] for reply in output["replies"]]
    assert bodies == ["first", "hello"]
    # Other finders keep what they read (the standard library's zip directory, in Pyodide).
    assert output["elsewhere"] == 0


def test_flask_runs_name_the_werkzeug_version_that_importlib_metadata_finds() -> None:
    # A new interpreter: Flask has not filled its cache there yet.
    program = """
import importlib.metadata, json
import flask.testing
from scripts.example_driver import _note_werkzeug_version
_note_werkzeug_version()
print(json.dumps([flask.testing._werkzeug_version, importlib.metadata.version("werkzeug")]))
"""
    noted, installed = in_new_python(program)
    assert noted == installed


BAD = sorted(FIXTURES.glob("*.toml"))


@pytest.mark.parametrize("fixture", BAD, ids=lambda path: path.stem)
def test_malformed_scenarios_fail_naming_the_problem(fixture: Path) -> None:
    expected = fixture.read_text(encoding="utf-8").splitlines()[0].removeprefix("# error: ")
    with pytest.raises(ScenarioError) as raised:
        load_scenarios(fixture, DOCS_DIR)
    assert expected in str(raised.value)
    assert str(raised.value).startswith(f"{fixture.name}: ")
