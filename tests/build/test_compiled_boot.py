"""From Python's start, the quiz's library uses its recorded tables, and only for its runtime."""

from __future__ import annotations

import base64
import importlib.util
import json
import marshal
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scripts.engine_wheel import BuildStepError
from scripts.quiz_stdlib import STDLIB_ZIP
from scripts.quiz_tables import MODULES, RECORD, add_modules, add_tables

# Run by a new Python with the library on its path: compiles a pattern and makes a dataclass and
# a namedtuple; with "probe", first makes parsing a pattern or compiling a source fail.
PROBE = """
import collections, dataclasses, json, re, sys
import compiled_boot
from re import _compiler, _parser

report = {"state": compiled_boot.state(), "compile": _compiler.compile.__name__}
if sys.argv[1] == "probe":
    def refuse(*args):
        raise RuntimeError("parsed again")
    def refuse_compiling(event, args):
        if event == "compile":
            raise RuntimeError("compiled again")
    _parser.parse = refuse
    sys.addaudithook(refuse_compiling)
try:
    report["pattern"] = re.compile(r"(?P<year>\\d{4})-(\\d\\d)").groups
except RuntimeError as error:
    report["pattern"] = str(error)
try:
    Point = dataclasses.dataclass(frozen=True)(
        type("Point", (), {"__annotations__": {"x": int, "y": int}, "y": 2})
    )
    Pair = collections.namedtuple("Pair", "left right")
    report["types"] = [repr(Point(1)), Pair(3, 4).right]
except RuntimeError as error:
    report["types"] = str(error)
if sys.argv[1] == "record":
    report["tables"] = compiled_boot.dumps().hex()
elif sys.argv[1] == "probe":
    try:
        re.compile(r"not (recorded)+")
    except RuntimeError as error:
        report["unrecorded"] = str(error)
print(json.dumps(report))
"""


def pyc(path: Path) -> bytes:
    """Bytecode, flags 0, as the quiz's standard library is made."""
    code = compile(path.read_text("utf-8"), path.name, "exec", dont_inherit=True)
    return importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """The reader as sitecustomize and the table modules, as the build adds them."""
    path = tmp_path / "lib.zip"
    pycs = {f"/guide/__pycache__/{p.stem}.cpython.pyc": pyc(p) for p in MODULES}
    encoded = {name: base64.b64encode(data).decode() for name, data in pycs.items()}
    (tmp_path / "pycs.json").write_text(json.dumps(encoded), encoding="utf-8")
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr("sitecustomize.pyc", pyc(STDLIB_ZIP))
    add_modules(path, tmp_path / "pycs.json")
    return path


def run(archive: Path, mode: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(archive)}
    env.pop(RECORD, None)
    if mode == "record":
        env[RECORD] = "1"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode], env=env, capture_output=True, text=True, check=True
    )
    assert not done.stderr, done.stderr  # site reports an error in sitecustomize and goes on
    result: dict[str, object] = json.loads(done.stdout)
    return result


def recorded(archive: Path) -> str:
    report = run(archive, "record")
    assert report["state"] == "recording"
    tables = report["tables"]
    assert isinstance(tables, str)
    return tables


def test_recorded_patterns_and_code_are_used_from_pythons_start(library: Path) -> None:
    expected = run(library, "plain")
    add_tables(library, recorded(library))
    report = run(library, "probe")
    assert report["state"] == "installed"
    assert report["compile"] == "compile_from_table"
    assert report["pattern"] == expected["pattern"] == 2  # not parsed again
    assert report["types"] == expected["types"] == ["Point(x=1, y=2)", 4]  # not compiled again
    assert report["unrecorded"] == "parsed again"  # any other pattern is parsed as usual


def test_without_tables_python_parses_and_compiles_as_usual(library: Path) -> None:
    report = run(library, "probe")
    assert report["state"] == "absent"
    assert report["compile"] == "compile"
    assert (report["pattern"], report["types"]) == ("parsed again", "compiled again")


def test_tables_of_another_runtime_are_refused(library: Path) -> None:
    patterns, code = marshal.loads(bytes.fromhex(recorded(library)))
    runtime, table = marshal.loads(patterns)
    foreign = marshal.dumps(((f"{runtime[0]} (another build)", *runtime[1:]), table))
    add_tables(library, marshal.dumps((foreign, code)).hex())
    report = run(library, "probe")
    assert report["state"] == "refused"
    assert report["compile"] == "compile"
    assert (report["pattern"], report["types"]) == ("parsed again", "compiled again")


def test_a_recording_that_reports_nothing_fails_the_build(library: Path) -> None:
    with pytest.raises(BuildStepError, match="recorded no"):
        add_tables(library, "")
