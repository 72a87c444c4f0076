"""axe-core finds no serious or critical problem on any page, in the light and the dark palette.

Material's defaults fail colour contrast and more; the fixes are in docs/assets/stylesheets/
theme.css and overrides/partials/, not in a filter here. `assert_accessible` is meant for more
states too (the quiz's answered and result states): call it once the page is in the state.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.docs.guide import built_page, nav_pages, page_path
from tests.e2e.conftest import ROOT, wait_ready

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
# prefers-color-scheme -> the Material scheme mkdocs.yml ties to it.
SCHEMES = {"light": "default", "dark": "slate"}
QUIZ = "quiz.md"
MIN_FOCUS_CONTRAST = 3.0  # WCAG 1.4.11, non-text contrast
MIN_FOCUS_WIDTH = 2.0
MAX_TABS = 250


PAGES = [source for _, source in nav_pages()]


# axe ----------------------------------------------------------------------------------------


def axe_violations(page: Page, context: Locator | None = None) -> list[dict[str, Any]]:
    """axe-core's violations for the page, or for one part of it."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the page's policy refuses injected scripts.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    options = {"resultTypes": ["violations"]}
    if context is None:
        return list(page.evaluate("async (o) => (await axe.run(document, o)).violations", options))
    return list(context.evaluate("async (el, o) => (await axe.run(el, o)).violations", options))


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']} {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(node['target'])}: {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page: Page, where: str, context: Locator | None = None) -> None:
    # Colours read mid-transition (a hovered button fading in) are neither state's colours.
    # A function, not an expression: Playwright evaluates expressions with eval(), which the
    # page's policy refuses.
    page.wait_for_function(
        "() => document.getAnimations().every((animation) => animation.playState !== 'running')"
    )
    blocking = [v for v in axe_violations(page, context) if v["impact"] in BLOCKING]
    assert not blocking, f"{where}:\n{describe(blocking)}"


NEXT_FRAME_JS = (
    "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
)


def open_page(page: Page, url: str, scheme: str) -> None:
    """Load ``url`` with the reader's system set to ``scheme``; Material follows it."""
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]  # a str, not a Literal
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])


def test_every_built_page_is_checked(built_site: Path) -> None:
    built = set(built_site.rglob("index.html"))
    checked = {built_page(built_site, source) for source in PAGES}
    assert checked <= built, "a nav page was not built"
    assert built - checked == set(), "a built page is missing from mkdocs.yml's nav"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("source", PAGES)
def test_page_has_no_serious_axe_violations(
    page: Page, site_url: str, source: str, scheme: str
) -> None:
    open_page(page, site_url + page_path(source), scheme)
    if source == QUIZ:
        wait_ready(page)  # the form as a reader first sees it: ready, nothing answered
    assert_accessible(page, f"{source}, {scheme}")

    # Code tabs show one panel at a time, and axe skips what is hidden: show each in turn.
    tab_sets = page.locator(".tabbed-set")
    for index in range(tab_sets.count()):
        tab_set = tab_sets.nth(index)
        labels = tab_set.locator(":scope > .tabbed-labels > label")
        for position in range(1, labels.count()):
            labels.nth(position).click()
            page.evaluate(NEXT_FRAME_JS)  # what a reader sees once the panel is drawn
            name = labels.nth(position).inner_text()
            assert_accessible(page, f"{source}, {scheme}, tab {name!r}", tab_set)


# Keyboard focus ------------------------------------------------------------------------------

FOCUS_RING_JS = """
async () => {
  // Let transitions settle: the search field, for one, turns white as search opens.
  const finite = document.getAnimations().filter(
    (animation) => animation.effect?.getTiming().iterations !== Infinity
  );
  await Promise.all(finite.map((animation) => animation.finished.catch(() => null)));
  let element = document.activeElement;
  // Controls Material hides behind a label: the label shows the focus.
  if (element.matches(".md-option")) element = element.nextElementSibling;
  else if (element.matches(".tabbed-set > input"))
    element = document.querySelector(`label[for="${element.id}"]`);
  const style = getComputedStyle(element);
  // What the ring is drawn on: the element itself when the ring is inset, else what is behind.
  const inset = parseFloat(style.outlineOffset) < 0;
  const layers = [];
  for (let node = inset ? element : element.parentElement; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    layers.push(colour);
    const alpha = colour.match(/rgba\\(.*,\\s*([\\d.]+)\\)$/);
    if (!alpha && colour !== "transparent") break;
    if (alpha && parseFloat(alpha[1]) === 1) break;
  }
  return {
    tag: element.tagName.toLowerCase(),
    text: (element.textContent || element.getAttribute("aria-label") || "").trim().slice(0, 40),
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    colour: style.outlineColor,
    layers,
  };
}
"""

