"""Turn answers into a recommendation: additive points per topic, explained and audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Literal

from quiz.loader import load_quiz
from quiz.model import Option, Question, Quiz
from quiz.recommendation import (
    AlsoConsider,
    Change,
    Flip,
    Framework,
    Reason,
    Recommendation,
    Side,
    Strength,
    TopicAnswer,
    TopicPoints,
    TopicScore,
    Tutorial,
)
from quiz.topics import TOPICS, page_of

Answers = Mapping[str, str | Sequence[str]]
Selection = dict[str, tuple[str, ...]]

# The net lean (Django points minus Flask points) needed for a verdict. No single option gives
# more than 3, so one answer alone never decides: it takes agreement across questions.
DECISION_MARGIN = 4
# A verdict that only a change of this many answers or more can overturn is a strong one.
STRONG_CHANGES = 2
# "What would change this" shows up to this many of the closest flips: all of them when one
# change is enough, two when up to LONG_FLIP are needed, else the closest alone.
MAX_FLIPS = 3
LONG_FLIP = 3
# Flips are searched among this many of the most effective changes in each direction.
FLIP_CANDIDATES = 12
READ_NEXT = 3

NAMES: dict[Framework, str] = {"flask": "Flask", "django": "Django", "either": "Either"}
NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
# The scale, explained once next to the result.
SCALE = (
    (
        "Strong fit",
        f"only changing {NUMBERS[STRONG_CHANGES]} or more of your answers could change "
        "the verdict.",
    ),
    ("Leans Flask, Leans Django", "changing one answer could change it."),
    (
        "Close call",
        f"neither framework leads by {DECISION_MARGIN} points or more, so either will serve.",
    ),
)


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
    answered = len(selection)
    reasons, counterpoints = _reasons(framework, chosen)
    flips = closest_flips(selection, quiz, margin)
    changes_needed = len(flips[0].changes) if flips else None
    strength = strength_of(framework, answered, changes_needed)
    also = _also_consider(selection, quiz, framework)
    breakdown = _breakdown(chosen)
    return Recommendation(
        framework=framework,
        strength=strength,
        strength_label=_strength_label(strength, framework),
        strength_note=_strength_note(strength, changes_needed, len(counterpoints)),
        headline=_headline(framework, answered, any(other.first for other in also)),
        answered=answered,
        total=len(quiz.questions),
        margin=margin,
        scores={"flask": flask_points, "django": django_points},
        breakdown=breakdown,
        reasons=reasons,
        counterpoints=counterpoints,
        changes_needed=changes_needed,
        flips=flips,
        also_consider=also,
        also_note=_also_note(also),
        tutorials=_tutorials(framework, answered, quiz),
        read_next=_read_next(framework, breakdown),
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


def strength_of(framework: Framework, answered: int, changes_needed: int | None) -> Strength:
    """How firmly the answers hold the verdict, in steps a reader can check against the flips."""
    if answered == 0:
        return "none"
    if framework == "either":
        return "close"
    if changes_needed is None or changes_needed >= STRONG_CHANGES:
        return "strong"
    return "leaning"


def _strength_label(strength: Strength, framework: Framework) -> str:
    return {
        "none": "No answers yet",
        "close": "Close call",
        "leaning": f"Leans {NAMES[framework]}",
        "strong": "Strong fit",
    }[strength]


def _count(number: int, noun: str) -> str:
    words = NUMBERS.get(number, str(number))
    return f"{words} {noun}" if number == 1 else f"{words} {noun}s"


def _strength_note(strength: Strength, changes_needed: int | None, against: int) -> str:
    if strength == "none":
        return "Answer at least one question, then ask again."
    if strength == "close":
        return (
            "Your answers do not separate the two frameworks: either will serve this project, "
            "so the one your team knows is a fine choice."
        )
    if changes_needed is None:
        note = "No change to your answers would change this."
    elif strength == "strong":
        note = f"It would take changing at least {_count(changes_needed, 'answer')} to change this."
    else:
        note = f"Changing {_count(changes_needed, 'answer')} could change this."
    if against:
        verb = "points" if against == 1 else "point"
        note += f" {_count(against, 'answer').capitalize()} of yours {verb} the other way."
    return note


def _headline(framework: Framework, answered: int, alternative_first: bool) -> str:
    if answered == 0:
        return "No recommendation yet: answer at least one question."
    if framework == "either":
        return "Either framework fits these answers."
    # When the guide points to another framework first, the verdict is between these two only.
    prefix = "Of the two, " if alternative_first else ""
    return f"{prefix}{NAMES[framework]} fits these answers best."


def _chosen_options(selection: Selection, quiz: Quiz) -> list[tuple[Question, Option]]:
    return [
        (question, question.option(option_id))
        for question in quiz.questions
        for option_id in selection.get(question.id, ())
    ]


def plain_text(markdown: str) -> str:
    """A rationale without its inline Markdown markers, for plain-text output."""
    return markdown.replace("**", "").replace("*", "").replace("`", "")


def page_url(link: str) -> str:
    """``admin.md#django-admin`` -> ``admin/#django-admin``, relative to the site root."""
    page, _, anchor = link.partition("#")
    url = "./" if page == "index.md" else page.removesuffix(".md") + "/"
    return f"{url}#{anchor}" if anchor else url


