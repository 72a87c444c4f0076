"""Tests for the examples on the security page."""

import re
import secrets

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client, override_settings
from examples.security import django_csrf, django_passwords, flask_csrf, flask_passwords


def test_flask_post_without_token_is_rejected() -> None:
    client = flask_csrf.create_app(secrets.token_hex(32)).test_client()
    response = client.post("/subscribe", data={"email": "a@example.com"})
    assert response.status_code == 400
    assert b"CSRF token is missing" in response.data


def test_flask_post_with_token_succeeds_and_escapes_input() -> None:
    client = flask_csrf.create_app(secrets.token_hex(32)).test_client()
    page = client.get("/subscribe").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    response = client.post(
        "/subscribe", data={"email": "<script>x</script>", "csrf_token": token.group(1)}
    )
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "Subscribed &lt;script&gt;x&lt;/script&gt;"


def test_flask_app_refuses_to_start_without_a_secret_key() -> None:
    with pytest.raises(ValueError, match="secret key"):
        flask_csrf.create_app("")


@override_settings(ROOT_URLCONF=django_csrf.__name__)
def test_django_post_without_token_is_rejected() -> None:
    # The test client skips CSRF checks unless asked to enforce them, as a browser would face.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/subscribe/", {"email": "a@example.com"})
    assert response.status_code == 403


@override_settings(ROOT_URLCONF=django_csrf.__name__)
def test_django_post_with_token_succeeds_and_escapes_input() -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/subscribe/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = client.post(
        "/subscribe/", {"email": "<script>x</script>", "csrfmiddlewaretoken": token.group(1)}
    )
    assert response.status_code == 200
    assert response.content.decode() == "Subscribed &lt;script&gt;x&lt;/script&gt;"


def test_django_default_headers() -> None:
    # SecurityMiddleware and XFrameOptionsMiddleware add these to every response.
    with override_settings(ROOT_URLCONF=django_csrf.__name__):
        response = Client().get("/subscribe/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_flask_sends_no_security_headers_by_default() -> None:
    response = flask_csrf.create_app(secrets.token_hex(32)).test_client().get("/subscribe")
    assert "X-Frame-Options" not in response.headers
    assert "Content-Security-Policy" not in response.headers


def test_werkzeug_hash_round_trip() -> None:
    stored = flask_passwords.hash_password("correct horse")
    assert stored.startswith("scrypt:32768:8:1$")
    assert flask_passwords.verify_password(stored, "correct horse")
    assert not flask_passwords.verify_password(stored, "wrong horse")


def test_django_default_pbkdf2_iterations() -> None:
    assert PBKDF2PasswordHasher.iterations == 1_500_000


# The test settings use a fast hasher; switch back to the real default for this test.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"])
def test_django_hash_round_trip() -> None:
    stored = django_passwords.hash_password("correct horse")
    assert stored.startswith("pbkdf2_sha256$1500000$")
    assert django_passwords.verify_password(stored, "correct horse")
    assert not django_passwords.verify_password(stored, "wrong horse")
