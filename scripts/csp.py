"""Content Security Policy for each built page: a <meta> allowing exactly its inline scripts.

GitHub Pages sets no response headers, so the policy travels in the page itself, as
``<meta http-equiv="Content-Security-Policy">``. Inline scripts (the theme's palette and storage
helpers, its content-tab scripts, the quiz's early start) are allowed by their SHA-256 hash,
computed from the final HTML, so editing a script or adding one never needs a hand-kept list.

Material's instant navigation swaps in the next page's content and re-runs the inline scripts
found there under the policy of the page the reader first opened (a <meta> policy cannot be
replaced, only added to). So every page also allows the scripts of every page's content:
``add_policy(html, also_allow=...)`` takes their hashes, collected while the site is built.

WebAssembly: the quiz's engine, and the guide's runnable examples, run Pyodide in a module Web
Worker started from a same-origin URL. Under CSP Level 3 such a worker is governed by the policy
delivered with its own script, not by the document's, and GitHub Pages delivers none; Chromium
behaves so (tests/e2e/test_csp_in_browser.py starts the quiz's engine under a page policy without
'wasm-unsafe-eval' and checks that it gets ready). The document itself compiles no WebAssembly,
so no page allows it: a script injected into a page cannot compile WebAssembly there either.
Start such workers from a URL of the site: a `blob:` or `data:` worker inherits the page's policy
(and worker-src, falling back to script-src, refuses those schemes anyway).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from html.parser import HTMLParser

# <script type> values that a browser runs; any other type is a data block (Material's
# `application/json` configuration), which script-src does not govern.
EXECUTABLE_TYPES = frozenset(
    {"", "module", "importmap", "text/javascript", "application/javascript", "text/ecmascript"}
)

# The fixed part of the policy. Scripts stay locked down; styles may also be inline because the
# example runner shows a framework's HTML response (Django's CSRF failure page carries its own
# <style>) in a sandboxed srcdoc frame, which inherits this page's policy. The site's own pages
# use stylesheets only.
FIXED_DIRECTIVES = (
    ("default-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    # Material's icons are SVG data: URLs in its stylesheet (masks load as images).
    ("img-src", "'self' data:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

CHARSET_META = re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)
HEAD_OPEN = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)


class CspError(ValueError):
    """A page the policy cannot be placed in safely."""


class _InlineScripts(HTMLParser):
    """The text of every inline script a browser would run, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        attributes = {name: value or "" for name, value in attrs}
        kind = attributes.get("type", "").strip().lower()
        runs = kind in EXECUTABLE_TYPES
        self._current = [] if runs and "src" not in attributes else None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
        if tag == "script":
            self._current = None


def inline_scripts(html: str) -> list[str]:
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return parser.scripts


def script_hash(text: str) -> str:
    """The CSP source expression that allows an inline script with exactly this text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_script_hashes(html: str) -> set[str]:
    return {script_hash(text) for text in inline_scripts(html)}


def policy(script_hashes: Iterable[str]) -> str:
    """The policy for a page whose inline scripts have these hashes (sorted: stable output)."""
    script_src = " ".join(["'self'", *sorted(set(script_hashes))])
    directives = [FIXED_DIRECTIVES[0], ("script-src", script_src), *FIXED_DIRECTIVES[1:]]
    return "; ".join(f"{name} {value}" for name, value in directives)


def add_policy(html: str, also_allow: Iterable[str] = ()) -> str:
    """``html`` with its policy as the first element after ``<meta charset>`` (or ``<head>``).

    A <meta> policy applies only to what follows it, so it must come before any script.
    """
    if 'http-equiv="Content-Security-Policy"' in html:
        raise CspError("the page already has a Content-Security-Policy <meta>")
    anchor = CHARSET_META.search(html) or HEAD_OPEN.search(html)
    if anchor is None:
        raise CspError("the page has no <head> to put its Content-Security-Policy in")
    if "<script" in html[: anchor.end()].lower():
        raise CspError("a <script> comes before the page's <head>")
    content = policy(inline_script_hashes(html) | set(also_allow))
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{content}">'
    return html[: anchor.end()] + meta + html[anchor.end() :]
