// Boots the site's self-hosted Pyodide inside a worker, for any worker of the site.
//
//   import { bootPyodide } from "<site>/assets/pyodide/boot.mjs";
//   const { pyodide, stdlib, fallback } = await bootPyodide({ stdlib: "trimmed", packages: [...] });
//
// The large runtime files are fetched pre-compressed from stable URLs under pyodide/ (listed in
// pyodide/runtime.json) and inflated here with DecompressionStream, so the bytes on the wire do
// not depend on whether the host compresses .wasm; every worker shares them through the HTTP
// cache. A missing, corrupt or truncated file rejects at once with a BootError naming it.
//
// After a first boot the inflated wasm binary stays in Cache Storage (runtime-cache.mjs), so
// later boots do not inflate it again; they still compile it (Chromium keeps compiled code only
// for responses with a URL, which a response built in script lacks). A caller that names a
// memory snapshot gets one made in idle time and, on later visits, a restored Python with its
// packages and set-up already in memory.
import { RuntimeCache } from "./runtime-cache.mjs";

export const RUNTIME_URL = new URL("../../pyodide/", import.meta.url).href;
const MANIFEST = "runtime.json";
const WASM = "pyodide.asm.wasm";
// "runner": the example runner's, precompiled for what the examples import (the sources of every
// other module are the runner's own second zip).
const STDLIB_FILES = {
  full: "python_stdlib.zip",
  trimmed: "python_stdlib_quiz.zip",
  runner: "python_stdlib_runner.zip",
};
// How long the look-up of a kept wasm binary may hold back its download on a first visit.
const WASM_LOOKUP_GRACE_MS = 20;
const CONTENT_TYPES = { ".wasm": "application/wasm", ".zip": "application/zip" };

export class BootError extends Error {
  constructor(message, file) {
    super(message);
    this.name = "BootError";
    this.file = file;
  }
}

/**
 * Fetch a file of the site's runtime, or reject with a BootError naming it.
 * `file` is the name the reader is told; `cache` a RequestInit cache mode.
 */
export async function fetchRuntimeFile(url, file, cache = "default") {
  let response;
  try {
    response = await fetch(url, { cache });
  } catch {
    throw new BootError(`Could not download ${file}.`, file);
  }
  if (!response.ok) throw new BootError(`Could not download ${file} (HTTP ${response.status}).`, file);
  return response;
}

// The wasm binary kept in Cache Storage did not compile: the boot starts again from the download.
class KeptBinaryError extends Error {}

const isFatal = (error) => error instanceof BootError || error instanceof KeptBinaryError;

// How a runtime file travels, from the manifest; before it arrives, the build's conventions.
function encodedURL(runtimeURL, manifest, name) {
  const entry = manifest?.files?.[name];
  if (entry) return { url: runtimeURL + entry.url, encoding: entry.encoding };
  return name === STDLIB_FILES.full
    ? { url: runtimeURL + name, encoding: null }
    : { url: `${runtimeURL}${name}.gz`, encoding: "gzip" };
}

