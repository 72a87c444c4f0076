"""The Content Security Policy in Chromium: every page runs without a violation, injected script
does not run, and the quiz's Pyodide worker compiles WebAssembly that its page may not."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from scripts.site_server import allow_instant_navigation
from tests.docs.guide import nav_pages, page_path
from tests.e2e.conftest import wait_ready

PAGES = [page_path(source) for _, source in nav_pages()]
QUIZ = "quiz/"

# Runs before the page's own scripts (Playwright's init scripts are not subject to the policy).
RECORD_VIOLATIONS = """
window.fvdViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.fvdViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "?"} ` +
    `at ${event.sourceFile}:${event.lineNumber} ${event.sample}`
  );
});
"""
# A minimal WebAssembly module: the 8-byte header.
COMPILE_WASM = """
() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
  .then(() => "compiled", (error) => error.name)
"""


def violations(page: Page) -> list[str]:
    found: list[str] = page.evaluate("window.fvdViolations")
    return found


def open_watched(page: Page, url: str) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(url)
    assert response is not None and response.ok
    if url.endswith(QUIZ):
        wait_ready(page)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", PAGES, ids=[path or "home" for path in PAGES])
def test_page_runs_without_a_policy_violation(page: Page, site_url: str, path: str) -> None:
    open_watched(page, site_url + path)
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    # Exercise the theme's scripts: palette switch, every code tab, search.
    page.locator("label.md-header__button[for^=__palette]:visible").first.click()
    for label in page.locator(".tabbed-labels > label").all():
        if label.is_visible():
            label.click()
    page.keyboard.press("/")
    page.keyboard.type("admin")
    page.wait_for_selector(".md-search-result__item")
    assert violations(page) == []


def test_not_found_page_runs_without_a_policy_violation(page: Page, site_url: str) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(site_url + "no/such/page/")
    page.wait_for_load_state("networkidle")
    assert violations(page) == []


@pytest.mark.parametrize("path", ["", "database/", QUIZ])
def test_injected_scripts_are_refused(page: Page, site_url: str, path: str) -> None:
    open_watched(page, site_url + path)
    ran: list[str] = page.evaluate(
        """() => {
            window.fvdInjected = [];
            const inline = document.createElement("script");
            inline.textContent = "window.fvdInjected.push('inline')";
            document.body.append(inline);
            const handler = document.createElement("img");
            handler.setAttribute("onerror", "window.fvdInjected.push('handler')");
            handler.src = "data:,";
            document.body.append(handler);
            const data = document.createElement("script");
            data.src = "data:text/javascript,window.fvdInjected.push('data')";
            document.body.append(data);
            setTimeout("window.fvdInjected.push('timer')", 0);
            const link = document.createElement("a");
            link.href = "javascript:window.fvdInjected.push('url')";
            document.body.append(link);
            link.click();
            return new Promise((done) => setTimeout(() => done(window.fvdInjected), 200));
        }"""
    )
    assert ran == []
    # Each attempt was refused by the policy, not by accident: inline, handler, data: URL,
    # string timer (eval), javascript: URL.
    directives = [violation.split()[0] for violation in violations(page)]
    assert directives == [
        "script-src-elem",
        "script-src-attr",
        "script-src-elem",
        "script-src",
        "script-src-elem",
    ]


def test_quiz_engine_compiles_webassembly_its_page_may_not(page: Page, site_url: str) -> None:
    """A same-origin module worker is governed by its own response's policy (CSP Level 3), and
    GitHub Pages sends none: the page's <meta> policy does not reach Pyodide's worker."""
    open_watched(page, site_url + QUIZ)  # waits for data-engine="ready"
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert policy is not None and "wasm-unsafe-eval" not in policy
    assert page.evaluate(COMPILE_WASM) == "CompileError"
    assert page.evaluate("window.fvdViolations.map((v) => v.split(' ')[0])") == ["script-src"]


def test_instant_navigation_runs_the_next_page_scripts_under_the_first_policy(
    page: Page, site_url: str
) -> None:
    """Material swaps the next page in and re-runs its inline scripts (the quiz's early start
    among them) in the same document, so under the policy of the page first opened."""
    allow_instant_navigation(page, site_url)
    open_watched(page, site_url + "philosophy/")
    page.evaluate("() => { window.fvdFirstDocument = true; }")
    page.locator(".md-nav a[href$='quiz/']").first.click()
    page.wait_for_url(site_url + QUIZ)
    page.wait_for_selector("#fvd-form")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.fvdFirstDocument") is True
    assert violations(page) == []
