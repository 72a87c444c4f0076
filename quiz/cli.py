"""The quiz in a terminal: ``python -m quiz`` asks; ``--answers … --json`` answers for scripts."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from quiz.engine import page_url, recommend
from quiz.loader import QuizDataError, load_quiz
from quiz.model import Question, Quiz
from quiz.recommendation import Change, Reason, Recommendation
from quiz.topics import TOPICS, TopicTitleError, guide_titles, page_of

# The published guide; links in the output point into it. `--site-url` overrides it for forks.
SITE_URL = "https://flask-vs-django.github.io/flask-vs-django/"
# A checkout's root: the guide's mkdocs.yml names the topics (see `topic_names`).
CHECKOUT = Path(__file__).resolve().parents[1]
NAMES = {"flask": "Flask", "django": "Django", "either": "a close call"}


class UsageError(ValueError):
    """Input the user can fix; printed without a traceback."""


def topic_names(root: Path = CHECKOUT) -> dict[str, str]:
    """The guide's names for the topics; their ids where the guide is not at hand (an install)."""
    try:
        return guide_titles(root)
    except (OSError, TopicTitleError):
        return {topic: topic for topic in TOPICS}


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


def _reason_line(reason: Reason, names: dict[str, str], site_url: str) -> str:
    topics = ", ".join(f"{names[item.topic]} +{item.points}" for item in reason.topics)
    return (
        f"You said “{reason.answer}” → {NAMES[reason.favours]} +{reason.points} ({topics}). "
        f"{reason.text} ({site_url}{reason.link})"
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _change_text(change: Change) -> str:
    if change.action == "tick":
        return f"also ticking “{change.answer}”"
    if change.action == "untick":
        return f"unticking “{change.answer}”"
    if change.was:
        return f"“{change.answer}” instead of “{change.was}”"
    return f"“{change.answer}” for “{change.question_text}”"


def format_recommendation(
    result: Recommendation, site_url: str = SITE_URL, names: dict[str, str] | None = None
) -> str:
    names = names or topic_names()
    lines = [result.headline]
    if result.answered:
        lines.append(f"{result.strength_label}. {result.strength_note}")
    if result.also_note:
        lines.append(result.also_note)
    lines.append(f"Answered {result.answered} of {result.total} questions.")

    def section(title: str, items: Sequence[str]) -> None:
        if items:
            lines.extend(["", title, *(f"  - {item}" for item in items)])

    section(
        f"Why {NAMES[result.framework]}:"
        if result.framework != "either"
        else "The answers that weighed:",
        [_reason_line(reason, names, site_url) for reason in result.reasons],
    )
    section(
        "Pointing the other way:",
        [_reason_line(reason, names, site_url) for reason in result.counterpoints],
    )
    section(
        "Points by topic (Flask / Django):",
        [
            f"{names[row.topic]}: {row.flask} / {row.django}"
            for row in result.breakdown
            if row.flask or row.django
        ],
    )
    section(
        "What would change this:",
        [
            _sentence("; ".join(_change_text(change) for change in flip.changes))
            + f" → {NAMES[flip.framework]}"
            for flip in result.flips
        ],
    )
    section(
        "Also consider:",
        [f"{other.name}: {other.text} ({site_url}{other.link})" for other in result.also_consider],
    )
    section(
        "Next steps:",
        [f"{tutorial.title}: {tutorial.url}" for tutorial in result.tutorials]
        + [f"{names[topic]}: {site_url}{page_url(page_of(topic))}" for topic in result.read_next],
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
