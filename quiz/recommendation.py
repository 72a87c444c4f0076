"""The result of a recommendation: frozen dataclasses with a JSON-safe ``as_dict``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Framework = Literal["flask", "django", "either"]


@dataclass(frozen=True)
class Reason:
    """An answer that weighed on the result, and the guide section that explains why."""

    question: str
    option: str
    favours: Literal["flask", "django"]
    points: int
    text: str
    link: str


@dataclass(frozen=True)
class CriterionScore:
    """Points each framework earned on one criterion of the guide."""

    criterion: str
    label: str
    flask: int
    django: int


@dataclass(frozen=True)
class Pivot:
    """A different answer to one question that would change the outcome."""

    question: str
    question_text: str
    options: tuple[str, ...]
    option_labels: tuple[str, ...]
    framework: Framework


@dataclass(frozen=True)
class AlsoConsider:
    """Another framework worth a look for these answers."""

    id: str
    name: str
    text: str
    link: str


@dataclass(frozen=True)
class Recommendation:
    """What the engine recommends for a set of answers, and why."""

    framework: Framework
    confidence: float
    confidence_label: Literal["low", "moderate", "high"]
    headline: str
    answered: int
    total: int
    margin: int
    scores: dict[str, int]
    breakdown: tuple[CriterionScore, ...]
    reasons: tuple[Reason, ...]
    counterpoints: tuple[Reason, ...]
    pivotal: tuple[Pivot, ...]
    also_consider: tuple[AlsoConsider, ...]

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
