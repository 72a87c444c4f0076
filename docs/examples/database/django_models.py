"""The same two models and the same query with Django's ORM (in an app's models.py)."""

from django.db import models


# --8<-- [start:compare]
class Author(models.Model):
    name = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.name


class Book(models.Model):
    title = models.CharField(max_length=200)
    published = models.IntegerField()
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")

    def __str__(self) -> str:
        return self.title


def titles_since(author_name: str, year: int) -> list[str]:
    """Titles by one author published in or after `year`, oldest first."""
    books = Book.objects.filter(author__name=author_name, published__gte=year)
    return list(books.order_by("published", "title").values_list("title", flat=True))


# --8<-- [end:compare]
