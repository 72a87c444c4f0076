"""Every page we generate is valid HTML, by the Nu Html Checker (npm vnu-jar, run on Java).

One checker run covers all pages (the JVM is slow to start). Errors in our markup (the pages,
scripts/quiz_form.py, scripts/page_meta.py, overrides/) are fixed, never filtered: the only
filters below are for markup that Material for MkDocs itself writes, each matched by the exact
message and by the Material element it is about.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.site.sitemodel import ROOT, Site

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (exact message, text of the Material element it is about); the comment says why it is Material's.
MATERIAL_MARKUP = [
    (
        "Attribute \u201cautocomplete\u201d is only allowed when the input type is "
        "\u201ccolor\u201d, \u201cdate\u201d, \u201cdatetime-local\u201d, \u201cemail\u201d, \u201chidden\u201d, "
        "\u201cmonth\u201d, \u201cnumber\u201d, \u201cpassword\u201d, \u201crange\u201d, "
        "\u201csearch\u201d, \u201ctel\u201d, \u201ctext\u201d, \u201ctime\u201d, \u201curl\u201d, "
        "or \u201cweek\u201d.",
        'class="md-toggle"',
        # Material's base.html gives its drawer and search toggles (hidden checkboxes)
        # autocomplete="off", so that browsers do not restore their checked state on reload.
    ),
    (
        "Bad value \u201c\u201d for attribute \u201ctabindex\u201d on element \u201clabel\u201d: "
        "The empty string is not a valid integer.",
        'class="md-nav__link"',
        # Material's partials/nav-item.html sets tabindex to "0" unless the item is a section
        # (navigation.sections), and then still writes the attribute, empty.
    ),
]


def is_material_markup(message: dict[str, object]) -> bool:
    text, extract = str(message.get("message", "")), str(message.get("extract", ""))
    return any(text == rule and marker in extract for rule, marker in MATERIAL_MARKUP)


def run_vnu(files: list[Path]) -> list[dict[str, object]]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is needed for the Nu Html Checker (install a JRE, e.g. openjdk-17-jre)")
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run `npm ci` (make test does)")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    # vnu writes its JSON report on stderr, and exits 1 when it found errors.
    assert result.returncode in {0, 1}, result.stderr[-2000:]
    messages: list[dict[str, object]] = json.loads(result.stderr)["messages"]
    return messages


def describe(message: dict[str, object], site_dir: Path) -> str:
    url = str(message.get("url", ""))
    where = url.split(site_dir.as_posix() + "/", 1)[-1]
    extract = str(message.get("extract", "")).strip().replace("\n", " ")
    return f"{where}:{message.get('lastLine')}: {message.get('message')} [{extract[:120]}]"


@pytest.fixture(scope="module")
def vnu_messages(site: Site) -> list[dict[str, object]]:
    return run_vnu([site.directory / path for path in site.pages])


def test_every_page_is_valid_html(site: Site, vnu_messages: list[dict[str, object]]) -> None:
    assert len(site.pages) >= 15
    # With --errors-only: "error", or "non-document-error" for a file that could not be checked.
    errors = [m for m in vnu_messages if not is_material_markup(m)]
    assert [describe(m, site.directory) for m in errors] == []


def test_material_filters_still_match_something(vnu_messages: list[dict[str, object]]) -> None:
    # A filter that no longer matches anything (Material fixed its markup) should be removed.
    for rule, marker in MATERIAL_MARKUP:
        assert any(
            m.get("message") == rule and marker in str(m.get("extract")) for m in vnu_messages
        )


def test_the_checker_reports_our_own_mistakes(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<p markdown="0">x</p><input type="checkbox" autocomplete="off"><p>'
        "</body></html>",
        encoding="utf-8",
    )
    messages = run_vnu([page])
    errors = [m for m in messages if m.get("type") == "error" and not is_material_markup(m)]
    # Our markdown attribute, and an autocomplete on an element that is not Material's toggle.
    assert len(errors) == 2
