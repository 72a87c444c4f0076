"""Tests for the examples on the concept map page: each example is itself a test, so run it."""

import unittest

from django.test import RequestFactory
from examples.concept_map import django_testing, flask_testing


def test_flask_example_test_passes() -> None:
    flask_testing.test_hello()


def test_django_example_test_case_passes(db: None) -> None:
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(django_testing.HelloTests)
    result = unittest.TestResult()
    suite.run(result)
    assert result.testsRun == 1
    assert result.wasSuccessful(), result.errors + result.failures


def test_django_example_view_answers() -> None:
    response = django_testing.hello(RequestFactory().get("/hello/Ada/"), "Ada")
    assert response.status_code == 200
    assert response.content == b'{"greeting": "Hello, Ada!"}'