/**
 * Boot Pyodide from the site's runtime.
 *
 * Options (all optional):
 *   runtimeURL       where runtime.json, the runtime and the lockfile live (default: site's pyodide/)
 *   stdlib           "full" (default), "trimmed" (the quiz's precompiled standard library) or
 *                    "runner" (the example runner's), used
 *                    only if runtime.json says it was made for `expectedRuntime`; otherwise, or if
 *                    Python cannot start with it, the full one is loaded (see `fallback`)
 *   expectedRuntime  the runtime digest the page was built with (runtime.json's runtime_sha256),
 *                    or a promise of it
 *   lockFileURL      a Pyodide lockfile (default: the site's pyodide-lock.json)
 *   packages         package names from that lockfile to load before resolving
 *   onProgress       called with {loaded, total} (bytes on the wire of the pre-compressed files)
 *   reload           bypass the HTTP cache (a retry after a bad download)
 *   loadOptions      further loadPyodide options (stdout, stderr, env, …)
 *   gate             a promise: on a first visit, until it settles, the boot only downloads;
 *                    importing Pyodide's JavaScript and starting Python wait for it, so that
 *                    the page's own start has the cores. Not awaited when the binary is kept
 *                    (a repeat visit: nothing to download, holding would only delay it) or a
 *                    download fails (the boot fails at once, by name).
 *   compileGate      a promise, with `gate`: compiling the downloading binary waits for it
 *                    (or for `gate`), so that a page can hold the compile for less time than
 *                    the rest (while its own start runs) and the compile still overlaps the
 *                    download.
 *   snapshot         {name, state}: keep a memory snapshot of this boot in the reader's browser.
 *                    `state` describes what the caller sets up after boot (it goes into the key
 *                    with the runtime, standard library and packages). Needs package digests
 *                    in runtime.json; any failure to restore boots normally and drops the entry.
 * Resolves with {pyodide, stdlib: "trimmed" | "runner" | "full", fallback: null | reason, restored,
 * saveSnapshot, installed}: `restored` is true when Python came from a snapshot (packages and
 * set-up already done); then `installed` resolves once the standard library's file is written
 * (an import of a module the snapshot does not hold waits for it). Otherwise, with `snapshot`,
 * `saveSnapshot()` stores one (call it once set up, when idle; resolves with whether it was
 * stored) and, stored, has Pyodide's loader compiled again for the next visit
 * (`compileLoaderAgain`).
 * Rejects with a BootError whose `file` names the runtime file that failed to download.
 */
