"""Links between guide pages that name a section land on that section in the built site.

Only links written in docs/*.md: tests/site/ checks every link of the built site.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.docs.guide import DOCS_DIR, Page, all_pages, built_page, html_ids, read_page

PAGES = [read_page(path) for path in all_pages()]


def fragment_links(doc: Page) -> list[tuple[str, str, str]]:
    """(link as written, target page relative to docs/, fragment) for internal #links."""
    found = []
    source = doc.path.relative_to(DOCS_DIR).as_posix()
    for link in doc.links():
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.fragment or parts.path.startswith("/"):
            continue
        if parts.path:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(source), parts.path))
        else:
            target = source
        found.append((link, unquote(target), unquote(parts.fragment)))
    return found


def test_pages_link_to_sections() -> None:
    """The link extraction works: the guide cross-links its sections a lot."""
    assert sum(len(fragment_links(doc)) for doc in PAGES) >= 50


@pytest.mark.parametrize("doc", PAGES, ids=[doc.name for doc in PAGES])
def test_section_links_resolve(built_site: Path, doc: Page) -> None:
    broken = []
    for link, target, fragment in fragment_links(doc):
        if not target.endswith(".md"):
            broken.append(f"{link}: link to the page's .md source, not a built URL")
            continue
        html = built_page(built_site, target)
        if not html.is_file():
            broken.append(f"{link}: no page {target}")
        elif fragment not in html_ids(html):
            broken.append(f"{link}: {target} has no element with id {fragment!r}")
    assert not broken, "\n".join(broken)
