"""Regular expressions compiled by the build, so Pyodide skips parsing them at a first Run.

Importing Flask or Django compiles about 90 regular expressions; Python's `re` parses each
pattern and generates its matcher code in pure Python, which in wasm took 30 to 50 ms of a
first Run (Node), about a tenth of it. The build records, for every pattern the scenarios
compile, the arguments that `re` hands to `_sre.compile`, in the same runtime the browser runs;
the runner then passes them on for those patterns, and parses every other pattern as usual. A
pattern whose parsing warned is not recorded, so its warning is still raised. The runner's
Pyodide uses it (wheels.mjs), and the quiz's from Python's start (compiled_boot.py), each for the
runtime it was recorded in; the tests' CPython never does.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import marshal
import sys
import warnings
from collections.abc import Callable
from re import Pattern, _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

# (pattern, flags) -> the rest of _sre.compile's arguments
Table = dict[tuple[str | bytes, int], tuple[Any, ...]]
_parse_anew: Callable[..., Pattern[Any]] = _compiler.compile


def _runtime() -> tuple[str, int, int]:
    """A table is only valid for the `re` engine that computed it."""
    return sys.version, _sre.MAGIC, _sre.CODESIZE


def _arguments(pattern: str | bytes, flags: int) -> tuple[Any, ...]:
    """What re._compiler.compile passes to _sre.compile after the pattern, as plain data."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = parsed.state.groupdict
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        int(flags | parsed.state.flags),
        [int(op) for op in code],  # opcodes are int subclasses, which marshal refuses
        int(parsed.state.groups - 1),
        {str(name): int(index) for name, index in groupindex.items()},
        tuple(indexgroup),
    )


def record() -> Table:
    """From now on, note the arguments of every pattern compiled without a warning."""
    recorded: Table = {}

    def compile_and_record(pattern: Any, flags: int = 0) -> Pattern[Any]:
        if isinstance(pattern, str | bytes) and not flags & _compiler.SRE_FLAG_DEBUG:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    arguments = _arguments(pattern, flags)
                except Exception:
                    arguments = None
            if arguments is not None and not caught:
                recorded[pattern, int(flags)] = arguments
        return _parse_anew(pattern, flags)

    _compiler.compile = compile_and_record
    return recorded


def dumps(recorded: Table) -> bytes:
    return marshal.dumps((_runtime(), recorded))


def install(data: bytes) -> bool:
    """Use the recorded arguments for their patterns; False (nothing changed) if the table was
    recorded in another runtime."""
    runtime, table = marshal.loads(data)
    if tuple(runtime) != _runtime():
        return False

    def compile_from_table(pattern: Any, flags: int = 0) -> Pattern[Any]:
        arguments = table.get((pattern, flags)) if isinstance(pattern, str | bytes) else None
        if arguments is None:
            return _parse_anew(pattern, flags)
        compiled: Pattern[Any] = _sre.compile(pattern, *arguments)
        return compiled

    _compiler.compile = compile_from_table
    return True
