"""The runner's table of generated code gives the very dataclasses and namedtuples Python would."""

from __future__ import annotations

import builtins
import collections
import dataclasses
import marshal
import types
from collections.abc import Iterator
from typing import Any

import pytest

from scripts import compiled_code


@pytest.fixture
def builtin_compilers() -> Iterator[None]:
    """Each test ends with dataclasses and collections calling the built-ins again."""
    yield
    for module in (dataclasses, collections):
        for name in ("exec", "eval"):
            vars(module).pop(name, None)


def make_types() -> tuple[Any, Any]:
    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int
        y: int = 2

    return Point, collections.namedtuple("Pair", ["left", "right"])


def test_recorded_code_makes_the_same_types(
    builtin_compilers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = compiled_code.record()
    make_types()
    assert {mode for mode, _ in recorded} == {"exec", "eval"}
    assert compiled_code.install(compiled_code.dumps(recorded))
    given: list[type] = []  # what dataclasses' exec and namedtuple's eval were handed

    def spy(real: Any) -> Any:
        def called(source: Any, *scope: Any) -> Any:
            given.append(type(source))
            return real(source, *scope)

        return called

    monkeypatch.setattr(compiled_code, "_exec", spy(builtins.exec))
    monkeypatch.setattr(compiled_code, "_eval", spy(builtins.eval))
    point_type, pair_type = make_types()
    assert given and set(given) == {types.CodeType}  # every source came compiled from the table
    assert point_type(1) == point_type(1, 2) and repr(point_type(1)).endswith("Point(x=1, y=2)")
    with pytest.raises(dataclasses.FrozenInstanceError):
        point_type(1).x = 3  # type: ignore[misc]
    assert pair_type(1, right=2) == (1, 2) and pair_type(1, 2).right == 2


def test_a_source_not_in_the_table_is_compiled_as_usual(builtin_compilers: None) -> None:
    assert compiled_code.install(compiled_code.dumps({}))
    point_type, pair_type = make_types()
    assert point_type(5).y == 2 and pair_type(3, 4).left == 3


def test_a_table_from_another_runtime_is_refused(builtin_compilers: None) -> None:
    runtime, table = marshal.loads(compiled_code.dumps({}))
    other = marshal.dumps((("0.0", runtime[1]), table))
    assert not compiled_code.install(other)
    assert "exec" not in vars(dataclasses) and "eval" not in vars(collections)


def test_recorded_sources_are_not_compiled_again(
    builtin_compilers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = compiled_code.record()
    make_types()
    assert all(isinstance(source, str) for _, source in recorded)
    assert compiled_code.install(compiled_code.dumps(recorded))

    def refuse(source: str, mode: str) -> None:
        raise AssertionError(f"compiled again: {source[:40]!r}")

    monkeypatch.setattr(compiled_code, "_compiled", refuse)
    point_type, pair_type = make_types()
    assert point_type(5).y == 2 and pair_type(3, 4).left == 3
