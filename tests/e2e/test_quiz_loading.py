"""How the quiz's engine loads: progress in words, Save-Data, bad downloads, the first answer."""

from __future__ import annotations

import gzip
import random
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from quiz import recommend
from tests.e2e.conftest import PageWatch, answer, submit, verdict, wait_ready
from tests.e2e.test_quiz_behaviour import manifest_with, unusable_bundle
from tests.quiz.answer_sets import random_answers

SHOP = {"project": "shop", "admin": "essential", "accounts": "full"}
WASM = "**/pyodide/pyodide.asm.wasm.gz"
BUNDLE = "**/pyodide/python_stdlib_quiz.zip.gz"
SAVE_DATA = """Object.defineProperty(Navigator.prototype, "connection", {
    get: () => ({ saveData: true, effectiveType: "4g" }),
});"""


def runtime_requests(context: BrowserContext) -> list[str]:
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    return seen


def test_progress_is_said_in_megabytes_in_a_polite_status(
    page: Page, context: BrowserContext, site_url: str
) -> None:
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    context.route(WASM, hold)
    page.goto(f"{site_url}quiz/")
    status = page.locator("[data-fvd-status]")
    expect(status).to_have_attribute("role", "status")  # a polite live region
    expect(status).to_contain_text("Loading Python:")
    text = status.text_content() or ""
    assert " of " in text and " MB" in text, text
    announced: list[str] = page.evaluate(
        """() => {
            window.fvdSaid = [];
            const status = document.querySelector("[data-fvd-status]");
            new MutationObserver(() => window.fvdSaid.push(status.textContent))
                .observe(status, {childList: true, subtree: true, characterData: true});
            return window.fvdSaid;
        }"""
    )
    assert announced == []
    for route in held:
        route.continue_()
    wait_ready(page)
    said: list[str] = page.evaluate("window.fvdSaid")
    loading = [text for text in said if text.startswith("Loading Python:")]
    # A few steps, not every chunk of a 4 MB download.
    assert len(loading) <= 5, said
    expect(status).to_contain_text("Python is ready")


def test_save_data_waits_for_the_first_interaction_with_the_form(
    page: Page, context: BrowserContext, page_watch: PageWatch, site_url: str
) -> None:
    requests = runtime_requests(context)
    page.add_init_script(SAVE_DATA)
    page.goto(f"{site_url}quiz/")
    form = page.locator("#fvd-form")
    expect(form).to_have_attribute("data-engine", "deferred")
    expect(page.locator("[data-fvd-status]")).to_contain_text("Save-Data is on")
    page.wait_for_timeout(1000)
    assert not [url for url in requests if "/pyodide/" in url]
    answer(page, SHOP)
    wait_ready(page)
    assert any(url.endswith("pyodide.asm.wasm.gz") for url in requests)
    submit(page)
    assert verdict(page) == recommend(SHOP).framework
    page_watch.assert_clean()


def test_save_data_still_answers_a_shared_link(
    page: Page, context: BrowserContext, site_url: str
) -> None:
    page.add_init_script(SAVE_DATA)
    page.goto(f"{site_url}quiz/#answers=project.shop,admin.essential")
    wait_ready(page)  # a link asks for a result: that starts the download
    assert verdict(page) == recommend({"project": "shop", "admin": "essential"}).framework


def corrupt(route: Route) -> None:
    route.fulfill(status=200, body=b"\x1f\x8b\x08\x00 this is not a deflate stream" * 100)


