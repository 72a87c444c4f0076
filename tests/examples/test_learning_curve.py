"""The RSVP forms from the Learning curve page validate input and reject forged posts."""

import re

import examples.learning_curve.django_forms
import examples.learning_curve.flask_forms
from django.test import Client, override_settings
from flask.testing import FlaskClient

TEST_SECRET = "tests-only-not-secret"


def flask_client(*, csrf: bool) -> FlaskClient:
    app = examples.learning_curve.flask_forms.create_app(
        {"SECRET_KEY": TEST_SECRET, "WTF_CSRF_ENABLED": csrf}
    )
    return app.test_client()


def test_flask_get_renders_the_form_with_a_csrf_token() -> None:
    body = flask_client(csrf=True).get("/rsvp").get_data(as_text=True)
    assert 'name="csrf_token"' in body
    assert 'name="name"' in body
    assert 'name="guests"' in body


def test_flask_valid_post_redirects() -> None:
    response = flask_client(csrf=False).post("/rsvp", data={"name": "Ada", "guests": "2"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/rsvp/thanks"


def test_flask_invalid_post_shows_the_errors() -> None:
    response = flask_client(csrf=False).post("/rsvp", data={"name": "", "guests": "11"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This field is required." in body
    assert "Number must be between 1 and 10." in body


def test_flask_post_without_csrf_token_is_rejected() -> None:
    response = flask_client(csrf=True).post("/rsvp", data={"name": "Ada", "guests": "2"})
    assert response.status_code == 200  # re-rendered, not redirected
    assert "The CSRF token is missing." in response.get_data(as_text=True)


def test_flask_post_with_the_csrf_token_is_accepted() -> None:
    client = flask_client(csrf=True)
    page = client.get("/rsvp").get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert match is not None
    response = client.post(
        "/rsvp", data={"csrf_token": match.group(1), "name": "Ada", "guests": "2"}
    )
    assert response.status_code == 302


@override_settings(ROOT_URLCONF="examples.learning_curve.django_forms")
def test_django_get_renders_the_form_with_a_csrf_token() -> None:
    body = Client().get("/rsvp").content.decode()
    assert 'name="csrfmiddlewaretoken"' in body
    assert 'name="name"' in body
    assert 'name="guests"' in body


@override_settings(ROOT_URLCONF="examples.learning_curve.django_forms")
def test_django_valid_post_redirects() -> None:
    response = Client().post("/rsvp", {"name": "Ada", "guests": "2"})
    assert response.status_code == 302
    assert response["Location"] == "/rsvp/thanks"


@override_settings(ROOT_URLCONF="examples.learning_curve.django_forms")
def test_django_invalid_post_shows_the_errors() -> None:
    response = Client().post("/rsvp", {"name": "", "guests": "11"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in body
    assert "Ensure this value is less than or equal to 10." in body


@override_settings(ROOT_URLCONF="examples.learning_curve.django_forms")
def test_django_post_without_csrf_token_is_rejected() -> None:
    # Django's test client skips CSRF checks unless asked to enforce them.
    response = Client(enforce_csrf_checks=True).post("/rsvp", {"name": "Ada", "guests": "2"})
    assert response.status_code == 403


@override_settings(ROOT_URLCONF="examples.learning_curve.django_forms")
def test_django_thanks_page() -> None:
    assert Client().get("/rsvp/thanks").content == b"Thanks, see you there."


def test_flask_thanks_page() -> None:
    response = flask_client(csrf=False).get("/rsvp/thanks")
    assert response.get_data(as_text=True) == "Thanks, see you there."
