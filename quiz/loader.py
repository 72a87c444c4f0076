"""Read the quiz from TOML and validate every field, naming file, question, option and field."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from quiz.model import Alternative, Option, Question, Quiz, Side, TutorialLink
from quiz.topics import FRAMEWORKS, TOPICS

DATA_DIR = Path(__file__).resolve().parent / "data"

ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
# A guide section: a page of docs/ and a heading anchor on it, e.g. "admin.md#django-admin".
LINK_PATTERN = re.compile(r"^[a-z0-9-]+\.md#[a-z0-9-]+$")
# Rationales allow inline emphasis and code only: they are shown as plain text outside the site.
FORBIDDEN_MARKUP = re.compile(r"[<>\[\]]|\n\s*\n")
MAX_POINTS = 3

QUESTION_FIELDS = {"id": str, "text": str, "help": str, "multiple": bool, "options": list}
QUESTION_REQUIRED = {"id", "text", "multiple", "options"}
OPTION_FIELDS = {
    "id": str,
    "label": str,
    "rationale": str,
    "link": str,
    "flask": dict,
    "django": dict,
}
ALTERNATIVE_FIELDS = {
    "id": str,
    "name": str,
    "text": str,
    "link": str,
    "when": dict,
    "verdicts": list,
    "first": bool,
}
ALTERNATIVE_REQUIRED = {"id", "name", "text", "link", "when"}
VERDICTS = ("flask", "django", "either")
TUTORIAL_FIELDS = {"title": str, "url": str}
# Official documentation only: the tutorials are links out of the site, checked for their host.
TUTORIAL_URL = re.compile(r"^https://(docs\.djangoproject\.com|flask\.palletsprojects\.com)/\S+$")


class QuizDataError(ValueError):
    """Invalid quiz data; the message names the file, question, option and field at fault."""

    def __init__(
        self,
        source: str,
        problem: str,
        *,
        question: str | None = None,
        option: str | None = None,
        field: str | None = None,
    ) -> None:
        self.source = source
        self.question = question
        self.option = option
        self.field = field
        self.problem = problem
        where = [source]
        if question is not None:
            where.append(f"question {question!r}")
        if option is not None:
            where.append(f"option {option!r}")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {problem}")


def _type_name(kind: type) -> str:
    return {str: "a string", bool: "true or false", list: "a list", dict: "a table"}[kind]


def _check_table(
    table: Mapping[str, Any],
    fields: Mapping[str, type],
    required: set[str],
    fail: functools.partial[QuizDataError],
) -> None:
    for name in table:
        if name not in fields:
            allowed = ", ".join(sorted(fields))
            raise fail(f"unknown field (allowed: {allowed})", field=name)
    for name in sorted(required):
        if name not in table:
            raise fail("missing field", field=name)
    for name, value in table.items():
        kind = fields[name]
        if not isinstance(value, kind):
            raise fail(f"must be {_type_name(kind)}, got {type(value).__name__}", field=name)
        if isinstance(value, str) and not value.strip():
            raise fail("must not be empty", field=name)


def _check_id(value: str, fail: functools.partial[QuizDataError]) -> None:
    if not ID_PATTERN.match(value):
        raise fail(
            f"{value!r} is not a valid id (lowercase letters, digits and hyphens)", field="id"
        )


def _check_link(value: str, fail: functools.partial[QuizDataError]) -> None:
    if not LINK_PATTERN.match(value):
        raise fail(
            f"{value!r} must name a guide section like 'admin.md#django-admin'", field="link"
        )


def _points(
    value: Mapping[str, Any], name: str, fail: functools.partial[QuizDataError]
) -> dict[str, int]:
    points: dict[str, int] = {}
    for criterion, amount in value.items():
        if criterion not in TOPICS:
            allowed = ", ".join(TOPICS)
            raise fail(f"unknown topic {criterion!r} (allowed: {allowed})", field=name)
        if isinstance(amount, bool) or not isinstance(amount, int) or not 1 <= amount <= MAX_POINTS:
            raise fail(
                f"points for {criterion!r} must be a whole number from 1 to {MAX_POINTS}",
                field=name,
            )
        points[criterion] = amount
    return points


def _parse_option(raw: object, source: str, question_id: str, index: int) -> Option:
    fail = functools.partial(QuizDataError, source, question=question_id)
    if not isinstance(raw, dict):
        raise fail(f"options[{index}] must be a table")
    option_id = raw.get("id")
    fail = functools.partial(
        QuizDataError,
        source,
        question=question_id,
        option=option_id if isinstance(option_id, str) else f"#{index + 1}",
    )
    _check_table(raw, OPTION_FIELDS, set(OPTION_FIELDS), fail)
    _check_id(raw["id"], fail)
    _check_link(raw["link"], fail)
    if FORBIDDEN_MARKUP.search(raw["rationale"]):
        raise fail(
            "rationale allows only inline *emphasis* and `code`: no HTML, links or paragraphs",
            field="rationale",
        )
    flask = _points(raw["flask"], "flask", fail)
    django = _points(raw["django"], "django", fail)
    if flask and django:
        # Each answer then reads plainly as "-> Flask +2" or "-> Django +1", and adds to one side.
        raise fail("an option gives points to one framework at most", field="django")
    return Option(
        id=raw["id"],
        label=raw["label"].strip(),
        rationale=raw["rationale"].strip(),
        link=raw["link"],
        flask=flask,
        django=django,
    )


def parse_question(raw: Mapping[str, Any], source: str) -> Question:
    """Validate one question file's table and build the question."""
    question_id = raw.get("id")
    fail = functools.partial(
        QuizDataError, source, question=question_id if isinstance(question_id, str) else None
    )
    _check_table(raw, QUESTION_FIELDS, QUESTION_REQUIRED, fail)
    _check_id(raw["id"], fail)
    options = tuple(
        _parse_option(item, source, raw["id"], index) for index, item in enumerate(raw["options"])
    )
    if len(options) < 2:
        raise fail("a question needs at least two options", field="options")
    seen: set[str] = set()
    for option in options:
        if option.id in seen:
            raise QuizDataError(
                source, "duplicate option id", question=raw["id"], option=option.id, field="id"
            )
        seen.add(option.id)
    return Question(
        id=raw["id"],
        text=raw["text"].strip(),
        help=raw.get("help", "").strip(),
        multiple=raw["multiple"],
        options=options,
        source=source,
    )


