"""The guide and the quiz agree: every "usual choice" in When to choose which is the quiz's verdict,
and the home page's summary of those scenarios says the same.

The page's table is read as a reader sees it; the answers that describe each scenario are in
fixtures/scenarios.toml. Changing the page's table or the quiz's data alone fails here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from quiz import recommend
from tests.docs.guide import DOCS_DIR, read_page

FIXTURE = Path(__file__).parent / "fixtures" / "scenarios.toml"
PROFILES: dict[str, dict[str, Any]] = tomllib.loads(FIXTURE.read_text(encoding="utf-8"))
# "Flask (or FastAPI)", "Django", "Django for large or changing teams"
CHOICE = re.compile(r"^(?P<framework>Flask|Django)\b[^(]*(?:\(or (?P<also>[^)]+)\))?$")
ROW_LINK = re.compile(r"^\[(?P<name>[^\]]+)\]\(#(?P<anchor>[a-z0-9-]+)\)$")
HOME_LINK = re.compile(r"\]\(when-to-choose\.md#([a-z0-9-]+)\)")


def table_rows(page: str, first_column: str) -> list[list[str]]:
    """The cells of each body row of the page's table whose columns are (first_column, "Usual
    choice", …)."""
    rows: list[list[str]] = []
    header: list[str] = []
    cells: list[str] = []
    for token in read_page(DOCS_DIR / page).tokens:
        if token.type == "tr_open":
            cells = []
        elif token.type == "inline":
            cells.append(token.content.strip())
        elif token.type == "tr_close":
            if not header:
                header = cells
            elif header[:2] == [first_column, "Usual choice"]:
                rows.append(cells)
        elif token.type == "table_close":
            header = []
    return rows


def scenario_rows() -> list[tuple[str, str, str]]:
    """(anchor, name, usual choice) of each row of When to choose which's scenario table."""
    rows = []
    for cells in table_rows("when-to-choose.md", "Scenario"):
        link = ROW_LINK.match(cells[0])
        assert link, f"scenario cell {cells[0]!r} should link to its section"
        rows.append((link["anchor"], link["name"], cells[1]))
    return rows


ROWS = scenario_rows()


def test_the_page_has_a_scenario_table_and_every_row_has_answers() -> None:
    assert len(ROWS) >= 8
    assert [anchor for anchor, _, _ in ROWS] == list(PROFILES), (
        "each row of the page's table needs answers in fixtures/scenarios.toml, in the same order"
    )


@pytest.mark.parametrize(("anchor", "name", "choice"), ROWS, ids=[row[0] for row in ROWS])
def test_the_quiz_gives_the_usual_choice_and_its_alternatives(
    anchor: str, name: str, choice: str
) -> None:
    match = CHOICE.match(choice)
    assert match, f"{name}: cannot read the usual choice {choice!r}"
    result = recommend(PROFILES[anchor]["answers"])
    assert result.framework == match["framework"].lower(), f"{name}: the page says {choice!r}"
    named = {other.name for other in result.also_consider}
    if match["also"]:
        assert match["also"] in named, f"{name}: the page suggests {match['also']} too"
    else:
        assert not named, f"{name}: the page names no other framework, the quiz names {named}"


@pytest.mark.parametrize(("anchor", "name", "choice"), ROWS, ids=[row[0] for row in ROWS])
def test_what_the_page_says_flips_it_does_flip_the_quiz(
    anchor: str, name: str, choice: str
) -> None:
    profile = PROFILES[anchor]
    changed = {**profile["answers"], **profile["flipped"]}
    usual = recommend(profile["answers"]).framework
    assert recommend(changed).framework != usual, f"{name}: changing {profile['flipped']}"


def test_the_home_pages_summary_gives_each_scenario_the_same_usual_choice() -> None:
    # The home page groups the scenarios; each group's choice is the scenarios' own.
    choices = {anchor: choice for anchor, _, choice in ROWS}
    summary = table_rows("index.md", "Your project")
    assert summary, "the home page's summary table was not found"
    for cells in summary:
        anchors = HOME_LINK.findall(cells[0])
        assert anchors, f"{cells[0]!r} should link to scenarios of When to choose which"
        for anchor in anchors:
            expected = CHOICE.match(choices[anchor])
            shown = CHOICE.match(cells[1])
            assert expected and shown, cells
            assert (shown["framework"], shown["also"]) == (expected["framework"], expected["also"])
