"""Register a SQLAlchemy model with Flask-Admin 2.x: list columns, filters, search, access rule."""

from collections.abc import Mapping
from typing import Any

from flask import Flask, abort, session
from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Book(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(100))
    published: Mapped[int]
    in_stock: Mapped[bool] = mapped_column(default=True)


# --8<-- [start:compare]
class BookView(ModelView):
    column_list = ("title", "author", "published", "in_stock")
    column_filters = ("in_stock",)
    column_searchable_list = ("title", "author")
    column_default_sort = "title"

    def is_accessible(self) -> bool:  # open to everyone unless you override this
        return session.get("is_admin") is True  # e.g. set by your Flask-Login login view

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        abort(403)


# --8<-- [end:compare]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(SQLALCHEMY_DATABASE_URI="sqlite://")
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY signs the session cookie
    app.config.from_mapping(config or {})
    db.init_app(app)
    admin = Admin(app, name="Bookshop")  # Bootstrap 4 theme by default
    admin.add_view(BookView(Book, db))
    return app
