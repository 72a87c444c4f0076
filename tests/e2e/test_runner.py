"""The guide's Run buttons in Chromium: Flask and Django in Pyodide, shown as CPython sees them."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from scripts.site_server import allow_instant_navigation
from tests.docs.guide import nav_pages
from tests.e2e.conftest import PageWatch
from tests.e2e.test_accessibility import SCHEMES, assert_accessible, open_page
from tests.examples.scenario_runs import cpython_results

FIRST_RUN_TIMEOUT = 180_000  # the first Run boots Python and loads a framework's wheels
RUN_TIMEOUT = 60_000
FLASK_PAGE, FLASK_EXAMPLE = "philosophy/", "philosophy/flask_hello.py"
DJANGO_PAGE, DJANGO_EXAMPLE = "security/", "security/django_csrf.py"
DJANGO_FORMS_PAGE, DJANGO_FORMS = "learning-curve/", "learning_curve/django_forms.py"
FLASK_FORMS = "learning_curve/flask_forms.py"
# The quiz page starts its own engine while it loads, by design; every other page is a guide page.
GUIDE_PAGES = [source for _, source in nav_pages() if source != "quiz.md"]


def control(page: Page, example: str) -> Locator:
    return page.locator(f'.fvd-run[data-run-example="{example}"]')


def output(page: Page, example: str) -> Locator:
    return control(page, example).locator("[data-run-output]")


def run(page: Page, example: str, *, timeout: float = FIRST_RUN_TIMEOUT) -> Locator:
    """Click Run (after revealing its tab) and wait until the result is shown."""
    button = page.locator(f'[data-run="examples/{example}"]')
    if not button.is_visible():
        panel = button.locator("xpath=ancestor::div[contains(@class,'tabbed-block')][1]")
        index = panel.evaluate("(el) => [...el.parentElement.children].indexOf(el)")
        panel.locator("xpath=../..").locator("label").nth(index).click()
    shown = output(page, example)
    done = int(shown.get_attribute("data-run-count") or 0)
    button.click()
    # data-run-count counts finished runs: a warm run can finish before "running" is seen.
    expect(shown).to_have_attribute("data-run-count", str(done + 1), timeout=timeout)
    return shown


def shown_exchanges(shown: Locator) -> list[dict[str, Any]]:
    """What the page shows for each request: the request line, status and body text."""
    items = shown.locator(".fvd-run__exchange")
    return [
        {
            "line": items.nth(i).locator(".fvd-run__line code").inner_text(),
            "status": int(
                items.nth(i).locator("[data-run-code]").get_attribute("data-run-code") or 0
            ),
            "body": items.nth(i).locator(".fvd-run__body").inner_text(),
        }
        for i in range(items.count())
    ]


def expected_exchanges(example: str) -> list[dict[str, Any]]:
    exchanges = cpython_results()[example]["exchanges"]
    return [
        {
            "line": f"{e['method']} {e['path']}",
            "status": e["status"],
            "body": json.dumps(e["body"], indent=2) if e["kind"] == "json" else e["body"],
        }
        for e in exchanges
    ]


def test_flask_and_django_examples_show_what_cpython_returns(
    page: Page, site_url: str, page_watch: PageWatch
) -> None:
    page.goto(site_url + FLASK_PAGE)
    flask = run(page, FLASK_EXAMPLE)
    expect(flask).to_have_attribute("data-run-status", "ok")
    assert shown_exchanges(flask) == expected_exchanges(FLASK_EXAMPLE)

    page.goto(site_url + DJANGO_PAGE)
    django = run(page, DJANGO_EXAMPLE)
    expect(django).to_have_attribute("data-run-status", "ok")
    shown = shown_exchanges(django)
    expected = expected_exchanges(DJANGO_EXAMPLE)
    # The CSRF token differs on every run; everything else is identical.
    assert [(e["line"], e["status"]) for e in shown] == [(e["line"], e["status"]) for e in expected]
    assert shown[1:] == expected[1:]
    assert 'name="csrfmiddlewaretoken"' in shown[0]["body"]
    page_watch.assert_clean()
    # The runner's precompiled standard library served both; the full one was never needed.
    assert any(u.endswith("/pyodide/python_stdlib_runner.zip.gz") for u in page_watch.requests)
    assert not any(u.endswith("/pyodide/python_stdlib.zip") for u in page_watch.requests)


def test_html_is_rendered_in_a_sandboxed_frame(page: Page, site_url: str) -> None:
    page.goto(site_url + FLASK_PAGE)
    shown = run(page, FLASK_EXAMPLE)
    expect(shown.locator("iframe")).to_have_count(0)  # made when first opened
    shown.locator("summary").first.click()
    frame = shown.locator("iframe").first
    assert frame.get_attribute("sandbox") == ""
    expect(frame.content_frame.locator("h1")).to_have_text("Hello, Ada!")


def test_edit_run_shows_traceback_then_reset_restores_the_tested_file(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + FLASK_PAGE)
    box = control(page, FLASK_EXAMPLE)
    box.locator("[data-run-edit]").click()
    source = box.locator("[data-run-source]")
    expect(source).to_be_focused()
    tested = source.input_value()
    assert tested.startswith('"""A complete Flask application')  # the whole file, not an excerpt
    source.fill(tested.replace("return render_template_string(PAGE, name=name)", "return 1 / 0"))
    shown = run(page, FLASK_EXAMPLE)
    expect(shown).to_have_attribute("data-run-status", "ok")  # Flask turns it into a 500
    assert [e["status"] for e in shown_exchanges(shown)] == [500, 500]

    source.fill(tested + "\nraise RuntimeError('edited')\n")
    shown = run(page, FLASK_EXAMPLE, timeout=RUN_TIMEOUT)
    expect(shown).to_have_attribute("data-run-status", "error")
    traceback = shown.locator(".fvd-run__traceback")
    expect(traceback).to_contain_text("RuntimeError: edited")
    expect(traceback).to_contain_text('File "examples/philosophy/flask_hello.py"')

    reset = box.locator("[data-run-reset]")
    expect(reset).to_be_visible()
    reset.click()
    assert source.input_value() == tested
    expect(reset).to_be_hidden()
    shown = run(page, FLASK_EXAMPLE, timeout=RUN_TIMEOUT)
    expect(shown).to_have_attribute("data-run-status", "ok")
    assert shown_exchanges(shown) == expected_exchanges(FLASK_EXAMPLE)


