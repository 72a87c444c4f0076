"""Django behind one reverse proxy: two settings lines plus a view that shows their effect."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

# --8<-- [start:compare]
# In settings.py. Only set these when the proxy always overwrites the headers.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = True
# --8<-- [end:compare]


def whoami(request: HttpRequest) -> JsonResponse:
    # Django does not read X-Forwarded-For: REMOTE_ADDR stays the proxy's address
    # unless the server or a small middleware of your own rewrites it.
    return JsonResponse(
        {
            "client_ip": request.META.get("REMOTE_ADDR"),
            "scheme": request.scheme,
            "absolute_url": request.build_absolute_uri("/whoami/"),
        }
    )


urlpatterns = [path("whoami/", whoami)]
