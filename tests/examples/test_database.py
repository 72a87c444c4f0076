"""The models and query from the Database page return the same answer in both ORMs."""

from collections.abc import Iterator

import examples.database.django_models
import examples.database.flask_models
import pytest
from flask import Flask

from tests.examples.django_tables import model_tables

BOOKS = [
    ("Ursula K. Le Guin", "A Wizard of Earthsea", 1968),
    ("Ursula K. Le Guin", "The Dispossessed", 1974),
    ("Ursula K. Le Guin", "The Left Hand of Darkness", 1969),
    ("Octavia E. Butler", "Kindred", 1979),
]
EXPECTED = ["The Left Hand of Darkness", "The Dispossessed"]


@pytest.fixture
def flask_app() -> Iterator[Flask]:
    m = examples.database.flask_models
    app = m.create_app()
    with app.app_context():
        m.db.create_all()
        authors: dict[str, object] = {}
        for author_name, title, year in BOOKS:
            if author_name not in authors:
                authors[author_name] = m.Author(name=author_name)
            m.db.session.add(m.Book(title=title, published=year, author=authors[author_name]))
        m.db.session.commit()
        yield app
        m.db.session.remove()
        m.db.drop_all()
        m.db.engine.dispose()  # close the in-memory SQLite connection


def test_flask_query_filters_joins_and_orders(flask_app: Flask) -> None:
    assert examples.database.flask_models.titles_since("Ursula K. Le Guin", 1969) == EXPECTED


def test_flask_query_for_unknown_author_is_empty(flask_app: Flask) -> None:
    assert examples.database.flask_models.titles_since("Nobody", 1900) == []


def test_flask_relationship_is_navigable_both_ways(flask_app: Flask) -> None:
    m = examples.database.flask_models
    author = m.db.session.scalars(m.db.select(m.Author).filter_by(name="Octavia E. Butler")).one()
    assert [book.title for book in author.books] == ["Kindred"]
    assert author.books[0].author is author


def test_flask_tables_are_named_after_the_models(flask_app: Flask) -> None:
    assert set(examples.database.flask_models.db.metadata.tables) == {"author", "book"}


@pytest.fixture(scope="module")
def django_tables(django_db: None) -> Iterator[None]:
    m = examples.database.django_models
    with model_tables(m.Author, m.Book):
        yield


@pytest.fixture
def django_books(django_tables: None, db: None) -> None:
    m = examples.database.django_models
    for author_name, title, year in BOOKS:
        author, _ = m.Author.objects.get_or_create(name=author_name)
        m.Book.objects.create(title=title, published=year, author=author)


def test_django_query_filters_joins_and_orders(django_books: None) -> None:
    assert examples.database.django_models.titles_since("Ursula K. Le Guin", 1969) == EXPECTED


def test_django_query_for_unknown_author_is_empty(django_books: None) -> None:
    assert examples.database.django_models.titles_since("Nobody", 1900) == []


def test_django_relationship_is_navigable_both_ways(django_books: None) -> None:
    m = examples.database.django_models
    author = m.Author.objects.get(name="Octavia E. Butler")
    assert [book.title for book in author.books.all()] == ["Kindred"]
    assert author.books.get().author == author


def test_django_query_is_one_sql_statement_with_a_join(django_books: None) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        examples.database.django_models.titles_since("Ursula K. Le Guin", 1969)
    assert len(queries) == 1
    assert "INNER JOIN" in queries[0]["sql"]


def test_django_tables_are_prefixed_with_the_app_label() -> None:
    assert examples.database.django_models.Book._meta.db_table == "database_book"
