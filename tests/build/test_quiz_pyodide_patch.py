"""Pyodide's loader as the site publishes it: patched, checked against upstream, still linking."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scripts.engine_wheel import BuildStepError
from scripts.pyodide_patch import (
    ASSIGN_EXPORTS,
    COMPACT_EXPORTS,
    LAZY_GOT,
    LOADER,
    ONE_WRAPPER_MODULE,
    PATCHES,
    compact_exports,
    patch_loader,
)
from scripts.pyodide_runtime import PYODIDE_PACKAGE, install_runtime
from scripts.quiz_stdlib import runtime_digest

UPSTREAM = (PYODIDE_PACKAGE / LOADER).read_text(encoding="utf-8")
RUNTIME_CACHE = Path(__file__).resolve().parents[2] / "docs/assets/pyodide/runtime-cache.mjs"

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


# What `Module` holds of the main module's exports: each function by its index in the binary (its
# name), each global by its address.
CHECK_EXPORTS = """
import path from "node:path";
import { pathToFileURL } from "node:url";
const runtimeDir = process.argv[2];
const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: runtimeDir + path.sep, stdout: () => {} });
const module = pyodide._module;
const exports = {};
for (const key of Object.keys(module)) {
  const value = module[key];
  if (key.startsWith("_") && ["function", "number"].includes(typeof value)) {
    exports[key] = typeof value === "function" ? `function ${value.name}` : value;
  }
}
process.stdout.write(JSON.stringify({ exports, sum: pyodide.runPython("1 + 2") }));
"""

# The table slot of every offset-table entry made at start, and a JavaScript function (one that
# prints a C string) called through its slot.
CHECK_WRAPPERS = """
import path from "node:path";
import { pathToFileURL } from "node:url";
const runtimeDir = process.argv[2];
const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
const printed = [];
const stdout = (line) => printed.push(line);
const pyodide = await loadPyodide({ indexURL: runtimeDir + path.sep, stdout });
const module = pyodide._module;
const slots = {};
for (const [name, entry] of Object.entries(module.GOT)) slots[name] = entry.value;
module.getWasmTableEntry(slots.emscripten_out)(module.stringToNewUTF8("through the table"));
process.stdout.write(JSON.stringify({ slots, printed }));
"""

# Loads a side module, as a package's extension would be, that imports one of the main module's
# exports; calls it.
CHECK_SIDE_MODULE = """
import path from "node:path";
import { pathToFileURL } from "node:url";
const runtimeDir = process.argv[2];
const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: runtimeDir + path.sep, stdout: () => {} });
const module = pyodide._module;
// A side module as Emscripten's linker loads one: a dylink.0 section (no memory, no table),
// importing one of the main module's exports and exporting a function that calls it.
const text = (string) => [string.length, ...new TextEncoder().encode(string)];
const section = (id, bytes) => [id, bytes.length, ...bytes];
const sideModule = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(0, [...text("dylink.0"), 1, 4, 0, 0, 0, 0]),
  ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7f]),
  ...section(2, [1, ...text("env"), ...text("PyLong_FromLong"), 0, 0]),
  ...section(3, [1, 0]),
  ...section(7, [1, ...text("make_long"), 0, 1]),
  ...section(10, [1, 6, 0, 0x20, 0, 0x10, 0, 0x0b]),
]);
module.FS.writeFile("/tmp/side.so", sideModule);
module.loadDynamicLibrary("/tmp/side.so", { global: true, nodelete: true });
const exports = module.LDSO.loadedLibsByName["/tmp/side.so"].exports;
const value = module._PyLong_AsLong(exports.make_long(42));
process.stdout.write(JSON.stringify({ value, sum: pyodide.runPython("1 + 2") }));
"""

# Makes a memory snapshot, keeps it as the site does (only its pages that are not zero), then
# restores it, checking the new memory against the snapshot's page by page as soon as the kept
# pages are written; and restores Pyodide's own (unpacked) form too.
CHECK_SNAPSHOT = """
import path from "node:path";
import { pathToFileURL } from "node:url";
const [runtimeDir, runtimeCache] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
const { packSnapshot, keptSnapshotView } = await import(pathToFileURL(runtimeCache).href);
const options = { indexURL: runtimeDir + path.sep, stdout: () => {} };
const made = await loadPyodide({ ...options, _makeSnapshot: true });
made.runPython("import json\\nkept = json.dumps({'answer': 41})");
const snapshot = made.makeMemorySnapshot();
const memory = snapshot.subarray(new Uint32Array(snapshot.buffer, snapshot.byteOffset, 2)[1]);
const packed = packSnapshot(snapshot);
const view = keptSnapshotView(packed.buffer);
const restoreMemory = view.restoreMemory;
const report = { packedBytes: packed.byteLength, snapshotBytes: snapshot.byteLength };
const map = packed.subarray(16, 16 + Math.ceil(snapshot.length / 4096));
view.restoreMemory = (heap, written) => {
  const restored = new Uint8Array(heap.buffer);
  // Bytes the new runtime might have written where the snapshot kept no page: to be cleared.
  let dirtied = 0;
  for (let page = 0; page < map.length; page++) {
    const from = page * 4096 - (snapshot.length - memory.length);
    for (const [start, stop] of map[page] ? [] : written) {
      const [first, last] = [Math.max(from, start), Math.min(from + 4096, stop)];
      if (first >= last) continue;
      restored.fill(7, first, last);
      dirtied += last - first;
    }
  }
  restoreMemory(heap, written);
  const pages = Math.ceil(memory.length / 4096);
  let differing = 0;
  for (let page = 0; page < pages; page++) {
    const start = page * 4096;
    const end = Math.min(start + 4096, memory.length);
    for (let index = start; index < end; index++) {
      if (restored[index] !== memory[index]) {
        differing++;
        break;
      }
    }
  }
  Object.assign(report, { pages, differing, dirtied, written });
};
const restored = await loadPyodide({ ...options, _loadSnapshot: view });
report.fromPacked = restored.runPython("json.loads(kept)['answer'] + 1");
const plain = await loadPyodide({ ...options, _loadSnapshot: snapshot });
report.fromPlain = plain.runPython("json.loads(kept)['answer'] + 1");
process.stdout.write(JSON.stringify(report));
"""


@pytest.mark.parametrize("replacements", PATCHES.values(), ids=PATCHES.keys())
def test_each_patch_replaces_each_upstream_text_once(
    replacements: tuple[tuple[str, str], ...],
) -> None:
    patched = patch_loader(UPSTREAM)
    for old, new in replacements:
        assert UPSTREAM.count(old) == 1
        assert old not in patched
        assert patched.count(new) == 1


@pytest.mark.parametrize("name", PATCHES)
def test_a_changed_upstream_text_fails_the_build_naming_the_file_and_patch(name: str) -> None:
    old, _ = PATCHES[name][-1]
    with pytest.raises(BuildStepError, match=f"{LOADER}: the {name} patch"):
        patch_loader(UPSTREAM.replace(old, old.replace(";", "; ", 1)))


def test_patched_text_is_left_as_it_is() -> None:
    patched = patch_loader(UPSTREAM)
    assert patch_loader(patched) == patched


def test_exports_no_other_code_names_are_assigned_by_loops() -> None:
    patched = patch_loader(UPSTREAM)
    assert len(patched) < 0.75 * len(UPSTREAM)
    body = patched.split(ASSIGN_EXPORTS, 1)[1].split("}", 1)[0]
    assert len(body) < 0.3 * len(UPSTREAM.split(ASSIGN_EXPORTS, 1)[1].split("}", 1)[0])
    # The loader's own JavaScript calls `_malloc`: its variable stays; `_PyLong_FromLong` only
    # goes into `Module`.
    assert '_malloc=Module["_malloc"]=wasmExports["malloc"]' in body
    assert '_PyLong_FromLong=Module["_PyLong_FromLong"]' in UPSTREAM
    assert "_PyLong_FromLong" not in patched
    assert " PyLong_FromLong " in body


@pytest.mark.parametrize(
    "change",
    [
        (ASSIGN_EXPORTS, "function assignExports(wasmExports){"),
        (ASSIGN_EXPORTS, ASSIGN_EXPORTS + "if(!wasmExports){return};"),
        ("var _set_method_docstring,", "let _set_method_docstring,"),
    ],
    ids=["function renamed", "a block in its body", "variables declared otherwise"],
)
def test_a_changed_export_assignment_fails_the_build_naming_the_patch(
    change: tuple[str, str],
) -> None:
    assert UPSTREAM.count(change[0]) == 1
    with pytest.raises(BuildStepError, match=f"{LOADER}: the {COMPACT_EXPORTS} patch"):
        compact_exports(UPSTREAM.replace(*change))


def test_the_runtime_digest_is_the_published_runtimes(tmp_path: Path) -> None:
    """The same digest from Pyodide's copy and the site's patched one."""
    runtime = install_runtime(tmp_path / "site", quiz_stdlib=False)
    assert LAZY_GOT[0][1] in (runtime / LOADER).read_text(encoding="utf-8")
    assert runtime_digest(runtime) == runtime_digest(PYODIDE_PACKAGE)


def run_node(check: str, scratch: Path, *arguments: Path) -> dict[str, Any]:
    if shutil.which("node") is None:
        pytest.fail("Node.js is required to boot the runtime")
    script = scratch / "check.mjs"
    script.write_text(check, encoding="utf-8")
    completed = subprocess.run(
        ["node", str(script), *map(str, arguments)],
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
    report = run_node(CHECK, tmp_path, runtime)
    # Upstream gives every export (over 8,000) an entry at start; patched, only the main
    # module's own imports have one until an export is looked up.
    assert (report["entriesAtStart"] < 1000) is patched
    assert report["value"] == 42
    assert report["sameSlot"]
    assert report["sum"] == 3


def test_module_holds_the_same_exports_as_upstream(tmp_path: Path) -> None:
    runtime = install_runtime(tmp_path / "site", quiz_stdlib=False)
    site = run_node(CHECK_EXPORTS, tmp_path, runtime)
    shutil.copy2(PYODIDE_PACKAGE / LOADER, runtime / LOADER)
    upstream = run_node(CHECK_EXPORTS, tmp_path, runtime)
    assert len(upstream["exports"]) > 4000
    assert site["exports"] == upstream["exports"]
    assert site["sum"] == upstream["sum"] == 3


def test_javascript_functions_get_the_same_slots_wrapped_in_one_module(tmp_path: Path) -> None:
    runtime = install_runtime(tmp_path / "site", quiz_stdlib=False)
    site = run_node(CHECK_WRAPPERS, tmp_path, runtime)
    # The site's other patches, without this one: a module per function, as upstream.
    ((old, new),) = ONE_WRAPPER_MODULE
    loader = runtime / LOADER
    loader.write_text(loader.read_text(encoding="utf-8").replace(new, old), encoding="utf-8")
    one_by_one = run_node(CHECK_WRAPPERS, tmp_path, runtime)
    assert len(site["slots"]) > 200
    assert site["slots"] == one_by_one["slots"]
    assert site["printed"] == one_by_one["printed"] == ["through the table"]


def test_a_kept_snapshot_restores_the_memory_it_was_made_from(tmp_path: Path) -> None:
    runtime = install_runtime(tmp_path / "site", quiz_stdlib=False)
    report = run_node(CHECK_SNAPSHOT, tmp_path, runtime, RUNTIME_CACHE)
    # Only the pages that are not zero are kept, and yet the restored memory is the snapshot's,
    # even where it was written before the restore.
    assert report["packedBytes"] < report["snapshotBytes"] * 0.8
    assert report["pages"] > 7000
    assert report["dirtied"] > 0
    assert report["differing"] == 0
    static_data, heap = report["written"]
    assert static_data[0] == 0 < static_data[1] < heap[0] < heap[1]
    assert report["fromPacked"] == report["fromPlain"] == 42


@pytest.mark.parametrize("patched", [True, False], ids=["site", "upstream"])
def test_a_side_module_loaded_later_links_to_the_main_modules_exports(
    tmp_path: Path, patched: bool
) -> None:
    runtime = install_runtime(tmp_path / "site", quiz_stdlib=False)
    if not patched:
        shutil.copy2(PYODIDE_PACKAGE / LOADER, runtime / LOADER)
    report = run_node(CHECK_SIDE_MODULE, tmp_path, runtime)
    assert report == {"value": 42, "sum": 3}
