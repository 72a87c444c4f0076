"""Read and check the examples' scenarios (docs/examples/scenarios.toml), declared once for both
the tests and the browser runner."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from scripts.engine_wheel import ROOT

DOCS_DIR = ROOT / "docs"
SCENARIOS_FILE = DOCS_DIR / "examples" / "scenarios.toml"
FRAMEWORK_PACKAGES = {"flask": ["flask"], "django": ["django", "tzdata"]}
EXAMPLE_FIELDS = {
    "example",
    "app",
    "app_module",
    "urlconf",
    "settings_from_module",
    "packages",
    "requests",
    "cannot_run",
}
REQUEST_FIELDS = {"method", "path", "headers", "json", "form", "form_token", "expect", "contains"}
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}


class ScenarioError(ValueError):
    """The scenarios file is malformed; the message names the example and the field."""


def framework_of(example: str) -> str:
    name = Path(example).name
    for framework in FRAMEWORK_PACKAGES:
        if name.startswith(f"{framework}_"):
            return framework
    raise ScenarioError(f"{example}: the file name must start with flask_ or django_")


def _check_request(where: str, request: Any) -> None:
    if not isinstance(request, dict):
        raise ScenarioError(f"{where}: a request is a table with method and path")
    unknown = set(request) - REQUEST_FIELDS
    if unknown:
        raise ScenarioError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    if request.get("method") not in METHODS:
        raise ScenarioError(f"{where}: method must be one of {', '.join(sorted(METHODS))}")
    if not str(request.get("path", "")).startswith("/"):
        raise ScenarioError(f"{where}: path must start with /")
    if not isinstance(request.get("expect"), int):
        raise ScenarioError(f"{where}: expect (the status code the tests require) is missing")


def check_scenario(entry: Any, docs_dir: Path) -> dict[str, Any]:
    """One checked scenario, with its framework, packages and runnable flag filled in."""
    if not isinstance(entry, dict) or not isinstance(entry.get("example"), str):
        raise ScenarioError("every [[example]] needs example = '<topic>/<file>.py'")
    example = entry["example"]
    unknown = set(entry) - EXAMPLE_FIELDS
    if unknown:
        raise ScenarioError(f"{example}: unknown field {sorted(unknown)[0]!r}")
    if not (docs_dir / "examples" / example).is_file():
        raise ScenarioError(f"{example}: no such file under {docs_dir / 'examples'}")
    framework = framework_of(example)
    scenario = {**entry, "framework": framework, "runnable": "cannot_run" not in entry}
    if not scenario["runnable"]:
        if set(entry) != {"example", "cannot_run"} or not str(entry["cannot_run"]).strip():
            raise ScenarioError(
                f"{example}: cannot_run is a reason, and excludes every other field"
            )
        return scenario
    requests = entry.get("requests")
    if not isinstance(requests, list) or not requests:
        raise ScenarioError(f"{example}: requests is missing or empty")
    for number, request in enumerate(requests, 1):
        _check_request(f"{example}, request {number}", request)
    if framework == "flask" and "app" not in entry:
        raise ScenarioError(f"{example}: app (the expression that gives the Flask app) is missing")
    scenario["packages"] = FRAMEWORK_PACKAGES[framework] + list(entry.get("packages", []))
    return scenario


def load_scenarios(path: Path = SCENARIOS_FILE, docs_dir: Path = DOCS_DIR) -> list[dict[str, Any]]:
    """Every scenario, checked; raises ScenarioError naming the file, example and field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"{path.name}: {error}") from None
    try:
        scenarios = [check_scenario(entry, docs_dir) for entry in data.get("example", [])]
    except ScenarioError as error:
        raise ScenarioError(f"{path.name}: {error}") from None
    seen: set[str] = set()
    for scenario in scenarios:
        if scenario["example"] in seen:
            raise ScenarioError(f"{path.name}: {scenario['example']} is declared twice")
        seen.add(scenario["example"])
    return scenarios
