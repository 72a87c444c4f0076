"""Material's search on the quiz page: its index waits for the engine, never for the reader."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from scripts.site_server import allow_instant_navigation
from tests.e2e.conftest import WASM_BINARY, PageWatch, hold_requests, wait_ready

INDEX = "/search/search_index.json"
INDEX_LOADED = """(index) => performance.getEntriesByType("resource")
    .some((entry) => entry.name.endsWith(index))"""


def index_requests(page_watch: PageWatch) -> list[str]:
    return [url for url in page_watch.requests if url.endswith(INDEX)]


# Material closes search 125 ms after every navigation (its own delay), instant ones included.
AFTER_NAVIGATION_MS = 500


def search(page: Page, words: str) -> None:
    """Search as a reader does from the keyboard; at least one result is shown."""
    page.keyboard.press("/")
    page.keyboard.type(words)
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def test_the_index_waits_until_the_engine_is_ready(
    page: Page, page_watch: PageWatch, context: BrowserContext, site_url: str
) -> None:
    held = hold_requests(context, WASM_BINARY)
    page.goto(f"{site_url}quiz/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(1000)
    assert held, "the worker should be fetching the wasm binary by now"
    assert index_requests(page_watch) == []
    for route in held:
        route.continue_()
    wait_ready(page)
    page.wait_for_function(INDEX_LOADED, arg=INDEX)
    search(page, "admin")
    page_watch.assert_clean()


def test_the_index_is_fetched_once_the_engine_has_failed(
    page: Page, context: BrowserContext, site_url: str
) -> None:
    context.route(WASM_BINARY, lambda route: route.abort())
    page.goto(f"{site_url}quiz/")
    expect(page.locator("#fvd-form")).to_have_attribute("data-engine", "error")
    page.wait_for_function(INDEX_LOADED, arg=INDEX)


def test_search_on_the_quiz_page_works_while_the_engine_loads(
    page: Page, page_watch: PageWatch, context: BrowserContext, site_url: str
) -> None:
    held = hold_requests(context, WASM_BINARY)
    page.goto(f"{site_url}quiz/")
    page.wait_for_load_state("load")
    search(page, "admin")
    assert index_requests(page_watch)
    expect(page.locator("#fvd-form")).to_have_attribute("data-engine", "loading")
    for route in held:
        route.continue_()
    wait_ready(page)
    page_watch.assert_clean()


def test_search_works_on_a_page_reached_from_the_quiz_by_instant_navigation(
    page: Page, page_watch: PageWatch, context: BrowserContext, site_url: str
) -> None:
    held = hold_requests(context, WASM_BINARY)
    allow_instant_navigation(page, site_url)
    page.goto(f"{site_url}quiz/")
    page.wait_for_load_state("load")
    page.evaluate("() => { window.fvdFirstDocument = true; }")
    page.locator(".md-nav a[href$='philosophy/']").first.click()
    page.wait_for_url("**/philosophy/")
    page.wait_for_timeout(AFTER_NAVIGATION_MS)
    search(page, "template")
    assert page.evaluate("window.fvdFirstDocument") is True
    for route in held:
        route.continue_()
    page_watch.assert_clean()


def test_search_on_a_search_link_to_the_quiz_page_needs_no_wait(
    page: Page, page_watch: PageWatch, context: BrowserContext, site_url: str
) -> None:
    hold_requests(context, WASM_BINARY)
    page.goto(f"{site_url}quiz/?q=admin")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    expect(page.locator("#fvd-form")).to_have_attribute("data-engine", "loading")
    page_watch.assert_clean()


def test_search_still_works_after_instant_navigation_to_the_quiz(
    page: Page, page_watch: PageWatch, site_url: str
) -> None:
    allow_instant_navigation(page, site_url)
    page.goto(f"{site_url}philosophy/")
    page.wait_for_load_state("load")
    page.locator(".md-nav a[href$='quiz/']").first.click()
    page.wait_for_url("**/quiz/")
    page.wait_for_timeout(AFTER_NAVIGATION_MS)
    search(page, "admin")
    wait_ready(page)
    page_watch.assert_clean()
