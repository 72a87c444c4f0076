"""Quality gates over the built site: the static checks read site/, the browser checks serve it.

The browser fixtures are the end-to-end suite's own (tests/e2e/conftest.py), shared rather than
copied; modules that drive Chromium mark themselves ``e2e`` so they run after everything else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import (  # noqa: F401 (fixtures, registered by import)
    browser_type_launch_args,
    built_site,
    page_watch,
    site_url,
)
from tests.site.sitemodel import Site


@pytest.fixture(scope="session")
def site(built_site: Path) -> Site:  # noqa: F811 (the imported fixture, requested by name)
    return Site.load(built_site)