def edit_to_import_a_module_no_scenario_imports(page: Page) -> None:
    """The Flask example, edited to import configparser and name the file it came from."""
    box = control(page, FLASK_EXAMPLE)
    box.locator("[data-run-edit]").click()
    source = box.locator("[data-run-source]")
    imported = "import configparser\nraise RuntimeError(f'from {configparser.__file__}')\n"
    source.fill(source.input_value() + "\n" + imported)


def test_an_edited_example_imports_a_module_no_scenario_imports(page: Page, site_url: str) -> None:
    page.goto(site_url + FLASK_PAGE)
    run(page, FLASK_EXAMPLE)  # the sources of such modules follow the first result
    edit_to_import_a_module_no_scenario_imports(page)
    shown = run(page, FLASK_EXAMPLE, timeout=RUN_TIMEOUT)
    expect(shown).to_have_attribute("data-run-status", "error")
    expect(shown.locator(".fvd-run__traceback")).to_contain_text(
        "RuntimeError: from /lib/python_stdlib_runner_sources.zip/configparser.py"
    )


def test_a_failed_download_of_the_other_modules_sources_names_it_and_run_retries(
    page: Page, site_url: str
) -> None:
    pattern = "**/python_stdlib_runner_sources.zip"
    page.context.route(pattern, lambda route: route.fulfill(status=404))
    page.goto(site_url + FLASK_PAGE)
    shown = run(page, FLASK_EXAMPLE)
    expect(shown).to_have_attribute("data-run-status", "ok")  # the tested file needs none of it
    edit_to_import_a_module_no_scenario_imports(page)
    shown = run(page, FLASK_EXAMPLE, timeout=RUN_TIMEOUT)
    expect(shown).to_have_attribute("data-run-status", "error")
    expect(shown).to_contain_text("python_stdlib_runner_sources.zip")
    expect(shown).to_contain_text("Run to retry")
    assert shown.get_attribute("data-run-failed-file") == "python_stdlib_runner_sources.zip"
    page.context.unroute(pattern)  # the connection is back
    shown = run(page, FLASK_EXAMPLE)
    expect(shown.locator(".fvd-run__traceback")).to_contain_text(
        "RuntimeError: from /lib/python_stdlib_runner_sources.zip/configparser.py"
    )


def test_stop_ends_an_endless_loop_and_the_runner_recovers(page: Page, site_url: str) -> None:
    page.goto(site_url + FLASK_PAGE)
    run(page, FLASK_EXAMPLE)  # Python is up
    box = control(page, FLASK_EXAMPLE)
    box.locator("[data-run-edit]").click()
    source = box.locator("[data-run-source]")
    tested = source.input_value()
    source.fill(tested + "\nwhile True:\n    pass\n")
    box.locator("[data-run]").click()
    shown = output(page, FLASK_EXAMPLE)
    expect(shown).to_have_attribute("data-run-status", "running")
    # The page stays responsive while Python loops in the worker.
    assert page.evaluate("1 + 1") == 2
    stop = box.locator("[data-run-stop]")
    expect(stop).to_be_visible()
    stop.click()
    expect(shown).to_have_attribute("data-run-status", "error")
    expect(shown).to_contain_text("Stopped")
    expect(box.locator("[data-run]")).to_be_focused()
    box.locator("[data-run-reset]").click()
    shown = run(page, FLASK_EXAMPLE)
    expect(shown).to_have_attribute("data-run-status", "ok")


