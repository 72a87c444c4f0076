"""`make bench`: boot time, click-to-result latency, bytes per page and Lighthouse, printed."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from scripts.chromium import CHROMIUM_ARGS, chromium_path
from scripts.site_server import serve

ROOT = Path(__file__).resolve().parents[1]
HARNESS = Path(__file__).resolve().parent / "bench_harness"
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"ready_ratio": 0.5, "click_ms": 100.0, "lighthouse": 95}
ANSWER_SETS: list[dict[str, str]] = [
    {"project": "shop", "admin": "essential"},
    {"project": "api", "data": "few-tables", "team": "solo"},
    {"project": "content", "accounts": "full", "lifetime": "years"},
    {"experience": "beginner"},
]


def fresh_page(browser: Browser) -> tuple[BrowserContext, Page]:
    """A new context: empty HTTP cache, empty storage (a first-time reader)."""
    context = browser.new_context()
    return context, context.new_page()


def mark(page: Page, name: str) -> float:
    value: float = page.evaluate(f"performance.getEntriesByName({json.dumps(name)})[0].startTime")
    return value


def bare_boot_ms(browser: Browser, url: str) -> float:
    context, page = fresh_page(browser)
    page.goto(f"{url}_bench/bare.html")
    page.wait_for_function("document.title === 'ready'", timeout=120_000)
    value = mark(page, "bare-ready")
    context.close()
    return value


def engine_ready_ms(browser: Browser, url: str) -> tuple[float, str]:
    context, page = fresh_page(browser)
    page.goto(f"{url}quiz/")
    page.wait_for_selector('form[data-engine="ready"]', timeout=120_000)
    value = mark(page, "fvd-engine-ready")
    mode = str(page.get_attribute("#fvd-form", "data-boot"))
    context.close()
    return value, mode


def click_to_result_ms(browser: Browser, url: str, clicks: int) -> list[float]:
    context, page = fresh_page(browser)
    page.goto(f"{url}quiz/")
    page.wait_for_selector('form[data-engine="ready"]', timeout=120_000)
    latencies = []
    for index in range(clicks):
        page.evaluate("performance.clearMarks()")
        page.click('#fvd-form button[type="reset"]')
        for question, option in ANSWER_SETS[index % len(ANSWER_SETS)].items():
            page.check(f'input[name="{question}"][value="{option}"]')
        page.click('#fvd-form button[type="submit"]')
        page.wait_for_function("() => performance.getEntriesByName('fvd-result').length > 0")
        latencies.append(mark(page, "fvd-result") - mark(page, "fvd-submit"))
    context.close()
    return latencies


def transferred_bytes(browser: Browser, url: str, path: str, settle: Callable[[Page], Any]) -> int:
    """Bytes over the wire (headers and bodies) for one cold visit, workers' requests included."""
    context, page = fresh_page(browser)
    total = 0

    def count(request: Any) -> None:
        nonlocal total
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    context.on("requestfinished", count)
    page.goto(f"{url}{path}")
    settle(page)
    page.wait_for_load_state("networkidle")
    context.close()
    return total


def lighthouse(url: str, path: str) -> dict[str, int]:
    lighthouse_cli = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run(
            [
                "node",
                str(lighthouse_cli),
                f"{url}{path}",
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
                f"--chrome-flags={flags}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": chromium_path() or ""},
            timeout=300,
        )
        categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
    return {name: round(categories[name]["score"] * 100) for name in LIGHTHOUSE_CATEGORIES}


def run(site_dir: Path, runs: int, clicks: int, with_lighthouse: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        # Benchmark pages live beside a copy of the site, never in the published one.
        served = Path(scratch) / "site"
        shutil.copytree(site_dir, served)
        shutil.copytree(HARNESS, served / "_bench")
        with serve(served) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            bare, ready, modes = [], [], []
            for _ in range(runs):  # interleaved, so both see the same machine load
                bare.append(bare_boot_ms(browser, url))
                ready_ms, mode = engine_ready_ms(browser, url)
                ready.append(ready_ms)
                modes.append(mode)
            clicks_ms = click_to_result_ms(browser, url, clicks)
            pages = {
                "home": transferred_bytes(browser, url, "", lambda page: None),
                "guide page (database/)": transferred_bytes(
                    browser, url, "database/", lambda page: None
                ),
                "quiz (until engine ready)": transferred_bytes(
                    browser,
                    url,
                    "quiz/",
                    lambda page: page.wait_for_selector(
                        'form[data-engine="ready"]', timeout=120_000
                    ),
                ),
            }
            browser.close()
            scores = (
                {"home": lighthouse(url, ""), "quiz": lighthouse(url, "quiz/")}
                if with_lighthouse
                else {}
            )
    return {
        "bare_boot_ms": bare,
        "engine_ready_ms": ready,
        "boot_modes": modes,
        "click_to_result_ms": clicks_ms,
        "bytes": pages,
        "lighthouse": scores,
    }


def report(figures: dict[str, Any]) -> bool:
    bare = statistics.median(figures["bare_boot_ms"])
    ready = statistics.median(figures["engine_ready_ms"])
    click = statistics.median(figures["click_to_result_ms"])
    ratio = ready / bare
    checks = [
        (
            "engine ready / bare boot",
            f"{ratio:.2f}",
            f"<= {TARGETS['ready_ratio']}",
            ratio <= TARGETS["ready_ratio"],
        ),
        (
            "median click-to-result",
            f"{click:.1f} ms",
            f"<= {TARGETS['click_ms']:.0f} ms",
            click <= TARGETS["click_ms"],
        ),
    ]
    print(f"Bare loadPyodide, cold cache (median of {len(figures['bare_boot_ms'])}): {bare:.0f} ms")
    print(f"  runs: {', '.join(f'{value:.0f}' for value in figures['bare_boot_ms'])}")
    modes = ", ".join(figures["boot_modes"])
    print(f"Quiz engine ready, cold cache (median): {ready:.0f} ms  [{modes}]")
    print(f"  runs: {', '.join(f'{value:.0f}' for value in figures['engine_ready_ms'])}")
    print(f"Click to result (median of {len(figures['click_to_result_ms'])}): {click:.1f} ms")
    print("Bytes transferred per page (cold cache):")
    for name, size in figures["bytes"].items():
        print(f"  {name:<28} {size / 1024:>10,.0f} KiB")
    for page_name, scores in figures["lighthouse"].items():
        summary = ", ".join(f"{name} {score}" for name, score in scores.items())
        print(f"Lighthouse {page_name}: {summary}")
        for name, score in scores.items():
            checks.append(
                (
                    f"Lighthouse {page_name} {name}",
                    str(score),
                    f">= {TARGETS['lighthouse']}",
                    score >= TARGETS["lighthouse"],
                )
            )
    print("\nTargets:")
    for name, value, target, met in checks:
        print(f"  {'met ' if met else 'MISS'}  {name}: {value} (target {target})")
    return all(met for *_, met in checks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    figures = run(args.site, args.runs, args.clicks, not args.no_lighthouse)
    out = ROOT / ".bench" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    met = report(figures)
    verdict = "all met" if met else "NOT all met"
    print(f"\nFigures saved to {out.relative_to(ROOT)}; targets {verdict}.")


if __name__ == "__main__":
    main()
