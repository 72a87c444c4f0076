// Boots the site's copy of Pyodide in Node and writes a gzip-compressed memory snapshot of it.
// Usage: node scripts/make_snapshot.mjs <site pyodide dir> <output .bin.gz>; prints the raw size.
// _makeSnapshot and makeMemorySnapshot are private Pyodide APIs: the browser checks the
// snapshot against the runtime it loads and falls back to a normal boot if anything differs.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const [runtimeDir, output] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: runtimeDir + path.sep,
  lockFileURL: path.join(runtimeDir, "pyodide-lock.json"),
  _makeSnapshot: true,
});
// Warm the standard-library modules that installing and importing the engine use, so the
// restored interpreter does not read them from python_stdlib.zip again. The engine itself is
// loaded after restore, so a new engine never needs a new snapshot.
pyodide.runPython(`
import dataclasses, datetime, email, encodings.cp437, functools, importlib.metadata
import json, pathlib, re, tarfile, tomllib, typing, zipfile
`);
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(output, gzipSync(snapshot, { level: 6 }));
process.stdout.write(JSON.stringify({ size: snapshot.length, version: pyodide.version }));
