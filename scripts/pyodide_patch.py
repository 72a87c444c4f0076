"""A build-time patch of the pinned Pyodide's JavaScript, checked against the text it replaces.

Every boot, Emscripten's dynamic linker wraps each JavaScript function the wasm module imports
through its table in a one-function wasm module, compiled anew per function although the
module's bytes depend only on the signature: a profile of a boot restored from a memory
snapshot showed about 40 ms in ``new WebAssembly.Module`` there. The patch compiles one module
per signature; each function still gets its own instance, in the same table slot as before, so
memory snapshots are unaffected.
"""

from __future__ import annotations

from pathlib import Path

from scripts.engine_wheel import BuildStepError

PATCHED_FILE = "pyodide.asm.mjs"
WRAPPER_ORIGINAL = (
    "var convertJsFunctionToWasm=(func,sig)=>{var bytes=Uint8Array.of(0,97,115,109,1,0,0,0,1,"
    '...uleb128EncodeWithLen([1,96,...generateTypePack(sig.slice(1)),...generateTypePack(sig[0]==="v"?"":sig[0])]),'
    "2,7,1,1,101,1,102,0,0,7,5,1,1,102,0,0);var module=new WebAssembly.Module(bytes);"
)
WRAPPER_PATCHED = (
    "var wrapperModules=new Map;"
    "var convertJsFunctionToWasm=(func,sig)=>{var module=wrapperModules.get(sig);if(!module){"
    "var bytes=Uint8Array.of(0,97,115,109,1,0,0,0,1,"
    '...uleb128EncodeWithLen([1,96,...generateTypePack(sig.slice(1)),...generateTypePack(sig[0]==="v"?"":sig[0])]),'
    "2,7,1,1,101,1,102,0,0,7,5,1,1,102,0,0);module=new WebAssembly.Module(bytes);"
    "wrapperModules.set(sig,module)}"
)


def patch_runtime_js(runtime_dir: Path) -> None:
    """Apply the patch to ``runtime_dir/pyodide.asm.mjs``, or fail naming what is missing."""
    path = runtime_dir / PATCHED_FILE
    text = path.read_text(encoding="utf-8")
    count = text.count(WRAPPER_ORIGINAL)
    if count != 1:
        raise BuildStepError(
            f"{path}: expected Emscripten's convertJsFunctionToWasm exactly once, found it "
            f"{count} times; the pinned Pyodide changed: update or drop scripts/pyodide_patch.py"
        )
    path.write_text(text.replace(WRAPPER_ORIGINAL, WRAPPER_PATCHED), encoding="utf-8")


def unpatched(name: str, data: bytes) -> bytes:
    """A runtime file's bytes as the npm package ships them, whether or not it was patched."""
    if name != PATCHED_FILE:
        return data
    return data.replace(WRAPPER_PATCHED.encode(), WRAPPER_ORIGINAL.encode())
