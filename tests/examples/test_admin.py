"""The admin registrations from the Admin page serve a searchable list of books to admins only."""

from collections.abc import Iterator

import examples.admin.django_admin_site
import examples.admin.flask_admin_site
import pytest
from django.test import Client, override_settings
from flask import Flask
from flask.testing import FlaskClient

from tests.examples.django_tables import model_tables

BOOKS = [
    ("The Dispossessed", "Ursula K. Le Guin", 1974, True),
    ("Kindred", "Octavia E. Butler", 1979, False),
]


@pytest.fixture
def flask_app() -> Iterator[Flask]:
    m = examples.admin.flask_admin_site
    app = m.create_app({"SECRET_KEY": "tests-only-not-secret"})
    with app.app_context():
        m.db.create_all()
        for title, author, year, in_stock in BOOKS:
            m.db.session.add(m.Book(title=title, author=author, published=year, in_stock=in_stock))
        m.db.session.commit()
        yield app
        m.db.session.remove()
        m.db.drop_all()
        m.db.engine.dispose()  # close the in-memory SQLite connection


def admin_client(app: Flask) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["is_admin"] = True
    return client


def test_flask_admin_list_view_shows_the_books(flask_app: Flask) -> None:
    response = admin_client(flask_app).get("/admin/book/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The Dispossessed" in body
    assert "Kindred" in body
    assert "Octavia E. Butler" in body


def test_flask_admin_search_narrows_the_list(flask_app: Flask) -> None:
    response = admin_client(flask_app).get("/admin/book/?search=Butler")
    body = response.get_data(as_text=True)
    assert "Kindred" in body
    assert "The Dispossessed" not in body


def test_flask_admin_is_forbidden_without_the_admin_flag(flask_app: Flask) -> None:
    assert flask_app.test_client().get("/admin/book/").status_code == 403


def test_flask_admin_index_page(flask_app: Flask) -> None:
    response = flask_app.test_client().get("/admin/")
    assert response.status_code == 200
    assert "Bookshop" in response.get_data(as_text=True)


@pytest.fixture(scope="module")
def django_tables(django_db: None) -> Iterator[None]:
    with model_tables(examples.admin.django_admin_site.Book):
        yield


@pytest.fixture
def superuser_client(django_tables: None, db: None) -> Client:
    from django.contrib.auth import get_user_model

    for title, author, year, in_stock in BOOKS:
        examples.admin.django_admin_site.Book.objects.create(
            title=title, author=author, published=year, in_stock=in_stock
        )
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client = Client()
    client.force_login(user)
    return client


CHANGELIST = "/admin/admin_examples/book/"


@override_settings(ROOT_URLCONF="examples.admin.django_admin_site")
def test_django_admin_changelist_shows_the_books(superuser_client: Client) -> None:
    response = superuser_client.get(CHANGELIST)
    body = response.content.decode()
    assert response.status_code == 200
    assert "The Dispossessed" in body
    assert "Kindred" in body
    assert "Octavia E. Butler" in body
    assert 'id="searchbar"' in body  # search_fields adds the search box


@override_settings(ROOT_URLCONF="examples.admin.django_admin_site")
def test_django_admin_search_narrows_the_list(superuser_client: Client) -> None:
    body = superuser_client.get(CHANGELIST, {"q": "Butler"}).content.decode()
    assert "Kindred" in body
    assert "The Dispossessed" not in body


@override_settings(ROOT_URLCONF="examples.admin.django_admin_site")
def test_django_admin_filter_narrows_the_list(superuser_client: Client) -> None:
    body = superuser_client.get(CHANGELIST, {"in_stock__exact": "1"}).content.decode()
    assert "The Dispossessed" in body
    assert "Kindred" not in body


@override_settings(ROOT_URLCONF="examples.admin.django_admin_site")
def test_django_admin_redirects_anonymous_users_to_login(django_tables: None, db: None) -> None:
    response = Client().get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
