"""The result a reader trusts: a live verdict, one honest scale, share links that open on it.

At a phone's 390 px and a desktop's 1366 px, under the site's sub-path, against CPython's engine.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from quiz import Recommendation, load_quiz, recommend
from quiz.topics import guide_titles
from tests.docs.guide import ROOT
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
from tests.e2e.test_accessibility import SCHEMES, assert_accessible, open_page
from tests.quiz.answer_sets import random_answers

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
STRONG = {
    "project": "shop",
    "admin": "essential",
    "accounts": "full",
    "data": "relational",
    "sensitivity": "regulated",
}
CLOSE = {"project": "api", "admin": "essential", "concurrency": "async-first"}


def fragment(answers: dict[str, Any]) -> str:
    parts = [
        f"{question}.{'+'.join(value) if isinstance(value, list) else value}"
        for question, value in answers.items()
    ]
    return "#answers=" + ",".join(parts)


def shared_verdict(page: Page) -> str:
    """The verdict a share link opened on, once Python has started and answered."""
    wait_ready(page)
    return verdict(page)


def live(page: Page) -> str:
    return str(page.locator("[data-live-recommendation]").get_attribute("data-live-recommendation"))


def no_horizontal_overflow(page: Page, where: str) -> None:
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{where}: the page scrolls sideways ({widths})"


def in_viewport(page: Page, selector: str) -> bool:
    return bool(
        page.locator(selector).evaluate(
            """(element) => {
                const box = element.getBoundingClientRect();
                return box.height > 0 && box.top >= 0 && box.bottom <= innerHeight;
            }"""
        )
    )


def answer_sequence(rng: random.Random) -> list[tuple[str, str]]:
    """Answers ticked one at a time, in random order: (question, option)."""
    answers = random_answers(rng, answered_share=0.8)
    steps = [
        (question, option)
        for question, value in answers.items()
        for option in (value if isinstance(value, list) else [value])
    ]
    rng.shuffle(steps)
    return steps


# Live verdict ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_the_live_verdict_is_cpythons_after_every_answer(
    browser: Browser, site_url: str, size: str
) -> None:
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    watched = PageWatch()
    page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    assert live(page) == "", "no verdict before the first answer"
    rng = random.Random(11 if size == "phone" else 12)
    for _ in range(2):
        page.click('#fvd-form button[type="reset"]')
        expect(page.locator("[data-live-recommendation]")).to_have_attribute(
            "data-live-recommendation", ""
        )
        given: dict[str, Any] = {}
        for question, option in answer_sequence(rng):
            page.check(f'input[name="{question}"][value="{option}"]')
            if load_quiz().question(question).multiple:
                given.setdefault(question, []).append(option)
            else:
                given[question] = option
            expected = recommend(given).framework
            expect(page.locator("[data-live-recommendation]")).to_have_attribute(
                "data-live-recommendation", expected
            )
            # It never takes the reader's focus away from the answer they just gave.
            assert page.evaluate("document.activeElement.name") == question
        # The live summary stays on screen while the reader answers.
        assert in_viewport(page, "[data-fvd-live]")
    assert watched.page_errors == []
    context.close()


def test_the_live_verdict_speaks_once_per_change_of_verdict(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    page.evaluate(
        """() => {
            window.liveChanges = [];
            const region = document.querySelector('[data-live-recommendation]');
            new MutationObserver(() => window.liveChanges.push(region.textContent))
                .observe(region, {childList: true, characterData: true, subtree: true});
        }"""
    )
    steps = [("project", "shop"), ("admin", "essential"), ("accounts", "full"), ("team", "large")]
    given: dict[str, Any] = {}
    verdicts = []
    for question, option in steps:
        given[question] = option
        page.check(f'input[name="{question}"][value="{option}"]')
        expected = recommend(given).framework
        expect(page.locator("[data-live-recommendation]")).to_have_attribute(
            "data-live-recommendation", expected
        )
        verdicts.append(expected)
    assert verdicts == ["either", "django", "django", "django"]
    changes = page.evaluate("window.liveChanges")
    assert changes == ["So far: a close call", "So far: Django fits best"]
    region = page.locator("[data-live-recommendation]")
    assert region.get_attribute("aria-live") == "polite"


# Share links ----------------------------------------------------------------------------------


def test_a_shared_link_on_a_phone_opens_on_its_verdict(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    held = hold_requests(context, WASM_BINARY)
    page = context.new_page()
    page.goto(f"{site_url}quiz/{fragment(STRONG)}")
    title = page.locator("[data-fvd-result-title]")
    expect(title).to_have_text("Recommendation for these answers")
    expect(title).to_be_focused()
    # While Python starts, the card says so, on the first screen.
    pending = page.locator("[data-fvd-pending]")
    expect(pending).to_contain_text("Python")
    assert in_viewport(page, "[data-fvd-pending]")
    expect(page.get_by_role("button", name="Edit answers")).to_be_visible()
    release_once_requested(page, held, within_ms=30_000)
    wait_ready(page)
    assert verdict(page) == recommend(STRONG).framework
    expect(pending).to_be_hidden()
    assert in_viewport(page, "[data-recommendation]"), "the verdict is on the first screen"
    # Edit answers leads to the form, at the answers given.
    page.get_by_role("button", name="Edit answers").click()
    assert page.evaluate("document.activeElement.name") == "project"
    assert page.evaluate("document.activeElement.checked")
    context.close()


# One honest scale -----------------------------------------------------------------------------


def shown_totals(page: Page) -> dict[str, dict[str, int]]:
    """The points the chart's bars and the reasons show, per framework; each bar is checked
    against the answers listed under it on the way."""
    totals: dict[str, dict[str, int]] = page.evaluate(
        """() => {
            const chart = {flask: 0, django: 0}, reasons = {flask: 0, django: 0};
            for (const row of document.querySelectorAll('[data-fvd-topic-row]')) {
                chart.flask += Number(row.dataset.fvdFlask);
                chart.django += Number(row.dataset.fvdDjango);
                for (const item of row.querySelectorAll('.fvd-row-answers li')) {
                    const [, side, points] = /→ (Flask|Django) \\+(\\d+)$/.exec(item.textContent);
                    row.dataset[`listed${side}`] = String(
                        Number(row.dataset[`listed${side}`] || 0) + Number(points));
                }
                const listedFlask = Number(row.dataset.listedFlask || 0);
                const listedDjango = Number(row.dataset.listedDjango || 0);
                if (listedFlask !== Number(row.dataset.fvdFlask)
                    || listedDjango !== Number(row.dataset.fvdDjango)) {
                    throw new Error(`${row.dataset.fvdTopicRow}: bar and listed answers differ`);
                }
            }
            for (const item of document.querySelectorAll('[data-fvd-points]')) {
                const [side, points] = item.dataset.fvdPoints.split(':');
                reasons[side] += Number(points);
            }
            return {chart, reasons};
        }"""
    )
    return totals


def assert_flips_shown(page: Page, expected: Recommendation) -> None:
    shown = page.locator("[data-fvd-flip]").evaluate_all(
        "items => items.map(item => item.dataset.fvdFlip)"
    )
    assert shown == [
        " ".join(f"{change.question}:{change.option}" for change in flip.changes)
        for flip in expected.flips
    ]


@pytest.mark.parametrize("answers", [STRONG, CLOSE], ids=["strong", "close"])
def test_strength_in_words_flips_and_alternatives_as_the_engine_gives_them(
    page: Page, site_url: str, answers: dict[str, Any]
) -> None:
    expected = recommend(answers)
    page.goto(f"{site_url}quiz/{fragment(answers)}")
    assert shared_verdict(page) == expected.framework
    region = page.locator("[data-fvd-result]")
    strength = region.locator(".fvd-strength")
    expect(strength).to_contain_text(f"{expected.strength_label}. {expected.strength_note}")
    expect(region).not_to_contain_text("%")
    expect(region).not_to_contain_text("confidence", ignore_case=True)
    # The scale is explained once, next to the result.
    expect(region.locator(".fvd-scale")).to_have_count(1)
    assert len(expected.flips) >= 1
    assert_flips_shown(page, expected)
    shown_also = region.locator("[data-fvd-also]").evaluate_all(
        "items => items.map(item => item.dataset.fvdAlso)"
    )
    assert shown_also == [other.id for other in expected.also_consider]
    if expected.also_note:
        expect(region).to_contain_text(expected.also_note)
    for tutorial in expected.tutorials:
        expect(region.locator(f'.fvd-next a[href="{tutorial.url}"]')).to_have_count(1)


def test_chart_topics_have_the_guides_names_and_link_to_their_pages(
    page: Page, site_url: str
) -> None:
    names = guide_titles(ROOT)
    expected = recommend(STRONG)
    page.goto(f"{site_url}quiz/{fragment(STRONG)}")
    shared_verdict(page)
    rows = page.locator("[data-fvd-topic-row]")
    scored = [row for row in expected.breakdown if row.flask or row.django]
    expect(rows).to_have_count(len(scored))
    for index, row in enumerate(scored):
        link = rows.nth(index).locator(".fvd-row-topic a")
        expect(link).to_have_text(names[row.topic])
        assert link.get_attribute("href") == f"../{row.topic}/"
    # Reasons echo the answer that produced them, with the points per topic.
    first = expected.reasons[0]
    expect(page.locator(f'[data-fvd-reason="{first.question}:{first.option}"]')).to_contain_text(
        f"You said “{first.answer}” → Django +{first.points}"
    )


def test_an_empty_submission_says_what_to_do_instead(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    submit(page)
    region = page.locator("[data-fvd-result]")
    expect(region.locator("[data-recommendation]")).to_have_text(recommend({}).headline)
    expect(region).to_contain_text("Pick the answers that fit your project")
    expect(page.get_by_role("button", name="Copy link to these answers")).to_be_hidden()
    expect(region).not_to_contain_text("Confidence")
    expect(region.locator(".fvd-strength")).to_have_count(0)


def test_print_keeps_answers_verdict_reasons_and_chart_only(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}quiz/{fragment(STRONG)}")
    shared_verdict(page)
    page.emulate_media(media="print")
    expect(page.locator(".fvd-given")).to_be_visible()
    expect(page.locator(".fvd-reasons").first).to_be_visible()
    expect(page.locator(".fvd-chart")).to_be_visible()
    expect(page.locator(".fvd-intro")).to_be_hidden()
    expect(page.locator("#fvd-form")).to_be_hidden()
    for link in page.locator(".fvd-read-more").all():
        expect(link).to_be_hidden()


# Layout and accessibility in every state ------------------------------------------------------


@pytest.mark.parametrize("width", [320, 390])
def test_no_sideways_scrolling_in_any_state(browser: Browser, site_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{site_url}quiz/")
    no_horizontal_overflow(page, "fresh")
    wait_ready(page)
    answer(page, {"project": "prototype", "timeline": "days"})
    no_horizontal_overflow(page, "answered, live verdict")
    submit(page)
    verdict(page)
    no_horizontal_overflow(page, "result")
    for name, answers in {"strong": STRONG, "close": CLOSE}.items():
        page.goto(f"{site_url}quiz/{fragment(answers)}")
        page.reload()
        shared_verdict(page)
        no_horizontal_overflow(page, f"shared link, {name} verdict")
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_clean_in_the_live_shared_close_and_empty_states(
    page: Page, site_url: str, scheme: str, page_watch: PageWatch
) -> None:
    open_page(page, f"{site_url}quiz/", scheme)
    wait_ready(page)
    submit(page)
    expect(page.locator("[data-recommendation]")).not_to_have_attribute("data-recommendation", "")
    assert_accessible(page, f"quiz, empty submission, {scheme}")
    answer(page, {"project": "prototype", "timeline": "days"})
    expect(page.locator("[data-live-recommendation]")).not_to_have_attribute(
        "data-live-recommendation", ""
    )
    assert_accessible(page, f"quiz, live verdict, {scheme}")
    for name, answers in {"strong": STRONG, "close": CLOSE}.items():
        open_page(page, f"{site_url}quiz/{fragment(answers)}", scheme)
        page.reload()
        shared_verdict(page)
        assert_accessible(page, f"quiz, shared link, {name} verdict, {scheme}")
    page_watch.assert_clean()