export async function bootPyodide({
  runtimeURL = RUNTIME_URL,
  stdlib = "full",
  expectedRuntime = null,
  lockFileURL = null,
  packages = [],
  onProgress = () => {},
  reload = false,
  loadOptions = {},
  snapshot = null,
  gate = null,
  compileGate = null,
} = {}) {
  performance.mark("boot:start");
  const cache = reload ? "reload" : "default";
  const runtimeCache = new RuntimeCache(runtimeURL);
  const downloads = new Downloads(runtimeURL, cache, onProgress, runtimeCache);
  // Everything starts at once: the manifest, the loader, and the large files by convention.
  const manifestPromise = downloads.manifest();
  downloads.manifestReady = manifestPromise.catch(() => null);
  const importLoader = () => {
    const imported = import(`${runtimeURL}pyodide.mjs`);
    import(`${runtimeURL}pyodide.asm.mjs`).catch(() => {}); // warms the module cache; errors surface below
    return imported;
  };
  const cachedWasm = downloads.lookUpWasm(reload);
  // Whether this boot is held (see `gate`), known once the look-up for a kept binary is done.
  const isHeld = () => Boolean(gate) && !downloads.cachedWasm;
  // Held, Pyodide's JavaScript is only fetched into the HTTP cache until the gate opens.
  const hold = gate
    ? cachedWasm
        .then(() => {
          if (!isHeld()) return;
          for (const name of ["pyodide.mjs", "pyodide.asm.mjs"]) {
            downloads.fetch(runtimeURL + name, { cache }).then((response) => response.arrayBuffer()).catch(() => {});
          }
          return downloads.guard(gate);
        })
        .catch(() => {})
    : null;
  const loader = hold ? hold.then(importLoader) : importLoader();
  // A kept snapshot is read at once, before the manifest can vouch for it (checked below).
  const keptSnapshot = snapshot && !reload ? runtimeCache.keptSnapshot(snapshot.name) : null;
  let chosen = stdlib in STDLIB_FILES ? stdlib : "full";
  // The standard library downloads at once, unless a snapshot is kept: a restored Python has
  // imported what it needs already, and gets the library once it is ready (`installed`).
  if (keptSnapshot) keptSnapshot.then((kept) => kept || downloads.start(STDLIB_FILES[chosen], null));
  else downloads.start(STDLIB_FILES[chosen], null);
  const manifest = await manifestPromise;
  performance.mark("boot:manifest");
  downloads.useManifest(manifest);
  await cachedWasm;
  performance.mark("boot:wasm-lookup");

  let fallback = null;
  if (chosen !== "full" && manifest.runtime_sha256 !== (await expectedRuntime)) {
    fallback = "the precompiled standard library was made for another build of the runtime";
    chosen = "full";
  }
  // Compiled while the loader gets ready, and once for every attempt of this boot.
  const held = isHeld();
  if (held && compileGate) {
    downloads.guard(compileGate).then(() => {
      performance.mark("boot:compile");
      downloads.compileWasm();
    }, () => {});
  } else {
    downloads.compileWasm();
  }
  const lockFile = lockFileURL ?? `${runtimeURL}pyodide-lock.json`;
  const snapshotKey = snapshot
    ? await snapshotKeyFor(runtimeCache, manifest, STDLIB_FILES[chosen], lockFile, packages, snapshot)
    : null;
  const kept = snapshotKey ? await keptSnapshot : null;
  performance.mark("boot:snapshot-lookup");
  // Pyodide awaits the bytes before it starts the runtime.
  const snapshotBytes = kept && kept.key === snapshotKey ? kept.bytes : null;
  snapshotBytes?.then(() => performance.mark("boot:snapshot-read"), () => {});
  downloads.expect(snapshotBytes ? [WASM] : [WASM, STDLIB_FILES[chosen]]);

  const options = {
    indexURL: runtimeURL,
    lockFileURL: lockFile,
    ...loadOptions,
  };
  // The packages' wheels would otherwise wait for Python to start: one more round trip.
  const prefetchPackages = () =>
    downloads.prefetchPackages(options.lockFileURL, options.packageBaseUrl ?? runtimeURL, packages);
  if (!snapshotBytes) prefetchPackages();
  if (held) {
    await hold;
    performance.mark("boot:released");
    downloads.compileWasm();
  }
  // Not raced against the downloads: a kept binary that does not compile ends only an attempt.
  const { loadPyodide } = await loader.catch(() => {
    throw new BootError("Could not load pyodide.mjs.", "pyodide.mjs");
  });
  performance.mark("boot:loader");
  const start = async (which) => {
    const pyodide = await downloads.guard(
      loadPyodide({ ...options, stdLibURL: runtimeURL + STDLIB_FILES[which], _makeSnapshot: Boolean(snapshotKey) }),
    );
    if (packages.length) await downloads.guard(pyodide.loadPackage(packages, { messageCallback: () => {} }));
    return pyodide;
  };
  const booted = (pyodide, which) => {
    const saveSnapshot =
      snapshotKey && which === chosen
        ? async () => {
            // Private Pyodide API, checked on restore against the runtime's build id. It refuses
            // a JS-side record of loaded packages, which the snapshot does not need (the
            // packages are in its memory): the record is emptied while the snapshot is made.
            const loaded = { ...pyodide.loadedPackages };
            for (const name of Object.keys(loaded)) delete pyodide.loadedPackages[name];
            let bytes;
            try {
              bytes = pyodide.makeMemorySnapshot();
            } catch (error) {
              console.warn(`Memory snapshot not kept: ${error && error.message}`);
              return false;
            } finally {
              Object.assign(pyodide.loadedPackages, loaded);
            }
            const stored = await runtimeCache.putSnapshot(snapshotKey, bytes);
            if (stored) compileLoaderAgain(runtimeURL);
            return stored;
          }
        : null;
    return { pyodide, stdlib: which, fallback, restored: false, saveSnapshot };
  };
  // One boot: from the snapshot if one is kept, else with the chosen standard library, else
  // with the full one. Only a missing download, or a kept binary that does not compile, ends it.
  const bootOnce = async () => {
    if (snapshotBytes && !downloads.snapshotFailed) {
      const library = STDLIB_FILES[chosen];
      try {
        downloads.deferred = library;
        const pyodide = await downloads.guard(
          loadPyodide({ ...options, stdLibURL: runtimeURL + library, _loadSnapshot: snapshotBytes }),
        );
        performance.mark("boot:restored");
        // The snapshot froze the random generator's state: every boot gets a fresh one.
        pyodide.runPython("import sys\nif 'random' in sys.modules: sys.modules['random'].seed()");
        const installed = install(pyodide, library);
        installed.catch(() => {}); // the caller's to handle
        return { pyodide, stdlib: chosen, fallback, restored: true, saveSnapshot: null, installed };
      } catch (error) {
        if (isFatal(error)) throw error;
        console.warn(`Memory snapshot not used (${error && error.message}); starting normally.`);
        downloads.snapshotFailed = true;
        await runtimeCache.deleteSnapshot(snapshotKey);
        downloads.expect([WASM, library]);
        prefetchPackages();
      } finally {
        downloads.deferred = null;
      }
    }
    if (chosen !== "full" && !fallback) {
      try {
        return booted(await start(chosen), chosen);
      } catch (error) {
        if (isFatal(error)) throw error;
        fallback = `Python could not start with it: ${error && error.message}`;
        downloads.expect([WASM, STDLIB_FILES.full]);
      }
    }
    return booted(await start("full"), "full");
  };
  // A restored Python is handed an empty file for its standard library (the snapshot holds its
  // directory, and every module the caller needs imported): the library is written in its place
  // after the restore, off the way to ready. Resolves with the file's path.
  const install = async (pyodide, library) => {
    const path = pyodide.FS.readdir("/lib").find((entry) => /^python\d+\.zip$/.test(entry));
    if (!path) throw new Error("the standard library's file was not found");
    const bytes = new Uint8Array(await (await downloads.handOut(library)).arrayBuffer());
    const file = `/lib/${path}`;
    pyodide.FS.writeFile(file, bytes);
    performance.mark("boot:installed", { detail: { path: file, size: pyodide.FS.stat(file).size } });
    return file;
  };
  const restoreGlobals = downloads.intercept();
  try {
    try {
      return await bootOnce();
    } catch (error) {
      if (!(error instanceof KeptBinaryError)) throw error;
      console.warn(`${error.message}: downloading it again.`);
      await downloads.dropKeptWasm();
      return await bootOnce();
    }
  } finally {
    restoreGlobals();
  }
}

