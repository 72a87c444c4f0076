"""Every test file under tests/ is collected: a folder pytest skips by name would pass silently."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).parent
ROOT = TESTS.parent


def test_every_test_file_is_collected() -> None:
    listing = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    collected = {line.split("::", 1)[0] for line in listing.splitlines() if "::" in line}
    files = {path.relative_to(ROOT).as_posix() for path in TESTS.rglob("test_*.py")}
    assert sorted(files - collected) == []
