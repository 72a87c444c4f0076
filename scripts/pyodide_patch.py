"""Build-time patches of Pyodide's Emscripten loader (`pyodide.asm.mjs`), checked against its text.

Emscripten's dynamic linker gives every function the main module exports (about 8,500) a
table slot and a global offset table entry as soon as the module is instantiated, so that a
side module loaded later can import any of them. The site loads no side module, yet that
set-up took about 45 ms of every start in Node (5 ms patched; in Chromium, on a busy machine,
94 against 59 ms of a repeat visit). Patched, an export gets its entry when it is first looked
up (a side module's import, a later export's check for an existing entry), made exactly as
before: only the table slots it gets differ, the same on every start of the same build, which
is what a memory snapshot needs (the runtime's digest, which keys snapshots, covers the
patched text).

A memory snapshot kept in the reader's browser holds only its pages that are not zero (about
12 of 31 MB). Upstream restores one by copying it whole over the new memory, so the site would
first unpack it to 31 MB and then copy all of it, touching every page of that memory. Patched,
a snapshot handed with a `restoreMemory` method (docs/assets/pyodide/runtime-cache.mjs) writes
its kept pages itself, told which ranges the new runtime has written before the restore (its
static data, and its heap up to the break) so that it clears the zero pages there: the rest of
a new memory is zero, and below the stack pointer the stack is not read before it is written.
A snapshot without that method (Pyodide's own form) is copied as upstream does.
"""

from __future__ import annotations

from scripts.engine_wheel import BuildStepError

LOADER = "pyodide.asm.mjs"

# (what the upstream loader says, what the site's copy says instead), each found exactly once.
LAZY_GOT = (
    (
        "var GOT={};",
        "var GOT=new Proxy({},{get(got,symName){var value=lazyGOTExports?.get(symName);"
        "if(value!==undefined){lazyGOTExports.delete(symName);updateGOT({[symName]:value})}"
        "return got[symName]}});var lazyGOTExports=null;",
    ),
    (
        "updateGOT(origExports);LDSO.init();",
        "lazyGOTExports=new Map(Object.entries(origExports));"
        "for(var symName of Object.keys(GOT))GOT[symName];LDSO.init();",
    ),
)


PACKED_SNAPSHOT = (
    (
        "t=t.subarray(r);let s=(new TextDecoder).decode(i),l=JSON.parse(s);"
        "return Module.HEAP8.set(t),l};",
        "let s=(new TextDecoder).decode(i),l=JSON.parse(s);"
        "if(t.restoreMemory)t.restoreMemory(Module.HEAP8,"
        '[[0,Module["_emscripten_stack_get_end"]()],'
        '[Module["_emscripten_stack_get_base"](),Module["_sbrk"](0)>>>0]]);'
        "else Module.HEAP8.set(t.subarray(r));return l};",
    ),
)

# Each patch by what it is called in an error.
PATCHES = {
    "lazy offset-table": LAZY_GOT,
    "packed snapshot": PACKED_SNAPSHOT,
}


def patch_loader(text: str) -> str:
    """``text`` of Pyodide's loader with the patches applied; already patched text as it is.

    Raises BuildStepError when the upstream text a patch replaces is not found exactly once
    (a new Pyodide release): the patch must be checked against it, not silently skipped.
    """
    for name, replacements in PATCHES.items():
        if all(text.count(new) == 1 and old not in text for old, new in replacements):
            continue
        for old, new in replacements:
            found = text.count(old)
            if found != 1:
                raise BuildStepError(
                    f"{LOADER}: the {name} patch expects {old!r} once, found {found}"
                    " times; check scripts/pyodide_patch.py against this Pyodide release"
                )
            text = text.replace(old, new)
    return text
