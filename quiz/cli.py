"""The quiz in a terminal: ``python -m quiz`` asks; ``--answers … --json`` answers for scripts."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from quiz.engine import recommend
from quiz.loader import QuizDataError, load_quiz
from quiz.model import Question, Quiz
from quiz.recommendation import Recommendation

# The published guide; links in the output point into it. `--site-url` overrides it for forks.
SITE_URL = "https://flask-vs-django.github.io/flask-vs-django/"
OUTCOME_WORDS = {"flask": "Flask", "django": "Django", "either": "no clear winner"}


class UsageError(ValueError):
    """Input the user can fix; printed without a traceback."""


def parse_answers(text: str, quiz: Quiz) -> dict[str, str | list[str]]:
    """``project=api,deployment=serverless+static-files`` -> answers for :func:`recommend`."""
    answers: dict[str, str | list[str]] = {}
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        question_id, sep, options = part.partition("=")
        if not sep or not options:
            raise UsageError(f"expected question=option, got {part!r}")
        question = quiz.question(question_id.strip())
        option_ids = [option.strip() for option in options.split("+")]
        answers[question.id] = option_ids if question.multiple else "+".join(option_ids)
    return answers


def format_recommendation(result: Recommendation, site_url: str = SITE_URL) -> str:
    lines = [result.headline, f"Answered {result.answered} of {result.total} questions."]

    def section(title: str, items: Sequence[str]) -> None:
        if items:
            lines.extend(["", title, *(f"  - {item}" for item in items)])

    section(
        "Why:" if result.framework != "either" else "The answers that weighed most:",
        [f"{reason.text} ({site_url}{reason.link})" for reason in result.reasons],
    )
    section(
        "Pointing the other way:",
        [f"{reason.text} ({site_url}{reason.link})" for reason in result.counterpoints],
    )
    section(
        "What would change this:",
        [
            f"{pivot.question_text} Answering "
            + " or ".join(f"“{label}”" for label in pivot.option_labels)
            + f" would give {OUTCOME_WORDS[pivot.framework]}."
            for pivot in result.pivotal
        ],
    )
    section(
        "Also consider:",
        [f"{other.name}: {other.text} ({site_url}{other.link})" for other in result.also_consider],
    )
    return "\n".join(lines)


def _ask(question: Question, number: int, read: Callable[[str], str], out: TextIO) -> list[str]:
    out.write(f"\n{number}. {question.text}\n")
    if question.help:
        out.write(f"   {question.help}\n")
    for index, option in enumerate(question.options, 1):
        out.write(f"   {index}) {option.label}\n")
    hint = "numbers separated by commas" if question.multiple else "a number"
    while True:
        reply = read(f"   Your answer ({hint}; Enter to skip): ").strip()
        if not reply:
            return []
        try:
            picks = [int(piece) for piece in reply.replace(" ", "").split(",") if piece]
        except ValueError:
            out.write("   Please type option numbers, such as 2.\n")
            continue
        if not question.multiple and len(picks) != 1:
            out.write("   Please pick one option.\n")
        elif not all(1 <= pick <= len(question.options) for pick in picks):
            out.write(f"   Options go from 1 to {len(question.options)}.\n")
        else:
            return list(dict.fromkeys(question.options[pick - 1].id for pick in picks))


def interview(quiz: Quiz, read: Callable[[str], str], out: TextIO) -> dict[str, str | list[str]]:
    """Ask every question; unanswered ones are left out (neutral)."""
    answers: dict[str, str | list[str]] = {}
    for number, question in enumerate(quiz.questions, 1):
        picks = _ask(question, number, read, out)
        if picks:
            answers[question.id] = picks if question.multiple else picks[0]
    return answers


def main(argv: Sequence[str] | None = None, read: Callable[[str], str] = input) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m quiz", description="Which of Flask or Django fits your project?"
    )
    parser.add_argument(
        "--answers",
        metavar="ID=OPTION,…",
        help="answer without questions, e.g. project=api,deployment=serverless+static-files",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--site-url", default=SITE_URL, help="where the guide's links point")
    args = parser.parse_args(argv)
    try:
        quiz = load_quiz()
        if args.answers is not None:
            answers = parse_answers(args.answers, quiz)
        else:
            try:
                answers = interview(quiz, read, sys.stdout)
            except (EOFError, KeyboardInterrupt):
                sys.stderr.write("\nQuiz cancelled.\n")
                return 130
        result = recommend(answers, quiz)
    except (QuizDataError, UsageError, ValueError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    if args.json:
        sys.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("\n" + format_recommendation(result, args.site_url) + "\n")
    return 0
