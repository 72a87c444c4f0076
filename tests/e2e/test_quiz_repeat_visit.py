"""A reader's next visit: the engine kept in the browser's Cache Storage, and when it cannot be."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, BrowserType, Page, expect

from quiz import recommend
from scripts.site_server import serve
from tests.e2e.conftest import PageWatch, answer, submit, verdict, wait_ready, watch
from tests.e2e.test_quiz_loading import assert_recommends_as_cpython, worker_timeline

CACHE = "pyodide-runtime"
SNAPSHOT = "/memory-snapshot/quiz-engine"
WASM = "/pyodide.asm.wasm"
# Each entry carries the key of what made it (runtime digest, snapshot key) in this header.
KEY_HEADER = "X-Kept-Key"
# Set by these tests on an entry they damage (the runtime never writes it): a replaced entry
# lacks it, whatever its size.
TAMPERED = "X-Tampered"
SHOP = {"project": "shop", "admin": "essential", "accounts": "full"}

KEPT_ENTRIES = """async () => {
    const cache = await caches.open("pyodide-runtime");
    const entries = {};
    for (const request of await cache.keys()) {
      const response = await cache.match(request); // gone if deleted meanwhile
      if (response) entries[request.url] = (await response.arrayBuffer()).byteLength;
    }
    return entries;
}"""


def kept(page: Page) -> dict[str, int]:
    """What Cache Storage holds for the runtime: URL -> size in bytes."""
    entries: dict[str, int] = page.evaluate(KEPT_ENTRIES)
    return entries


def kept_entry(page: Page, marker: str) -> tuple[str, int] | None:
    return next(((url, size) for url, size in kept(page).items() if marker in url), None)


def wait_for_kept(page: Page, marker: str, url: str | None = None) -> str:
    """Wait until Cache Storage holds an entry whose URL has ``marker`` (at ``url``, if given);
    its URL."""
    for _ in range(300):
        for found in kept(page):
            if marker in found and found == (url or found):
                return found
        page.wait_for_timeout(100)
    raise AssertionError(f"nothing kept for {marker}: {kept(page)}")


def wait_for_kept_snapshot(page: Page, url: str | None = None) -> str:
    """The engine keeps its snapshot once idle after it is ready: wait for it."""
    return wait_for_kept(page, SNAPSHOT, url)


def wait_for_replaced(page: Page, url: str) -> int:
    """Wait until the entry at ``url``, damaged by a test, has been replaced; its size."""
    for _ in range(300):
        size: int | None = page.evaluate(
            """async ([url, header]) => {
                const cache = await caches.open("pyodide-runtime");
                const kept = await cache.match(url);
                if (!kept || kept.headers.has(header)) return null;
                return (await kept.arrayBuffer()).byteLength;
            }""",
            [url, TAMPERED],
        )
        if size is not None:
            return size
        page.wait_for_timeout(100)
    raise AssertionError(f"{url} was not replaced: {kept(page)}")


def first_visit(context: BrowserContext, site_url: str) -> Page:
    page = context.new_page()
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    expect(page.locator("#fvd-form")).to_have_attribute("data-boot", "trimmed")
    return page


def visit(context: BrowserContext, site_url: str) -> tuple[Page, PageWatch]:
    page = context.new_page()
    watched = watch(page)
    page.goto(f"{site_url}quiz/")
    wait_ready(page)
    return page, watched


def kept_key(page: Page, url: str) -> str | None:
    key: str | None = page.evaluate(
        """async ([url, header]) => {
            const cache = await caches.open("pyodide-runtime");
            return (await cache.match(url))?.headers.get(header) ?? null;
        }""",
        [url, KEY_HEADER],
    )
    return key


def put(page: Page, url: str, body: bytes | None = None, key: str | None = None) -> None:
    """Replace the body or the key of the entry kept at ``url``, keeping the rest as it is, and
    mark it as damaged."""
    page.evaluate(
        """async ([url, bytes, key, header, tampered]) => {
            const cache = await caches.open("pyodide-runtime");
            const kept = await cache.match(url);
            const headers = new Headers(kept.headers);
            if (key !== null) headers.set(header, key);
            headers.set(tampered, "yes");
            const body = bytes === null ? await kept.arrayBuffer() : new Uint8Array(bytes);
            await cache.put(url, new Response(body, { headers }));
        }""",
        [url, None if body is None else list(body), key, KEY_HEADER, TAMPERED],
    )


def test_a_repeat_visit_restores_the_kept_engine_and_assert_recommends_as_cpython(
    context: BrowserContext, site_url: str
) -> None:
    first = first_visit(context, site_url)
    assert "boot:released" in worker_timeline(first)  # a first visit holds its start
    wait_for_kept_snapshot(first)
    manifest = json.loads(first.evaluate("fetch('../pyodide/runtime.json').then(r => r.text())"))
    wasm = kept_entry(first, WASM)
    assert wasm is not None
    assert kept_key(first, wasm[0]) == manifest["runtime_sha256"]
    assert wasm[1] == manifest["files"]["pyodide.asm.wasm"]["size"]
    first.close()

    page, watched = visit(context, site_url)
    expect(page.locator("#fvd-form")).to_have_attribute("data-boot", "cached-snapshot")
    # Nothing to download: the restore is not held for the page's start.
    assert "boot:released" not in worker_timeline(page)
    assert_recommends_as_cpython(page, seed=9)
    watched.assert_clean()


# In the engine's worker: when Python was restored, and the standard library's file written
# after it (and when its download began), in ms of the worker's clock.
LIBRARY_AFTER_RESTORE = """() => {
    const installed = performance.getEntriesByName("boot:installed")[0];
    const download = performance.getEntriesByType("resource")
        .find((entry) => entry.name.includes("python_stdlib_quiz.zip"));
    return {
        restored: performance.getEntriesByName("boot:restored")[0]?.startTime ?? null,
        installed: installed ? { at: installed.startTime, ...installed.detail } : null,
        downloadStart: download?.startTime ?? null,
    };
}"""


def test_a_restored_engine_gets_its_standard_library_after_the_restore(
    context: BrowserContext, site_url: str
) -> None:
    first = first_visit(context, site_url)
    wait_for_kept_snapshot(first)
    manifest = json.loads(first.evaluate("fetch('../pyodide/runtime.json').then(r => r.text())"))
    first.close()

    page, watched = visit(context, site_url)
    expect(page.locator("#fvd-form")).to_have_attribute("data-boot", "cached-snapshot")
    worker = next(worker for worker in page.workers if "engine-worker" in worker.url)
    for _ in range(100):
        library = worker.evaluate(LIBRARY_AFTER_RESTORE)
        if library["installed"]:
            break
        page.wait_for_timeout(100)
    # The restore was handed an empty file: the library downloaded after it, and its file now
    # holds the whole library.
    assert library["installed"], library
    assert library["restored"] < library["downloadStart"] < library["installed"]["at"]
    assert library["installed"]["path"].endswith(".zip")
    assert library["installed"]["size"] == manifest["files"]["python_stdlib_quiz.zip"]["size"]
    answer(page, SHOP)
    submit(page)
    assert verdict(page) == recommend(SHOP).framework
    watched.assert_clean()


def test_once_its_snapshot_is_kept_the_engine_has_pyodides_loader_compiled_again(
    context: BrowserContext, site_url: str
) -> None:
    page, watched = visit(context, site_url)
    wait_for_kept_snapshot(page)
    worker = next(worker for worker in page.workers if "engine-worker" in worker.url)
    compiled = """() => performance.getEntriesByName("boot:loader-compiled")[0]?.detail ?? null"""
    for _ in range(100):
        report = worker.evaluate(compiled)
        if report:
            break
        page.wait_for_timeout(100)
    # The loader's factory ran, in a worker of its own, up to the binary's instantiation.
    assert report == {"reached": True}
    watched.assert_clean()


GARBAGE = bytes(range(256)) * 64


@pytest.mark.parametrize(
    ("marker", "mode"),
    [(SNAPSHOT, "trimmed"), (WASM, "cached-snapshot")],
    ids=["snapshot", "wasm-binary"],
)
def test_a_damaged_kept_entry_is_dropped_and_the_engine_still_answers(
    context: BrowserContext, site_url: str, marker: str, mode: str
) -> None:
    first = first_visit(context, site_url)
    wait_for_kept_snapshot(first)
    entry = kept_entry(first, marker)
    assert entry is not None
    url, size = entry
    put(first, url, GARBAGE)  # its key still says it fits
    first.close()

    page, watched = visit(context, site_url)
    # A damaged snapshot means a normal boot; a damaged binary is downloaded again.
    expect(page.locator("#fvd-form")).to_have_attribute("data-boot", mode)
    assert_recommends_as_cpython(page, seed=len(marker))
    watched.assert_clean()
    # The damaged entry is replaced by a sound one, and the next visit uses the snapshot again.
    wait_for_kept_snapshot(page)
    replaced = wait_for_replaced(page, url)
    if marker == WASM:
        assert replaced == size
    page.close()
    again, _ = visit(context, site_url)
    expect(again.locator("#fvd-form")).to_have_attribute("data-boot", "cached-snapshot")


def test_a_snapshot_cut_short_is_dropped_and_the_engine_still_answers(
    context: BrowserContext, site_url: str
) -> None:
    # Its header is sound: only the length tells that its last pages are missing.
    first = first_visit(context, site_url)
    url = wait_for_kept_snapshot(first)
    size = kept(first)[url]
    first.evaluate(
        """async ([url, tampered]) => {
            const cache = await caches.open("pyodide-runtime");
            const kept = await cache.match(url);
            const bytes = await kept.arrayBuffer();
            const cut = bytes.slice(0, bytes.byteLength - 4096 * 8);
            const headers = new Headers(kept.headers);
            headers.set(tampered, "yes");
            await cache.put(url, new Response(cut, { headers }));
        }""",
        [url, TAMPERED],
    )
    assert kept(first)[url] == size - 4096 * 8
    first.close()

    page, watched = visit(context, site_url)
    expect(page.locator("#fvd-form")).to_have_attribute("data-boot", "trimmed")
    assert_recommends_as_cpython(page, seed=5)
    watched.assert_clean()
    wait_for_replaced(page, url)
    page.close()
    again, _ = visit(context, site_url)
    expect(again.locator("#fvd-form")).to_have_attribute("data-boot", "cached-snapshot")


def test_a_snapshot_kept_by_another_build_is_not_used_and_is_deleted(
    context: BrowserContext, site_url: str
) -> None:
    first = first_visit(context, site_url)
    url = wait_for_kept_snapshot(first)
    key = kept_key(first, url)
    assert key is not None and key.startswith(f"{url}?key=")
    stale = f"{url}?key={'0' * 64}"
    put(first, url, key=stale)
    first.close()

    page, watched = visit(context, site_url)
    expect(page.locator("#fvd-form")).to_have_attribute("data-boot", "trimmed")
    assert_recommends_as_cpython(page, seed=3)
    for _ in range(300):  # the stale entry is replaced once the engine is idle
        if kept_key(page, url) == key:
            break
        page.wait_for_timeout(100)
    assert kept_key(page, url) == key
    watched.assert_clean()


def test_entries_kept_by_earlier_builds_under_keyed_urls_are_deleted(
    context: BrowserContext, site_url: str
) -> None:
    # Earlier builds kept each entry at a URL holding its key; the next entries kept replace them.
    first = first_visit(context, site_url)
    url = wait_for_kept_snapshot(first)
    wasm = kept_entry(first, WASM)
    assert wasm is not None
    legacy = [f"{url}?key={'0' * 64}", f"{wasm[0]}?runtime={'0' * 64}"]
    first.evaluate(
        """async (urls) => {
            const cache = await caches.open("pyodide-runtime");
            for (const url of urls) await cache.put(url, new Response("old"));
            for (const request of await cache.keys()) {
              if (!urls.includes(request.url)) await cache.delete(request);
            }
        }""",
        legacy,
    )
    assert sorted(kept(first)) == sorted(legacy)
    first.close()

    page, watched = visit(context, site_url)
    expect(page.locator("#fvd-form")).to_have_attribute("data-boot", "trimmed")
    wait_for_kept_snapshot(page, url)
    assert sorted(kept(page)) == sorted([url, wasm[0]])
    watched.assert_clean()


def test_storage_that_refuses_everything_still_boots_every_visit(
    context: BrowserContext, site_url: str
) -> None:
    page = context.new_page()
    session = context.new_cdp_session(page)
    origin = site_url.split("/flask-vs-django/", maxsplit=1)[0]
    session.send("Storage.overrideQuotaForOrigin", {"origin": origin, "quotaSize": 1024})
    for _ in range(2):
        page.goto(f"{site_url}quiz/")
        wait_ready(page)
        expect(page.locator("#fvd-form")).to_have_attribute("data-boot", "trimmed")
        answer(page, SHOP)
        submit(page)
        assert verdict(page) == recommend(SHOP).framework
        page.wait_for_timeout(4000)  # past the moment the engine tries to keep its snapshot
        assert kept_entry(page, SNAPSHOT) is None


@pytest.fixture
def insecure_site(
    browser_type: BrowserType, browser_type_launch_args: dict[str, Any], built_site: Path
) -> Iterator[tuple[Browser, str]]:
    """The site under a host name that is not a secure context: no Cache Storage at all."""
    resolve = "--host-resolver-rules=MAP quiz.test 127.0.0.1"
    args = [*browser_type_launch_args.get("args", []), resolve]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    with serve(built_site) as url:
        yield browser, url.replace("127.0.0.1", "quiz.test")
    browser.close()


def test_without_cache_storage_every_visit_boots_normally(
    insecure_site: tuple[Browser, str],
) -> None:
    browser, site_url = insecure_site
    context = browser.new_context()
    page = context.new_page()
    for _ in range(2):
        page.goto(f"{site_url}quiz/")
        assert page.evaluate("typeof caches") == "undefined"
        wait_ready(page)
        expect(page.locator("#fvd-form")).to_have_attribute("data-boot", "trimmed")
        answer(page, SHOP)
        submit(page)
        assert verdict(page) == recommend(SHOP).framework
    context.close()
