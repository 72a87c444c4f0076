"""The engine's wheel carries its modules' bytecode for the runtime, and Pyodide imports it."""

from __future__ import annotations

import _imp
import base64
import csv
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from scripts import engine_wheel
from scripts.pyodide_runtime import ENGINE_PACKAGE, install_runtime
from scripts.quiz_stdlib import run_script, write_task

PYC_FLAGS_UNCHECKED_HASH = 1  # PEP 552: hash-based, never checked against the source


@pytest.fixture(scope="module")
def runtime_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("node") is None:
        pytest.fail("Node.js is required to compile the engine for Pyodide")
    return install_runtime(tmp_path_factory.mktemp("site"), quiz_stdlib=False)


@pytest.fixture(scope="module")
def wheel(runtime_dir: Path) -> zipfile.ZipFile:
    lock = json.loads((runtime_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    return zipfile.ZipFile(runtime_dir / lock["packages"][ENGINE_PACKAGE]["file_name"])


def test_every_module_has_unchecked_bytecode_of_its_own_source(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    sources = [name for name in names if name.endswith(".py")]
    assert "quiz/engine.py" in sources
    for source in sources:
        package, _, module = source.rpartition("/")
        [pyc] = [n for n in names if n.startswith(f"{package}/__pycache__/{module[:-3]}.cpython-")]
        data = wheel.read(pyc)
        assert int.from_bytes(data[4:8], "little") == PYC_FLAGS_UNCHECKED_HASH, pyc
        # The key of the source's hash is the runtime's magic number, the .pyc's first bytes.
        magic = int.from_bytes(data[:4], "little")
        assert _imp.source_hash(magic, wheel.read(source)) == data[8:16], pyc
        assert _imp.source_hash(magic, wheel.read(source) + b"\n") != data[8:16]


def test_record_lists_every_file_with_its_digest(wheel: zipfile.ZipFile) -> None:
    record_name = next(n for n in wheel.namelist() if n.endswith(".dist-info/RECORD"))
    rows = list(csv.reader(io.StringIO(wheel.read(record_name).decode())))
    assert sorted(row[0] for row in rows) == sorted(wheel.namelist())
    for name, digest, size in rows:
        if name == record_name:
            assert (digest, size) == ("", "")
            continue
        data = wheel.read(name)
        expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert (digest, int(size)) == (f"sha256={expected}", len(data)), name


def test_a_kept_wheel_is_not_reused_once_the_way_it_is_written_changes() -> None:
    writer = Path(engine_wheel.__file__).read_bytes()
    key = engine_wheel.wheel_cache_dir("0" * 64).name
    assert engine_wheel.source_digest() in key
    assert hashlib.sha256(writer).hexdigest()[:8] in key


def test_metadata_leaves_out_the_readme(wheel: zipfile.ZipFile) -> None:
    metadata = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    assert len(wheel.read(metadata)) < 1000


# Imports the engine counting the modules Python compiles from source; then, as a control, again
# with the wheel's bytecode deleted. Also compares each module's bytecode with its source compiled.
IMPORTS = """
import marshal, os
from importlib import _bootstrap_external

compiled = []
to_code = _bootstrap_external.SourceLoader.source_to_code
def counting(self, data, path, *args, **kwargs):
    compiled.append(path.rpartition("/")[2])
    return to_code(self, data, path, *args, **kwargs)
_bootstrap_external.SourceLoader.source_to_code = counting

import quiz.browser
engine = [module for name, module in sys.modules.items() if name.split(".")[0] == "quiz"]
same = []
for module in engine:
    with open(module.__cached__, "rb") as file:
        cached = marshal.loads(file.read()[16:])
    with open(module.__file__, "rb") as file:
        same.append(cached == compile(file.read(), module.__file__, "exec", dont_inherit=True))
with_bytecode = sorted(compiled)
compiled.clear()
for module in engine:
    os.remove(module.__cached__)
    del sys.modules[module.__name__]
import quiz.browser
replies = [with_bytecode, sorted(compiled), sorted(module.__name__ for module in engine), same]
"""


def test_pyodide_imports_the_engine_from_its_bytecode(runtime_dir: Path, tmp_path: Path) -> None:
    task_file = write_task(tmp_path / "task.json", [])
    task: dict[str, Any] = {**json.loads(task_file.read_text("utf-8")), "workload": IMPORTS}
    task_file.write_text(json.dumps(task), encoding="utf-8")
    stdlib = runtime_dir / "python_stdlib.zip"
    with_bytecode, without, modules, same = run_script("check", runtime_dir, task_file, stdlib)[
        "replies"
    ]
    assert with_bytecode == []
    assert {"browser.py", "engine.py", "loader.py", "model.py"} <= set(without)  # the control
    assert len(without) == len(modules) == len(same) and all(same)
