"""Tests for the examples on the ecosystem page."""

from collections.abc import Iterator

import pytest
from django.test import Client, override_settings
from examples.ecosystem import django_api, flask_api

BOOK = {"title": "Two Scoops of Django", "year": 2024}


def test_flask_api_list_and_create() -> None:
    client = flask_api.create_app().test_client()
    assert client.get("/api/books").get_json() == []
    created = client.post("/api/books", json=BOOK)
    assert created.status_code == 201
    assert created.get_json() == {"id": 1, **BOOK}
    assert client.get("/api/books").get_json() == [{"id": 1, **BOOK}]


def test_flask_api_rejects_invalid_payload() -> None:
    client = flask_api.create_app().test_client()
    response = client.post("/api/books", json={"title": "No year"})
    assert response.status_code == 422
    assert "year" in response.get_json()["detail"]


@pytest.fixture
def ninja_client() -> Iterator[Client]:
    django_api.BOOKS.clear()
    with override_settings(ROOT_URLCONF=django_api.__name__):
        yield Client()
    django_api.BOOKS.clear()


def test_django_ninja_api_list_and_create(ninja_client: Client) -> None:
    assert ninja_client.get("/api/books").json() == []
    created = ninja_client.post("/api/books", BOOK, content_type="application/json")
    assert created.status_code == 201
    assert created.json() == {"id": 1, **BOOK}
    assert ninja_client.get("/api/books").json() == [{"id": 1, **BOOK}]


def test_django_ninja_api_rejects_invalid_payload(ninja_client: Client) -> None:
    response = ninja_client.post(
        "/api/books", {"title": "No year"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "year"


def test_django_ninja_serves_openapi_schema(ninja_client: Client) -> None:
    schema = ninja_client.get("/api/openapi.json").json()
    assert "/api/books" in schema["paths"]
