"""Code on the pages: the lines that differ, the whole tested file one click away, Flask first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.docs.guide import DOCS_DIR, all_pages

# --8<-- "examples/topic/file.py:section"
SECTION_INCLUDE = re.compile(r'^([ \t]*)--8<--[ \t]+"(examples/[^":]+\.py):(\w+)"[ \t]*$', re.M)
WHOLE_INCLUDE = re.compile(r'^[ \t]*--8<--[ \t]+"(examples/[^":]+\.py)"[ \t]*$', re.M)
TAB = re.compile(r'^(=== "[^"]+")', re.M)
PAGES = all_pages()


def page_id(path: Path) -> str:
    return path.name


def sections_in(example: Path) -> set[str]:
    text = example.read_text(encoding="utf-8")
    starts = set(re.findall(r"^\s*# --8<-- \[start:(\w+)\]$", text, re.M))
    ends = set(re.findall(r"^\s*# --8<-- \[end:(\w+)\]$", text, re.M))
    assert starts == ends, f"{example.name}: unmatched section markers {starts ^ ends}"
    return starts


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_each_section_shown_exists_and_its_whole_file_follows(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for match in SECTION_INCLUDE.finditer(text):
        indent, path, section = match.groups()
        assert section in sections_in(DOCS_DIR / path), f"{path} has no section {section!r}"
        # The whole file, in the collapsed block right under the section, in the same tab.
        rest = text[match.end() :]
        next_tab = TAB.search(rest)
        tab_rest = rest[: next_tab.start()] if next_tab else rest
        whole = WHOLE_INCLUDE.search(tab_rest)
        assert whole is not None and whole.group(1) == path, (
            f"{page.name}: {path}:{section} is not followed by the whole file"
        )
        between = tab_rest[: whole.start()]
        assert re.search(rf'^{indent}\?\?\? \w+ "', between, re.M), (
            f"{page.name}: the whole {path} is not in a collapsed block"
        )


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_code_tabs_put_flask_first(page: Path) -> None:
    labels = TAB.findall(page.read_text(encoding="utf-8"))
    for first, second in zip(labels[::2], labels[1::2], strict=False):
        assert (first, second) == ('=== "Flask"', '=== "Django"'), page.name


def test_every_framework_example_is_shown_by_its_section() -> None:
    shown = {
        match.group(2)
        for page in PAGES
        for match in SECTION_INCLUDE.finditer(page.read_text(encoding="utf-8"))
    }
    examples = {
        path.relative_to(DOCS_DIR).as_posix()
        for path in (DOCS_DIR / "examples").glob("*/*.py")
        if path.name.startswith(("flask_", "django_"))
    }
    assert examples - shown == set(), "shown whole, without the lines that matter first"
