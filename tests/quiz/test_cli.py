"""The terminal quiz asks the same questions and prints the same recommendation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from quiz import load_quiz, recommend
from quiz.cli import main, topic_names
from quiz.topics import TOPICS, guide_titles
from tests.docs.guide import ROOT


def run_module(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_json_output_is_as_dict() -> None:
    completed = run_module("--answers", "project=api,deployment=serverless+static-files", "--json")
    assert completed.returncode == 0, completed.stderr
    expected = recommend({"project": "api", "deployment": ["serverless", "static-files"]})
    assert json.loads(completed.stdout) == expected.as_dict()


def test_text_output_gives_headline_reasons_and_links() -> None:
    completed = run_module("--answers", "project=shop,admin=essential,accounts=full")
    assert completed.returncode == 0
    result = recommend({"project": "shop", "admin": "essential", "accounts": "full"})
    assert result.headline in completed.stdout
    for reason in result.reasons:
        assert reason.text in completed.stdout
        assert reason.link in completed.stdout
        assert f"You said “{reason.answer}” → Django +{reason.points}" in completed.stdout
    assert f"{result.strength_label}. {result.strength_note}" in completed.stdout
    assert result.tutorials[0].url in completed.stdout


def test_text_output_names_topics_as_the_guide_does() -> None:
    completed = run_module("--answers", "project=shop")
    names = guide_titles(ROOT)
    assert f"({names['database']} +1, {names['admin']} +1, {names['security']} +1)" in (
        completed.stdout
    )
    assert f"{names['admin']}: 0 / 1" in completed.stdout


def test_without_the_guide_at_hand_topics_keep_their_ids(tmp_path: Path) -> None:
    assert topic_names(tmp_path) == {topic: topic for topic in TOPICS}


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ("project=spaceship", "unknown option 'spaceship' for question 'project'"),
        ("colour=red", "unknown question 'colour'"),
        ("project", "expected question=option"),
        ("project=api+website", "unknown option 'api+website'"),
    ],
)
def test_invalid_answers_exit_non_zero_without_traceback(answers: str, message: str) -> None:
    completed = run_module("--answers", answers)
    assert completed.returncode == 2
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr


def test_interactive_quiz_asks_every_question_and_validates_input(
    capsys: pytest.CaptureFixture[str],
) -> None:
    quiz = load_quiz()
    # "x" and "99" are rejected and asked again; the rest skip with Enter.
    replies = iter(["x", "99", "6", *[""] * (len(quiz.questions) - 1)])
    assert main([], read=lambda prompt: next(replies)) == 0
    out = capsys.readouterr().out
    for question in quiz.questions:
        assert question.text in out
    assert "Please type option numbers" in out
    assert "Options go from 1 to 6" in out
    assert recommend({"project": "prototype"}).headline in out


def test_interactive_multiple_choice_takes_several_numbers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    quiz = load_quiz()
    replies = [
        "1,3" if question.multiple and question.id == "deployment" else ""
        for question in quiz.questions
    ]
    feed = iter(replies)
    assert main([], read=lambda prompt: next(feed)) == 0
    expected = recommend({"deployment": ["serverless", "static-files"]})
    assert expected.headline in capsys.readouterr().out


def test_end_of_input_cancels_cleanly() -> None:
    completed = run_module(stdin="")
    assert completed.returncode == 130
    assert "Quiz cancelled" in completed.stderr
    assert "Traceback" not in completed.stderr
