"""A Django form whose POST is protected by CsrfViewMiddleware (on by default)."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path
from django.utils.html import format_html

# --8<-- [start:compare]
FORM = engines["django"].from_string(
    """
<form method="post">
  {% csrf_token %}
  <input name="email"> <button>Subscribe</button>
</form>
"""
)
# --8<-- [end:compare]


def subscribe(request: HttpRequest) -> HttpResponse:
    # No decorator needed: the middleware in MIDDLEWARE has already checked the token.
    if request.method == "POST":
        # format_html() escapes its arguments, like the template language does.
        return HttpResponse(format_html("Subscribed {}", request.POST["email"]))
    return HttpResponse(FORM.render({}, request))


urlpatterns = [path("subscribe/", subscribe)]
