"""Tests for the examples on the async page."""

import asyncio
import time

from django.test import AsyncClient, Client, override_settings
from examples.async_support import django_async, flask_async

EXPECTED = {"sku": "abc", "price": 9.99, "stock": 42}


def test_flask_async_view_with_test_client() -> None:
    # Works because asgiref (the flask[async] extra) is installed.
    client = flask_async.create_app().test_client()
    started = time.perf_counter()
    response = client.get("/products/abc")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert response.get_json() == EXPECTED
    assert elapsed < 0.35  # the two 0.2 s waits overlapped


@override_settings(ROOT_URLCONF=django_async.__name__)
def test_django_async_view_with_async_client() -> None:
    async def call() -> tuple[int, object, float]:
        started = time.perf_counter()
        response = await AsyncClient().get("/products/abc/")
        return response.status_code, response.json(), time.perf_counter() - started

    status, body, elapsed = asyncio.run(call())
    assert status == 200
    assert body == EXPECTED
    assert elapsed < 0.35


@override_settings(ROOT_URLCONF=django_async.__name__)
def test_django_async_view_with_sync_client() -> None:
    # The ordinary Client also serves async views; Django runs them in an event loop.
    response = Client().get("/products/abc/")
    assert response.status_code == 200
    assert response.json() == EXPECTED