def truncated(route: Route) -> None:
    body = route.fetch().body()
    route.fulfill(status=200, body=body[: len(body) // 2])


def garbled(route: Route) -> None:
    # A well-formed gzip stream of the wrong length: only the size check can tell.
    route.fulfill(status=200, body=gzip.compress(b"\0" * 1000))


@pytest.mark.parametrize("target", [WASM, BUNDLE], ids=["wasm", "stdlib"])
@pytest.mark.parametrize(
    "damage", [corrupt, truncated, garbled], ids=["corrupt", "truncated", "wrong-size"]
)
def test_a_damaged_download_names_the_file_and_retry_recovers(
    page: Page,
    context: BrowserContext,
    site_url: str,
    target: str,
    damage: Callable[[Route], None],
) -> None:
    context.route(target, damage)
    page.goto(f"{site_url}quiz/")
    form = page.locator("#fvd-form")
    expect(form).to_have_attribute("data-engine", "error", timeout=60_000)
    name = target.rsplit("/", 1)[-1]
    status = page.locator("[data-fvd-status]")
    expect(status).to_contain_text(name)
    expect(status).to_contain_text("corrupt or incomplete")
    retry = page.get_by_role("button", name="Retry starting Python")
    expect(retry).to_be_visible()
    answer(page, SHOP)
    submit(page)
    context.unroute(target)
    retry.click()
    expect(form).to_have_attribute("data-engine", "ready", timeout=120_000)
    expect(retry).to_be_hidden()
    assert verdict(page) == recommend(SHOP).framework


def test_the_first_submission_needs_no_further_download(
    page: Page, context: BrowserContext, page_watch: PageWatch, site_url: str
) -> None:
    requests = runtime_requests(context)
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    page.wait_for_load_state("networkidle")
    before = len(requests)
    answer(page, SHOP)
    submit(page)
    assert verdict(page) == recommend(SHOP).framework
    # Nothing to load: no code, runtime file or data (the browser may still ask for its icon).
    loads = (".js", ".mjs", ".json", ".gz", ".whl", ".zip", ".wasm", ".toml")
    assert [url for url in requests[before:] if url.split("?")[0].endswith(loads)] == []
    page_watch.assert_clean()


def no_change(route: Route) -> None:
    route.continue_()


BOOT_PATHS: dict[str, tuple[str, Callable[[Route], None], str]] = {
    "quiz-stdlib": ("**/pyodide/runtime.json", no_change, "trimmed"),
    "other-runtime-build": (
        "**/pyodide/runtime.json",
        manifest_with(runtime_sha256="0"),
        "fallback",
    ),
    "unusable-bundle": (BUNDLE, unusable_bundle, "fallback"),
}


@pytest.mark.parametrize("path", BOOT_PATHS.values(), ids=BOOT_PATHS.keys())
def test_every_boot_path_recommends_as_cpython_does(
    page: Page, context: BrowserContext, site_url: str, path: tuple[str, Any, str]
) -> None:
    target, handler, mode = path
    context.route(target, handler)
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    expect(page.locator("#fvd-form")).to_have_attribute("data-boot", mode)
    assert_recommends_as_cpython(page, seed=len(mode))


def assert_recommends_as_cpython(page: Page, seed: int) -> None:
    """The page's engine gives the shop answers, and three random sets, CPython's results."""
    rng = random.Random(seed)
    for answers in [SHOP, *(random_answers(rng, answered_share=0.6) for _ in range(3))]:
        page.click('#fvd-form button[type="reset"]')
        answer(page, answers)
        submit(page)
        expected = recommend(answers)
        expect(page.locator("[data-recommendation]")).to_have_text(expected.headline)
        assert verdict(page) == expected.framework


# Records, in the page's clock, when the page tells the engine's worker that it is parsed and
# to go, and when the worker reports its downloads complete; with `drop`, the page's "go" never
# reaches the worker.
WATCH_GO = """(drop) => {
    window.fvdGo = { sent: [], parsed: [], downloaded: null };
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
        if (message?.type === "parsed") window.fvdGo.parsed.push(performance.now());
        if (message?.type === "go") {
            window.fvdGo.sent.push(performance.now());
            if (drop) return;
        }
        return post.call(this, message, ...rest);
    };
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
        constructor(...args) {
            super(...args);
            this.addEventListener("message", ({ data }) => {
                if (data?.type === "progress" && data.loaded === data.total) {
                    window.fvdGo.downloaded ??= performance.now();
                }
            });
        }
    };
}"""


def worker_timeline(page: Page) -> dict[str, float]:
    """The worker's boot marks, in ms of the page's clock (first occurrence of each)."""
    marks: list[list[Any]] = page.evaluate(
        """() => performance.getEntriesByName("fvd-engine-ready")[0].detail.timeline
            .map(([name, time]) => [name, time - performance.timeOrigin])"""
    )
    timeline: dict[str, float] = {}
    for name, time in marks:
        timeline.setdefault(name, time)
    return timeline


def answers_as_cpython_does(page: Page, page_watch: PageWatch) -> None:
    answer(page, SHOP)
    submit(page)
    assert verdict(page) == recommend(SHOP).framework
    page_watch.assert_clean()


def test_the_worker_starts_python_once_the_page_has_loaded(
    page: Page, page_watch: PageWatch, site_url: str
) -> None:
    page.add_init_script(f"({WATCH_GO})(false)")
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    timeline = worker_timeline(page)
    navigation = "performance.getEntriesByType('navigation')[0]"
    parsed_at: float = page.evaluate(f"{navigation}.domContentLoadedEventEnd")
    loaded: float = page.evaluate(f"{navigation}.loadEventEnd")
    parsed: list[float] = page.evaluate("window.fvdGo.parsed")
    sent: list[float] = page.evaluate("window.fvdGo.sent")
    assert len(parsed) == 1 and parsed[0] >= parsed_at
    assert len(sent) == 1 and sent[0] >= loaded
    assert "worker:parsed-page" in timeline and "worker:go-page" in timeline
    assert "worker:go-timeout" not in timeline
    # The binary is compiled once the page is parsed and Material (started by DOMContentLoaded)
    # has run; downloading did not wait for that.
    assert timeline["worker:parsed-page"] <= timeline["boot:compile"]
    assert timeline["boot:manifest"] < timeline["worker:go-page"]
    # Pyodide's loader and Python's start once the page has loaded.
    assert timeline["worker:go-page"] <= timeline["boot:released"]
    assert timeline["boot:released"] < timeline["boot:loader"] < timeline["boot:instantiate"]
    answers_as_cpython_does(page, page_watch)


def test_a_worker_never_told_to_go_starts_after_a_moment_all_downloaded(
    page: Page, page_watch: PageWatch, site_url: str
) -> None:
    page.add_init_script(f"({WATCH_GO})(true)")
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    timeline = worker_timeline(page)
    assert page.evaluate("window.fvdGo.sent.length") == 1  # said, and dropped
    assert "worker:go-page" not in timeline and "worker:go-timeout" in timeline
    # Held for its limit (2 s from its start), downloading meanwhile.
    assert timeline["boot:released"] - timeline["worker:start"] >= 1900
    downloaded: float | None = page.evaluate("window.fvdGo.downloaded")
    assert downloaded is not None and downloaded < timeline["boot:released"]
    assert timeline["boot:released"] < timeline["boot:loader"] < timeline["boot:instantiate"]
    answers_as_cpython_does(page, page_watch)
