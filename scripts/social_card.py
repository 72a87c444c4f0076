"""Draw the 1200x630 social card (Open Graph / Twitter image) as a PNG, with headless Chromium.

Usage: .venv/bin/python -m scripts.social_card [OUTPUT]

The card is plain HTML and SVG in the brand colours, screenshotted at exactly 1200x630 CSS
pixels. The PNG is committed (docs/assets/images/social-card.png); run this again only to change
the design. It needs a Chromium: $CHROMIUM, `chromium` on PATH, or Playwright's own.
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

from playwright.sync_api import sync_playwright

from scripts.chromium import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "assets" / "images" / "social-card.png"
WIDTH, HEIGHT = 1200, 630

TITLE = "Flask or Django?"
TAGLINE = (
    "An accurate, tested comparison, topic by topic, with a quiz that recommends one for your"
    " project."
)
FOOTER = "Side-by-side examples \u00b7 Sources for every claim \u00b7 Python in your browser"

# The fork mark of the favicon (docs/assets/images/favicon.svg), drawn larger.
MARK = """<svg viewBox="0 0 64 64" width="168" height="168" aria-hidden="true">
  <rect width="64" height="64" rx="14" fill="#ffffff" fill-opacity="0.12"/>
  <path d="M32 54V37M32 37 18 21M32 37 46 21" fill="none" stroke="#fff" stroke-width="6"
        stroke-linecap="round" stroke-linejoin="round"/>
  <circle cx="17" cy="16" r="7" fill="#ff7043"/>
  <circle cx="47" cy="16" r="7" fill="#fff"/>
</svg>"""


def card_html() -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><style>
  html, body {{ margin: 0; width: {WIDTH}px; height: {HEIGHT}px; overflow: hidden; }}
  body {{
    box-sizing: border-box; padding: 72px 80px; color: #fff;
    font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif;
    background: #00796b;
    display: flex; flex-direction: column; justify-content: space-between;
  }}
  header {{ display: flex; align-items: center; gap: 48px; }}
  h1 {{ margin: 0; font-size: 92px; line-height: 1.05; font-weight: 700; letter-spacing: -1px; }}
  p {{ margin: 0; }}
  .tagline {{ font-size: 36px; line-height: 1.35; max-width: 1000px; opacity: 0.95; }}
  footer {{
    display: flex; align-items: center; gap: 20px; font-size: 26px; opacity: 0.9;
    border-top: 3px solid rgba(255, 255, 255, 0.35); padding-top: 28px;
  }}
  .accent {{ width: 18px; height: 18px; border-radius: 50%; background: #ff7043; }}
</style></head>
<body>
  <header>{MARK}<h1>{escape(TITLE)}</h1></header>
  <p class="tagline">{escape(TAGLINE)}</p>
  <footer><span class="accent"></span><span>{escape(FOOTER)}</span></footer>
</body></html>"""


def render(output: Path = OUTPUT) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(
                viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1
            )
            page.set_content(card_html(), wait_until="load")
            page.screenshot(path=str(output), full_page=False, type="png")
        finally:
            browser.close()
    return output


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else OUTPUT
    print(render(output))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
