"""The "hello" page from the Core philosophy page behaves the same in both frameworks."""

import examples.philosophy.django_hello
import examples.philosophy.flask_hello
from django.test import Client, override_settings


def test_flask_greets_the_name_from_the_url() -> None:
    client = examples.philosophy.flask_hello.app.test_client()
    response = client.get("/hello/Ada")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "<h1>Hello, Ada!</h1>" in response.get_data(as_text=True)


def test_flask_escapes_the_url_parameter() -> None:
    client = examples.philosophy.flask_hello.app.test_client()
    body = client.get("/hello/<em>Ada").get_data(as_text=True)
    assert "<em>" not in body
    assert "&lt;em&gt;Ada" in body


def test_flask_unknown_path_is_404() -> None:
    client = examples.philosophy.flask_hello.app.test_client()
    assert client.get("/hello/").status_code == 404


@override_settings(ROOT_URLCONF="examples.philosophy.django_hello")
def test_django_greets_the_name_from_the_url() -> None:
    response = Client().get("/hello/Ada")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>Hello, Ada!</h1>" in response.content.decode()


@override_settings(ROOT_URLCONF="examples.philosophy.django_hello")
def test_django_escapes_the_url_parameter() -> None:
    body = Client().get("/hello/<em>Ada").content.decode()
    assert "<em>" not in body
    assert "&lt;em&gt;Ada" in body


@override_settings(ROOT_URLCONF="examples.philosophy.django_hello")
def test_django_reverses_the_named_route() -> None:
    from django.urls import reverse

    assert reverse("hello", kwargs={"name": "Ada"}) == "/hello/Ada"