@pytest.mark.parametrize("source", GUIDE_PAGES)
def test_no_runtime_or_wheel_request_before_run(
    page: Page, site_url: str, page_watch: PageWatch, source: str
) -> None:
    page.goto(site_url + ("" if source == "index.md" else source.removesuffix(".md") + "/"))
    page.wait_for_load_state("networkidle")
    has_runnable = page.locator("[data-run]").count() > 0
    # The runner's worker starts while the page is idle: its scripts' requests are watched too.
    if has_runnable and not any("runner-worker" in worker.url for worker in page.workers):
        page.wait_for_event("worker", lambda worker: "runner-worker" in worker.url, timeout=5000)
    page.wait_for_load_state("networkidle")
    # The runner's worker may load its own scripts (assets/) while the page is idle, never the
    # runtime (the site's pyodide/ folder) or a wheel.
    runtime_or_wheel = [
        u for u in page_watch.requests if u.startswith(site_url + "pyodide/") or ".whl" in u
    ]
    assert runtime_or_wheel == []
    runner_assets = [u for u in page_watch.requests if "/assets/runner/" in u]
    assert bool(runner_assets) == has_runnable  # the runner's own files only where it is used
    assert any("/assets/pyodide/boot.mjs" in u for u in page_watch.requests) == has_runnable


def test_instant_navigation_keeps_one_runner_worker(page: Page, site_url: str) -> None:
    allow_instant_navigation(page.context, site_url)
    page.goto(site_url + FLASK_PAGE)
    page.wait_for_load_state("networkidle")  # instant navigation is set up
    run(page, FLASK_EXAMPLE)
    page.locator(f'a.md-nav__link[href$="/{DJANGO_PAGE}"]').first.click()
    page.wait_for_url(f"**/{DJANGO_PAGE}")
    shown = run(page, DJANGO_EXAMPLE)
    expect(shown).to_have_attribute("data-run-status", "ok")
    page.go_back()
    page.wait_for_url(re.compile(rf".*/{FLASK_PAGE}(#.*)?$"))  # tracking may add a fragment
    shown = run(page, FLASK_EXAMPLE, timeout=RUN_TIMEOUT)
    expect(shown).to_have_attribute("data-run-status", "ok")
    # The document was never reloaded, and one worker served all three runs.
    assert page.evaluate("performance.getEntriesByType('navigation')[0].name") == (
        site_url + FLASK_PAGE
    )
    assert len([worker for worker in page.workers if "runner-worker" in worker.url]) == 1


def test_keyboard_only_run(page: Page, site_url: str) -> None:
    page.goto(site_url + FLASK_PAGE)
    button = page.locator(f'[data-run="examples/{FLASK_EXAMPLE}"]')
    button.focus()
    page.keyboard.press("Enter")
    shown = output(page, FLASK_EXAMPLE)
    expect(shown).to_have_attribute("data-run-count", "1", timeout=FIRST_RUN_TIMEOUT)
    expect(shown).to_have_attribute("data-run-status", "ok")
    assert shown.get_attribute("aria-live") == "polite"
    # The editor never traps focus: Tab leaves the textarea.
    control(page, FLASK_EXAMPLE).locator("[data-run-edit]").press("Enter")
    source = control(page, FLASK_EXAMPLE).locator("[data-run-source]")
    expect(source).to_be_focused()
    page.keyboard.press("Tab")
    expect(source).not_to_be_focused()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_clean_with_the_runner_open(page: Page, site_url: str, scheme: str) -> None:
    open_page(page, site_url + DJANGO_FORMS_PAGE, scheme)
    shown = run(page, DJANGO_FORMS)
    expect(shown).to_have_attribute("data-run-status", "ok")
    box = control(page, DJANGO_FORMS)
    box.locator("[data-run-edit]").click()
    box.locator("details").first.locator("summary").click()
    assert_accessible(page, f"learning-curve with the runner open ({scheme})", box)


