"""The project's root URLconf (config/urls.py): it mounts the catalog app with include()."""

from django.urls import include, path

# --8<-- [start:compare]
urlpatterns = [
    path("catalog/", include("examples.flexibility.django_catalog")),
]
# --8<-- [end:compare]
