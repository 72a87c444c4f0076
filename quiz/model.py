"""Immutable data types for a loaded quiz: questions, options, alternatives and tutorials."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Side = Literal["flask", "django"]


@dataclass(frozen=True)
class Option:
    """One answer to a question, with the points it gives each framework per criterion."""

    id: str
    label: str
    rationale: str
    link: str
    flask: Mapping[str, int]
    django: Mapping[str, int]

    @property
    def flask_points(self) -> int:
        return sum(self.flask.values())

    @property
    def django_points(self) -> int:
        return sum(self.django.values())

    @property
    def lean(self) -> int:
        """Net points toward Django (negative: toward Flask)."""
        return self.django_points - self.flask_points

    @property
    def favours(self) -> Side | None:
        """The one framework this answer gives points to (the data allows only one), if any."""
        if self.django_points:
            return "django"
        if self.flask_points:
            return "flask"
        return None

    def points_for(self, framework: Side) -> Mapping[str, int]:
        return self.django if framework == "django" else self.flask


@dataclass(frozen=True)
class Question:
    """A question; ``multiple`` questions accept any subset of their options."""

    id: str
    text: str
    help: str
    multiple: bool
    options: tuple[Option, ...]
    source: str = field(default="", compare=False)

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise ValueError(f"unknown option {option_id!r} for question {self.id!r}")

    @property
    def widest_lean(self) -> int:
        """The largest net lean any answer to this question can give, in either direction."""
        if self.multiple:
            toward_django = sum(o.lean for o in self.options if o.lean > 0)
            toward_flask = sum(-o.lean for o in self.options if o.lean < 0)
            return max(toward_django, toward_flask)
        return max(abs(o.lean) for o in self.options)


@dataclass(frozen=True)
class Alternative:
    """Another framework worth a look when the answers match ``when`` (question -> options).

    ``verdicts`` limits it to some verdicts; ``first`` means the guide suggests looking at it
    before either framework for such answers.
    """

    id: str
    name: str
    text: str
    link: str
    when: Mapping[str, tuple[str, ...]]
    verdicts: tuple[str, ...]
    first: bool


@dataclass(frozen=True)
class TutorialLink:
    """A framework's official tutorial: the first next step after a recommendation."""

    framework: Side
    title: str
    url: str


@dataclass(frozen=True)
class Quiz:
    """All questions in order, and the alternatives the result may suggest."""

    questions: tuple[Question, ...]
    alternatives: tuple[Alternative, ...]
    tutorials: tuple[TutorialLink, ...] = ()

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise ValueError(f"unknown question {question_id!r}")
