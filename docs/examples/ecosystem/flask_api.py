"""A small JSON API (list + create) with Flask's own MethodView and no extensions."""

from flask import Flask, request
from flask.views import MethodView


class BookAPI(MethodView):
    init_every_request = False  # one instance serves every request, so it can hold the store

    def __init__(self) -> None:
        self.books: list[dict[str, object]] = []

    def get(self) -> list[dict[str, object]]:
        return self.books  # a list is serialised to JSON (Flask 2.2+)

    # --8<-- [start:compare]
    def post(self) -> tuple[dict[str, object], int]:
        data = request.get_json(silent=True) or {}
        # Validation is yours to write, or to take from marshmallow/pydantic via an extension.
        if not isinstance(data.get("title"), str) or not isinstance(data.get("year"), int):
            return {"detail": "title (str) and year (int) are required"}, 422
        book = {"id": len(self.books) + 1, "title": data["title"], "year": data["year"]}
        self.books.append(book)
        return book, 201

    # --8<-- [end:compare]


def create_app() -> Flask:
    app = Flask(__name__)
    app.add_url_rule("/api/books", view_func=BookAPI.as_view("books"))
    return app