@pytest.mark.parametrize(
    ("pattern", "file", "response"),
    [
        ("**/runner/flask-*.whl.gz", "flask-", {"status": 404, "body": ""}),
        ("**/runner/werkzeug-*.whl.gz", "werkzeug-", {"status": 200, "body": b"PK\x03\x04 cut"}),
        ("**/python_stdlib_runner.zip.gz", "python_stdlib_runner.zip.gz", {"status": 404}),
        ("**/pyodide.asm.wasm.gz", "pyodide.asm.wasm.gz", {"status": 200, "body": b"\x1f\x8b"}),
    ],
    ids=["missing-wheel", "corrupt-wheel", "missing-stdlib", "corrupt-runtime"],
)
def test_failed_download_names_the_file_and_run_retries(
    page: Page, site_url: str, pattern: str, file: str, response: dict[str, Any]
) -> None:
    page.context.route(pattern, lambda route: route.fulfill(**response))
    page.goto(site_url + FLASK_PAGE)
    shown = run(page, FLASK_EXAMPLE)
    expect(shown).to_have_attribute("data-run-status", "error")
    expect(shown).to_contain_text(file)
    expect(shown).to_contain_text("Run to retry")
    assert file in (shown.get_attribute("data-run-failed-file") or "")
    page.context.unroute(pattern)  # the connection is back
    shown = run(page, FLASK_EXAMPLE)
    expect(shown).to_have_attribute("data-run-status", "ok")
    assert shown_exchanges(shown) == expected_exchanges(FLASK_EXAMPLE)


def test_after_a_run_instant_navigation_warms_the_new_pages_wheels(
    page: Page, site_url: str, page_watch: PageWatch
) -> None:
    allow_instant_navigation(page.context, site_url)
    page.goto(site_url + FLASK_PAGE)
    page.wait_for_load_state("networkidle")  # instant navigation is set up
    # Before any Run on the new page, the runner fetches the wheels of its Flask examples: the
    # guide's Flask wheels are requested after the first Run.
    with page.expect_request(lambda request: "/runner/flask_wtf-" in request.url):
        run(page, FLASK_EXAMPLE)
        page.locator(f'a.md-nav__link[href$="/{DJANGO_FORMS_PAGE}"]').first.click()
    page.wait_for_url(f"**/{DJANGO_FORMS_PAGE}")
    page.wait_for_load_state("networkidle")
    # Django has not run in this worker: its megabytes wait for a Django Run.
    assert [u for u in page_watch.requests if "/runner/django-" in u] == []
    shown = run(page, FLASK_FORMS, timeout=RUN_TIMEOUT)
    expect(shown).to_have_attribute("data-run-status", "ok")
    # The CSRF token differs on every run: request lines and statuses are compared.
    assert [(e["line"], e["status"]) for e in shown_exchanges(shown)] == [
        (e["line"], e["status"]) for e in expected_exchanges(FLASK_FORMS)
    ]


def test_an_idle_worker_warms_the_other_pages_wheels_of_a_framework_that_ran(
    page: Page, site_url: str, page_watch: PageWatch
) -> None:
    page.goto(site_url + FLASK_PAGE)
    # After the first Run, the guide's other Flask examples' wheels are fetched (and, once no Run
    # came for a moment, imported): those of the packages more examples need first, Flask-WTF
    # (two pages) before Flask-Caching (the performance page).
    with page.expect_request(lambda request: "/runner/flask_caching-" in request.url):
        run(page, FLASK_EXAMPLE)
    assert [u for u in page_watch.requests if "/runner/django-" in u] == []
    wheels = [
        url.rpartition("/runner/")[2].split("-")[0]
        for url in page_watch.requests
        if "/runner/" in url
    ]
    assert wheels.index("flask_wtf") < wheels.index("cachelib") < wheels.index("flask_caching")
    shown = run(page, FLASK_EXAMPLE, timeout=RUN_TIMEOUT)  # a Run still goes first
    assert shown_exchanges(shown) == expected_exchanges(FLASK_EXAMPLE)


def test_runner_falls_back_to_the_full_standard_library_made_for_another_runtime(
    page: Page, site_url: str, page_watch: PageWatch
) -> None:
    def other_runtime(route: Route) -> None:
        response = route.fetch()
        manifest = response.json()
        manifest["runtime_sha256"] = "0" * 64  # the bytecode would not match this runtime
        route.fulfill(response=response, json=manifest)

    page.context.route("**/pyodide/runtime.json", other_runtime)
    page.goto(site_url + FLASK_PAGE)
    shown = run(page, FLASK_EXAMPLE)
    expect(shown).to_have_attribute("data-run-status", "ok")
    assert shown_exchanges(shown) == expected_exchanges(FLASK_EXAMPLE)
    assert any(url.endswith("/pyodide/python_stdlib.zip") for url in page_watch.requests)
