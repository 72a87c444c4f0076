"""The content tests that read the built site share the end-to-end tests' build fixture."""

from tests.e2e.conftest import built_site

__all__ = ["built_site"]
