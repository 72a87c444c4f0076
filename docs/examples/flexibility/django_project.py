"""The project's root URLconf (config/urls.py): it mounts the catalog app with include()."""

from django.urls import include, path

urlpatterns = [
    path("catalog/", include("examples.flexibility.django_catalog")),
]
