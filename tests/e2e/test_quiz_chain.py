"""The whole chain in Chromium: build-time form, Pyodide in a worker, the same answer as CPython."""

from __future__ import annotations

import random

from playwright.sync_api import Page, expect

from quiz import recommend
from scripts.site_server import allow_instant_navigation
from tests.e2e.conftest import (
    PageWatch,
    answer,
    submit,
    verdict,
    wait_ready,
)
from tests.e2e.test_quiz_result import assert_flips_shown, shown_totals
from tests.quiz.answer_sets import random_answers


def engine_workers(page: Page) -> list[str]:
    """The quiz's workers (Material runs a search worker of its own)."""
    return [worker.url for worker in page.workers if "engine-worker" in worker.url]


def test_browser_gives_the_same_recommendation_as_cpython(
    page: Page, page_watch: PageWatch, site_url: str
) -> None:
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    rng = random.Random(7)
    for _ in range(6):
        answers = random_answers(rng, answered_share=0.6)
        page.click('#fvd-form button[type="reset"]')
        answer(page, answers)
        expected = recommend(answers)
        submit(page)
        assert verdict(page) == expected.framework
        expect(page.locator("[data-recommendation]")).to_have_text(expected.headline)
        # One honest scale: the chart, the reasons and the engine's totals agree.
        totals = shown_totals(page)
        assert totals["chart"] == totals["reasons"] == expected.scores
        assert_flips_shown(page, expected)
    page_watch.assert_clean()


def test_instant_navigation_away_and_back_keeps_one_worker(
    page: Page, page_watch: PageWatch, site_url: str
) -> None:
    allow_instant_navigation(page, site_url)
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    page.evaluate("() => { window.fvdFirstDocument = true; }")
    assert len(engine_workers(page)) == 1
    page.locator(".md-nav a[href$='philosophy/']").first.click()
    page.wait_for_url("**/philosophy/")
    expect(page.locator("h1")).to_contain_text("philosophy", ignore_case=True)
    page.locator(".md-nav a[href$='quiz/']").first.click()
    page.wait_for_url("**/quiz/")
    wait_ready(page)
    answers = {"project": "shop", "admin": "essential", "accounts": "full"}
    answer(page, answers)
    submit(page)
    assert verdict(page) == recommend(answers).framework
    assert len(engine_workers(page)) == 1
    # The document was never reloaded: instant navigation swapped the content.
    assert page.evaluate("window.fvdFirstDocument") is True
    page_watch.assert_clean()


def test_pyodide_loads_only_on_the_quiz_page(
    page: Page, page_watch: PageWatch, site_url: str
) -> None:
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert not [url for url in page_watch.requests if "/pyodide/" in url]
    assert engine_workers(page) == []
    page_watch.assert_clean()


def test_quiz_reached_by_instant_navigation_from_another_page_works(
    page: Page, page_watch: PageWatch, site_url: str
) -> None:
    allow_instant_navigation(page, site_url)
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => { window.fvdFirstDocument = true; }")
    page.locator(".md-nav a[href$='quiz/']").first.click()
    page.wait_for_url("**/quiz/")
    wait_ready(page)
    answers = {"project": "prototype", "timeline": "days"}
    answer(page, answers)
    submit(page)
    assert verdict(page) == recommend(answers).framework
    assert len(engine_workers(page)) == 1
    assert page.evaluate("window.fvdFirstDocument") is True
    page_watch.assert_clean()


def test_the_result_prints_without_the_form(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    answer(page, {"project": "shop", "admin": "essential"})
    submit(page)
    verdict(page)
    page.emulate_media(media="print")
    expect(page.locator("#fvd-form")).to_be_hidden()
    expect(page.locator("[data-fvd-result]")).to_be_visible()
    expect(page.locator(".fvd-chart")).to_be_visible()
