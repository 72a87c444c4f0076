"""Questions below the fold skip rendering until they near the screen, and lose nothing by it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

PHONE = {"width": 390, "height": 844}
# A label of the last question is rendered only when it is near the screen.
RENDERED = """(selector) => document.querySelector(selector)
    .checkVisibility({ contentVisibilityAuto: true })"""
LAST_OPTION = "#fvd-form .fvd-question:last-of-type label"


@pytest.fixture
def phone(browser: Browser, site_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_url}quiz/")
    yield page
    context.close()


def ax_names(page: Page) -> set[str]:
    """The names in Chromium's accessibility tree: what a screen reader is given."""
    session = page.context.new_cdp_session(page)
    nodes: list[dict[str, Any]] = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return {str(node.get("name", {}).get("value", "")) for node in nodes}


def test_the_last_question_starts_unrendered(phone: Page) -> None:
    # Otherwise the tests below would prove nothing about questions off screen.
    assert phone.evaluate(RENDERED, LAST_OPTION) is False
    assert phone.evaluate(RENDERED, "#fvd-form .fvd-question:first-of-type label") is True


def test_questions_off_screen_are_in_the_accessibility_tree(phone: Page) -> None:
    legends = phone.locator("#fvd-form legend").all_inner_texts()
    labels = phone.locator("#fvd-form .fvd-question:last-of-type label").all_inner_texts()
    assert phone.evaluate(RENDERED, LAST_OPTION) is False
    names = ax_names(phone)
    assert set(labels) <= names
    # A fieldset is named by its legend.
    assert all(any(legend in name for name in names) for legend in legends)


def test_tab_reaches_a_question_off_screen_and_shows_it(phone: Page) -> None:
    last_question = phone.locator("#fvd-form .fvd-question").last
    target = last_question.locator("input").first
    phone.locator("#fvd-form input").first.focus()
    for _ in range(60):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.closest('.fvd-question:last-of-type')"):
            break
    assert phone.evaluate("document.activeElement.id") == target.get_attribute("id")
    assert phone.evaluate(RENDERED, LAST_OPTION) is True
    box = target.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= PHONE["height"]


# Scrolls the page down in steps, a frame each, then sums the layout shifts the page recorded.
SCROLL_AND_SUM_SHIFTS = """async () => {
    const shifts = [];
    new PerformanceObserver((list) => shifts.push(...list.getEntries()))
        .observe({ type: "layout-shift", buffered: true });
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    for (let y = 0; y <= document.documentElement.scrollHeight; y += 200) {
        window.scrollTo(0, y);
        await frame();
        await frame();
    }
    await frame();
    return shifts.filter((shift) => !shift.hadRecentInput).reduce((sum, s) => sum + s.value, 0);
}"""


def test_scrolling_through_the_questions_shifts_nothing_on_screen(phone: Page) -> None:
    phone.wait_for_load_state("load")
    assert phone.evaluate(SCROLL_AND_SUM_SHIFTS) == 0
    assert phone.evaluate(RENDERED, LAST_OPTION) is True
