"""MkDocs hooks: the single entry point that ties the build steps together."""

from __future__ import annotations

import json
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

from quiz import engine  # noqa: E402
from quiz.loader import DATA_DIR, QuizDataError, check_links, load_quiz_from  # noqa: E402
from quiz.model import Quiz  # noqa: E402
from quiz.topics import TopicTitleError, guide_titles, page_of  # noqa: E402
from scripts import code_lines, csp, page_meta, quiz_form, runner_page  # noqa: E402
from scripts.engine_wheel import BuildStepError  # noqa: E402
from scripts.pyodide_runtime import PYODIDE_PACKAGE, install_runtime, pyodide_version  # noqa: E402
from scripts.quiz_stdlib import runtime_digest  # noqa: E402
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
    _state["content_scripts"] = set()
    # The chart calls each topic what the navigation calls its page: one name, set in the guide.
    try:
        _state["topic_titles"] = guide_titles(Path(config["config_file_path"]).parent)
    except TopicTitleError as error:
        raise PluginError(f"Quiz topics: {error}") from None
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
        html += runner_page.assets(
            lambda path: get_relative_url(path, page.url), runtime=_state["runtime"]
        )
    html = code_lines.mark_indentation(html)
    _state["anchors"][page.file.src_uri] = set(ID_ATTRIBUTE.findall(html))
    # Every page's content can reach any page by instant navigation: see scripts/csp.py.
    _state["content_scripts"] |= csp.inline_script_hashes(html)
    return html


def on_post_page(output: str, page: Any, config: Any) -> str:
    early_start = _state.get("early_start")
    if early_start and f"<script>\n{early_start}</script>" in output:
        output = _start_engine_in_head(output, early_start)
    # Keep this last: the policy hashes the inline scripts of the final page.
    return _with_policy(output, page.file.src_uri)


def _start_engine_in_head(html: str, early_start: str) -> str:
    """The quiz page also starts its engine from the top of <head>, before the stylesheets that
    hold back any later script; the copy in the content serves instant navigation (it starts
    nothing when the worker is already running)."""
    anchor = csp.CHARSET_META.search(html) or csp.HEAD_OPEN.search(html)
    if anchor is None:
        raise PluginError("the quiz page has no <head> to start its engine from")
    return f"{html[: anchor.end()]}\n<script>\n{early_start}</script>{html[anchor.end() :]}"


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    if not template_name.endswith(".html"):
        return output_content
    return _with_policy(output_content, template_name)


def _with_policy(html: str, name: str) -> str:
    try:
        return csp.add_policy(html, also_allow=_state["content_scripts"])
    except csp.CspError as error:
        raise PluginError(f"{name}: {error}") from None


def _quiz_fragment(page_url: str) -> str:
    """The form plus the quiz's own stylesheet and script: only this page loads them."""

    def url(path: str) -> str:
        return get_relative_url(path, page_url)

    topics = [
        quiz_form.Topic(topic, title, url(engine.page_url(page_of(topic))))
        for topic, title in _state["topic_titles"].items()
    ]
    form = quiz_form.render_form(_quiz(), url("when-to-choose/"), topics)
    early_start = (ROOT / "docs" / "assets" / "quiz" / "early-start.js").read_text(encoding="utf-8")
    # The worker checks the runtime's manifest against this digest of the runtime the page was
    # built with, so bytecode compiled for another runtime (a stale cache) is never loaded.
    worker = f"{url('assets/quiz/engine-worker.mjs')}?runtime={_state['runtime']}"
    early_start = early_start.replace('"__ENGINE_WORKER__"', json.dumps(worker))
    _state["early_start"] = early_start
    return (
        f"<script>\n{early_start}</script>\n"
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
