"""Properties of the model over random answer sets: deterministic, monotone, never one-answer."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from quiz import load_quiz, recommend
from quiz.engine import DECISION_MARGIN
from quiz.model import Question

QUIZ = load_quiz()
RANK = {"flask": 0, "either": 1, "django": 2}


def answer_for(question: Question) -> st.SearchStrategy[Any]:
    ids = [option.id for option in question.options]
    if question.multiple:
        return st.lists(st.sampled_from(ids), unique=True)
    return st.sampled_from(ids)


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in QUIZ.questions:
        if draw(st.booleans()):
            value = draw(answer_for(question))
            if value != []:
                answers[question.id] = value
    return answers


@given(answer_sets())
def test_deterministic(answers: dict[str, Any]) -> None:
    assert recommend(answers) == recommend(dict(reversed(list(answers.items()))))


@given(answer_sets(), st.data())
@settings(max_examples=300)
def test_moving_one_answer_toward_django_never_makes_the_result_less_django(
    answers: dict[str, Any], data: st.DataObject
) -> None:
    question = data.draw(st.sampled_from([q for q in QUIZ.questions if not q.multiple]))
    first, second = data.draw(st.lists(st.sampled_from(question.options), min_size=2, max_size=2))
    low, high = sorted((first, second), key=lambda option: option.lean)
    toward_flask = recommend({**answers, question.id: low.id})
    toward_django = recommend({**answers, question.id: high.id})
    assert toward_django.margin >= toward_flask.margin
    assert RANK[toward_django.framework] >= RANK[toward_flask.framework]


@given(answer_sets(), st.data())
def test_ticking_a_django_leaning_option_never_makes_the_result_less_django(
    answers: dict[str, Any], data: st.DataObject
) -> None:
    question = data.draw(st.sampled_from([q for q in QUIZ.questions if q.multiple]))
    option = data.draw(st.sampled_from(question.options))
    without = [o for o in answers.get(question.id, []) if o != option.id]
    before = recommend({**answers, question.id: without})
    after = recommend({**answers, question.id: [*without, option.id]})
    if option.lean >= 0:
        assert RANK[after.framework] >= RANK[before.framework]
    if option.lean <= 0:
        assert RANK[after.framework] <= RANK[before.framework]


@given(answer_sets())
def test_strength_and_scores_are_well_formed(answers: dict[str, Any]) -> None:
    result = recommend(answers)
    assert result.answered == len(answers)
    expected = {"flask": "strong", "django": "strong", "either": "close"}[result.framework]
    if result.answered == 0:
        expected = "none"
    elif result.framework != "either" and result.changes_needed == 1:
        expected = "leaning"
    assert result.strength == expected


def test_no_single_answer_decides_alone() -> None:
    """Whatever one answer is, the other questions can still lead to either framework."""
    for question in QUIZ.questions:
        for option in question.options:
            answer = [option.id] if question.multiple else option.id
            assert recommend({question.id: answer}).framework == "either"
            others = [q for q in QUIZ.questions if q.id != question.id]
            extremes = {}
            for direction in (max, min):
                completed: dict[str, Any] = {question.id: answer}
                for other in others:
                    if other.multiple:
                        sign = 1 if direction is max else -1
                        completed[other.id] = [o.id for o in other.options if sign * o.lean > 0]
                    else:
                        completed[other.id] = direction(other.options, key=lambda o: o.lean).id
                extremes[direction.__name__] = recommend(completed).framework
            assert extremes == {"max": "django", "min": "flask"}, (question.id, option.id)


def test_every_outcome_is_reachable() -> None:
    assert recommend({"project": "shop", "admin": "essential"}).framework == "django"
    assert recommend({"project": "prototype", "timeline": "days"}).framework == "flask"
    assert recommend({"project": "shop"}).framework == "either"


def test_no_option_outweighs_the_decision_margin() -> None:
    for question in QUIZ.questions:
        for option in question.options:
            assert abs(option.lean) < DECISION_MARGIN, (question.id, option.id)
