"""Version placeholders and the applies-to line come from mkdocs.yml, never typed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from scripts.page_meta import (
    PageMetaError,
    applies_to_line,
    fill_versions,
    insert_applies_to,
    parse_reviewed,
)

VERSIONS = {"django": "6.1", "django_lts": "5.2", "flask": "3.1"}


def test_placeholders_are_filled() -> None:
    text = "Django {{ version.django }} and Flask {{version.flask}}; LTS {{ version.django_lts }}."
    assert fill_versions(text, VERSIONS, "a.md") == "Django 6.1 and Flask 3.1; LTS 5.2."


def test_unknown_placeholder_names_page_and_name() -> None:
    with pytest.raises(PageMetaError, match=r"a\.md: unknown version placeholder 'quart'"):
        fill_versions("{{ version.quart }}", VERSIONS, "a.md")


def test_template_syntax_in_prose_is_left_alone() -> None:
    assert fill_versions("{{ user.name }}", VERSIONS, "a.md") == "{{ user.name }}"


def test_applies_to_line_goes_under_the_title() -> None:
    line = applies_to_line(VERSIONS, dt.date(2026, 11, 27))
    assert "Django 6.1" in line and "5.2 LTS" in line and "Flask 3.1" in line
    assert '<time datetime="2026-11-27">27 November 2026</time>' in line
    page = insert_applies_to("---\n# Title\n\nBody", line, "a.md")
    assert page.index("# Title") < page.index(line) < page.index("Body")


@pytest.mark.parametrize("value", ["last week", 2026, "2026-13-01"])
def test_bad_review_dates_are_rejected(value: object) -> None:
    with pytest.raises(PageMetaError, match="reviewed"):
        parse_reviewed(value, "a.md")


def test_review_date_accepts_dates_and_iso_strings() -> None:
    assert parse_reviewed(dt.date(2026, 1, 2), "a.md") == dt.date(2026, 1, 2)
    assert parse_reviewed("2026-01-02", "a.md") == dt.date(2026, 1, 2)
