"""From Python's start, the quiz's Pyodide uses the tables of patterns and generated code."""

from __future__ import annotations

import marshal
import os
import zipimport
from typing import Any

# Beside this module in the standard library's zip: both tables, marshalled (quiz_tables.py).
TABLES = "compiled_tables.bin"
# Set in the build's recording run only: the start records the tables instead of using them.
RECORD = "QUIZ_RECORD_TABLES"

# What the start did: "recording", "installed", "refused" (another runtime) or "absent"; and the
# tables being recorded.
_started: dict[str, Any] = {"state": "absent", "recorded": None}


def start() -> None:
    """Record, or use the tables beside this module: called by the library's sitecustomize
    before Pyodide's own set-up compiles any pattern or dataclass. Patterns first: importing
    dataclasses (compiled_code) imports tokenize, which compiles some."""
    import compiled_patterns  # type: ignore[import-not-found]

    if os.environ.get(RECORD):
        patterns = compiled_patterns.record()
        import compiled_code  # type: ignore[import-not-found]

        _started.update(state="recording", recorded=(patterns, compiled_code.record()))
        return
    archive = os.path.dirname(__file__)
    try:
        data = zipimport.zipimporter(archive).get_data(f"{archive}/{TABLES}")
    except OSError:
        return
    patterns, code = marshal.loads(data)
    _started["state"] = "refused"
    if compiled_patterns.install(patterns):
        import compiled_code

        if compiled_code.install(code):
            _started["state"] = "installed"


def state() -> str:
    found: str = _started["state"]
    return found


def dumps() -> bytes:
    """The tables recorded since the start, for ``TABLES``."""
    if _started["recorded"] is None:
        raise RuntimeError(f"Python did not start with {RECORD} set")
    import compiled_code
    import compiled_patterns

    patterns, code = _started["recorded"]
    return marshal.dumps((compiled_patterns.dumps(patterns), compiled_code.dumps(code)))
