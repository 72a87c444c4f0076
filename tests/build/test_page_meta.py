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

VERSIONS = {
    "django": "6.1",
    "flask": "3.1",
    "django_security_until": "January 2028",
    "django_last_lts": "6.2",
    "django_last_lts_release": "April 2027",
    "django_last_lts_until": "April 2030",
}
VERDICT = '<div class="fvd-topic-verdict" markdown>\n\n**Choose Django when** x.\n\n</div>'


def test_placeholders_are_filled() -> None:
    text = "Django {{ version.django }}, Flask {{version.flask}}, {{ version.django_last_lts }}."
    assert fill_versions(text, VERSIONS, "a.md") == "Django 6.1, Flask 3.1, 6.2."


def test_unknown_placeholder_names_page_and_name() -> None:
    with pytest.raises(PageMetaError, match=r"a\.md: unknown version placeholder 'quart'"):
        fill_versions("{{ version.quart }}", VERSIONS, "a.md")


def test_template_syntax_in_prose_is_left_alone() -> None:
    assert fill_versions("{{ user.name }}", VERSIONS, "a.md") == "{{ user.name }}"


def test_applies_to_line_says_what_to_start_on_and_when_to_upgrade() -> None:
    line = applies_to_line(VERSIONS, dt.date(2026, 11, 27))
    assert "<strong>Django 6.1</strong> and <strong>Flask 3.1</strong>" in line
    assert "security fixes until January 2028" in line
    assert "6.2, the last LTS release, when it ships in April 2027" in line
    assert "supported until April 2030" in line
    assert '<time datetime="2026-11-27">27 November 2026</time>' in line


def test_applies_to_line_goes_under_the_verdict() -> None:
    page = insert_applies_to(f"# Title\n\n{VERDICT}\n\nBody", "LINE", "a.md")
    assert page.index("# Title") < page.index("Choose Django") < page.index("LINE")
    assert page.index("</div>") < page.index("LINE") < page.index("Body")


def test_applies_to_line_goes_under_the_title_without_a_verdict() -> None:
    page = insert_applies_to("---\n# Title\n\nBody", "LINE", "a.md")
    assert page.index("# Title") < page.index("LINE") < page.index("Body")


def test_a_verdict_further_down_is_not_the_opening_one() -> None:
    page = insert_applies_to(f"# Title\n\nIntro.\n\n{VERDICT}\n", "LINE", "a.md")
    assert page.index("LINE") < page.index("Intro.")


@pytest.mark.parametrize("value", ["last week", 2026, "2026-13-01"])
def test_bad_review_dates_are_rejected(value: object) -> None:
    with pytest.raises(PageMetaError, match="reviewed"):
        parse_reviewed(value, "a.md")


def test_review_date_accepts_dates_and_iso_strings() -> None:
    assert parse_reviewed(dt.date(2026, 1, 2), "a.md") == dt.date(2026, 1, 2)
    assert parse_reviewed("2026-01-02", "a.md") == dt.date(2026, 1, 2)