// Chromium keeps V8's compiled code for a module script from its second load on, holding what was
// compiled by then; a boot compiles Pyodide's factory, the body of `pyodide.asm.mjs`, only when it
// calls it. So once a snapshot is kept, a worker of its own loads the loader a second time and
// runs the factory up to the binary's instantiation (compile-loader.mjs): the next visit, which
// restores that snapshot, finds the factory compiled instead of compiling it.
function compileLoaderAgain(runtimeURL) {
  if (typeof Worker !== "function") return;
  const url = new URL("./compile-loader.mjs", import.meta.url);
  url.searchParams.set("loader", `${runtimeURL}pyodide.asm.mjs`);
  const worker = new Worker(url, { type: "module" });
  worker.onmessage = (event) => performance.mark("boot:loader-compiled", { detail: event.data });
  worker.onerror = (event) => {
    event.preventDefault();
    console.warn(`Pyodide's loader was not compiled again: ${event.message}`);
  };
}

// Everything a snapshot's memory depends on; null when the manifest cannot vouch for it all.
async function snapshotKeyFor(runtimeCache, manifest, stdlibFile, lockFile, packages, { name, state = "" }) {
  const stdlibDigest = manifest?.files?.[stdlibFile]?.sha256;
  const packageDigests = packages.map((name) => manifest?.packages?.[name]?.sha256);
  if (!manifest?.runtime_sha256 || !stdlibDigest || packageDigests.some((digest) => !digest)) return null;
  const lockName = new URL(lockFile).pathname.split("/").pop();
  return runtimeCache.snapshotKey(name, [manifest.runtime_sha256, stdlibDigest, lockName, packageDigests, String(state)]);
}

