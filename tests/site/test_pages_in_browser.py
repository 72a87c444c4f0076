"""Every page of the built site, opened in Chromium under the sub-path: no request to another host,
no console error, no uncaught exception. The quiz page is checked once its engine is ready."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PageWatch, wait_ready
from tests.docs.guide import nav_pages, page_path

pytestmark = pytest.mark.e2e

PAGES = [page_path(source) for _, source in nav_pages()]
# What Chromium logs when a document itself is answered with 404, as the 404 page is.
DOCUMENT_NOT_FOUND = (
    "Failed to load resource: the server responded with a status of 404 (Not Found)"
)


@pytest.mark.parametrize("path", PAGES, ids=[path or "home" for path in PAGES])
def test_page_stays_on_this_host_without_errors(
    page: Page, page_watch: PageWatch, site_url: str, path: str
) -> None:
    response = page.goto(site_url + path, wait_until="load")
    assert response is not None and response.status == 200
    if path == "quiz/":
        wait_ready(page)
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1").first).to_be_visible()
    # The page loaded its own stylesheet, scripts and search worker, all from the site.
    assert any(url.endswith(".css") for url in page_watch.requests)
    assert any("/workers/search." in url for url in page_watch.requests)
    page_watch.assert_clean()


def test_not_found_page_works_at_any_depth(
    page: Page, page_watch: PageWatch, site_url: str
) -> None:
    response = page.goto(site_url + "no/such/deep/page/", wait_until="load")
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text("Page not found")
    # Styled, so its stylesheet resolved from this depth.
    header = page.locator(".md-header")
    assert header.evaluate("element => getComputedStyle(element).position") in {"sticky", "fixed"}
    links = page.locator("article a[href]")
    hrefs = [str(href) for href in links.evaluate_all("links => links.map(link => link.href)")]
    assert len(hrefs) == len(PAGES)
    for href in hrefs:
        assert href.startswith(site_url), href
        assert page.request.get(href).status == 200, href
    # Chromium logs the 404 status of the document itself; nothing else may go wrong.
    page_watch.console_errors.remove(DOCUMENT_NOT_FOUND)
    page_watch.assert_clean()


def test_a_link_from_the_not_found_page_leads_to_the_page(
    page: Page, page_watch: PageWatch, site_url: str
) -> None:
    page.goto(site_url + "missing/", wait_until="load")
    page.locator("article a", has_text="Take the quiz").click()
    page.wait_for_url(site_url + "quiz/")
    wait_ready(page)
    page_watch.console_errors.remove(DOCUMENT_NOT_FOUND)
    page_watch.assert_clean()
