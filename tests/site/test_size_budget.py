"""The built site's weight: a report of what each page transfers, and budgets that fail the build.

A page's weight is its HTML plus the stylesheets, scripts and images it references, plus what
Material's JavaScript loads on every page: the search worker and index, and the sitemap. Sizes are
bytes on disk, with the gzip size alongside (GitHub Pages compresses text). Only the quiz page may
load the quiz's assets (assets/quiz/) and, through them, the Pyodide runtime (pyodide/).
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from tests.site.sitemodel import HtmlPage, Site

QUIZ_PAGE = "quiz/index.html"
QUIZ_ASSETS = "assets/quiz/"
RUNTIME_DIR = "pyodide"
FETCHED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)

# Budgets, in bytes on disk (uncompressed, so the real transfer is smaller).
PAGE_HTML_BUDGET = 250_000  # one page's HTML
PAGE_BUDGET = 1_000_000  # a non-quiz page: HTML + everything it loads
QUIZ_PAGE_BUDGET = 1_200_000  # the quiz page, before the Python runtime
RUNTIME_BUDGET = 32_000_000  # the Pyodide runtime the quiz's worker loads on demand
SITE_BUDGET = 40_000_000  # everything the site publishes


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def page_assets(site: Site, page: HtmlPage) -> set[Path]:
    """Files the browser fetches to show the page (not the pages it links to)."""
    files: set[Path] = set()
    for ref in page.references:
        if ref.tag in {"a", "area", "form"}:
            continue
        if ref.tag == "link" and not FETCHED_LINK_RELS & set(ref.rel.split()):
            continue
        target = site.resolve(page, ref.value)
        if target.kind == "internal" and target.file is not None:
            files.add(target.file)
    config = CONFIG.search(page.text)
    if config:
        worker = json.loads(config.group(1)).get("search")
        if worker:
            files.add(site.directory / "assets" / worker.split("assets/", 1)[1])
            files.add(site.directory / "search" / "search_index.json")
        if "navigation.instant" in json.loads(config.group(1)).get("features", []):
            files.add(site.directory / "sitemap.xml")  # instant navigation reads it
    if page.path == QUIZ_PAGE:
        # The quiz's modules and worker import one another: count the whole directory.
        files |= {file for file in (site.directory / QUIZ_ASSETS).rglob("*") if file.is_file()}
    return files


def weight(files: set[Path]) -> tuple[int, int]:
    return sum(file.stat().st_size for file in files), sum(gzip_size(file) for file in files)


@pytest.fixture(scope="module")
def report(site: Site) -> dict[str, tuple[int, int, int]]:
    """Per page: (HTML bytes, HTML + assets bytes, the same gzipped)."""
    rows = {}
    for page in site.content_pages():
        html = site.directory / page.path
        raw, zipped = weight({html} | page_assets(site, page))
        rows[page.path] = (html.stat().st_size, raw, zipped)
    runtime = {file for file in (site.directory / RUNTIME_DIR).rglob("*") if file.is_file()}
    everything = {file for file in site.directory.rglob("*") if file.is_file()}
    lines = [f"{'page':<32}{'HTML':>10}{'with assets':>14}{'gzipped':>12}"]
    lines += [f"{path:<32}{h:>10,}{r:>14,}{z:>12,}" for path, (h, r, z) in sorted(rows.items())]
    runtime_raw, runtime_zipped = weight(runtime)
    lines.append(
        f"{'Pyodide runtime (quiz, lazy)':<32}{'':>10}{runtime_raw:>14,}{runtime_zipped:>12,}"
    )
    total = sum(file.stat().st_size for file in everything)
    lines.append(f"{'whole site (' + str(len(everything)) + ' files)':<32}{'':>10}{total:>14,}")
    print("\n" + "\n".join(lines))
    rows["<runtime>"] = (0, runtime_raw, runtime_zipped)
    rows["<site>"] = (0, total, 0)
    return rows


def test_page_budgets(site: Site, report: dict[str, tuple[int, int, int]]) -> None:
    over = []
    for path, (html, with_assets, _) in report.items():
        if path.startswith("<"):
            continue
        budget = QUIZ_PAGE_BUDGET if path == QUIZ_PAGE else PAGE_BUDGET
        if html > PAGE_HTML_BUDGET:
            over.append(f"{path}: HTML {html:,} > {PAGE_HTML_BUDGET:,}")
        if with_assets > budget:
            over.append(f"{path}: {with_assets:,} with assets > {budget:,}")
    assert over == []
    assert len(report) == len(site.content_pages()) + 2


def test_runtime_and_site_budgets(report: dict[str, tuple[int, int, int]]) -> None:
    assert 0 < report["<runtime>"][1] <= RUNTIME_BUDGET
    assert report["<site>"][1] <= SITE_BUDGET


def test_only_the_quiz_page_loads_the_quiz_and_pyodide(site: Site) -> None:
    for page in site.pages.values():
        loaded = [
            ref.value
            for ref in page.references
            if ref.tag not in {"a", "area"} and QUIZ_ASSETS in site.resolve(page, ref.value).url
        ]
        if page.path == QUIZ_PAGE:
            assert {value.rsplit("/", 1)[-1] for value in loaded} == {"quiz.css", "quiz.js"}
        else:
            assert loaded == [], f"{page.path} loads the quiz's assets"
            assert "pyodide" not in page.text.lower(), f"{page.path} mentions Pyodide"