def _reason(question: Question, option: Option, favours: Side) -> Reason:
    points = option.points_for(favours)
    return Reason(
        question=question.id,
        question_text=question.text,
        option=option.id,
        answer=option.label,
        favours=favours,
        points=sum(points.values()),
        topics=tuple(TopicPoints(topic, points[topic]) for topic in TOPICS if topic in points),
        text=plain_text(option.rationale),
        link=page_url(option.link),
    )


def _reasons(
    framework: Framework, chosen: list[tuple[Question, Option]]
) -> tuple[tuple[Reason, ...], tuple[Reason, ...]]:
    """Every answer that gave points: those behind the verdict, and those against it.

    All of them, so that the reasons add up to the same totals as the chart.
    """
    weighing = [
        _reason(question, option, favours)
        for question, option in chosen
        if (favours := option.favours) is not None
    ]
    # Stable sort: ties keep question order, so results are deterministic.
    weighing.sort(key=lambda reason: -reason.points)
    if framework == "either":
        return tuple(weighing), ()
    supporting = [reason for reason in weighing if reason.favours == framework]
    against = [reason for reason in weighing if reason.favours != framework]
    return tuple(supporting), tuple(against)


def _breakdown(chosen: list[tuple[Question, Option]]) -> tuple[TopicScore, ...]:
    """Points per topic, in the vocabulary's order (topics nobody scored on included)."""
    rows = []
    for topic in TOPICS:
        answers = tuple(
            TopicAnswer(
                question.id, option.id, option.label, favours, option.points_for(favours)[topic]
            )
            for question, option in chosen
            if (favours := option.favours) is not None and topic in option.points_for(favours)
        )
        rows.append(
            TopicScore(
                topic=topic,
                link=page_url(page_of(topic)),
                flask=sum(answer.points for answer in answers if answer.favours == "flask"),
                django=sum(answer.points for answer in answers if answer.favours == "django"),
                answers=answers,
            )
        )
    return tuple(rows)


def _changes(selection: Selection, quiz: Quiz) -> list[Change]:
    """Every single change to the answers that moves the margin: a new choice, a box toggled."""
    changes: list[Change] = []
    for question in quiz.questions:
        current = selection.get(question.id, ())
        was = question.option(current[0]) if current and not question.multiple else None
        for option in question.options:
            action: Literal["choose", "tick", "untick"]
            if question.multiple:
                action = "untick" if option.id in current else "tick"
                effect = -option.lean if action == "untick" else option.lean
            elif option is was:
                continue
            else:
                action = "choose"
                effect = option.lean - (was.lean if was else 0)
            if effect:
                replaced = was.label if was else None
                changes.append(
                    Change(
                        question.id,
                        question.text,
                        option.id,
                        option.label,
                        action,
                        replaced,
                        effect,
                    )
                )
    return changes


