"""The same JSON API with Django Ninja: pydantic schemas validate input and document it."""

from django.http import HttpRequest
from django.urls import path
from ninja import NinjaAPI, Schema, Status

api = NinjaAPI(title="Books", urls_namespace="books-api")
BOOKS: list[dict[str, object]] = []  # a model and the ORM in a real project


class BookIn(Schema):
    title: str
    year: int


class BookOut(BookIn):
    id: int


@api.get("/books", response=list[BookOut])
def list_books(request: HttpRequest) -> list[dict[str, object]]:
    return BOOKS


# --8<-- [start:compare]
@api.post("/books", response={201: BookOut})
def create_book(request: HttpRequest, payload: BookIn) -> Status[dict[str, object]]:
    book = {"id": len(BOOKS) + 1, **payload.model_dump()}
    BOOKS.append(book)
    return Status(201, book)  # Django Ninja 1.6+; older code returns (201, book)


# --8<-- [end:compare]


urlpatterns = [path("api/", api.urls)]  # also serves OpenAPI docs at /api/docs
