// Installs the runner's wheels and the guide's examples into a Pyodide, in the browser's worker
// and in the Node runs of the build and the parity test alike. A wheel is put on sys.path as it is: zipimport reads its modules (bytecode
// included), so nothing is unpacked; only a package that reads its own files from disk
// (Django: templates, message catalogues) is unpacked into site-packages.
export const WHEELS_DIR = "/lib/runner-wheels";
// Where the examples and their driver live (scripts/runner_bytecode.py uses the same folder).
export const GUIDE_DIR = "/home/pyodide/guide";

// The bundle's example files become the package `examples`, beside the driver, on sys.path.
export function installGuide(pyodide, bundle) {
  for (const [path, text] of Object.entries(bundle.files)) {
    const file = `${GUIDE_DIR}/examples/${path}`;
    pyodide.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
    pyodide.FS.writeFile(file, text);
  }
  pyodide.FS.writeFile(`${GUIDE_DIR}/example_driver.py`, bundle.driver);
  pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(GUIDE_DIR)})`);
}

// The packages `names` need, with everything they depend on, from the runner's lock file.
export function closure(lock, names) {
  const needed = new Set();
  const visit = (name) => {
    if (needed.has(name) || !lock.packages[name]) return;
    needed.add(name);
    lock.packages[name].depends.forEach(visit);
  };
  names.forEach(visit);
  return [...needed];
}

export function wheelPath(entry) {
  return `${WHEELS_DIR}/${entry.file_name.split("/").pop()}`;
}

/**
 * Install `names` and their dependencies, unless installed already.
 *   lock        the runner's lock file (runner-lock.json)
 *   unpacked    names of the packages to unpack rather than import from the wheel
 *   fetchWheel  (entry) => Promise<Uint8Array>: the wheel's bytes (rejects naming its file)
 */
export async function installWheels(pyodide, lock, names, unpacked, fetchWheel) {
  const missing = closure(lock, names).filter((name) => !pyodide.FS.analyzePath(wheelPath(lock.packages[name])).exists);
  if (!missing.length) return;
  const wheels = await Promise.all(missing.map(async (name) => [name, await fetchWheel(lock.packages[name])]));
  pyodide.FS.mkdirTree(WHEELS_DIR);
  const installs = [];
  for (const [name, bytes] of wheels) {
    const file = wheelPath(lock.packages[name]);
    pyodide.FS.writeFile(file, bytes);
    installs.push([file, unpacked.includes(name)]);
  }
  pyodide.globals.set("runner_installs_json", JSON.stringify(installs));
  pyodide.runPython(`
import importlib, json, os, sys, sysconfig, zipfile

def unpack_wheel(file, target, only_metadata=False):
    # A plain loop: ZipFile.extractall checks and creates folders file by file, three times slower
    # in wasm. The wheels are the build's own; a name leaving the target is refused all the same.
    with zipfile.ZipFile(file) as wheel:
        members = [
            info
            for info in wheel.infolist()
            if not info.is_dir()
            and (not only_metadata or info.filename.split("/")[0].endswith(".dist-info"))
        ]
        if any(info.filename.startswith("/") or ".." in info.filename.split("/") for info in members):
            raise ValueError(f"{file}: a file name leaves site-packages")
        for folder in {os.path.dirname(info.filename) for info in members}:
            os.makedirs(os.path.join(target, folder), exist_ok=True)
        for info in members:
            with open(os.path.join(target, info.filename), "wb") as out:
                out.write(wheel.read(info))

# A wheel on sys.path still has its metadata unpacked: importlib.metadata (e.g. Werkzeug's test
# client asking its own version) then finds it in site-packages without reading every wheel.
for file, unpack in json.loads(runner_installs_json):
    unpack_wheel(file, sysconfig.get_path("purelib"), only_metadata=not unpack)
    if not unpack and file not in sys.path:
        sys.path.append(file)
importlib.invalidate_caches()
del runner_installs_json
`);
}