RGB = re.compile(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)")


def parse_colour(css: str) -> tuple[float, float, float, float]:
    match = RGB.fullmatch(css.strip())
    assert match, f"unexpected colour {css!r}"
    red, green, blue, alpha = match.groups()
    return float(red), float(green), float(blue), float(alpha) if alpha is not None else 1.0


def flatten(layers: list[str], base: tuple[float, float, float]) -> tuple[float, float, float]:
    """Composite background layers, innermost first, over an opaque ``base``."""
    colour = base
    for css in reversed(layers):
        red, green, blue, alpha = parse_colour(css)
        colour = (
            red * alpha + colour[0] * (1 - alpha),
            green * alpha + colour[1] * (1 - alpha),
            blue * alpha + colour[2] * (1 - alpha),
        )
    return colour


def contrast(one: tuple[float, float, float], two: tuple[float, float, float]) -> float:
    def luminance(rgb: tuple[float, float, float]) -> float:
        def channel(value: float) -> float:
            value /= 255
            return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

        red, green, blue = (channel(value) for value in rgb)
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focused element matches ``selector``, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} never got the keyboard focus in {MAX_TABS} presses of Tab")


def assert_focus_visible(page: Page, what: str, scheme: str) -> None:
    ring = page.evaluate(FOCUS_RING_JS)
    where = f"{what} ({ring['tag']} {ring['text']!r}), {scheme}"
    assert ring["style"] not in {"none", "hidden"}, f"{where}: no focus outline"
    assert ring["width"] >= MIN_FOCUS_WIDTH, f"{where}: outline only {ring['width']}px"
    red, green, blue, alpha = parse_colour(ring["colour"])
    assert alpha == 1, f"{where}: the outline is see-through ({ring['colour']})"
    page_base = (255.0, 255.0, 255.0) if scheme == "light" else (0.0, 0.0, 0.0)
    background = flatten(ring["layers"], page_base)
    ratio = contrast((red, green, blue), background)
    assert ratio >= MIN_FOCUS_CONTRAST, (
        f"{where}: outline {ring['colour']} on {background} is {ratio:.2f}:1"
    )


# In tab order on each page: (what, the element that must get the focus).
FOCUS_STOPS = {
    "database.md": [
        ("header link", "a.md-logo"),
        ("palette switch", "input.md-option"),
        ("search field", "input.md-search__input"),  # search opens on focus: see SETTLED
        ("navigation link", "a.md-nav__link"),
        ("link in the text", "article a[href]:not(.headerlink)"),
        ("code tab", ".tabbed-set > input"),
        ("copy button", "button.md-code__button"),
    ],
    QUIZ: [
        ("link in the text", "article a[href]:not(.headerlink)"),
        ("radio button", "#fvd-form input[type=radio]"),
        ("checkbox", "#fvd-form input[type=checkbox]"),
        ("submit button", "#fvd-form button[type=submit]"),
        ("reset button", "#fvd-form button[type=reset]"),
    ],
}


# A state to wait for once an element has the focus, before looking at its ring.
SETTLED = {"input.md-search__input": "#__search:checked"}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("source", FOCUS_STOPS)
def test_keyboard_focus_is_visible(page: Page, site_url: str, source: str, scheme: str) -> None:
    open_page(page, site_url + page_path(source), scheme)
    if source == QUIZ:
        wait_ready(page)
    for what, selector in FOCUS_STOPS[source]:
        tab_to(page, selector)
        if selector in SETTLED:
            page.wait_for_selector(SETTLED[selector], state="attached")
        assert_focus_visible(page, what, scheme)
