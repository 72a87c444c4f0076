"""Configure Django once, in memory, for the tests that run the guide's examples."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import django
import pytest
from django.conf import settings

from scripts.example_driver import django_settings, example_apps

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
EXAMPLES_DIR = DOCS_DIR / "examples"

# The examples live in the package `examples` (docs/examples/); each topic folder
# is a Django app, so models in an example need no explicit app_label.
if str(DOCS_DIR) not in sys.path:
    sys.path.insert(0, str(DOCS_DIR))

EXAMPLE_APPS = example_apps(DOCS_DIR)

if not settings.configured:
    # The same settings as the browser runner's (scripts/example_driver.py), with fast hashing
    # to keep the tests quick; the guide describes the real default.
    settings.configure(
        **django_settings(EXAMPLE_APPS),
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
