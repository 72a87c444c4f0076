"""Part of a Django settings.py that takes secrets and per-host values from the environment."""

import os

# --8<-- [start:compare]
# Fail at start-up, not on the first signed cookie, if the secret is missing.
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

# Environment variables are strings: "False" is truthy, so compare explicitly.
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
# --8<-- [end:compare]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DJANGO_DB_NAME", "app"),
        "HOST": os.environ.get("DJANGO_DB_HOST", "localhost"),
        "PASSWORD": os.environ.get("DJANGO_DB_PASSWORD", ""),
    }
}