def parse_alternatives(
    raw: Mapping[str, Any], source: str, questions: tuple[Question, ...]
) -> tuple[Alternative, ...]:
    """Validate the alternatives file against the questions it refers to."""
    fail = functools.partial(QuizDataError, source)
    _check_table(raw, {"alternatives": list}, {"alternatives"}, fail)
    by_id = {question.id: question for question in questions}
    alternatives: list[Alternative] = []
    for index, item in enumerate(raw["alternatives"]):
        if not isinstance(item, dict):
            raise fail(f"alternatives[{index}] must be a table")
        name = item.get("id") if isinstance(item.get("id"), str) else f"#{index + 1}"
        item_fail = functools.partial(QuizDataError, source, option=f"alternative {name}")
        _check_table(item, ALTERNATIVE_FIELDS, ALTERNATIVE_REQUIRED, item_fail)
        _check_id(item["id"], item_fail)
        _check_link(item["link"], item_fail)
        when: dict[str, tuple[str, ...]] = {}
        for question_id, option_ids in item["when"].items():
            question = by_id.get(question_id)
            if question is None:
                raise item_fail(f"unknown question {question_id!r}", field="when")
            if not isinstance(option_ids, list) or not option_ids:
                raise item_fail(f"when.{question_id} must be a non-empty list", field="when")
            for option_id in option_ids:
                if option_id not in {o.id for o in question.options}:
                    raise item_fail(
                        f"unknown option {option_id!r} for question {question_id!r}", field="when"
                    )
            when[question_id] = tuple(option_ids)
        if not when:
            raise item_fail("must name at least one question", field="when")
        verdicts = item.get("verdicts", list(VERDICTS))
        if not verdicts or any(verdict not in VERDICTS for verdict in verdicts):
            raise item_fail(f"must list some of {', '.join(VERDICTS)}", field="verdicts")
        alternatives.append(
            Alternative(
                id=item["id"],
                name=item["name"].strip(),
                text=item["text"].strip(),
                link=item["link"],
                when=when,
                verdicts=tuple(verdicts),
                first=item.get("first", False),
            )
        )
    return tuple(alternatives)


