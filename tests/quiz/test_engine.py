"""The public API: recommend() answers, explains, and rejects bad input by name."""

from __future__ import annotations

import dataclasses
import json

import pytest

from quiz import Recommendation, recommend

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


def test_a_beginner_with_no_other_leaning_gets_a_close_call() -> None:
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
    assert (result.strength, result.strength_label) == ("close", "Close call")
    assert "either will serve" in result.strength_note
    assert result.reasons == result.counterpoints == ()


def test_no_answers_is_neutral_and_says_what_to_do() -> None:
    result = recommend({})
    assert result.framework == "either"
    assert result.strength == "none"
    assert result.answered == 0
    assert result.headline == "No recommendation yet: answer at least one question."
    assert result.flips == result.tutorials == result.read_next == ()


def test_more_answers_in_the_same_direction_make_the_verdict_stronger() -> None:
    few = recommend({"project": "shop", "admin": "essential"})
    many = recommend(DJANGO_PROFILES["e-commerce platform"])
    assert (few.framework, few.strength, few.changes_needed) == ("django", "leaning", 1)
    assert few.strength_label == "Leans Django"
    assert many.strength == "strong" and many.strength_label == "Strong fit"
    assert many.changes_needed is not None and many.changes_needed >= 2


def test_the_headline_states_the_verdict_once_and_the_strength_line_explains_it() -> None:
    result = recommend(DJANGO_PROFILES["e-commerce platform"])
    assert result.headline == "Django fits these answers best."
    assert "confidence" not in result.headline + result.strength_note
    assert result.strength_label not in result.headline
    assert result.strength_note == "It would take changing at least three answers to change this."
    assert result.changes_needed == 3


def test_a_verdict_with_answers_against_it_says_so() -> None:
    answers = {**DJANGO_PROFILES["e-commerce platform"], "data": "few-tables"}
    result = recommend(answers)
    assert result.framework == "django" and result.counterpoints
    assert "points the other way" in result.strength_note


def test_reasons_link_into_the_guide_and_come_strongest_first() -> None:
    result = recommend(DJANGO_PROFILES["e-commerce platform"])
    points = [reason.points for reason in result.reasons]
    assert points == sorted(points, reverse=True)
    for reason in result.reasons:
        page, _, anchor = reason.link.partition("#")
        assert page.endswith("/") and not page.startswith("/") and anchor


def test_reasons_echo_the_answer_and_its_points_per_topic() -> None:
    result = recommend({"project": "shop"})
    (reason,) = result.reasons
    assert reason.answer == "An online shop or marketplace"
    assert reason.question_text == "What are you building first?"
    assert [(item.topic, item.points) for item in reason.topics] == [
        ("database", 1),
        ("admin", 1),
        ("security", 1),
    ]
    assert reason.points == 3 and reason.favours == "django"


def test_async_first_api_names_the_guides_async_frameworks_first() -> None:
    result = recommend({"project": "api", "concurrency": "async-first"})
    assert [other.name for other in result.also_consider] == ["FastAPI", "Quart"]
    assert all(other.first for other in result.also_consider)
    assert "FastAPI and Quart" in result.also_note
    assert result.framework != "flask", "the async page: Flask's async holds a worker per request"


def test_async_first_with_a_django_verdict_names_channels() -> None:
    answers = {**DJANGO_PROFILES["e-commerce platform"], "concurrency": "async-first"}
    result = recommend(answers)
    assert result.framework == "django"
    assert [other.name for other in result.also_consider] == ["Django Channels"]


def test_every_async_first_answer_comes_with_an_async_first_option() -> None:
    # The option's rationale says the result suggests one: it must always be there.
    for profile in [*FLASK_PROFILES.values(), *DJANGO_PROFILES.values(), {}]:
        result = recommend({**profile, "concurrency": "async-first"})
        assert {"Quart", "FastAPI", "Django Channels"} & {o.name for o in result.also_consider}


def test_a_plain_api_mentions_fastapi_as_the_guide_does_but_not_first() -> None:
    result = recommend({"project": "api"})
    assert [(other.name, other.first) for other in result.also_consider] == [("FastAPI", False)]
    assert result.also_note == ""
    assert recommend(DJANGO_PROFILES["e-commerce platform"]).also_consider == ()


def test_next_steps_are_the_tutorial_and_the_pages_that_weighed_most() -> None:
    result = recommend(DJANGO_PROFILES["e-commerce platform"])
    assert [tutorial.framework for tutorial in result.tutorials] == ["django"]
    assert result.tutorials[0].url.startswith("https://docs.djangoproject.com/")
    assert result.read_next[0] == "security"  # 2 + 1 + 3 points, the most of any topic
    close = recommend({"project": "shop"})
    assert [tutorial.framework for tutorial in close.tutorials] == ["flask", "django"]


def test_result_is_frozen_and_json_safe() -> None:
    result = recommend(DJANGO_PROFILES["content platform with editors"])
    assert isinstance(result, Recommendation)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.framework = "flask"  # type: ignore[misc]
    data = result.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["framework"] == "django"
    assert {"text", "link", "answer", "topics"} <= set(data["reasons"][0])


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


def test_a_verdict_beside_an_alternative_the_guide_puts_first_says_it_is_between_the_two() -> None:
    answers = {
        "project": "api",
        "concurrency": "async-first",
        "conventions": "freedom",
        "accounts": "tokens",
        "data": "few-tables",
    }
    result = recommend(answers)
    assert result.framework == "flask"
    assert result.headline == "Of the two, Flask fits these answers best."
    assert {"FastAPI", "Quart"} <= {other.name for other in result.also_consider}
