"""MkDocs hooks: the single entry point that ties the build steps together."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

# MkDocs loads this file by path, so make the project root importable for `scripts.*` and `quiz`.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from quiz.loader import DATA_DIR, QuizDataError, check_links, load_quiz_from  # noqa: E402
from quiz.model import Quiz  # noqa: E402
from scripts import page_meta, quiz_form, runner_page  # noqa: E402
from scripts.engine_wheel import BuildStepError  # noqa: E402
from scripts.memory_snapshot import runtime_digest  # noqa: E402
from scripts.pyodide_runtime import PYODIDE_PACKAGE, install_runtime, pyodide_version  # noqa: E402
from scripts.runner_scenarios import ScenarioError, load_scenarios  # noqa: E402
from scripts.runner_site import example_sources, install_runner  # noqa: E402

QUIZ_MARKER = "<!-- quiz:form -->"
ID_ATTRIBUTE = re.compile(r'\sid="([^"]+)"')

_state: dict[str, Any] = {}


def _quiz() -> Quiz:
    quiz: Quiz = _state["quiz"]
    return quiz


def on_config(config: Any) -> Any:
    # Read the question data afresh on every build, so `mkdocs serve` picks up edits.
    try:
        _state["quiz"] = load_quiz_from(DATA_DIR)
    except QuizDataError as error:
        raise PluginError(f"Invalid quiz data: {error}") from None
    _state["anchors"] = {}
    try:
        _state["scenarios"] = {s["example"]: s for s in load_scenarios()}
        _state["example_sources"] = example_sources()
    except ScenarioError as error:
        raise PluginError(f"Invalid example scenarios: {error}") from None
    try:
        pyodide_version()  # fail early, with set-up advice, if `npm ci` has not run
        _state["runtime"] = runtime_digest(PYODIDE_PACKAGE)
    except BuildStepError as error:
        raise PluginError(str(error)) from None
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    versions = config["extra"]["versions"]
    name = page.file.src_uri
    try:
        markdown = page_meta.fill_versions(markdown, versions, name)
        if "reviewed" in page.meta:
            reviewed = page_meta.parse_reviewed(page.meta["reviewed"], name)
            markdown = page_meta.insert_applies_to(
                markdown, page_meta.applies_to_line(versions, reviewed), name
            )
    except page_meta.PageMetaError as error:
        raise PluginError(str(error)) from None
    markdown, _ = runner_page.mark_examples(markdown, _state["scenarios"])
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if QUIZ_MARKER in html:
        html = html.replace(QUIZ_MARKER, _quiz_fragment(page.url))
    html, runnable = runner_page.fill_slots(html, _state["scenarios"], _state["example_sources"])
    if runnable:
        html += runner_page.assets(lambda path: get_relative_url(path, page.url))
    _state["anchors"][page.file.src_uri] = set(ID_ATTRIBUTE.findall(html))
    return html


def _quiz_fragment(page_url: str) -> str:
    """The form plus the quiz's own stylesheet and script: only this page loads them."""

    def url(path: str) -> str:
        return get_relative_url(path, page_url)

    form = quiz_form.render_form(_quiz(), url("when-to-choose/"))
    early_start = (ROOT / "docs" / "assets" / "quiz" / "early-start.js").read_text(encoding="utf-8")
    # The worker checks the snapshot's manifest against this digest of the runtime the page
    # was built with, so a stale cached snapshot after a Pyodide upgrade is never restored.
    worker = f"{url('assets/quiz/engine-worker.mjs')}?runtime={_state['runtime']}"
    return (
        f'<script data-worker="{worker}">\n{early_start}</script>\n'
        f'<link rel="stylesheet" href="{url("assets/quiz/quiz.css")}">\n'
        f"{form}\n"
        f'<script type="module" src="{url("assets/quiz/quiz.js")}"></script>'
    )


def on_post_build(config: Any) -> None:
    try:
        check_links(_quiz(), _state["anchors"])
    except QuizDataError as error:
        raise PluginError(f"Invalid quiz data: {error}") from None
    try:
        install_runtime(Path(config["site_dir"]), runtime=_state["runtime"])
        install_runner(
            Path(config["site_dir"]), _state["scenarios"], PYODIDE_PACKAGE / "pyodide-lock.json"
        )
    except BuildStepError as error:
        raise PluginError(str(error)) from None
