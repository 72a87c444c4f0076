"""A Django view and its test, using django.test.TestCase and its built-in Client."""

from django.http import HttpRequest, JsonResponse
from django.test import TestCase, override_settings
from django.urls import path


def hello(request: HttpRequest, name: str) -> JsonResponse:
    return JsonResponse({"greeting": f"Hello, {name}!"})


urlpatterns = [path("hello/<str:name>/", hello)]


# --8<-- [start:compare]
@override_settings(ROOT_URLCONF=__name__)  # a project's tests use its own ROOT_URLCONF
class HelloTests(TestCase):
    def test_hello(self) -> None:
        response = self.client.get("/hello/Ada/")
        assert response.status_code == 200
        self.assertJSONEqual(response.content, {"greeting": "Hello, Ada!"})


# --8<-- [end:compare]
