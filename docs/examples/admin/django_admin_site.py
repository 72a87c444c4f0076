"""Register a model with Django's admin: list columns, filters, search, and the admin URLs."""

from django.contrib import admin
from django.db import models
from django.urls import path


class Book(models.Model):  # normally in models.py
    title = models.CharField(max_length=200)
    author = models.CharField(max_length=100)
    published = models.IntegerField()
    in_stock = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.title


# --8<-- [start:compare]
@admin.register(Book)  # normally in admin.py, which the admin imports by itself
class BookAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "published", "in_stock")
    list_filter = ("in_stock",)
    search_fields = ("title", "author")
    ordering = ("title",)


# --8<-- [end:compare]


urlpatterns = [
    path("admin/", admin.site.urls),  # login, index, and add/change/delete/history per model
]
