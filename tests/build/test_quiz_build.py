"""The build renders the quiz from its data and stops, naming the problem, on bad data."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from quiz import load_quiz
from quiz.topics import guide_titles
from scripts import quiz_form
from tests.e2e.conftest import built_site

__all__ = ["built_site"]  # the fixture, shared with the browser tests

ROOT = Path(__file__).resolve().parents[2]


def topics() -> list[quiz_form.Topic]:
    return [
        quiz_form.Topic(topic, title, f"../{topic}/") for topic, title in guide_titles(ROOT).items()
    ]


class FormShape(HTMLParser):
    """Collects the form's fieldsets, legends and inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.fieldsets = 0
        self.legends = 0
        self.inputs: list[dict[str, str | None]] = []
        self.labels_for: set[str] = set()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag == "fieldset":
            self.fieldsets += 1
        elif tag == "legend":
            self.legends += 1
        elif tag == "input":
            self.inputs.append(attributes)
        elif tag == "label" and attributes.get("for"):
            self.labels_for.add(str(attributes["for"]))


def test_form_has_a_fieldset_and_native_labelled_inputs_per_question() -> None:
    quiz = load_quiz()
    shape = FormShape()
    shape.feed(quiz_form.render_form(quiz, "../when-to-choose/", topics()))
    assert shape.fieldsets == shape.legends == len(quiz.questions)
    expected = {
        (question.id, option.id, "checkbox" if question.multiple else "radio")
        for question in quiz.questions
        for option in question.options
    }
    assert {(i["name"], i["value"], i["type"]) for i in shape.inputs} == expected
    assert {str(i["id"]) for i in shape.inputs} <= shape.labels_for
    assert len(shape.ids) == len(set(shape.ids))
    # Material gives headings ids like "quiz"; ours are prefixed so they never collide.
    assert all(element_id.startswith("fvd-") for element_id in shape.ids)


def test_form_contract_attributes() -> None:
    html = quiz_form.render_form(load_quiz(), "../when-to-choose/", topics())
    assert 'data-engine="loading"' in html
    assert 'data-recommendation=""' in html
    assert 'aria-live="polite"' in html
    assert '<button type="submit"' in html
    assert "<noscript" in html and 'href="../when-to-choose/"' in html


def test_rationales_are_rendered_from_markdown_at_build_time() -> None:
    assert quiz_form.rationale_html("Use `check --deploy` *now*") == (
        "Use <code>check --deploy</code> <em>now</em>"
    )


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the sources a build needs, so a test can break the data safely."""
    for name in ("docs", "overrides", "quiz", "scripts"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    return tmp_path


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": str(Path(sys.executable).parent), "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        pytest.param(
            "admin = 3",
            "speed = 3",
            "Invalid quiz data: quiz/data/questions/02-admin.toml, question 'admin', "
            "option 'essential', field 'django': unknown topic 'speed'",
            id="unknown-topic",
        ),
        pytest.param(
            "admin.md#flask-admin",
            "admin.md#no-such-part",
            "Invalid quiz data: quiz/data/questions/02-admin.toml, question 'admin', "
            "option 'none', field 'link': links to #no-such-part, "
            "which is not a heading anchor on admin.md",
            id="missing-anchor",
        ),
    ],
)
def test_bad_question_data_stops_the_build_naming_file_question_option_and_field(
    project_copy: Path, before: str, after: str, message: str
) -> None:
    path = project_copy / "quiz" / "data" / "questions" / "02-admin.toml"
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, after), encoding="utf-8")
    completed = build(project_copy)
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert message in output
    assert "Traceback" not in output


def test_a_topic_missing_from_the_nav_stops_the_build(project_copy: Path) -> None:
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.strip().endswith(": admin.md")]
    assert len(lines) < len(text.splitlines())
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    completed = build(project_copy)
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert "Quiz topics: topic 'admin': admin.md is not in mkdocs.yml's nav" in output


def test_search_indexes_the_quiz_pages_introduction_only(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(
        doc["title"] + " " + doc["text"]
        for doc in index["docs"]
        if doc["location"].startswith("quiz/")
    )
    assert "Answer as many questions as you like" in text
    for question in load_quiz().questions:
        assert question.text not in text
        for option in question.options:
            assert option.label not in text, option.label
    assert "How to read the verdict" not in text


def test_the_quiz_page_has_no_table_of_contents_column(built_site: Path) -> None:
    html = (built_site / "quiz" / "index.html").read_text(encoding="utf-8")
    sidebar = re.search(r'<div class="md-sidebar md-sidebar--secondary"[^>]*>', html)
    assert sidebar and " hidden" in sidebar.group(0)


def test_chart_topics_carry_the_navigations_names(built_site: Path) -> None:
    html = (built_site / "quiz" / "index.html").read_text(encoding="utf-8")
    for topic, title in guide_titles(ROOT).items():
        assert (
            f'<template data-fvd-topic="{topic}"><a href="../{topic}/">{title}</a></template>'
            in (html)
        )


def test_the_quiz_page_starts_its_engine_before_its_stylesheets(built_site: Path) -> None:
    html = (built_site / "quiz" / "index.html").read_text(encoding="utf-8")
    head, body = html.split("</head>", maxsplit=1)
    early_start = re.findall(r"<script>\n(.*?)</script>", html, flags=re.DOTALL)
    starts = [script for script in early_start if "new Worker(" in script]
    # Once at the top of <head>, once in the content for instant navigation: the same text.
    assert len(starts) == 2 and starts[0] == starts[1]
    assert starts[0] in head and starts[1] in body
    assert head.index(starts[0]) < head.index('rel="stylesheet"')
    assert head.index('http-equiv="Content-Security-Policy"') < head.index(starts[0])
    assert starts[0].count("/flask-vs-django/") == 0  # relative to the page, as the content's
