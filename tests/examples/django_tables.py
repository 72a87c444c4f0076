"""Tables for the example apps' models, which `migrate --run-syncdb` does not create."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import Model


@contextmanager
def model_tables(*models: type[Model]) -> Iterator[None]:
    """Create the tables of example models for the duration of the block.

    The example apps have no models.py, so `migrate --run-syncdb` skips them. Use this from a
    module-scoped fixture: outside the per-test transaction, as SQLite cannot alter schemas in one.
    """
    from django.db import connection

    with connection.schema_editor() as editor:
        for model in models:
            editor.create_model(model)
    yield
    with connection.schema_editor() as editor:
        for model in reversed(models):
            editor.delete_model(model)
