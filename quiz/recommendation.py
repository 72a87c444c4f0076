"""The result of a recommendation: frozen dataclasses with a JSON-safe ``as_dict``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Framework = Literal["flask", "django", "either"]
Side = Literal["flask", "django"]
# How firmly the answers hold the verdict: see `quiz.engine.strength_of`.
Strength = Literal["none", "close", "leaning", "strong"]


@dataclass(frozen=True)
class TopicPoints:
    """Points one answer gave on one topic (a page of the guide)."""

    topic: str
    points: int


@dataclass(frozen=True)
class Reason:
    """An answer that gave points: to which framework, on which topics, and the guide's why."""

    question: str
    question_text: str
    option: str
    answer: str
    favours: Side
    points: int
    topics: tuple[TopicPoints, ...]
    text: str
    link: str


@dataclass(frozen=True)
class TopicAnswer:
    """One answer's share of a topic's bar."""

    question: str
    option: str
    answer: str
    favours: Side
    points: int


@dataclass(frozen=True)
class TopicScore:
    """Points each framework earned on one topic, and the answers that gave them."""

    topic: str
    link: str
    flask: int
    django: int
    answers: tuple[TopicAnswer, ...]


@dataclass(frozen=True)
class Change:
    """One answer changed: a different choice, or one box ticked or unticked."""

    question: str
    question_text: str
    option: str
    answer: str
    action: Literal["choose", "tick", "untick"]
    # The answer it replaces, for a one-choice question answered already.
    was: str | None
    effect: int


@dataclass(frozen=True)
class Flip:
    """A few changed answers that would give another verdict."""

    changes: tuple[Change, ...]
    framework: Framework
    margin: int


@dataclass(frozen=True)
class AlsoConsider:
    """Another framework the guide suggests for answers like these."""

    id: str
    name: str
    text: str
    link: str
    first: bool


@dataclass(frozen=True)
class Tutorial:
    """Where to start with a framework: its official tutorial."""

    framework: Side
    title: str
    url: str


@dataclass(frozen=True)
class Recommendation:
    """What the engine recommends for a set of answers, and why."""

    framework: Framework
    strength: Strength
    strength_label: str
    strength_note: str
    headline: str
    answered: int
    total: int
    margin: int
    scores: dict[str, int]
    breakdown: tuple[TopicScore, ...]
    reasons: tuple[Reason, ...]
    counterpoints: tuple[Reason, ...]
    changes_needed: int | None
    flips: tuple[Flip, ...]
    also_consider: tuple[AlsoConsider, ...]
    also_note: str
    tutorials: tuple[Tutorial, ...]
    read_next: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """Plain dicts, lists, strings and numbers only: safe to serialise to JSON."""

        def plain(value: Any) -> Any:
            if isinstance(value, dict):
                return {key: plain(item) for key, item in value.items()}
            if isinstance(value, (list, tuple)):
                return [plain(item) for item in value]
            return value

        result: dict[str, Any] = plain(asdict(self))
        return result
