"""Two related models and one query with Flask-SQLAlchemy 3.1 and SQLAlchemy 2.x typed mappings."""

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


# --8<-- [start:compare]
class Author(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    books: Mapped[list["Book"]] = relationship(back_populates="author")


class Book(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    published: Mapped[int]
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))
    author: Mapped[Author] = relationship(back_populates="books")


def titles_since(author_name: str, year: int) -> list[str]:
    """Titles by one author published in or after `year`, oldest first."""
    stmt = (
        select(Book.title)
        .join(Book.author)
        .where(Author.name == author_name, Book.published >= year)
        .order_by(Book.published, Book.title)
    )
    return list(db.session.scalars(stmt))


# --8<-- [end:compare]


def create_app(database_uri: str = "sqlite://") -> Flask:  # "sqlite://" = in memory
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri
    db.init_app(app)
    return app
