// Installs the runner's wheels and the guide's examples into a Pyodide, in the browser's worker
// and in the Node runs of the build and the parity test alike. Every wheel is unpacked into
// site-packages here, in one pass of JavaScript: the build stores its files uncompressed (the
// site serves it gzip-compressed as a whole), so each file is a slice of the wheel's bytes.
// Python then imports from plain folders, with none of zipimport's cost (each wheel's directory
// read, each module's bytecode unmarshalled twice), and Django reads its templates and message
// catalogues from disk.
// Where the examples and their driver live (scripts/runner_bytecode.py uses the same folder).
export const GUIDE_DIR = "/home/pyodide/guide";

// Base64 to bytes: the browser's own decoder where it has one; else one pass over atob's text
// (Uint8Array.from with a function per character took 8 to 10 ms in Node for the patterns'
// table alone).
function fromBase64(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// The bundle's example files become the package `examples`, beside the driver, on sys.path,
// written as the wheels' files are (writeTree).
export function installGuide(pyodide, bundle) {
  const encoder = new TextEncoder();
  const files = [
    ...Object.entries(bundle.files).map(([path, text]) => [`examples/${path}`, encoder.encode(text)]),
    ["example_driver.py", encoder.encode(bundle.driver)],
    ...Object.entries(bundle.modules).map(([name, text]) => [name, encoder.encode(text)]),
    // The bytecode of the driver and of the modules below, compiled by the build for this
    // runtime and checked against the source by hash when imported (a different source is
    // compiled anew): Python skips compiling them.
    ...Object.entries(bundle.bytecode ?? {}).map(([path, data]) => [path, fromBase64(data)]),
  ];
  pyodide.FS.mkdirTree(GUIDE_DIR);
  writeTree(pyodide.FS, GUIDE_DIR, files);
  pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(GUIDE_DIR)})`);
  // Before anything else is imported: modules from the standard library's zip are read once
  // (scripts/stdlib_zip.py), and the regular expressions the scenarios compile come parsed by
  // the build (scripts/compiled_patterns.py; the table is empty until the build has recorded
  // it): in wasm, parsing them was a tenth of a first Run. So does the code dataclasses and
  // namedtuple generate (scripts/compiled_code.py).
  pyodide.globals.set("patterns_table", fromBase64(bundle.patterns));
  pyodide.globals.set("code_table", fromBase64(bundle.code ?? ""));
  pyodide.runPython(`
import compiled_code, compiled_patterns, stdlib_zip, sys
stdlib_zip.use_for(next(entry for entry in sys.path if entry.endswith(".zip")))
if patterns_table.length:
    compiled_patterns.install(patterns_table.to_py())
if code_table.length:
    compiled_code.install(code_table.to_py())
del patterns_table, code_table
`);
}

// The runner's standard library holds what the scenarios import, as bytecode; the sources of
// every other module come in a second zip (scripts/runner_bytecode.py), added here. A finder at
// the end of sys.meta_path looks there for what the usual finders did not find, inside packages
// too (email's compiled __init__ is in the first zip, email.mime's source in the second).
export const STDLIB_SOURCES = "python_stdlib_runner_sources.zip";

export function addStandardLibrarySources(pyodide, bytes) {
  const file = `/lib/${STDLIB_SOURCES}`;
  if (pyodide.FS.analyzePath(file).exists) return;
  pyodide.FS.writeFile(file, bytes);
  pyodide.runPython(`
import importlib.machinery, sys

class StandardLibrarySources:
    @staticmethod
    def find_spec(name, path=None, target=None):
        package = name.rpartition(".")[0].replace(".", "/")
        where = ${JSON.stringify(file)} + ("/" + package if package else "")
        return importlib.machinery.PathFinder.find_spec(name, [where])

