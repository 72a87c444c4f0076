"""axe-core finds no serious or critical problem on the quiz page in any of its states."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.conftest import answer, submit, verdict, wait_ready
from tests.e2e.test_accessibility import SCHEMES, assert_accessible, open_page

ANSWERS = {"project": "api", "concurrency": "async-first", "deployment": ["serverless"]}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_answered_and_result_states(page: Page, site_url: str, scheme: str) -> None:
    open_page(page, f"{site_url}quiz/", scheme)
    wait_ready(page)
    answer(page, ANSWERS)
    assert_accessible(page, f"quiz, answered, {scheme}")
    submit(page)
    verdict(page)
    expect(page.locator(".fvd-chart")).to_be_visible()
    assert_accessible(page, f"quiz, result, {scheme}")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_error_and_notice_states(
    page: Page, context: BrowserContext, site_url: str, scheme: str
) -> None:
    context.route("**/pyodide/pyodide.asm.wasm*", lambda route: route.abort())
    open_page(page, f"{site_url}quiz/#answers=colour.red", scheme)
    expect(page.locator("#fvd-form")).to_have_attribute("data-engine", "error", timeout=60_000)
    expect(page.locator("[data-fvd-notice]")).to_be_visible()
    expect(page.get_by_role("button", name="Retry starting Python")).to_be_visible()
    assert_accessible(page, f"quiz, error with notice, {scheme}")
