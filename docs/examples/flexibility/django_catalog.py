"""A Django app's URLconf (catalog/urls.py): its views and an app_name namespace."""

from django.http import Http404, HttpRequest, JsonResponse
from django.urls import path, reverse

# --8<-- [start:compare]
app_name = "catalog"  # reverse("catalog:detail", ...) works wherever the app is included

PRODUCTS = {1: "Teapot", 2: "Kettle"}


def index(request: HttpRequest) -> JsonResponse:
    items = [
        {"id": pid, "url": reverse("catalog:detail", kwargs={"product_id": pid})}
        for pid in PRODUCTS
    ]
    return JsonResponse({"products": items})


# --8<-- [end:compare]


def detail(request: HttpRequest, product_id: int) -> JsonResponse:
    if product_id not in PRODUCTS:
        raise Http404("No such product")
    return JsonResponse({"id": product_id, "name": PRODUCTS[product_id]})


urlpatterns = [
    path("", index, name="index"),
    path("<int:product_id>", detail, name="detail"),
]