sys.meta_path.append(StandardLibrarySources)
del StandardLibrarySources
`);
}

// The packages `names` need, with everything they depend on, from the runner's lock file; each
// after its dependencies.
export function closure(lock, names) {
  const seen = new Set();
  const needed = [];
  const visit = (name) => {
    if (seen.has(name) || !lock.packages[name]) return;
    seen.add(name);
    lock.packages[name].depends.forEach(visit);
    needed.push(name);
  };
  names.forEach(visit);
  return needed;
}

const installedPackages = new WeakMap(); // pyodide -> Set of package names
function installedIn(pyodide) {
  if (!installedPackages.has(pyodide)) installedPackages.set(pyodide, new Set());
  return installedPackages.get(pyodide);
}

export function isInstalled(pyodide, name) {
  return installedIn(pyodide).has(name);
}

const ZIP_END = 0x06054b50;
const ZIP_ENTRY = 0x02014b50;

/**
 * The files of a wheel whose entries are stored uncompressed: [[name, bytes], ...] (folders
 * left out). Throws, naming `file`, on anything else: a compressed entry, a name leaving
 * site-packages, a truncated archive.
 */
export function wheelFiles(bytes, file) {
  const broken = (why) => new Error(`${file} cannot be installed: ${why}.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22; // the end record, after any archive comment
  while (end >= 0 && view.getUint32(end, true) !== ZIP_END) end--;
  if (end < 0) throw broken("not a zip archive");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names = new TextDecoder();
  const files = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== ZIP_ENTRY) throw broken("its directory is damaged");
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (name.endsWith("/")) continue;
    if (name.startsWith("/") || name.split("/").includes("..")) throw broken(`${name} leaves site-packages`);
    if (method !== 0) throw broken(`${name} is compressed (the build stores every file as it is)`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + size > bytes.length) throw broken(`${name} is cut short`);
    files.push([name, bytes.subarray(start, start + size)]);
  }
  return files;
}

// A wheel's files as nodes of Emscripten's in-memory file system, made directly: FS.writeFile
// and FS.mkdirTree resolve the whole path and copy the bytes for every file, five times slower
// for Django's 900 files. Each file keeps its slice of the wheel's bytes; a name already there
// (none in the runner's wheels) goes through FS.writeFile.
function writeTree(FS, root, files) {
  const MEMFS = FS.filesystems.MEMFS;
  const folders = new Map([["", FS.lookupPath(root).node]]);
  const folder = (path) => {
    if (!folders.has(path)) {
      const cut = path.lastIndexOf("/");
      const parent = folder(cut < 0 ? "" : path.slice(0, cut));
      const name = path.slice(cut + 1);
      folders.set(path, parent.contents[name] ?? MEMFS.createNode(parent, name, 0o40755, 0));
    }
    return folders.get(path);
  };
  for (const [path, data] of files) {
    const cut = path.lastIndexOf("/");
    const parent = folder(cut < 0 ? "" : path.slice(0, cut));
    const name = path.slice(cut + 1);
    if (parent.contents[name]) {
      FS.writeFile(`${root}/${path}`, data);
      continue;
    }
    const node = MEMFS.createNode(parent, name, 0o100644, 0);
    node.contents = data;
    node.usedBytes = data.length;
  }
}

/**
 * Install `names` and their dependencies, unless installed already.
 *   lock        the runner's lock file (runner-lock.json)
 *   fetchWheel  (entry) => Promise<Uint8Array>: the wheel's bytes (rejects naming its file)
 */
export async function installWheels(pyodide, lock, names, fetchWheel) {
  const installed = installedIn(pyodide);
  const missing = closure(lock, names).filter((name) => !installed.has(name));
  if (!missing.length) return;
  const wheels = await Promise.all(missing.map(async (name) => [name, await fetchWheel(lock.packages[name])]));
  const sitePackages = pyodide.runPython("import site\nsite.getsitepackages()[0]");
  for (const [name, bytes] of wheels) {
    if (installed.has(name)) continue; // installed by another call meanwhile
    writeTree(pyodide.FS, sitePackages, wheelFiles(bytes, lock.packages[name].file_name.split("/").pop()));
    installed.add(name);
  }
  // Python reads site-packages again (as importlib.invalidate_caches would, without importing
  // importlib.metadata to do so).
  pyodide.runPython(`
import sys
finder = sys.path_importer_cache.get(${JSON.stringify(sitePackages)})
if finder is not None:
    finder.invalidate_caches()
if "importlib.metadata" in sys.modules:
    sys.modules["importlib.metadata"].MetadataPathFinder.invalidate_caches()
del finder
`);
}