// The runtime's downloads for one boot: started early, counted for progress, inflated and
// checked against the manifest, and failing the boot by name on any bad response.
class Downloads {
  constructor(runtimeURL, cache, onProgress, runtimeCache) {
    this.runtimeURL = runtimeURL;
    this.runtimeCache = runtimeCache;
    this.cachedWasm = null; // {digest, response} of the binary kept in Cache Storage, if any
    this.cachedWasmFailed = false;
    this.keptOnce = false; // the download is stored at most once per boot
    this.cache = cache;
    this.onProgress = onProgress;
    this.started = new Map(); // file name -> Promise<Response> (decoded)
    this.loaded = new Map(); // file name -> bytes received on the wire
    this.handedOut = new Set(); // file names whose response Pyodide has taken
    this.prefetched = new Map(); // URL -> Promise<Response>, handed to the first fetch of it
    this.fetch = globalThis.fetch.bind(globalThis); // never the interception below
    this.expected = [];
    this.manifestData = null;
    this.manifestReady = Promise.resolve(null);
    this.keptWasmInUse = false; // this attempt's binary came from Cache Storage
    this.compiled = null; // Promise<WebAssembly.Module> of this attempt's binary
    this.standIns = new WeakSet(); // what Pyodide is handed when it fetches the binary
    this.snapshotFailed = false;
    this.deferred = null; // the standard library a restore is handed empty (see `install`)
    this.failure = null;
    this.nextAttempt();
  }

  // A boot ends at the first failed download; a kept binary that did not compile ends only
  // the attempt that used it (see dropKeptWasm).
  nextAttempt() {
    if (this.failure && !(this.failure instanceof KeptBinaryError)) return;
    this.failure = null;
    let reject;
    this.failed = new Promise((_, rejectWith) => {
      reject = rejectWith;
    });
    this.failed.catch(() => {});
    this.fail = (error) => {
      this.failure ??= error;
      reject(error);
    };
  }

  async manifest() {
    return (await fetchRuntimeFile(this.runtimeURL + MANIFEST, MANIFEST, this.cache)).json();
  }

  useManifest(manifest) {
    this.manifestData = manifest;
  }

  // The binary kept by an earlier boot, if any. Its download starts now if there is none, or
  // if looking takes longer than a moment (it is cancelled if the kept one turns up).
  async lookUpWasm(reload) {
    if (reload) return this.start(WASM, null);
    const controller = new AbortController();
    const early = setTimeout(() => this.start(WASM, null, controller.signal), WASM_LOOKUP_GRACE_MS);
    const found = await this.runtimeCache.keptWasm();
    clearTimeout(early);
    this.cachedWasm = found;
    if (found && this.started.has(WASM)) {
      controller.abort();
      this.started.delete(WASM);
      this.loaded.delete(WASM);
    } else if (!found) this.start(WASM, null);
  }

  useCachedWasm() {
    const digest = this.manifestData?.runtime_sha256;
    return Boolean(this.cachedWasm && !this.cachedWasmFailed && digest && this.cachedWasm.digest === digest);
  }

  async dropKeptWasm() {
    this.cachedWasmFailed = true;
    this.keptWasmInUse = false;
    await this.runtimeCache.deleteWasm();
    this.nextAttempt();
    this.compiled = null;
    this.loaded.delete(WASM);
    this.start(WASM, this.manifestData);
  }

  expect(names) {
    this.expected = names;
    for (const name of names) {
      if (name === WASM && this.useCachedWasm()) this.loaded.set(name, this.manifestData.files?.[name]?.transfer ?? 0);
      else this.start(name, this.manifestData);
    }
    this.report();
  }

