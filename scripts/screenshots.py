"""`make screenshots`: the quiz's result as readers see it, for review by eye.

Phone (390 px) and desktop (1366 px), light and dark palettes, a strong and a close verdict:
the first screen a shared link opens on, the whole result, and the live summary while answering.
PNGs go to screenshots/ (ignored by git).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

from playwright.sync_api import FloatRect, Page, ViewportSize, sync_playwright

from scripts.chromium import CHROMIUM_ARGS, chromium_path
from scripts.site_server import serve

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "screenshots"
VIEWPORTS: dict[str, ViewportSize] = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1366, "height": 900},
}
SCHEMES: tuple[Literal["light", "dark"], ...] = ("light", "dark")
# Share-link fragments, as the page writes them.
VERDICTS = {
    "strong": "project.shop,admin.essential,accounts.full,data.relational,sensitivity.regulated",
    "close": "project.api,admin.essential,concurrency.async-first",
}
PART_HEIGHT = 1100
LIVE_ANSWERS = ("fvd-project-prototype", "fvd-timeline-days", "fvd-admin-none")


def wait_for_result(page: Page) -> None:
    page.wait_for_function(
        "() => document.querySelector('[data-recommendation]').dataset.recommendation !== ''",
        timeout=120_000,
    )
    page.wait_for_timeout(400)  # the bars' transition


def shoot_in_parts(page: Page, selector: str, stem: str, width: int) -> list[Path]:
    """An element of the page in slices of at most PART_HEIGHT pixels, each readable on its own."""
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    scroll_y = page.evaluate("window.scrollY")
    paths = []
    top = box["y"] + scroll_y
    for index, start in enumerate(range(0, int(box["height"]) + 1, PART_HEIGHT), 1):
        height = min(PART_HEIGHT, box["height"] - start)
        path = OUT / f"{stem}-{index}.png"
        clip: FloatRect = {"x": 0, "y": top + start, "width": width, "height": height}
        page.screenshot(path=path, full_page=True, clip=clip)
        paths.append(path)
    return paths


def shoot(site_url: str, page: Page, name: str, verdict: str, width: int) -> list[Path]:
    page.goto(f"{site_url}quiz/#answers={VERDICTS[verdict]}")
    wait_for_result(page)
    first = OUT / f"{name}-{verdict}-first-screen.png"
    page.screenshot(path=first)
    return [first, *shoot_in_parts(page, "[data-fvd-result]", f"{name}-{verdict}-result", width)]


def shoot_live(site_url: str, page: Page, name: str) -> Path:
    page.goto(f"{site_url}quiz/")
    page.evaluate("localStorage.clear()")
    page.goto(f"{site_url}quiz/")
    page.wait_for_selector('form[data-engine="ready"]', timeout=120_000)
    for input_id in LIVE_ANSWERS:
        page.check(f"#{input_id}")
    page.wait_for_function(
        "() => document.querySelector('[data-live-recommendation]').dataset.liveRecommendation"
    )
    page.locator("#fvd-q-data").scroll_into_view_if_needed()
    path = OUT / f"{name}-live.png"
    page.screenshot(path=path)
    return path


def main() -> int:
    site = ROOT / "site"
    if not (site / "quiz" / "index.html").exists():
        sys.stderr.write("Build the site first (make build).\n")
        return 1
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    written: list[Path] = []
    with serve(site) as site_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for device, viewport in VIEWPORTS.items():
            for scheme in SCHEMES:
                context = browser.new_context(viewport=viewport, color_scheme=scheme)
                page = context.new_page()
                name = f"{device}-{scheme}"
                for verdict in VERDICTS:
                    written += shoot(site_url, page, name, verdict, viewport["width"])
                written.append(shoot_live(site_url, page, name))
                context.close()
        browser.close()
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