def parse_tutorials(raw: Mapping[str, Any], source: str) -> tuple[TutorialLink, ...]:
    """Validate the tutorials file: one official tutorial per framework."""
    fail = functools.partial(QuizDataError, source)
    _check_table(raw, dict.fromkeys(FRAMEWORKS, dict), set(FRAMEWORKS), fail)
    tutorials: list[TutorialLink] = []
    framework: Side
    for framework in FRAMEWORKS:
        item_fail = functools.partial(QuizDataError, source, option=framework)
        item = raw[framework]
        _check_table(item, TUTORIAL_FIELDS, set(TUTORIAL_FIELDS), item_fail)
        if not TUTORIAL_URL.match(item["url"]):
            raise item_fail("must be an https link to the framework's documentation", field="url")
        tutorials.append(
            TutorialLink(framework=framework, title=item["title"].strip(), url=item["url"])
        )
    return tuple(tutorials)


def _read_toml(path: Path, source: str) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise QuizDataError(source, f"not valid TOML: {error}") from None


def load_quiz_from(directory: Path) -> Quiz:
    """Load ``questions/*.toml`` (in file-name order), alternatives and tutorials from a folder."""
    question_files = sorted((directory / "questions").glob("*.toml"))
    if not question_files:
        raise QuizDataError(str(directory / "questions"), "no question files (*.toml) found")
    questions: list[Question] = []
    first_seen: dict[str, str] = {}
    for path in question_files:
        source = _display(path)
        question = parse_question(_read_toml(path, source), source)
        if question.id in first_seen:
            raise QuizDataError(
                source,
                f"duplicate question id, already used in {first_seen[question.id]}",
                question=question.id,
                field="id",
            )
        first_seen[question.id] = source
        questions.append(question)
    alternatives_path = directory / "alternatives.toml"
    alternatives: tuple[Alternative, ...] = ()
    if alternatives_path.exists():
        source = _display(alternatives_path)
        alternatives = parse_alternatives(
            _read_toml(alternatives_path, source), source, tuple(questions)
        )
    tutorials_path = directory / "tutorials.toml"
    tutorials: tuple[TutorialLink, ...] = ()
    if tutorials_path.exists():
        source = _display(tutorials_path)
        tutorials = parse_tutorials(_read_toml(tutorials_path, source), source)
    return Quiz(questions=tuple(questions), alternatives=alternatives, tutorials=tutorials)


def _display(path: Path) -> str:
    """A short, stable name for error messages: the path from the package's parent folder."""
    try:
        return path.resolve().relative_to(DATA_DIR.parent.parent).as_posix()
    except ValueError:
        return str(path)


@functools.cache
def load_quiz() -> Quiz:
    """The quiz shipped with the package (loaded once per process)."""
    return load_quiz_from(DATA_DIR)


def check_links(quiz: Quiz, anchors: Mapping[str, set[str]]) -> None:
    """Fail on any link to a page or heading anchor that the built guide does not have.

    ``anchors`` maps each page's source path (``admin.md``) to the element ids on that page.
    """
    for question in quiz.questions:
        for option in question.options:
            problem = _link_problem(option.link, anchors)
            if problem:
                raise QuizDataError(
                    question.source, problem, question=question.id, option=option.id, field="link"
                )
    for alternative in quiz.alternatives:
        problem = _link_problem(alternative.link, anchors)
        if problem:
            raise QuizDataError(
                "quiz/data/alternatives.toml",
                problem,
                option=f"alternative {alternative.id}",
                field="link",
            )


def _link_problem(link: str, anchors: Mapping[str, set[str]]) -> str | None:
    page, _, anchor = link.partition("#")
    if page not in anchors:
        return f"links to {page!r}, which is not a page of the guide"
    if anchor not in anchors[page]:
        return f"links to #{anchor}, which is not a heading anchor on {page}"
    return None
