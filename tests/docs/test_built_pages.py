"""The built topic pages carry the applies-to line, with the versions set in mkdocs.yml."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.docs.guide import built_page, html_texts, read_page, topic_pages, versions

TOPICS = topic_pages()
APPLIES_TO = "fvd-applies-to"


@pytest.mark.parametrize("source", TOPICS, ids=lambda path: path.name)
def test_topic_page_says_which_releases_it_covers(built_site: Path, source: Path) -> None:
    html = built_page(built_site, source.name)
    assert html.is_file(), f"{source.name} was not built to {html}"
    lines = html_texts(html, APPLIES_TO)
    assert len(lines) == 1, f'expected one <p class="{APPLIES_TO}">, found {lines}'
    current = versions()
    expected = re.compile(
        rf"Applies to Django {re.escape(current['django'])}\b.*"
        rf"\b{re.escape(current['django_lts'])} LTS\b.*"
        rf"\bFlask {re.escape(current['flask'])}\b.*"
        r"\bLast reviewed (?P<reviewed>\d{1,2} \w+ \d{4})\."
    )
    match = expected.fullmatch(lines[0])
    assert match, f"{lines[0]!r} does not name the versions {current}"
    reviewed = read_page(source).front_matter()["reviewed"]
    if isinstance(reviewed, str):
        reviewed = dt.date.fromisoformat(reviewed)
    assert match["reviewed"] == f"{reviewed.day} {reviewed:%B %Y}"
