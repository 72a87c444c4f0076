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

When the module is instantiated, the linker gives each JavaScript function that a table slot
is asked for (about 260, for an offset-table entry the main module imports) a wasm wrapper,
compiling and instantiating one small module per function: 23 to 30 ms of every start in
Chromium. Patched, the same slots are reserved in the same order, and the wrappers all come from
one module that imports every function and exports each back.

Emscripten declares a variable for each export of the main module (about 4,900) and assigns
them all, with the same value into `Module`, in one function of 387 KB: almost a third of the
loader, which every boot parses, and on a visit without V8's code cache compiles. Only about
140 of those variables are read anywhere in the loader. Patched, those keep their statements and
the others are assigned into `Module` alone, by two loops over their names: the loader shrinks
from 1,251 to 870 KB (261 to 201 KB gzip-compressed), and `Module` holds the same values. A
variable is dropped only if its name appears nowhere else in the loader's text; code evaluated
later in the loader's scope (the JavaScript that an extension module of a package brings) could
still name one, but the site loads no such package, and `Module` keeps every export either way.
"""

from __future__ import annotations

import re

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

UNDEFINED_SYMBOLS = (
    "var reportUndefinedSymbols=()=>{for(var[symName,entry]of Object.entries(GOT)){"
    "if(entry.value==-1){var value=resolveGlobalSymbol(symName,true).sym;"
    "if(!value&&!entry.required){entry.value=0;continue}else if(!value){"
    "throw new Error(`Dynamic linking error: undefined symbol '${symName}'`)}"
    'if(typeof value=="function"){entry.value=addFunction(value,value.sig)}'
    'else if(typeof value=="number"){entry.value=value}'
    'else if(typeof value.value=="number"){entry.value=value}'
    "else{throw new Error(`bad export type for '${symName}': ${typeof value} (${value})`)}}}};"
)
ONE_WRAPPER_MODULE = (
    (
        UNDEFINED_SYMBOLS,
        UNDEFINED_SYMBOLS.replace(
            "for(var[symName,entry]", "var wrapLater=[];for(var[symName,entry]", 1
        )
        .replace(
            "entry.value=addFunction(value,value.sig)",
            "entry.value=addFunctionOrWrapLater(value,wrapLater)",
            1,
        )
        .removesuffix("}}};")
        + "}}wrapJsFunctions(wrapLater)};"
        # addFunction, but a JavaScript function's table slot is only reserved: its wrapper is made
        # with all the others', in one module.
        "var addFunctionOrWrapLater=(func,wrapLater)=>{var rtn=getFunctionAddress(func);"
        "if(rtn){return rtn}var ret=getEmptyTableSlot();try{setWasmTableEntry(ret,func)}"
        "catch(err){if(!(err instanceof TypeError)){throw err}wrapLater.push([ret,func])}"
        "functionsInTableMap.set(func,ret);return ret};"
        # One module importing every function as its signature's type and exporting each back:
        # each export is a wasm function calling it, which a table can hold.
        "var wrapJsFunctions=wrapLater=>{if(!wrapLater.length)return;"
        "var leb=n=>{var bytes=[];do{var byte=n&127;n>>>=7;bytes.push(n?byte|128:byte)}"
        "while(n);return bytes};"
        "var section=(id,entries)=>{var body=[...leb(entries.length),...entries.flat()];"
        "return[id,...leb(body.length),...body]};"
        "var types=[],typeIndex=new Map,imports=[],exports=[],funcs={};"
        "wrapLater.forEach(([,func],index)=>{var sig=func.sig;if(!typeIndex.has(sig)){"
        "typeIndex.set(sig,types.length);types.push([96,...generateTypePack(sig.slice(1)),"
        '...generateTypePack(sig[0]==="v"?"":sig[0])])}'
        "var name=String(index);var encoded=[...leb(name.length),"
        "...Array.from(name,c=>c.charCodeAt(0))];funcs[name]=func;"
        "imports.push([1,101,...encoded,0,...leb(typeIndex.get(sig))]);"
        "exports.push([...encoded,0,...leb(index)])});"
        "var bytes=Uint8Array.of(0,97,115,109,1,0,0,0,...section(1,types),...section(2,imports),"
        "...section(7,exports));"
        "var instance=new WebAssembly.Instance(new WebAssembly.Module(bytes),{e:funcs});"
        "wrapLater.forEach(([slot],index)=>setWasmTableEntry(slot,instance.exports[index]))};",
    ),
)

# Each patch by what it is called in an error.
PATCHES = {
    "lazy offset-table": LAZY_GOT,
    "packed snapshot": PACKED_SNAPSHOT,
    "one wrapper module": ONE_WRAPPER_MODULE,
}


# The function that assigns the exports, and the two forms of its statements a loop can take:
# a function (`_f=Module["_f"]=wasmExports["f"]`) and a global's address (`... .value>>>0`).
ASSIGN_EXPORTS = "function assignWasmExports(wasmExports){"
EXPORT_STATEMENT = re.compile(r'([\w$]+)=Module\["\1"\]=wasmExports\["([\w$]+)"\](\.value>>>0)?')
COMPACT_LOOP = 'for(var e of "{names}".split(" "))Module["_"+e]=wasmExports[e]{suffix}'
COMPACTED = COMPACT_LOOP.format(names="", suffix="").split('""', 1)[1]
COMPACT_EXPORTS = "compact exports"


def compact_exports(text: str) -> str:
    """``text`` with the exports that no other code names assigned by loops (module docstring)."""

    def fail(problem: str) -> BuildStepError:
        return BuildStepError(
            f"{LOADER}: the {COMPACT_EXPORTS} patch {problem}; check scripts/pyodide_patch.py"
            " against this Pyodide release"
        )

    if COMPACTED in text:
        return text
    if text.count(ASSIGN_EXPORTS) != 1:
        raise fail(f"expects {ASSIGN_EXPORTS!r} once")
    start = text.index(ASSIGN_EXPORTS) + len(ASSIGN_EXPORTS)
    end = text.index("}", start)
    if "{" in text[start:end]:
        raise fail("expects the function's body to be statements alone")
    statements = text[start:end].split(";")
    matches = [EXPORT_STATEMENT.fullmatch(statement) for statement in statements]
    exports = [match for match in matches if match and match[1] == f"_{match[2]}"]
    if not exports:
        raise fail("finds no export assigned as it expects")
    first = re.escape(exports[0][1])
    declarations = list(re.finditer(rf"var ((?:[\w$]+,)*{first}(?:,[\w$]+)*);", text))
    if len(declarations) != 1 or declarations[0].end() > start:
        raise fail(f"expects the variable {exports[0][1]} declared once, before the function")
    declaration = declarations[0]
    declared = declaration[1].split(",")
    # Every name the rest of the loader's text holds, strings and comments included.
    elsewhere = text[: declaration.start()] + text[declaration.end() : start] + text[end:]
    named = set(re.findall(r"[\w$]+", elsewhere))
    compacted = {match[1]: match for match in exports if match[1] not in named}
    if not compacted.keys() <= set(declared):
        raise fail("finds exports assigned to variables it does not declare")
    kept = [
        statement
        for statement, match in zip(statements, matches, strict=True)
        if match is None or match[1] not in compacted
    ]
    loops = [
        COMPACT_LOOP.format(
            names=" ".join(m[2] for m in compacted.values() if bool(m[3]) is is_global),
            suffix=".value>>>0" if is_global else "",
        )
        for is_global in (False, True)
    ]
    remaining = ",".join(name for name in declared if name not in compacted)
    return (
        text[: declaration.start()]
        + f"var {remaining};"
        + text[declaration.end() : start]
        + ";".join([*kept, *loops])
        + text[end:]
    )


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
    return compact_exports(text)
