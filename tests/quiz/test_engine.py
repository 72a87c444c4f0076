"""The public API: recommend() answers, explains, and rejects bad input by name."""

from __future__ import annotations

import dataclasses
import json

import pytest

from quiz import Recommendation, load_quiz, recommend

# Profiles in our own words of the situations the guide discusses, with the verdict it gives.
FLASK_PROFILES = {
    "small API service": {
        "project": "api",
        "admin": "none",
        "accounts": "tokens",
        "data": "few-tables",
        "team": "small",
        "conventions": "no-preference",
    },
    "prototype": {
        "project": "prototype",
        "timeline": "days",
        "lifetime": "short",
        "admin": "none",
        "accounts": "none",
    },
    "lightweight microservice": {
        "project": "microservice",
        "data": "little",
        "accounts": "tokens",
        "admin": "none",
        "deployment": ["serverless"],
    },
    "unconventional architecture": {
        "conventions": "unusual",
        "data": "existing",
        "accounts": "tokens",
        "team": "solo",
    },
}
DJANGO_PROFILES = {
    "e-commerce platform": {
        "project": "shop",
        "admin": "essential",
        "accounts": "full",
        "data": "relational",
        "sensitivity": "regulated",
    },
    "content platform with editors": {
        "project": "content",
        "admin": "essential",
        "accounts": "login",
        "features": ["forms", "i18n", "feeds"],
    },
    "long-lived SaaS with a changing team": {
        "team": "large",
        "lifetime": "years",
        "accounts": "full",
        "conventions": "conventions",
        "data": "relational",
    },
    "security-sensitive application": {
        "sensitivity": "regulated",
        "accounts": "full",
        "deployment": ["deploy-checks"],
    },
}


@pytest.mark.parametrize("answers", FLASK_PROFILES.values(), ids=FLASK_PROFILES.keys())
def test_flask_profiles_lean_flask(answers: dict[str, str | list[str]]) -> None:
    result = recommend(answers)
    assert result.framework == "flask"
    assert result.reasons and all(reason.favours == "flask" for reason in result.reasons)


@pytest.mark.parametrize("answers", DJANGO_PROFILES.values(), ids=DJANGO_PROFILES.keys())
def test_django_profiles_lean_django(answers: dict[str, str | list[str]]) -> None:
    result = recommend(answers)
    assert result.framework == "django"
    assert result.reasons and all(reason.favours == "django" for reason in result.reasons)


def test_a_beginner_with_no_other_leaning_gets_either_with_low_confidence() -> None:
    neutral = {
        "experience": "beginner",
        "team": "small",
        "timeline": "no-rush",
        "lifetime": "unknown",
        "conventions": "no-preference",
        "concurrency": "ordinary",
        "sensitivity": "public",
    }
    result = recommend(neutral)
    assert result.framework == "either"
    assert result.confidence_label == "low"
    assert result.confidence < 0.2


def test_no_answers_is_neutral_and_says_so() -> None:
    result = recommend({})
    assert result.framework == "either"
    assert result.confidence == 0
    assert result.answered == 0
    assert "Answer a few questions" in result.headline


def test_more_answers_in_the_same_direction_raise_confidence() -> None:
    few = recommend({"project": "shop", "admin": "essential"})
    many = recommend(DJANGO_PROFILES["e-commerce platform"])
    assert few.framework in {"django", "either"}
    assert many.confidence > few.confidence


def test_scores_and_breakdown_add_up() -> None:
    result = recommend(DJANGO_PROFILES["e-commerce platform"])
    assert sum(row.flask for row in result.breakdown) == result.scores["flask"]
    assert sum(row.django for row in result.breakdown) == result.scores["django"]
    assert result.margin == result.scores["django"] - result.scores["flask"]
    assert 0 <= result.confidence <= 1


def test_reasons_link_into_the_guide_and_come_strongest_first() -> None:
    result = recommend(DJANGO_PROFILES["e-commerce platform"])
    points = [reason.points for reason in result.reasons]
    assert points == sorted(points, reverse=True)
    for reason in result.reasons:
        page, _, anchor = reason.link.partition("#")
        assert page.endswith("/") and not page.startswith("/") and anchor


def test_pivotal_answers_really_change_the_outcome() -> None:
    answers = dict(FLASK_PROFILES["small API service"])
    result = recommend(answers)
    assert result.pivotal
    for pivot in result.pivotal:
        for option in pivot.options:
            changed = dict(answers)
            question = load_quiz().question(pivot.question)
            if question.multiple:
                current = changed.get(pivot.question, [])
                assert isinstance(current, list)
                changed[pivot.question] = [*current, option]
            else:
                changed[pivot.question] = option
            assert recommend(changed).framework == pivot.framework != result.framework


def test_async_first_api_suggests_fastapi() -> None:
    result = recommend({"project": "api", "concurrency": "async-first"})
    assert [other.id for other in result.also_consider] == ["fastapi"]
    assert recommend({"project": "api"}).also_consider == ()


def test_result_is_frozen_and_json_safe() -> None:
    result = recommend(DJANGO_PROFILES["content platform with editors"])
    assert isinstance(result, Recommendation)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.framework = "flask"  # type: ignore[misc]
    data = result.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["framework"] == "django"
    assert {"text", "link"} <= set(data["reasons"][0])


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"colour": "red"}, "unknown question 'colour'"),
        ({"project": "spaceship"}, "unknown option 'spaceship' for question 'project'"),
        ({"project": ["api"]}, "question 'project' takes one option id, got list"),
        ({"deployment": "serverless"}, "question 'deployment' takes a list of option ids, got str"),
        ({"deployment": ["serverless", "serverless"]}, "names an option more than once"),
        ({"deployment": ["nowhere"]}, "unknown option 'nowhere' for question 'deployment'"),
        ({"project": 3}, "takes one option id, got int"),
    ],
)
def test_bad_answers_raise_value_error_naming_the_id(answers: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        recommend(answers)  # type: ignore[arg-type]


def test_answers_must_be_a_mapping() -> None:
    with pytest.raises(ValueError, match="answers must map"):
        recommend(["project"])  # type: ignore[arg-type]


def test_multiple_choice_order_does_not_matter() -> None:
    one = recommend({"deployment": ["static-files", "serverless"]})
    other = recommend({"deployment": ["serverless", "static-files"]})
    assert one == other
