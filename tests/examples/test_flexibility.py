"""Blueprints and included URLconfs from the Flexibility page mount one component under a prefix."""

import examples.flexibility.django_catalog
import examples.flexibility.django_project
import examples.flexibility.flask_catalog
import examples.flexibility.flask_project
from django.test import Client, override_settings
from django.urls import reverse


def test_flask_factory_mounts_the_blueprint_under_the_default_prefix() -> None:
    client = examples.flexibility.flask_project.create_app().test_client()
    response = client.get("/catalog/")
    assert response.status_code == 200
    assert response.json == {
        "products": [{"id": 1, "url": "/catalog/1"}, {"id": 2, "url": "/catalog/2"}]
    }
    assert client.get("/catalog/2").json == {"id": 2, "name": "Kettle"}


def test_flask_factory_builds_independent_apps_from_config() -> None:
    shop = examples.flexibility.flask_project.create_app({"CATALOG_PREFIX": "/shop"})
    default = examples.flexibility.flask_project.create_app()
    assert shop.test_client().get("/shop/1").json == {"id": 1, "name": "Teapot"}
    assert shop.test_client().get("/catalog/1").status_code == 404
    assert default.test_client().get("/catalog/1").status_code == 200


def test_flask_blueprint_urls_follow_the_mount_point() -> None:
    shop = examples.flexibility.flask_project.create_app({"CATALOG_PREFIX": "/shop"})
    body = shop.test_client().get("/shop/").json
    assert body is not None
    assert body["products"][0]["url"] == "/shop/1"


def test_flask_unknown_product_is_404() -> None:
    client = examples.flexibility.flask_project.create_app().test_client()
    assert client.get("/catalog/99").status_code == 404


def test_flask_blueprint_endpoints_are_namespaced() -> None:
    app = examples.flexibility.flask_project.create_app()
    assert {"catalog.index", "catalog.detail"} <= set(app.view_functions)


@override_settings(ROOT_URLCONF="examples.flexibility.django_project")
def test_django_include_mounts_the_app_under_its_prefix() -> None:
    client = Client()
    response = client.get("/catalog/")
    assert response.status_code == 200
    assert response.json() == {
        "products": [{"id": 1, "url": "/catalog/1"}, {"id": 2, "url": "/catalog/2"}]
    }
    assert client.get("/catalog/2").json() == {"id": 2, "name": "Kettle"}


@override_settings(ROOT_URLCONF="examples.flexibility.django_project")
def test_django_reverse_uses_the_app_namespace() -> None:
    assert reverse("catalog:index") == "/catalog/"
    assert reverse("catalog:detail", kwargs={"product_id": 1}) == "/catalog/1"


@override_settings(ROOT_URLCONF="examples.flexibility.django_project")
def test_django_unknown_product_is_404() -> None:
    assert Client().get("/catalog/99").status_code == 404
