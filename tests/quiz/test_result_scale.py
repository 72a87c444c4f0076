"""One honest scale: reasons and chart add up to the same totals, and the flips are the closest."""

from __future__ import annotations

from itertools import combinations
from typing import Any

from hypothesis import given, settings

from quiz import Recommendation, load_quiz, recommend
from quiz.engine import outcome
from tests.quiz.test_properties import answer_sets

QUIZ = load_quiz()


def totals_from_reasons(result: Recommendation) -> dict[str, int]:
    totals = {"flask": 0, "django": 0}
    for reason in (*result.reasons, *result.counterpoints):
        assert reason.points == sum(item.points for item in reason.topics)
        totals[reason.favours] += reason.points
    return totals


@given(answer_sets())
def test_reasons_and_chart_add_up_to_the_same_totals(answers: dict[str, Any]) -> None:
    result = recommend(answers)
    chart = {
        "flask": sum(row.flask for row in result.breakdown),
        "django": sum(row.django for row in result.breakdown),
    }
    assert totals_from_reasons(result) == chart == result.scores
    assert result.margin == result.scores["django"] - result.scores["flask"]


@given(answer_sets())
def test_each_bar_is_the_sum_of_the_answers_listed_under_it(answers: dict[str, Any]) -> None:
    result = recommend(answers)
    listed_in_reasons = {
        (reason.question, reason.option, item.topic, reason.favours, item.points)
        for reason in (*result.reasons, *result.counterpoints)
        for item in reason.topics
    }
    listed_in_chart = set()
    for row in result.breakdown:
        for side in ("flask", "django"):
            assert getattr(row, side) == sum(a.points for a in row.answers if a.favours == side)
        for item in row.answers:
            listed_in_chart.add((item.question, item.option, row.topic, item.favours, item.points))
    assert listed_in_chart == listed_in_reasons


def margin_of(answers: dict[str, Any]) -> int:
    """The net lean toward Django, computed here from the data alone."""
    total = 0
    for question in QUIZ.questions:
        value = answers.get(question.id)
        for option_id in value if isinstance(value, list) else [value] if value else []:
            total += question.option(option_id).lean
    return total


Edit = tuple[str, str]  # (question id, option id): choose it, or toggle its box


def every_edit(answers: dict[str, Any]) -> list[Edit]:
    """Each single change a reader could make: another choice, or one box toggled."""
    return [
        (question.id, option.id)
        for question in QUIZ.questions
        for option in question.options
        if question.multiple or option.id != answers.get(question.id)
    ]


def apply(answers: dict[str, Any], edits: tuple[Edit, ...]) -> dict[str, Any] | None:
    """The answers after ``edits``; None if two of them change the same one-choice question."""
    changed = dict(answers)
    for question_id, option_id in edits:
        if QUIZ.question(question_id).multiple:
            ticked = list(changed.get(question_id, []))
            if option_id in ticked:
                ticked.remove(option_id)
            else:
                ticked.append(option_id)
            changed[question_id] = ticked
        elif changed.get(question_id) != answers.get(question_id):
            return None
        else:
            changed[question_id] = option_id
    return changed


@given(answer_sets())
@settings(max_examples=60)
def test_flips_really_flip_and_none_with_fewer_changes_exists(answers: dict[str, Any]) -> None:
    result = recommend(answers)
    if result.answered == 0:
        assert result.flips == ()
        return
    assert result.flips, "some change always overturns a verdict reached from some answers"
    for flip in result.flips:
        changed = apply(answers, tuple((c.question, c.option) for c in flip.changes))
        assert changed is not None
        after = recommend(changed)
        assert after.framework == flip.framework != result.framework
        assert after.margin == flip.margin
    sizes = [len(flip.changes) for flip in result.flips]
    assert sizes == sorted(sizes)
    assert result.changes_needed == sizes[0]
    if sizes[0] > 3:
        return  # too many combinations to try here
    edits = every_edit(answers)
    for size in range(1, sizes[0]):
        for group in combinations(edits, size):
            changed = apply(answers, group)
            if changed is not None:
                assert outcome(margin_of(changed)) == result.framework, (group, result.flips)
    if sizes[0] == 1:
        # Fewest changes, then largest effect: no single change moves the margin further.
        moves = [
            abs(margin_of(changed) - result.margin)
            for edit in edits
            if (changed := apply(answers, (edit,))) is not None
            and outcome(margin_of(changed)) != result.framework
        ]
        assert abs(result.flips[0].margin - result.margin) == max(moves)


def test_strength_follows_the_number_of_changes_needed() -> None:
    close = recommend({"project": "shop"})
    leaning = recommend({"project": "shop", "admin": "essential"})
    strong = recommend(
        {"project": "shop", "admin": "essential", "accounts": "full", "data": "relational"}
    )
    assert [r.strength for r in (close, leaning, strong)] == ["close", "leaning", "strong"]
    assert leaning.changes_needed == 1 and "one answer" in leaning.strength_note
    assert strong.changes_needed is not None and strong.changes_needed >= 2


def test_a_close_call_shows_flips_toward_both_frameworks() -> None:
    result = recommend({"project": "api", "admin": "essential"})  # -2 + 3: a close call
    assert result.framework == "either"
    assert {flip.framework for flip in result.flips} == {"flask", "django"}
    assert [len(flip.changes) for flip in result.flips] == [1, 1, 2]


def test_flips_name_the_answer_they_replace() -> None:
    result = recommend({"project": "shop", "admin": "essential"})
    changes = [change for flip in result.flips for change in flip.changes]
    assert any(change.was == "An online shop or marketplace" for change in changes)
    assert all(change.action == "choose" for change in changes)
