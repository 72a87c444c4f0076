"""The quiz page as a reader meets it: early answers, fast boot, links, storage, failures."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from quiz import load_quiz, recommend
from tests.e2e.conftest import (
    WASM_BINARY,
    PageWatch,
    answer,
    hold_requests,
    release_once_requested,
    submit,
    verdict,
    wait_ready,
)

STORAGE_KEY = "flask-vs-django:quiz"
SHOP = {
    "project": "shop",
    "admin": "essential",
    "accounts": "full",
    "deployment": ["deploy-checks"],
}


def checked_answers(page: Page) -> dict[str, Any]:
    answers: dict[str, Any] = page.evaluate(
        """() => {
            const answers = {};
            for (const input of document.querySelectorAll('#fvd-form input:checked')) {
              if (input.type === 'checkbox') (answers[input.name] ??= []).push(input.value);
              else answers[input.name] = input.value;
            }
            return answers;
        }"""
    )
    return answers


def test_answers_given_before_python_is_ready_get_their_result_once_it_is(
    page: Page, context: BrowserContext, page_watch: PageWatch, site_url: str
) -> None:
    held = hold_requests(context, WASM_BINARY)
    page.goto(f"{site_url}quiz/")
    # The form is plain HTML: answerable while the engine is still loading.
    expect(page.locator("#fvd-form")).to_have_attribute("data-engine", "loading")
    answer(page, SHOP)
    expect(page.locator("[data-fvd-answered]")).to_have_text("4")
    submit(page)
    expect(page.locator("[data-fvd-status]")).to_contain_text("your result will appear")
    assert page.locator("[data-recommendation]").get_attribute("data-recommendation") == ""
    release_once_requested(page, held, within_ms=300)
    wait_ready(page)
    assert verdict(page) == recommend(SHOP).framework
    page_watch.assert_clean()


def test_engine_boots_from_the_quiz_standard_library(
    page: Page, page_watch: PageWatch, site_url: str
) -> None:
    runtime_requests: list[str] = []
    page.context.on(
        "request", lambda r: runtime_requests.append(r.url) if "/pyodide/" in r.url else None
    )
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    expect(page.locator("#fvd-form")).to_have_attribute("data-boot", "trimmed")
    names = {url.rsplit("/", 1)[-1] for url in runtime_requests}
    assert {"python_stdlib_quiz.zip.gz", "pyodide.asm.wasm.gz", "runtime.json"} <= names
    # Neither the uncompressed binary nor the full standard library travels.
    assert not names & {"pyodide.asm.wasm", "python_stdlib.zip"}
    answer(page, SHOP)
    submit(page)
    assert verdict(page) == recommend(SHOP).framework
    page_watch.assert_clean()


def missing(route: Route) -> None:
    route.fulfill(status=404, body=b"gone")


def manifest_with(**changes: Any) -> Callable[[Route], None]:
    """Serve the real manifest with some fields changed."""

    def handler(route: Route) -> None:
        manifest = route.fetch().json()
        route.fulfill(status=200, json={**manifest, **changes})

    return handler


def unusable_bundle(route: Route) -> None:
    # A sound download, of the right size, that Python cannot start from.
    size = len(gzip.decompress(route.fetch().body()))
    route.fulfill(status=200, body=gzip.compress(b"\0" * size))


@pytest.mark.parametrize(
    ("target", "handler", "reason"),
    [
        ("**/runtime.json", manifest_with(runtime_sha256="0"), "another build of the runtime"),
        ("**/python_stdlib_quiz.zip.gz", unusable_bundle, "could not start with"),
    ],
    ids=["other-runtime-build", "unusable-bundle"],
)
def test_a_stale_or_refused_quiz_stdlib_falls_back_to_the_full_one(
    page: Page,
    context: BrowserContext,
    site_url: str,
    target: str,
    handler: Callable[[Route], None],
    reason: str,
) -> None:
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text))
    context.route(target, handler)
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    expect(page.locator("#fvd-form")).to_have_attribute("data-boot", "fallback")
    assert any("standard library not used" in text and reason in text for text in warnings), (
        warnings
    )
    answer(page, SHOP)
    submit(page)
    assert verdict(page) == recommend(SHOP).framework


def test_a_missing_runtime_file_is_named_in_the_error(
    page: Page, context: BrowserContext, site_url: str
) -> None:
    context.route("**/pyodide/runtime.json", missing)
    page.goto(f"{site_url}quiz/")
    expect(page.locator("#fvd-form")).to_have_attribute("data-engine", "error", timeout=60_000)
    expect(page.locator("[data-fvd-status]")).to_contain_text("runtime.json (HTTP 404)")


def test_share_link_round_trip(page: Page, context: BrowserContext, site_url: str) -> None:
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    answer(page, SHOP)
    submit(page)
    expected = verdict(page)
    assert "#answers=" in page.url
    shared = page.url

    other = context.browser.new_context() if context.browser else context
    reader = other.new_page()
    reader.goto(shared)
    wait_ready(reader)  # a new reader: a cold boot
    assert verdict(reader) == expected
    assert checked_answers(reader) == SHOP
    expect(reader.locator("[data-recommendation]")).to_have_text(recommend(SHOP).headline)
    other.close()


TAMPERED = {
    "bad-encoding": "#answers=project.%E0%A4%A",
    "unknown-question": "#answers=colour.red",
    "unknown-option": "#answers=project.spaceship",
    "script-payload": "#answers=" + quote("project.<img src=x onerror=alert(1)>"),
    "html-in-id": "#answers=" + quote('"><script>window.pwned=1</script>'),
    "repeated-question": "#answers=project.api,project.shop",
    "list-for-single": "#answers=project.api+shop",
    "very-long-junk": "#answers=" + "a" * 5000,
}


@pytest.mark.parametrize("fragment", TAMPERED.values(), ids=TAMPERED.keys())
def test_tampered_links_show_a_notice_and_reset(
    page: Page, page_watch: PageWatch, site_url: str, fragment: str
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{site_url}quiz/{fragment}")
    notice = page.locator("[data-fvd-notice]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("could not be read")
    wait_ready(page)
    assert checked_answers(page) == {}
    assert page.locator("[data-recommendation]").get_attribute("data-recommendation") == ""
    assert "#answers" not in page.url
    assert dialogs == []
    assert page.evaluate("window.pwned") is None
    assert page.locator("img[src=x]").count() == 0
    page_watch.assert_clean()


def test_answers_persist_across_visits_and_reset_clears_them(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}quiz/")
    answer(page, SHOP)
    submit(page)
    wait_ready(page)
    verdict(page)
    stored = json.loads(page.evaluate(f"localStorage.getItem({json.dumps(STORAGE_KEY)})"))
    assert stored == {"version": 1, "answers": SHOP}
    page.goto(f"{site_url}quiz/")
    assert checked_answers(page) == SHOP
    page.click('#fvd-form button[type="reset"]')
    assert checked_answers(page) == {}
    assert page.evaluate(f"localStorage.getItem({json.dumps(STORAGE_KEY)})") is None
    expect(page.locator("[data-fvd-answered]")).to_have_text("0")


@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        json.dumps({"version": 99, "answers": {}}),
        json.dumps({"version": 1, "answers": {"project": "nope"}}),
        "x" * 10_000,
    ],
    ids=["not-json", "unknown-version", "unknown-option", "oversized"],
)
def test_corrupt_storage_is_discarded_with_a_notice(
    page: Page, page_watch: PageWatch, site_url: str, stored: str
) -> None:
    page.add_init_script(f"localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(stored)})")
    page.goto(f"{site_url}quiz/")
    expect(page.locator("[data-fvd-notice]")).to_contain_text("Saved answers were damaged")
    assert checked_answers(page) == {}
    page_watch.assert_clean()


def test_blocked_runtime_shows_an_error_and_retry_recovers(
    page: Page, context: BrowserContext, site_url: str
) -> None:
    context.route("**/pyodide/pyodide.asm.wasm.gz", lambda route: route.abort())
    page.goto(f"{site_url}quiz/")
    form = page.locator("#fvd-form")
    expect(form).to_have_attribute("data-engine", "error", timeout=60_000)
    expect(page.locator("[data-fvd-status]")).to_contain_text("could not start")
    retry = page.get_by_role("button", name="Retry starting Python")
    expect(retry).to_be_visible()
    answer(page, SHOP)
    submit(page)
    context.unroute("**/pyodide/pyodide.asm.wasm.gz")
    retry.click()
    expect(form).to_have_attribute("data-engine", "ready", timeout=120_000)
    expect(retry).to_be_hidden()
    assert verdict(page) == recommend(SHOP).framework


def test_a_download_that_never_ends_times_out_into_the_error_state(
    page: Page, context: BrowserContext, site_url: str
) -> None:
    stalled: list[Route] = []

    def stall(route: Route) -> None:
        stalled.append(route)

    context.route("**/pyodide/pyodide.asm.wasm.gz", stall)
    page.goto(f"{site_url}quiz/?boot-timeout=5000")
    expect(page.locator("#fvd-form")).to_have_attribute("data-engine", "error", timeout=30_000)
    expect(page.locator("[data-fvd-status]")).to_contain_text("did not finish starting in time")
    expect(page.get_by_role("button", name="Retry starting Python")).to_be_visible()
    assert stalled


def test_keyboard_only_completion(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    first = page.locator('#fvd-form input[name="project"]').first
    first.focus()  # a reader reaches it with Tab; the header's links come first
    page.keyboard.press("ArrowDown")  # radio groups move and select with the arrows
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "content"
    page.keyboard.press("Tab")  # next question
    assert page.evaluate("document.activeElement.name") == "admin"
    page.keyboard.press("Space")
    # Walk to the first checkbox question and tick with Space.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    page.keyboard.press("Space")
    checkbox = page.evaluate("[document.activeElement.name, document.activeElement.value]")
    # Focus must be visible: the outline is drawn for keyboard focus.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in {"none", ""}
    page.keyboard.press("Enter")  # Enter in a form field submits the form
    expected = recommend({"project": "content", "admin": "essential", checkbox[0]: [checkbox[1]]})
    assert verdict(page) == expected.framework
    focused = page.evaluate("document.activeElement.dataset.fvdResultTitle")
    assert focused is not None, "focus moves to the result"


def test_result_view_shows_what_the_engine_returned(page: Page, site_url: str) -> None:
    answers = {
        "project": "api",
        "concurrency": "async-first",
        "conventions": "freedom",
        "team": "large",
    }
    expected = recommend(answers).as_dict()
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    answer(page, answers)
    submit(page)
    assert verdict(page) == expected["framework"]
    region = page.locator("[data-fvd-result]")
    expect(region.locator("[data-recommendation]")).to_have_text(expected["headline"])
    expect(region).to_contain_text(expected["strength_note"])
    shown = region.locator("[data-fvd-reason]").evaluate_all(
        "items => items.map(i => i.dataset.fvdReason)"
    )
    listed = [
        f"{r['question']}:{r['option']}" for r in expected["reasons"] + expected["counterpoints"]
    ]
    assert shown == listed
    for other in expected["also_consider"]:
        expect(region).to_contain_text(other["name"])
    assert expected["also_consider"], "this profile should suggest alternatives"
    expect(region.locator("[data-fvd-flip]")).to_have_count(len(expected["flips"]))
    scored = [row for row in expected["breakdown"] if row["flask"] or row["django"]]
    expect(region.locator("[data-fvd-topic-row]")).to_have_count(len(scored))
    # Reasons link into the guide under the site's sub-path.
    for href in region.locator(".fvd-reasons a").evaluate_all("links => links.map(a => a.href)"):
        assert href.startswith(site_url)


def test_every_question_of_the_data_is_on_the_page(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}quiz/")
    for question in load_quiz().questions:
        expect(page.locator(f"#fvd-q-{question.id} legend")).to_contain_text(question.text)


def test_copy_link_puts_the_share_link_on_the_clipboard(
    page: Page, context: BrowserContext, site_url: str
) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    answer(page, SHOP)
    submit(page)
    verdict(page)
    page.get_by_role("button", name="Copy link to these answers").click()
    expect(page.locator("[data-fvd-copied]")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert "#answers=" in page.url


def test_answers_the_engine_refuses_reset_the_quiz_with_a_notice(
    page: Page, page_watch: PageWatch, site_url: str
) -> None:
    # A page out of step with its engine (say, a stale cached page) could offer an option the
    # engine does not know; the reader gets words and a fresh form, not a stuck page.
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    page.evaluate(
        """() => {
            const input = document.querySelector('input[name="project"]').cloneNode();
            input.value = "spaceship";
            input.id = "fvd-project-spaceship";
            document.querySelector("#fvd-q-project .fvd-options").append(input);
        }"""
    )
    page.check("#fvd-project-spaceship")
    answer(page, {"admin": "essential"})
    submit(page)
    notice = page.locator("[data-fvd-notice]")
    expect(notice).to_contain_text("could not be used")
    expect(notice).to_contain_text("spaceship")
    assert checked_answers(page) == {}
    expect(page.locator("[data-fvd-status]")).to_contain_text("Python is ready")
    assert page.locator("[data-recommendation]").get_attribute("data-recommendation") == ""
    page_watch.assert_clean()
