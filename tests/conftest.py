"""Test-suite wide settings: browser tests are marked `e2e` and run last."""

from __future__ import annotations

from pathlib import Path

import pytest

E2E_DIR = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Playwright's sync API keeps an event loop running in the main thread for the rest of the
    # session, which Django's async-safety check would take for an async context: browser last.
    for item in items:
        uses_browser = "page" in getattr(item, "fixturenames", ())
        if uses_browser or E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
