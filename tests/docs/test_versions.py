"""The releases the guide names are those its examples are tested with, and still supported."""

from __future__ import annotations

import datetime as dt
import re
from importlib.metadata import version as installed_version

import pytest

from tests.docs.guide import ROOT, versions

REQUIREMENTS_LOCK = ROOT / "requirements.lock"
# `pip freeze` lines: Name==1.2.3
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)$", re.MULTILINE)
# The guide's names for the frameworks, and their names on the package index.
FRAMEWORKS = {"django": "Django", "flask": "Flask"}
MONTH_YEAR = "%B %Y"


def pinned_versions(lock_text: str) -> dict[str, str]:
    """Package name (lower case) to pinned version, from a `pip freeze`-style lock file."""
    return {match["name"].lower(): match["version"] for match in PIN.finditer(lock_text)}


def feature_release(full_version: str) -> str:
    """6.1.3 -> 6.1; 2028.2 -> 2028 (from 2028, a Django patch release raises the second part)."""
    major, minor, *_ = [*full_version.split("."), ""]
    return major if int(major) >= 2028 else f"{major}.{minor}"


def support_month(name: str) -> dt.date:
    """A 'Month YYYY' value of extra.versions as the first day of that month."""
    value = versions()[name]
    try:
        return dt.datetime.strptime(value, MONTH_YEAR).date()
    except ValueError:
        pytest.fail(f"extra.versions.{name} must read like 'April 2030', got {value!r}")


def test_lock_file_parsing() -> None:
    lock = "Django==6.1.3\nflask==3.1.3\nflask-wtf==1.3.0\n# comment\n"
    assert pinned_versions(lock) == {"django": "6.1.3", "flask": "3.1.3", "flask-wtf": "1.3.0"}
    assert feature_release("6.1.3") == "6.1"
    assert feature_release("3.1.10") == "3.1"
    assert feature_release("2028.4") == "2028"


@pytest.mark.parametrize("framework", sorted(FRAMEWORKS))
def test_guide_names_the_pinned_release(framework: str) -> None:
    pinned = pinned_versions(REQUIREMENTS_LOCK.read_text(encoding="utf-8"))
    package = FRAMEWORKS[framework].lower()
    assert package in pinned, f"requirements.lock pins no {FRAMEWORKS[framework]}"
    stated = versions()[framework]
    assert feature_release(pinned[package]) == stated, (
        f"mkdocs.yml extra.versions.{framework} is {stated}, but the examples are tested with "
        f"{FRAMEWORKS[framework]} {pinned[package]} (requirements.lock): update one of them"
    )


@pytest.mark.parametrize("framework", sorted(FRAMEWORKS))
def test_guide_names_the_installed_release(framework: str) -> None:
    installed = installed_version(FRAMEWORKS[framework])
    stated = versions()[framework]
    assert feature_release(installed) == stated, (
        f"the tests run {FRAMEWORKS[framework]} {installed}, but the pages say {stated}: "
        "reinstall from requirements.lock"
    )


def test_support_dates_are_in_order() -> None:
    start_on_until = support_month("django_security_until")
    lts_release = support_month("django_last_lts_release")
    lts_until = support_month("django_last_lts_until")
    yearly_release = support_month("django_first_yearly_release")
    assert lts_release < start_on_until < lts_until, (
        "the last LTS ships while the release to start on is supported, and outlives it"
    )
    assert lts_release < yearly_release <= lts_until


def test_release_to_start_on_is_still_supported() -> None:
    """The guide must not tell a reader to start on a release that no longer gets fixes."""
    until = support_month("django_security_until")
    today = dt.date.today().replace(day=1)
    assert until >= today, (
        f"Django {versions()['django']} is out of security support since {until:%B %Y}: "
        "review the pages against the current release and update mkdocs.yml extra.versions"
    )
