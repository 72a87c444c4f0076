"""Material's search works offline, from the site alone, and finds every page of the guide by its
title: typed into the header's search box, each title brings up a result that links to its page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import PageWatch
from tests.docs.guide import DOCS_DIR, nav_pages, page_path, read_page

pytestmark = pytest.mark.e2e

# Each page's own title (its front matter's, as in its <h1> and <title>), not the nav's label.
PAGES = [
    (str(read_page(DOCS_DIR / source).front_matter()["title"]), source) for _, source in nav_pages()
]
MATCHES = re.compile(r"^\d+ matching documents?$")


def query_for(title: str) -> str:
    """The title as a reader types it: words only ("Flask or Django?" -> "Flask or Django")."""
    return " ".join(re.findall(r"[\w-]+", title))


def result_paths(page: Page) -> list[str]:
    hrefs = page.locator(".md-search-result__list a").evaluate_all(
        "links => links.map(link => link.href)"
    )
    # Results carry ?h=… (search.highlight) and #section: compare the page's path alone.
    return [urlsplit(str(href)).path for href in hrefs]


def open_search(page: Page) -> Locator:
    box = page.locator("input.md-search__input")
    box.click()
    # "Initializing search" while the worker loads the index; keys typed before are lost.
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    return box


def search(page: Page, query: str) -> None:
    box = open_search(page)
    # Typed key by key, as a reader would: Material searches on keyup, not on a pasted value.
    box.press_sequentially(query)
    expect(page.locator(".md-search-result__meta")).to_have_text(MATCHES)
    expect(page.locator(".md-search-result__list a").first).to_be_visible()


@pytest.mark.parametrize(("title", "source"), PAGES, ids=[source for _, source in PAGES])
def test_search_finds_each_page_by_its_title(
    page: Page, page_watch: PageWatch, site_url: str, title: str, source: str
) -> None:
    page.goto(site_url + "faq/" if source == "index.md" else site_url)
    search(page, query_for(title))
    expected = urlsplit(site_url + page_path(source)).path
    assert expected in result_paths(page), f"{title!r} did not find {expected}"
    page_watch.assert_clean()


def test_query_for() -> None:
    assert query_for("Flask or Django?") == "Flask or Django"
    assert query_for("Ease of use and learning curve") == "Ease of use and learning curve"


def test_search_reports_no_match_for_gibberish(
    page: Page, page_watch: PageWatch, site_url: str
) -> None:
    page.goto(site_url)
    open_search(page).press_sequentially("qwxzvy")
    expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")
    assert result_paths(page) == []
    page_watch.assert_clean()


def test_a_search_result_opens_its_page(page: Page, page_watch: PageWatch, site_url: str) -> None:
    page.goto(site_url)
    search(page, "Admin interface")
    page.locator(".md-search-result__list a[href*='admin/']").first.click()
    page.wait_for_url(f"{site_url}admin/**")
    expect(page.locator("h1")).to_contain_text("Admin interface")
    page_watch.assert_clean()
