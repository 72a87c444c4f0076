"""Configure Django once, in memory, for the tests that run the guide's examples."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import django
import pytest
from django.conf import settings

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
EXAMPLES_DIR = DOCS_DIR / "examples"

# The examples live in the package `examples` (docs/examples/); each topic folder
# is a Django app, so models in an example need no explicit app_label.
if str(DOCS_DIR) not in sys.path:
    sys.path.insert(0, str(DOCS_DIR))

EXAMPLE_APPS = sorted(
    f"examples.{folder.name}"
    for folder in EXAMPLES_DIR.iterdir()
    if folder.is_dir() and (folder / "__init__.py").exists()
)

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="tests-only-not-secret",
        ALLOWED_HOSTS=["testserver"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=[
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            *EXAMPLE_APPS,
        ],
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        ROOT_URLCONF="examples.urls",
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        USE_TZ=True,
        # Fast hashing keeps the tests quick; the guide describes the real default.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    django.setup()


@pytest.fixture(scope="session")
def django_db() -> Iterator[None]:
    """Create every table (contrib apps and example models) in the in-memory database."""
    from django.core.management import call_command
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    call_command("migrate", run_syncdb=True, verbosity=0)
    yield
    teardown_test_environment()


@pytest.fixture
def db(django_db: None) -> Iterator[None]:
    """Run one test inside a transaction that is rolled back afterwards."""
    from django.db import transaction

    with transaction.atomic():
        yield
        transaction.set_rollback(True)