  // The wasm binary to compile: the kept copy, or the download, kept as it is read.
  async wasmResponse() {
    const digest = this.manifestData?.runtime_sha256;
    if (this.useCachedWasm()) {
      this.keptWasmInUse = true; // read once: every attempt of this boot shares its module
      return this.cachedWasm.response;
    } else if (this.cachedWasm && !this.cachedWasmFailed) {
      this.cachedWasmFailed = true; // kept for another runtime
      this.cachedWasm.response.body?.cancel();
      this.runtimeCache.deleteWasm();
    }
    this.keptWasmInUse = false;
    const response = await this.handOut(WASM);
    if (!digest || this.keptOnce) return response;
    this.keptOnce = true;
    const [forPyodide, forCache] = response.body.tee();
    this.runtimeCache.putWasm(digest, forCache);
    return new Response(forPyodide, { headers: { "Content-Type": CONTENT_TYPES[".wasm"] } });
  }

  // The wasm binary, compiled as soon as the kept copy or the download is at hand rather than
  // when Pyodide asks for it; any attempt of this boot instantiates the same module.
  compileWasm() {
    this.compiled ??= this.wasmResponse()
      .then((response) => WebAssembly.compileStreaming(response))
      .catch((error) => {
        if (!isFatal(error)) this.wasmRejected(error);
        throw this.failure ?? error;
      });
    this.compiled.catch(() => {});
    return this.compiled;
  }

  // What Pyodide gets when it fetches the binary: a stand-in, as the binary is compiled above.
  wasmStandIn() {
    const response = new Response(new Uint8Array(0), { headers: { "Content-Type": CONTENT_TYPES[".wasm"] } });
    this.standIns.add(response);
    return response;
  }

  // The download of a runtime file for Pyodide. A body is read once: a second boot in this
  // worker downloads it (from the HTTP cache) anew.
  handOut(name) {
    if (this.handedOut.has(name)) this.started.delete(name);
    this.handedOut.add(name);
    return this.start(name, this.manifestData);
  }

  // Pyodide waits forever for a binary that does not compile: end the attempt instead.
  wasmRejected(error) {
    if (this.keptWasmInUse) {
      this.fail(new KeptBinaryError(`The kept copy of ${WASM} did not compile (${error && error.message})`));
    } else {
      const wire = encodedURL(this.runtimeURL, this.manifestData, WASM).url.slice(this.runtimeURL.length);
      this.fail(new BootError(`The download of ${wire} was corrupt or incomplete.`, wire));
    }
  }

  total() {
    return this.expected.reduce((sum, name) => sum + (this.manifestData?.files?.[name]?.transfer ?? 0), 0);
  }

  report() {
    const loaded = this.expected.reduce((sum, name) => sum + (this.loaded.get(name) ?? 0), 0);
    const total = this.total();
    if (total) this.onProgress({ loaded: Math.min(loaded, total), total });
  }

  // Races a step of the boot against any failed download, so Pyodide never waits forever.
  guard(promise) {
    return Promise.race([promise, this.failed]);
  }

  start(name, manifest, signal = undefined) {
    if (this.started.has(name)) return this.started.get(name);
    const { url, encoding } = encodedURL(this.runtimeURL, manifest, name);
    const wire = url.slice(this.runtimeURL.length);
    const promise = this.fetch(url, { cache: this.cache, signal }).then(
      (response) => this.decode(name, wire, encoding, response, signal),
      (error) => {
        if (signal?.aborted) throw error; // not wanted after all: no failure
        return this.failWith(new BootError(`Could not download ${wire}.`, wire));
      },
    );
    promise.catch(() => {});
    this.started.set(name, promise);
    return promise;
  }

  failWith(error) {
    this.fail(error);
    throw error;
  }