def closest_flips(selection: Selection, quiz: Quiz, margin: int) -> tuple[Flip, ...]:
    """The few sets of changed answers that give another verdict: fewest changes first, then
    largest effect; each set of questions once (its most effective version); none containing
    another."""
    framework = outcome(margin)
    if not selection:
        return ()
    # Toward Django is +1: a Django verdict is overturned by moving toward Flask.
    directions = {"flask": (1,), "django": (-1,), "either": (-1, 1)}[framework]
    changes = _changes(selection, quiz)
    found: list[Flip] = []
    for direction in directions:
        found += _flips_one_way(_most_effective(changes, direction), margin)

    def closeness(flip: Flip) -> tuple[int, int]:
        return len(flip.changes), -abs(flip.margin - margin)

    found.sort(key=closeness)
    if not found:
        return ()
    # Several long lists of changes would say little more than the first: fewer, the longer.
    limit = (
        MAX_FLIPS if len(found[0].changes) == 1 else 2 if len(found[0].changes) <= LONG_FLIP else 1
    )
    # A close call can tip either way: show the closest flip each way, then the next closest.
    picked: list[Flip] = []
    for toward_django in (True, False):
        picked += [flip for flip in found if (flip.margin > margin) == toward_django][:1]
    picked += [flip for flip in found if flip not in picked]
    return tuple(sorted(picked[:limit], key=closeness))


def _most_effective(changes: list[Change], direction: int) -> list[Change]:
    """The changes that move the margin ``direction``-ward, most effective first: one per
    one-choice question (its strongest) and one per box, at most FLIP_CANDIDATES of them."""
    best: dict[tuple[str, str], Change] = {}
    for change in changes:
        if direction * change.effect <= 0:
            continue
        key = (change.question, change.option if change.action != "choose" else "")
        if key not in best or direction * change.effect > direction * best[key].effect:
            best[key] = change
    ranked = sorted(best.values(), key=lambda change: -direction * change.effect)
    return ranked[:FLIP_CANDIDATES]


def _flips_one_way(candidates: list[Change], margin: int) -> list[Flip]:
    """Minimal sets of ``candidates`` that change the verdict, from the smallest size up."""
    framework = outcome(margin)
    # No set of changes flips with fewer changes than the most effective ones in a row need.
    reach, fewest = margin, len(candidates) + 1
    for count, change in enumerate(candidates, 1):
        reach += change.effect
        if outcome(reach) != framework:
            fewest = count
            break
    found: list[Flip] = []
    for size in range(fewest, len(candidates) + 1):
        for group in combinations(candidates, size):
            total = sum(change.effect for change in group)
            new = outcome(margin + total)
            # Minimal: without its weakest change (the last, by order), it would not flip.
            if new != framework and outcome(margin + total - group[-1].effect) == framework:
                found.append(Flip(group, new, margin + total))
        if len(found) >= MAX_FLIPS:
            break
    return found


def _also_consider(
    selection: Selection, quiz: Quiz, framework: Framework
) -> tuple[AlsoConsider, ...]:
    shown: dict[str, AlsoConsider] = {}
    for alternative in quiz.alternatives:
        applies = framework in alternative.verdicts and all(
            set(selection.get(question_id, ())) & set(option_ids)
            for question_id, option_ids in alternative.when.items()
        )
        if applies and alternative.name not in shown:
            shown[alternative.name] = AlsoConsider(
                id=alternative.id,
                name=alternative.name,
                text=plain_text(alternative.text),
                link=page_url(alternative.link),
                first=alternative.first,
            )
    return tuple(shown.values())


def _also_note(also: tuple[AlsoConsider, ...]) -> str:
    first = [other.name for other in also if other.first]
    if not first:
        return ""
    names = " and ".join(first)
    return f"For answers like these, the guide suggests looking at {names} too (below)."


def _tutorials(framework: Framework, answered: int, quiz: Quiz) -> tuple[Tutorial, ...]:
    if answered == 0:
        return ()
    return tuple(
        Tutorial(link.framework, link.title, link.url)
        for link in quiz.tutorials
        if framework in ("either", link.framework)
    )


def _read_next(framework: Framework, breakdown: tuple[TopicScore, ...]) -> tuple[str, ...]:
    """The guide's pages on the topics that weighed most toward the verdict."""

    def weight(row: TopicScore) -> int:
        if framework == "either":
            return row.flask + row.django
        return row.django if framework == "django" else row.flask

    ranked = sorted((row for row in breakdown if weight(row)), key=lambda row: -weight(row))
    return tuple(row.topic for row in ranked[:READ_NEXT])
