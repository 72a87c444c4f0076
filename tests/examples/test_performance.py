"""The cached report views from the Performance page run once per URL until the cache expires."""

from collections.abc import Iterator

import examples.performance.django_cache
import examples.performance.flask_cache
import pytest
from django.core.cache import cache as django_cache
from django.test import Client, override_settings


def test_flask_second_request_is_served_from_the_cache() -> None:
    client = examples.performance.flask_cache.create_app().test_client()
    first = client.get("/report/2025")
    second = client.get("/report/2025")
    assert first.status_code == second.status_code == 200
    assert first.json is not None
    assert first.json["year"] == 2025
    assert second.json == first.json  # the view body did not run again


def test_flask_each_url_has_its_own_cache_entry() -> None:
    client = examples.performance.flask_cache.create_app().test_client()
    a = client.get("/report/2024").json
    b = client.get("/report/2025").json
    assert a is not None
    assert b is not None
    assert (a["year"], b["year"]) == (2024, 2025)
    assert a["run"] != b["run"]


def test_flask_cached_decorator_sets_no_http_caching_headers() -> None:
    # Flask-Caching caches on the server only; browsers and CDNs are not told anything.
    response = examples.performance.flask_cache.create_app().test_client().get("/report/2025")
    assert "Cache-Control" not in response.headers
    assert "Expires" not in response.headers


@pytest.fixture
def empty_django_cache() -> Iterator[None]:
    # The test settings define no CACHES, so this is Django's default LocMemCache.
    django_cache.clear()
    yield
    django_cache.clear()


def test_django_default_cache_is_locmem() -> None:
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    assert isinstance(caches["default"], LocMemCache)


@override_settings(ROOT_URLCONF="examples.performance.django_cache")
def test_django_second_request_is_served_from_the_cache(empty_django_cache: None) -> None:
    client = Client()
    first = client.get("/report/2025")
    second = client.get("/report/2025")
    assert first.status_code == second.status_code == 200
    assert first.json()["year"] == 2025
    assert second.json() == first.json()


@override_settings(ROOT_URLCONF="examples.performance.django_cache")
def test_django_each_url_has_its_own_cache_entry(empty_django_cache: None) -> None:
    client = Client()
    a = client.get("/report/2024").json()
    b = client.get("/report/2025").json()
    assert (a["year"], b["year"]) == (2024, 2025)
    assert a["run"] != b["run"]


@override_settings(ROOT_URLCONF="examples.performance.django_cache")
def test_django_cache_page_sets_http_caching_headers(empty_django_cache: None) -> None:
    response = Client().get("/report/2025")
    assert "max-age=60" in response["Cache-Control"]
    assert response.has_header("Expires")


def test_flask_cache_key_ignores_the_query_string_by_default() -> None:
    # @cache.cached keys on request.path unless you pass query_string=True.
    client = examples.performance.flask_cache.create_app().test_client()
    plain = client.get("/report/2025").json
    with_query = client.get("/report/2025?format=full").json
    assert with_query == plain


@override_settings(ROOT_URLCONF="examples.performance.django_cache")
def test_django_cache_key_includes_the_query_string(empty_django_cache: None) -> None:
    client = Client()
    plain = client.get("/report/2025").json()
    with_query = client.get("/report/2025?format=full").json()
    assert with_query["run"] != plain["run"]
