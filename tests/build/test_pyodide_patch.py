"""The build's patch of Pyodide's JavaScript: applied once, and loud when the pinned text moves."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.engine_wheel import BuildStepError
from scripts.pyodide_patch import PATCHED_FILE, WRAPPER_ORIGINAL, WRAPPER_PATCHED, patch_runtime_js
from scripts.pyodide_runtime import PYODIDE_PACKAGE
from scripts.quiz_stdlib import RUNTIME_INPUTS, runtime_digest


def test_patch_replaces_the_pinned_wrapper_compiler(tmp_path: Path) -> None:
    shutil.copy2(PYODIDE_PACKAGE / PATCHED_FILE, tmp_path / PATCHED_FILE)
    patch_runtime_js(tmp_path)
    text = (tmp_path / PATCHED_FILE).read_text(encoding="utf-8")
    assert text.count(WRAPPER_PATCHED) == 1
    assert WRAPPER_ORIGINAL not in text
    original = (PYODIDE_PACKAGE / PATCHED_FILE).read_text(encoding="utf-8")
    assert text == original.replace(WRAPPER_ORIGINAL, WRAPPER_PATCHED)


def test_patch_fails_naming_the_file_when_the_text_is_not_found(tmp_path: Path) -> None:
    moved = "var convertJsFunctionToWasm=(func,sig)=>{};"
    (tmp_path / PATCHED_FILE).write_text(moved, encoding="utf-8")
    with pytest.raises(BuildStepError, match=r"pyodide\.asm\.mjs.*found it 0 times"):
        patch_runtime_js(tmp_path)


def test_patch_applied_twice_fails_rather_than_patching_again(tmp_path: Path) -> None:
    shutil.copy2(PYODIDE_PACKAGE / PATCHED_FILE, tmp_path / PATCHED_FILE)
    patch_runtime_js(tmp_path)
    with pytest.raises(BuildStepError):
        patch_runtime_js(tmp_path)


def test_the_patched_copy_has_the_runtime_digest_of_the_npm_package(tmp_path: Path) -> None:
    # Bytecode compiled for the runtime (quiz and runner bundles) stays valid for the patched copy.
    for name in RUNTIME_INPUTS:
        shutil.copy2(PYODIDE_PACKAGE / name, tmp_path / name)
    patch_runtime_js(tmp_path)
    assert (tmp_path / PATCHED_FILE).read_bytes() != (PYODIDE_PACKAGE / PATCHED_FILE).read_bytes()
    assert runtime_digest(tmp_path) == runtime_digest(PYODIDE_PACKAGE)