  decode(name, wire, encoding, response, signal) {
    if (!response.ok) this.failWith(new BootError(`Could not download ${wire} (HTTP ${response.status}).`, wire));
    const downloads = this;
    let received = 0;
    const counted = response.body.pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          received += chunk.byteLength;
          downloads.loaded.set(name, received);
          downloads.report();
          controller.enqueue(chunk);
        },
      }),
    );
    let inflated = 0;
    const broken = () =>
      new BootError(`The download of ${wire} was corrupt or incomplete.`, wire);
    const checked = (encoding === "gzip" ? counted.pipeThrough(new DecompressionStream("gzip")) : counted)
      .pipeThrough(
        new TransformStream({
          transform(chunk, controller) {
            inflated += chunk.byteLength;
            controller.enqueue(chunk);
          },
          async flush() {
            if (signal?.aborted) return;
            const manifest = await downloads.manifestReady; // a small file may end first
            const size = manifest?.files?.[name]?.size;
            if (size !== undefined && inflated !== size) {
              const error = broken();
              downloads.fail(error);
              throw error;
            }
          },
        }),
      );
    // A stream that errors (bad gzip data) fails the boot by name, whoever is reading it.
    const [body, watch] = checked.tee();
    watch.pipeTo(new WritableStream()).catch((error) => {
      if (!signal?.aborted) this.fail(error instanceof BootError ? error : broken());
    });
    const extension = name.slice(name.lastIndexOf("."));
    return new Response(body, { headers: { "Content-Type": CONTENT_TYPES[extension] ?? "application/octet-stream" } });
  }

  prefetchPackages(lockFileURL, baseURL, packages) {
    if (!packages.length) return;
    const fetchOnce = (url) => {
      const promise = this.fetch(url, { cache: this.cache });
      promise.catch(() => {}); // a failure reaches Pyodide, which reports it
      this.prefetched.set(url, promise);
      return promise;
    };
    fetchOnce(lockFileURL)
      .then((response) => (response.ok ? response.clone().json() : null))
      .then((lock) => {
        for (const name of packages) {
          const fileName = lock?.packages?.[name]?.file_name;
          if (fileName) fetchOnce(new URL(fileName, baseURL).href);
        }
      })
      .catch(() => {});
  }

  // Pyodide fetches the wasm binary and the standard library itself: hand it the decoded
  // downloads (or the kept binary), and fail the boot at once, by name, if any other runtime
  // file cannot be fetched or the binary does not compile.
  intercept() {
    const original = globalThis.fetch;
    const originalInstantiate = WebAssembly.instantiateStreaming;
    const downloads = this;
    WebAssembly.instantiateStreaming = async function (source, imports) {
      const response = await source;
      if (!downloads.standIns.has(response)) return originalInstantiate.call(WebAssembly, response, imports);
      const module = await downloads.compileWasm();
      try {
        performance.mark("boot:instantiate");
        const instance = await WebAssembly.instantiate(module, imports);
        performance.mark("boot:instantiated");
        return { module, instance };
      } catch (error) {
        downloads.wasmRejected(error);
        throw error;
      }
    };
    globalThis.fetch = async function (input, init) {
      const url = String(input instanceof Request ? input.url : input);
      // Pyodide is handed the response either way; the boot fails at once, naming the file.
      const failingByName = (request, name) =>
        request.then(
          (response) => {
            if (!response.ok) downloads.fail(new BootError(`Could not download ${name} (HTTP ${response.status}).`, name));
            return response;
          },
          (error) => {
            downloads.fail(new BootError(`Could not download ${name}.`, name));
            throw error;
          },
        );
      const prefetched = downloads.prefetched.get(url);
      if (prefetched) {
        downloads.prefetched.delete(url);
        return failingByName(prefetched, url.split("/").pop().split("?")[0]);
      }
      if (url.startsWith(downloads.runtimeURL)) {
        const name = url.slice(downloads.runtimeURL.length).split("?")[0];
        if (name === WASM) return downloads.wasmStandIn();
        if (name === downloads.deferred) return new Response(new Uint8Array(0));
        if (Object.values(STDLIB_FILES).includes(name)) return downloads.handOut(name);
        return failingByName(original(input, init), name);
      }
      return original(input, init);
    };
    return () => {
      globalThis.fetch = original;
      WebAssembly.instantiateStreaming = originalInstantiate;
    };
  }
}
