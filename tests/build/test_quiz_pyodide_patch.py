"""Pyodide's loader as the site publishes it: patched, checked against upstream, still linking."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scripts.engine_wheel import BuildStepError
from scripts.pyodide_patch import LAZY_GOT, LOADER, patch_loader
from scripts.pyodide_runtime import PYODIDE_PACKAGE, install_runtime
from scripts.quiz_stdlib import runtime_digest

UPSTREAM = (PYODIDE_PACKAGE / LOADER).read_text(encoding="utf-8")

# Boots the patched runtime, then looks up exports in the offset table as a side module's
# imports would, and calls each function through the table slot it was given.
CHECK = """
import path from "node:path";
import { pathToFileURL } from "node:url";
const runtimeDir = process.argv[2];
const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: runtimeDir + path.sep, stdout: () => {} });
const module = pyodide._module;
const entriesAtStart = Object.keys(module.GOT).length;
const number = module.GOT.PyLong_FromLong.value;
const pointer = module.getWasmTableEntry(number)(42);
const sum = pyodide.runPython("1 + 2");
process.stdout.write(JSON.stringify({
  entriesAtStart,
  value: module._PyLong_AsLong(pointer),
  sameSlot: module.GOT.PyLong_FromLong.value === number,
  sum,
}));
"""


def test_the_patch_replaces_each_upstream_text_once() -> None:
    patched = patch_loader(UPSTREAM)
    for old, new in LAZY_GOT:
        assert UPSTREAM.count(old) == 1
        assert old not in patched
        assert patched.count(new) == 1


def test_a_changed_upstream_text_fails_the_build_naming_the_file() -> None:
    old, _ = LAZY_GOT[1]
    with pytest.raises(BuildStepError, match=LOADER):
        patch_loader(UPSTREAM.replace(old, old.replace("LDSO.init();", "LDSO.init( );")))


def test_patched_text_is_left_as_it_is() -> None:
    patched = patch_loader(UPSTREAM)
    assert patch_loader(patched) == patched


def test_the_runtime_digest_is_the_published_runtimes(tmp_path: Path) -> None:
    """The same digest from Pyodide's copy and the site's patched one."""
    runtime = install_runtime(tmp_path / "site", quiz_stdlib=False)
    assert LAZY_GOT[0][1] in (runtime / LOADER).read_text(encoding="utf-8")
    assert runtime_digest(runtime) == runtime_digest(PYODIDE_PACKAGE)


def boot_and_look_up(runtime: Path, scratch: Path) -> dict[str, Any]:
    if shutil.which("node") is None:
        pytest.fail("Node.js is required to boot the runtime")
    script = scratch / "check.mjs"
    script.write_text(CHECK, encoding="utf-8")
    completed = subprocess.run(
        ["node", str(script), str(runtime)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report: dict[str, Any] = json.loads(completed.stdout)
    return report


@pytest.mark.parametrize("patched", [True, False], ids=["site", "upstream"])
def test_exports_get_offset_table_entries_that_call_them(tmp_path: Path, patched: bool) -> None:
    runtime = install_runtime(tmp_path / "site", quiz_stdlib=False)
    if not patched:
        shutil.copy2(PYODIDE_PACKAGE / LOADER, runtime / LOADER)
    report = boot_and_look_up(runtime, tmp_path)
    # Upstream gives every export (over 8,000) an entry at start; patched, only the main
    # module's own imports have one until an export is looked up.
    assert (report["entriesAtStart"] < 1000) is patched
    assert report["value"] == 42
    assert report["sameSlot"]
    assert report["sum"] == 3
