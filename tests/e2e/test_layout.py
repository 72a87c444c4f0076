"""Every page fits the screen: nothing scrolls sideways on a 390 px phone and no name in inline code
breaks there, no visible code block scrolls on a 1366 px laptop, and on a wide screen Flask and
Django code sit side by side."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.docs.guide import nav_pages, page_path
from tests.e2e.conftest import wait_ready

PAGES = [page_path(source) for _, source in nav_pages()]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
WIDE = {"width": 1920, "height": 1080}

# Content wider than the screen, named so a failure says where to look. Wide content is fine
# inside a box that scrolls on its own (a table, a code block); clipped, it would be lost.
OVERFLOWING_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const element of document.querySelectorAll(".md-content *, .md-footer *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let scrolls = false;
    for (let parent = element.parentElement; parent && !scrolls; parent = parent.parentElement) {
      scrolls = ["auto", "scroll"].includes(getComputedStyle(parent).overflowX);
    }
    const name = `${element.tagName.toLowerCase()}.${element.className}`;
    if (!scrolls) found.push(`${name} (${Math.round(box.right)} px)`);
  }
  return { scroll: document.documentElement.scrollWidth - width, found: found.slice(0, 5) };
}
"""
# Every code block a reader can see without opening anything, that scrolls sideways.
SCROLLING_CODE_JS = """
() => [...document.querySelectorAll(".md-typeset pre > code")]
  .filter((code) => code.checkVisibility() && code.scrollWidth > code.clientWidth + 1)
  .map((code) => {
    const name = code.closest(".highlight").querySelector(".filename")?.textContent;
    return `${name || "block"}: ${code.scrollWidth} px of content in ${code.clientWidth} px`;
  })
"""

# Inline code drawn on two lines though it has no space, slash, dash or "][" (where lines may
# break between names).
BROKEN_NAMES_JS = """
() => [...document.querySelectorAll(".md-typeset :not(pre) > code")]
  .filter((code) => !/[\\s/-]|\\]\\[/.test(code.textContent) && code.getClientRects().length > 1)
  .map((code) => code.textContent)
"""


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    if url.endswith("quiz/"):
        wait_ready(page)
    page.wait_for_load_state("networkidle")


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES, ids=[path or "home" for path in PAGES])
def test_no_page_scrolls_sideways_on_a_phone(phone: Page, site_url: str, path: str) -> None:
    open_page(phone, site_url + path)
    result = phone.evaluate(OVERFLOWING_JS)
    assert result == {"scroll": 0, "found": []}, f"{path or 'home'}: {result}"
    # Nor does inline code break inside a name (`render_templa te()`) to fit.
    assert phone.evaluate(BROKEN_NAMES_JS) == []


@pytest.mark.parametrize("path", PAGES, ids=[path or "home" for path in PAGES])
def test_no_visible_code_block_scrolls_sideways_on_a_laptop(
    page: Page, site_url: str, path: str
) -> None:
    page.set_viewport_size(LAPTOP)
    open_page(page, site_url + path)
    assert page.evaluate(SCROLLING_CODE_JS) == []
    # Nor does the other tab of any comparison, once chosen.
    for label in page.locator(".tabbed-labels > label:nth-child(2)").all():
        label.click()
    assert page.evaluate(SCROLLING_CODE_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]


def test_comparisons_are_side_by_side_on_a_wide_screen_and_tabs_on_a_phone(
    page: Page, phone: Page, site_url: str
) -> None:
    page.set_viewport_size(WIDE)
    open_page(page, site_url + "database/")
    first = page.locator(".tabbed-set").first
    flask, django = first.locator(".tabbed-block").all()
    flask_box, django_box = flask.bounding_box(), django.bounding_box()
    assert flask_box is not None and django_box is not None
    assert flask_box["y"] == django_box["y"]
    assert flask_box["x"] + flask_box["width"] <= django_box["x"]

    open_page(phone, site_url + "database/")
    blocks = phone.locator(".tabbed-set").first.locator(".tabbed-block")
    assert [block.is_visible() for block in blocks.all()] == [True, False]


def test_copy_button_covers_no_code(page: Page, site_url: str) -> None:
    page.set_viewport_size(LAPTOP)
    open_page(page, site_url + "philosophy/")
    overlaps = page.evaluate(
        """() => [...document.querySelectorAll(".md-code__nav")]
          .filter((nav) => nav.checkVisibility())
          .filter((nav) => {
            const button = nav.getBoundingClientRect();
            const code = nav.closest(".highlight").querySelector("pre > code");
            const line = code.firstElementChild.getBoundingClientRect();
            return line.top < button.bottom && button.top < line.bottom;
          }).length"""
    )
    assert overlaps == 0
