"""Topic names come from the guide: what its navigation calls each topic page, read once."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.topics import TOPICS, TopicTitleError, guide_titles, page_of
from tests.docs.guide import DOCS_DIR, ROOT, nav_pages, read_page


def test_every_topic_is_named_as_mkdocs_names_its_page() -> None:
    # nav_pages() reads mkdocs.yml with MkDocs' own YAML loader: the reference reading.
    nav = {source: title for title, source in nav_pages()}
    titles = guide_titles(ROOT)
    assert list(titles) == list(TOPICS)
    for topic, title in titles.items():
        expected = (
            nav.get(page_of(topic)) or read_page(DOCS_DIR / page_of(topic)).front_matter()["title"]
        )
        assert title == expected


def guide(tmp_path: Path, nav: str, page: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: x\nnav:\n{nav}\n", encoding="utf-8")
    (tmp_path / "docs" / "admin.md").write_text(page, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("nav", "page", "expected"),
    [
        ("  - 'Admin: the back office': admin.md", "# Heading", "Admin: the back office"),
        ("  - admin.md", "---\ntitle: From front matter\n---\n# Heading", "From front matter"),
        ("  - admin.md", '---\ntitle: "Quoted"\n---\n', "Quoted"),
        ("  - Group:\n      - admin.md", "# From the heading { #admin }\n", "From the heading"),
    ],
    ids=["nav-title", "front-matter", "quoted", "heading"],
)
def test_the_title_follows_mkdocs_order(tmp_path: Path, nav: str, page: str, expected: str) -> None:
    assert guide_titles(guide(tmp_path, nav, page), ["admin"]) == {"admin": expected}


def test_a_topic_without_a_page_in_the_nav_is_an_error(tmp_path: Path) -> None:
    root = guide(tmp_path, "  - Home: index.md", "# Admin")
    with pytest.raises(TopicTitleError, match=r"admin\.md is not in mkdocs\.yml.s nav"):
        guide_titles(root, ["admin"])
