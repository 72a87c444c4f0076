"""Turn answers into a recommendation: additive points per criterion, explained and audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from quiz.criteria import CRITERIA
from quiz.loader import load_quiz
from quiz.model import Option, Question, Quiz
from quiz.recommendation import (
    AlsoConsider,
    CriterionScore,
    Framework,
    Pivot,
    Reason,
    Recommendation,
)

Answers = Mapping[str, str | Sequence[str]]
Selection = dict[str, tuple[str, ...]]

# The net lean (Django points minus Flask points) needed for a verdict. No single option gives
# more than 3, so one answer alone never decides: it takes agreement across questions.
DECISION_MARGIN = 4
# A lean of half the widest possible one counts as a clear case.
CLEAR_SHARE = 0.5
MAX_REASONS = 5
MAX_COUNTERPOINTS = 3


def recommend(answers: Answers, quiz: Quiz | None = None) -> Recommendation:
    """Recommend Flask, Django or either for ``answers`` (question id -> option id or ids).

    Unanswered questions are neutral. Unknown ids and wrong types raise ``ValueError``.
    """
    quiz = quiz or load_quiz()
    selection = normalise(answers, quiz)
    chosen = _chosen_options(selection, quiz)
    flask_points = sum(option.flask_points for _, option in chosen)
    django_points = sum(option.django_points for _, option in chosen)
    margin = django_points - flask_points
    framework = outcome(margin)
    widest = sum(question.widest_lean for question in quiz.questions) or 1
    answered = len(selection)
    total = len(quiz.questions)
    confidence = _confidence(
        framework, margin, flask_points + django_points, widest, answered / total
    )
    label = _confidence_label(confidence)
    reasons, counterpoints = _reasons(framework, chosen)
    return Recommendation(
        framework=framework,
        confidence=confidence,
        confidence_label=label,
        headline=_headline(framework, label, answered),
        answered=answered,
        total=total,
        margin=margin,
        scores={"flask": flask_points, "django": django_points},
        breakdown=_breakdown(chosen),
        reasons=reasons,
        counterpoints=counterpoints,
        pivotal=_pivotal(selection, quiz, margin),
        also_consider=_also_consider(selection, quiz),
    )


def normalise(answers: Answers, quiz: Quiz) -> Selection:
    """Check ids and types; return question id -> selected option ids, without empty answers."""
    if not isinstance(answers, Mapping):
        raise ValueError(
            f"answers must map question ids to option ids, got {type(answers).__name__}"
        )
    selection: Selection = {}
    for question_id, value in answers.items():
        if not isinstance(question_id, str):
            raise ValueError(f"question ids must be strings, got {question_id!r}")
        question = quiz.question(question_id)
        if question.multiple:
            if isinstance(value, str) or not isinstance(value, Sequence):
                raise ValueError(
                    f"question {question_id!r} takes a list of option ids, "
                    f"got {type(value).__name__}"
                )
            option_ids = tuple(value)
        else:
            if not isinstance(value, str):
                raise ValueError(
                    f"question {question_id!r} takes one option id, got {type(value).__name__}"
                )
            option_ids = (value,)
        for option_id in option_ids:
            if not isinstance(option_id, str):
                raise ValueError(f"option ids must be strings, got {option_id!r}")
            question.option(option_id)
        if len(set(option_ids)) != len(option_ids):
            raise ValueError(f"question {question_id!r} names an option more than once")
        if option_ids:
            # Keep the data's option order so that equal answers give identical results.
            order = [option.id for option in question.options]
            selection[question_id] = tuple(sorted(option_ids, key=order.index))
    return selection


def outcome(margin: int) -> Framework:
    """The verdict for a net lean toward Django."""
    if margin >= DECISION_MARGIN:
        return "django"
    if margin <= -DECISION_MARGIN:
        return "flask"
    return "either"


def _chosen_options(selection: Selection, quiz: Quiz) -> list[tuple[Question, Option]]:
    return [
        (question, question.option(option_id))
        for question in quiz.questions
        for option_id in selection.get(question.id, ())
    ]


def _confidence(
    framework: Framework, margin: int, evidence: int, widest: int, coverage: float
) -> float:
    """How firmly the answers support the verdict, from 0 to 1.

    A verdict grows firmer with the size of the lean and with the share of questions answered.
    "Either" is only as firm as the evidence behind the balance: neutral or few answers stay low.
    """
    if framework == "either":
        balance = 1 - abs(margin) / DECISION_MARGIN
        value = 0.5 * min(1.0, evidence / widest) * balance
    else:
        value = min(1.0, abs(margin) / (CLEAR_SHARE * widest)) * (0.5 + 0.5 * coverage)
    return round(value, 3)


def _confidence_label(confidence: float) -> Literal["low", "moderate", "high"]:
    if confidence < 0.34:
        return "low"
    if confidence < 0.67:
        return "moderate"
    return "high"


def _headline(framework: Framework, label: str, answered: int) -> str:
    if answered == 0:
        return "Answer a few questions to get a recommendation."
    if framework == "either":
        return (
            "Either framework fits these answers; they do not separate the two "
            f"({label} confidence)."
        )
    name = "Django" if framework == "django" else "Flask"
    return f"{name} fits these answers best ({label} confidence)."


def plain_text(markdown: str) -> str:
    """A rationale without its inline Markdown markers, for plain-text output."""
    return markdown.replace("**", "").replace("*", "").replace("`", "")


def page_url(link: str) -> str:
    """``admin.md#django-admin`` -> ``admin/#django-admin``, relative to the site root."""
    page, _, anchor = link.partition("#")
    url = "./" if page == "index.md" else page.removesuffix(".md") + "/"
    return f"{url}#{anchor}" if anchor else url


