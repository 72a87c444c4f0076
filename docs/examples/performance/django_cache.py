"""Cache a slow Django view for 60 seconds with cache_page and the configured cache backend."""

from itertools import count

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.cache import cache_page

_runs = count(1)


def build_report(year: int) -> dict[str, int]:
    """Stand-in for an expensive query; `run` shows how often it really executed."""
    return {"year": year, "run": next(_runs)}


# Without a CACHES setting Django uses LocMemCache (memory of one process); point
# CACHES at Redis or Memcached so that every worker process shares one cache.
# --8<-- [start:compare]
@cache_page(60)  # key: the full URL plus the headers named in Vary
def report(request: HttpRequest, year: int) -> JsonResponse:
    return JsonResponse(build_report(year))


# --8<-- [end:compare]


urlpatterns = [
    path("report/<int:year>", report, name="report"),
]
