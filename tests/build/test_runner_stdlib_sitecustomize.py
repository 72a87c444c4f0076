"""The runner's standard library reads each module from its zip once, from Python's start."""

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

from scripts.quiz_stdlib import STDLIB_ZIP, add_zip_reader, stdlib_zip_bytecode

MODULES = {
    "zipped_package/__init__": "VALUE = 'package'\n",
    "zipped_package/inner": "VALUE = 'inner'\n",
    "zipped_module": "VALUE = 'module'\n",
}
# Run by a new Python with the zip on its path: what `site` set up, and how many times the
# modules' entries were read from the zip while they were imported.
PROBE = """
import json, sys, zipimport
archive = next(entry for entry in sys.path if entry.endswith(".zip"))
reads = []
read = zipimport._get_data
zipimport._get_data = lambda path, entry: reads.append(entry[0]) or read(path, entry)
import zipped_module, zipped_package.inner
print(json.dumps({
    "importer": type(sys.path_importer_cache[archive]).__name__,
    "reader": sys.modules.get("stdlib_zip", 0) is sys.modules.get("sitecustomize", 1),
    "values": [zipped_module.VALUE, zipped_package.inner.VALUE],
    "reads": len(reads),
}))
"""


def pyc(source: str, name: str) -> bytes:
    """Bytecode, flags 0, as the runner's standard library is made."""
    code = compile(source, name, "exec")
    return importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)


def library(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zipped:
        for name, source in MODULES.items():
            zipped.writestr(f"{name}.pyc", pyc(source, f"{name}.py"))
    return path


READER = pyc(STDLIB_ZIP.read_text("utf-8"), "stdlib_zip.py")


def probe(archive: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(archive)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_reader_is_the_librarys_sitecustomize(tmp_path: Path) -> None:
    archive = library(tmp_path / "lib.zip")
    add_zip_reader(archive, READER)
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.read("sitecustomize.pyc") == READER


def test_the_reader_is_taken_from_the_guide_modules_bytecode(tmp_path: Path) -> None:
    pycs = {
        "/guide/__pycache__/example_driver.cpython-314.pyc": base64.b64encode(b"driver").decode(),
        "/guide/__pycache__/stdlib_zip.cpython-314.pyc": base64.b64encode(READER).decode(),
    }
    (tmp_path / "pycs.json").write_text(json.dumps(pycs), encoding="utf-8")
    assert stdlib_zip_bytecode(tmp_path / "pycs.json") == READER


def test_from_pythons_start_each_module_is_read_once(tmp_path: Path) -> None:
    archive = library(tmp_path / "lib.zip")
    add_zip_reader(archive, READER)
    result = probe(archive)
    assert result["importer"] == "DirectoryNamedZip"
    assert result["reader"]  # `import stdlib_zip` (wheels.mjs) finds the module applied at start
    assert result["values"] == ["module", "inner"]
    assert result["reads"] == len(MODULES)


def test_plain_zipimport_reads_each_module_twice(tmp_path: Path) -> None:
    result = probe(library(tmp_path / "lib.zip"))
    assert result["importer"] == "zipimporter"
    assert result["reads"] == 2 * len(MODULES)