def _reason(question: Question, option: Option) -> Reason:
    return Reason(
        question=question.id,
        option=option.id,
        favours="django" if option.lean > 0 else "flask",
        points=abs(option.lean),
        text=plain_text(option.rationale),
        link=page_url(option.link),
    )


def _reasons(
    framework: Framework, chosen: list[tuple[Question, Option]]
) -> tuple[tuple[Reason, ...], tuple[Reason, ...]]:
    """The answers that weighed most toward the verdict, and the strongest ones against it."""
    weighing = [_reason(question, option) for question, option in chosen if option.lean != 0]
    # Stable sort: ties keep question order, so results are deterministic.
    weighing.sort(key=lambda reason: -reason.points)
    if framework == "either":
        return tuple(weighing[:MAX_REASONS]), ()
    supporting = [reason for reason in weighing if reason.favours == framework]
    against = [reason for reason in weighing if reason.favours != framework]
    return tuple(supporting[:MAX_REASONS]), tuple(against[:MAX_COUNTERPOINTS])


def _breakdown(chosen: list[tuple[Question, Option]]) -> tuple[CriterionScore, ...]:
    """Points per criterion, in the vocabulary's order (criteria nobody scored on included)."""
    return tuple(
        CriterionScore(
            criterion=criterion,
            label=label,
            flask=sum(option.flask.get(criterion, 0) for _, option in chosen),
            django=sum(option.django.get(criterion, 0) for _, option in chosen),
        )
        for criterion, label in CRITERIA.items()
    )


def _pivotal(selection: Selection, quiz: Quiz, margin: int) -> tuple[Pivot, ...]:
    """Per question, the other answers that would change the verdict, grouped by new verdict."""
    framework = outcome(margin)
    pivots: list[Pivot] = []
    for question in quiz.questions:
        current = selection.get(question.id, ())
        current_lean = sum(question.option(option_id).lean for option_id in current)
        changes: dict[Framework, list[Option]] = {}
        for option in question.options:
            if option.id in current:
                continue
            if question.multiple:
                new_margin = margin + option.lean  # also ticking this option
            else:
                new_margin = margin - current_lean + option.lean
            new_framework = outcome(new_margin)
            if new_framework != framework:
                changes.setdefault(new_framework, []).append(option)
        for new_framework in ("flask", "either", "django"):
            options = changes.get(new_framework)
            if options:
                pivots.append(
                    Pivot(
                        question=question.id,
                        question_text=question.text,
                        options=tuple(option.id for option in options),
                        option_labels=tuple(option.label for option in options),
                        framework=new_framework,
                    )
                )
    return tuple(pivots)


def _also_consider(selection: Selection, quiz: Quiz) -> tuple[AlsoConsider, ...]:
    return tuple(
        AlsoConsider(
            id=alternative.id,
            name=alternative.name,
            text=plain_text(alternative.text),
            link=page_url(alternative.link),
        )
        for alternative in quiz.alternatives
        if all(
            set(selection.get(question_id, ())) & set(option_ids)
            for question_id, option_ids in alternative.when.items()
        )
    )
