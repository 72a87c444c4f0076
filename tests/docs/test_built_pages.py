"""The built topic pages open with the verdict, then the applies-to line from mkdocs.yml."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.docs.guide import (
    WITHOUT_VERDICT,
    built_page,
    html_texts,
    read_page,
    topic_pages,
    versions,
)

TOPICS = topic_pages()
APPLIES_TO = "fvd-applies-to"
VERDICT = "fvd-topic-verdict"


@pytest.mark.parametrize("source", TOPICS, ids=lambda path: path.name)
def test_topic_page_says_which_releases_it_covers(built_site: Path, source: Path) -> None:
    html = built_page(built_site, source.name)
    assert html.is_file(), f"{source.name} was not built to {html}"
    lines = html_texts(html, APPLIES_TO)
    assert len(lines) == 1, f'expected one <p class="{APPLIES_TO}">, found {lines}'
    current = versions()
    expected = re.compile(
        rf"Applies to Django {re.escape(current['django'])} and Flask {re.escape(current['flask'])}"
        rf"\b.*\bsecurity fixes until {re.escape(current['django_security_until'])}\b.*"
        rf"\b{re.escape(current['django_last_lts'])}, the last LTS release\b.*"
        rf"\bsupported until {re.escape(current['django_last_lts_until'])}\b.*"
        r"\bLast reviewed (?P<reviewed>\d{1,2} \w+ \d{4})\."
    )
    match = expected.fullmatch(lines[0])
    assert match, f"{lines[0]!r} does not name the versions {current}"
    reviewed = read_page(source).front_matter()["reviewed"]
    if isinstance(reviewed, str):
        reviewed = dt.date.fromisoformat(reviewed)
    assert match["reviewed"] == f"{reviewed.day} {reviewed:%B %Y}"


@pytest.mark.parametrize("source", TOPICS, ids=lambda path: path.name)
def test_verdict_comes_first_then_the_metadata_line(built_site: Path, source: Path) -> None:
    html = built_page(built_site, source.name).read_text(encoding="utf-8")
    content = html[html.index("<h1") :]
    applies_to = content.index(f'class="{APPLIES_TO}"')
    first_section = content.find("<h2")
    assert 0 < applies_to < (first_section if first_section >= 0 else len(content))
    if source.name in WITHOUT_VERDICT:
        assert f'class="{VERDICT}"' not in content
        return
    verdict = content.index(f'class="{VERDICT}"')
    assert verdict < applies_to, "the verdict comes before the applies-to line"
    between = content[content.index("</h1>") : verdict]
    assert "<p" not in between, "nothing stands between the title and the verdict"
    (text,) = html_texts(built_page(built_site, source.name), VERDICT)
    assert text.startswith("Choose Django when"), text
    assert "Choose Flask when" in text, text
