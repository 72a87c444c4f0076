"""The same greeting page in Django: a view function and the URLconf that routes to it."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

PAGE = "<h1>Hello, {{ name }}!</h1><p>Served by Django.</p>"


# --8<-- [start:compare]
def hello(request: HttpRequest, name: str) -> HttpResponse:
    # The Django template language escapes {{ name }} as well.
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render({"name": name}, request))


# In a project this list lives in urls.py; settings.py points ROOT_URLCONF at it.
urlpatterns = [
    path("hello/<str:name>", hello, name="hello"),
]
# --8<-- [end:compare]
