"""End-to-end fixtures: the built site under a sub-path, Chromium, and page watchers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Route, expect

from scripts.chromium import CHROMIUM_ARGS, chromium_path
from scripts.site_server import serve

ROOT = Path(__file__).resolve().parents[2]
# `make test` builds site/; SITE_DIR points the tests at another build.
SITE_DIR = Path(os.environ.get("SITE_DIR", ROOT / "site"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The site `make test` built; built here when a test is run on its own."""
    if not (SITE_DIR / "quiz" / "index.html").exists():
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(SITE_DIR)],
            cwd=ROOT,
            check=True,
        )
    return SITE_DIR


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@dataclass
class PageWatch:
    """What a page did that a reader should never see: errors and requests to other hosts."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.page_errors == []
        assert self.console_errors == []
        assert self.foreign_requests == []


def watch(page: Page) -> PageWatch:
    watched = PageWatch()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watched.console_errors.append(message.text)

    def on_request(request: Request) -> None:
        watched.requests.append(request.url)
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in {
            "127.0.0.1",
            "localhost",
        }:
            watched.foreign_requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
    page.on("request", on_request)
    # Workers' requests reach the context, not the page.
    page.context.on("request", on_request)
    return watched


@pytest.fixture
def page_watch(page: Page) -> PageWatch:
    return watch(page)


def answer(page: Page, answers: dict[str, Any]) -> None:
    """Tick the form's native inputs for ``answers``, the way a reader would."""
    for question, value in answers.items():
        for option in value if isinstance(value, list) else [value]:
            page.check(f'input[name="{question}"][value="{option}"]')


def wait_ready(page: Page, timeout: float = 120_000) -> None:
    page.wait_for_selector('form[data-engine="ready"]', timeout=timeout)


def submit(page: Page) -> None:
    page.click('#fvd-form button[type="submit"]')


def verdict(page: Page) -> str:
    """The recommended framework, once the engine has answered."""
    locator = page.locator("[data-recommendation]")
    expect(locator).not_to_have_attribute("data-recommendation", "")
    return str(locator.get_attribute("data-recommendation"))


WASM_BINARY = "**/pyodide/pyodide.asm.wasm.gz"


def hold_requests(context: BrowserContext, pattern: str) -> list[Route]:
    """Hold every request for ``pattern`` (the worker's included) until released."""
    held: list[Route] = []

    # A bound method cannot be a Playwright handler (it tags its handlers), hence the function.
    def hold(route: Route) -> None:
        held.append(route)

    context.route(pattern, hold)
    return held


def release_once_requested(page: Page, held: list[Route], within_ms: int) -> None:
    """Fail unless a held request arrived within ``within_ms``; then let them all through."""
    for _ in range(max(1, within_ms // 100)):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the worker should be fetching the wasm binary by now"
    for route in held:
        route.continue_()
