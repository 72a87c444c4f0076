"""Imports from the runner's standard-library zip name each module's file without its code."""

from __future__ import annotations

import importlib
import importlib.util
import marshal
import sys
import zipfile
import zipimport
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts import stdlib_zip
from scripts.stdlib_zip import DirectoryNamedZip, LazyFinder, use_for

MODULES = {
    "zipped_package/__init__": "VALUE = 'package'\n",
    "zipped_package/inner": "VALUE = 'inner'\n",
    "zipped_module": "VALUE = 'module'\n",
    "zipped_lazy": "import sys\nsys.zipped_lazy_ran = True\nVALUE = 'lazy'\n",
}


def pyc(source: str, name: str) -> bytes:
    code = compile(source, name, "exec")
    return importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Bytecode only, flags 0, as the runner's standard library is made; one plain source."""
    path = tmp_path / "lib.zip"
    with zipfile.ZipFile(path, "w") as zipped:
        for name, source in MODULES.items():
            zipped.writestr(f"{name}.pyc", pyc(source, f"{name}.py"))
        zipped.writestr("zipped_source.py", "VALUE = 'source'\n")
    return path


@pytest.fixture
def clean_imports() -> Iterator[None]:
    hooks, path = list(sys.path_hooks), list(sys.path)
    yield
    sys.path_hooks[:], sys.path[:] = hooks, path
    for name in [n for n in sys.modules if n.startswith("zipped_")]:
        del sys.modules[name]
    sys.path_importer_cache.clear()
    if hasattr(sys, "zipped_lazy_ran"):
        del sys.zipped_lazy_ran


@pytest.mark.parametrize(
    ("where", "module"),
    [("", "zipped_package"), ("zipped_package", "zipped_package.inner"), ("", "zipped_module")],
)
def test_file_names_are_zipimports_without_reading_the_code(
    archive: Path, where: str, module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = f"{archive}/{where}" if where else str(archive)
    expected = zipimport.zipimporter(path).get_filename(module)

    def refuse(data: bytes) -> None:
        raise AssertionError("the code was unmarshalled")

    monkeypatch.setattr(zipimport.marshal, "loads", refuse)  # type: ignore[attr-defined]
    assert DirectoryNamedZip(path).get_filename(module) == expected


def test_a_missing_module_is_still_an_import_error(archive: Path) -> None:
    with pytest.raises(zipimport.ZipImportError):
        DirectoryNamedZip(str(archive)).get_filename("absent")


@pytest.mark.usefixtures("clean_imports")
def test_modules_import_as_from_the_zip(archive: Path) -> None:
    sys.path.insert(0, str(archive))
    sys.path_importer_cache[str(archive)] = zipimport.zipimporter(str(archive))
    use_for(str(archive))
    assert isinstance(sys.path_importer_cache[str(archive)], DirectoryNamedZip)
    inner = importlib.import_module("zipped_package.inner")
    source = importlib.import_module("zipped_source")
    assert (inner.VALUE, source.VALUE) == ("inner", "source")
    assert inner.__file__ == f"{archive}/zipped_package/inner.pyc"
    assert isinstance(sys.path_importer_cache[f"{archive}/zipped_package"], DirectoryNamedZip)


@pytest.mark.usefixtures("clean_imports")
def test_a_lazy_module_runs_when_first_used(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stdlib_zip, "LAZY", {"zipped_lazy": "a test's"})
    monkeypatch.setattr(sys, "meta_path", [LazyFinder, *sys.meta_path])
    sys.path.insert(0, str(archive))
    use_for(str(archive))
    lazy = importlib.import_module("zipped_lazy")
    assert not hasattr(sys, "zipped_lazy_ran")
    assert lazy.VALUE == "lazy"
    assert sys.zipped_lazy_ran  # type: ignore[attr-defined]
    assert type(lazy) is type(sys)
    # The control: a module not in LAZY runs at its import.
    monkeypatch.setattr(stdlib_zip, "LAZY", {})
    del sys.modules["zipped_lazy"], sys.zipped_lazy_ran  # type: ignore[attr-defined]
    importlib.import_module("zipped_lazy")
    assert sys.zipped_lazy_ran  # type: ignore[attr-defined]
