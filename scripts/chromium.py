"""Which Chromium to drive, and the flags it needs on a machine with a closed network."""

from __future__ import annotations

import os
import shutil

# Without the background-networking flags Chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """$CHROMIUM, else Debian's Chromium, else None: the browser Playwright manages itself."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium")
