"""The runner's table of compiled regular expressions gives the very patterns `re` would."""

from __future__ import annotations

import marshal
import re
import warnings
from collections.abc import Iterator
from re import _compiler  # type: ignore[attr-defined]

import pytest

from scripts import compiled_patterns

PATTERNS = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)", 0),
    (r"^[a-z]+$", re.IGNORECASE | re.MULTILINE),
    (rb"\x00(?:ab|cd)+", 0),
    (r"(?x) a  b # verbose", 0),
]
SUBJECTS = ["2026-11", "ABC\ndef", "x", " ab"]


@pytest.fixture
def fresh_re() -> Iterator[None]:
    """Each test starts and ends with re's own compiler and an empty cache."""
    original = _compiler.compile
    re.purge()
    yield
    _compiler.compile = original
    re.purge()


def compile_all() -> list[re.Pattern[str] | re.Pattern[bytes]]:
    re.purge()
    return [re.compile(pattern, flags) for pattern, flags in PATTERNS]


def behaviour(compiled: re.Pattern[str] | re.Pattern[bytes]) -> object:
    subjects = [s.encode() if isinstance(compiled.pattern, bytes) else s for s in SUBJECTS]
    found = [compiled.search(s) for s in subjects]  # type: ignore[arg-type]
    return (
        compiled.pattern,
        compiled.flags,
        compiled.groups,
        dict(compiled.groupindex),
        [m and (m.span(), m.groups()) for m in found],
    )


@pytest.mark.usefixtures("fresh_re")
def test_table_compiles_the_same_patterns() -> None:
    expected = [behaviour(p) for p in compile_all()]
    recorded = compiled_patterns.record()
    compile_all()
    assert set(recorded) == {(pattern, int(flags)) for pattern, flags in PATTERNS}
    data = compiled_patterns.dumps(recorded)
    _compiler.compile = compiled_patterns._parse_anew
    assert compiled_patterns.install(data)
    assert _compiler.compile is not compiled_patterns._parse_anew
    assert [behaviour(p) for p in compile_all()] == expected


@pytest.mark.usefixtures("fresh_re")
def test_patterns_outside_the_table_are_parsed_as_usual() -> None:
    assert compiled_patterns.install(compiled_patterns.dumps({}))
    assert re.compile(r"(a)(b)?").groups == 2
    with pytest.raises(re.error):
        re.compile(r"(unclosed")


@pytest.mark.usefixtures("fresh_re")
def test_a_pattern_that_warns_is_not_recorded_and_still_warns() -> None:
    recorded = compiled_patterns.record()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        re.compile(r"[[a]")  # a possible nested set: FutureWarning
    assert caught
    assert (r"[[a]", 0) not in recorded


@pytest.mark.usefixtures("fresh_re")
def test_table_of_another_runtime_is_refused() -> None:
    runtime, table = marshal.loads(compiled_patterns.dumps({}))
    other = marshal.dumps(((f"{runtime[0]} (other)", *runtime[1:]), table))
    assert not compiled_patterns.install(other)
    assert _compiler.compile is compiled_patterns._parse_anew
