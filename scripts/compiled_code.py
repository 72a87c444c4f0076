"""Code that dataclasses and namedtuple generate, compiled by the build, so Pyodide skips it.

A dataclass writes the source of its ``__init__``, ``__repr__``, ``__eq__``… and compiles it
with ``exec``; a namedtuple compiles its ``__new__`` with ``eval``. Importing Flask makes about
20 of them (Werkzeug's multipart events, Jinja's and Django's records), and Python's compiler
runs in wasm: about 20 ms of a first Run in Node, a tenth of the framework's imports. The build
records the code objects of every source those two compile while the scenarios run, in the
same runtime the browser runs; the runner then executes the recorded code for those sources and
compiles every other source as usual. The runner's Pyodide uses it (wheels.mjs), and the quiz's
from Python's start (compiled_boot.py), each for the runtime it was recorded in; the tests'
CPython never does.
"""

from __future__ import annotations

import builtins
import importlib.util
import marshal
import sys
from collections.abc import Callable
from typing import Any

# (how it is compiled: "exec" or "eval", source) -> its code object
Table = dict[tuple[str, str], Any]
_exec = builtins.exec
_eval = builtins.eval


def _runtime() -> tuple[str, bytes]:
    """A code object is only valid for the interpreter whose compiler made it."""
    return sys.version, importlib.util.MAGIC_NUMBER


def _patch(run: Callable[[Any, str, Any, tuple[Any, Any]], Any]) -> None:
    """Route the ``exec`` of dataclasses and the ``eval`` of collections through ``run``; both
    always pass their globals (and dataclasses its locals), so the caller's frame is not needed.
    The names are module globals: every other module still calls the built-ins. Imported here,
    collections first: the quiz's Pyodide patches them at Python's start (compiled_boot.py), and
    importing dataclasses imports inspect and dis, which make namedtuples."""
    import collections

    def exec_generated(source: Any, globals: Any = None, locals: Any = None) -> Any:
        return run(_exec, "exec", source, (globals, locals))

    def eval_generated(source: Any, globals: Any = None, locals: Any = None) -> Any:
        return run(_eval, "eval", source, (globals, locals))

    collections.eval = eval_generated  # type: ignore[attr-defined]
    import dataclasses

    dataclasses.exec = exec_generated  # type: ignore[attr-defined]


def _compiled(source: str, mode: str) -> Any:
    """As exec and eval compile it when dataclasses or collections call them: neither module
    has a future import (this one has, which the built-ins would inherit from here)."""
    return compile(source, "<string>", mode, dont_inherit=True)


def record() -> Table:
    """From now on, note the code of every source dataclasses and namedtuple compile."""
    recorded: Table = {}

    def compile_and_record(real: Any, mode: str, source: Any, scope: tuple[Any, Any]) -> Any:
        if isinstance(source, str):
            code = recorded[mode, source] = _compiled(source, mode)
            return real(code, *scope)
        return real(source, *scope)

    _patch(compile_and_record)
    return recorded


def dumps(recorded: Table) -> bytes:
    return marshal.dumps((_runtime(), recorded))


def install(data: bytes) -> bool:
    """Use the recorded code for its sources; False (nothing changed) if the table was recorded
    in another runtime."""
    runtime, table = marshal.loads(data)
    if tuple(runtime) != _runtime():
        return False

    def run_recorded(real: Any, mode: str, source: Any, scope: tuple[Any, Any]) -> Any:
        if isinstance(source, str):
            source = table.get((mode, source)) or _compiled(source, mode)
        return real(source, *scope)

    _patch(run_recorded)
    return True
