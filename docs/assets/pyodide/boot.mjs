// Boots the site's self-hosted Pyodide inside a worker, for any worker of the site.
//
//   import { bootPyodide } from "<site>/assets/pyodide/boot.mjs";
//   const { pyodide, stdlib, fallback } = await bootPyodide({ stdlib: "trimmed", packages: [...] });
//
// The large runtime files are fetched pre-compressed from stable URLs under pyodide/ (listed in
// pyodide/runtime.json) and inflated here with DecompressionStream, so the bytes on the wire do
// not depend on whether the host compresses .wasm; every worker shares them through the HTTP
// cache. A missing, corrupt or truncated file rejects at once with a BootError naming it.
export const RUNTIME_URL = new URL("../../pyodide/", import.meta.url).href;
const MANIFEST = "runtime.json";
const WASM = "pyodide.asm.wasm";
// "runner": the example runner's, precompiled for what the examples import, with every other source.
const STDLIB_FILES = {
  full: "python_stdlib.zip",
  trimmed: "python_stdlib_quiz.zip",
  runner: "python_stdlib_runner.zip",
};
const CONTENT_TYPES = { ".wasm": "application/wasm", ".zip": "application/zip" };

export class BootError extends Error {
  constructor(message, file) {
    super(message);
    this.name = "BootError";
    this.file = file;
  }
}

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
 * Resolves with {pyodide, stdlib: "trimmed" | "runner" | "full", fallback: null | reason}.
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
} = {}) {
  const cache = reload ? "reload" : "default";
  const downloads = new Downloads(runtimeURL, cache, onProgress);
  // Everything starts at once: the manifest, the loader, and the large files by convention.
  const manifestPromise = downloads.manifest();
  downloads.manifestReady = manifestPromise.catch(() => null);
  const loader = import(`${runtimeURL}pyodide.mjs`);
  import(`${runtimeURL}pyodide.asm.mjs`).catch(() => {}); // warms the module cache; errors surface below
  downloads.start(WASM, null);
  let chosen = stdlib in STDLIB_FILES ? stdlib : "full";
  downloads.start(STDLIB_FILES[chosen], null);
  const manifest = await manifestPromise;
  downloads.useManifest(manifest);

  let fallback = null;
  if (chosen !== "full" && manifest.runtime_sha256 !== (await expectedRuntime)) {
    fallback = "the precompiled standard library was made for another build of the runtime";
    chosen = "full";
  }
  downloads.expect([WASM, STDLIB_FILES[chosen]]);

  const options = {
    indexURL: runtimeURL,
    lockFileURL: lockFileURL ?? `${runtimeURL}pyodide-lock.json`,
    ...loadOptions,
  };
  // The packages' wheels would otherwise wait for Python to start: one more round trip.
  downloads.prefetchPackages(options.lockFileURL, options.packageBaseUrl ?? runtimeURL, packages);
  const { loadPyodide } = await downloads.guard(loader, "pyodide.mjs");
  const start = async (which) => {
    const pyodide = await downloads.guard(
      loadPyodide({ ...options, stdLibURL: runtimeURL + STDLIB_FILES[which] }),
    );
    if (packages.length) await downloads.guard(pyodide.loadPackage(packages, { messageCallback: () => {} }));
    return pyodide;
  };
  const restore = downloads.interceptFetch();
  try {
    if (chosen !== "full") {
      try {
        return { pyodide: await start(chosen), stdlib: chosen, fallback };
      } catch (error) {
        if (error instanceof BootError) throw error;
        fallback = `Python could not start with it: ${error && error.message}`;
        downloads.expect([WASM, STDLIB_FILES.full]);
      }
    }
    return { pyodide: await start("full"), stdlib: "full", fallback };
  } finally {
    restore();
  }
}

// The runtime's downloads for one boot: started early, counted for progress, inflated and
// checked against the manifest, and failing the boot by name on any bad response.
class Downloads {
  constructor(runtimeURL, cache, onProgress) {
    this.runtimeURL = runtimeURL;
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
    this.failed = new Promise((_, reject) => {
      this.fail = reject;
    });
    this.failed.catch(() => {});
  }

  async manifest() {
    const name = MANIFEST;
    let response;
    try {
      response = await this.fetch(this.runtimeURL + name, { cache: this.cache });
    } catch {
      throw new BootError(`Could not download ${name}.`, name);
    }
    if (!response.ok) throw new BootError(`Could not download ${name} (HTTP ${response.status}).`, name);
    return response.json();
  }

  useManifest(manifest) {
    this.manifestData = manifest;
  }

  expect(names) {
    this.expected = names;
    for (const name of names) this.start(name, this.manifestData);
    this.report();
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
  guard(promise, file = null) {
    return Promise.race([
      Promise.resolve(promise).catch((error) => {
        if (file && !(error instanceof BootError)) throw new BootError(`Could not load ${file}.`, file);
        throw error;
      }),
      this.failed,
    ]);
  }

  start(name, manifest) {
    if (this.started.has(name)) return this.started.get(name);
    const { url, encoding } = encodedURL(this.runtimeURL, manifest, name);
    const wire = url.slice(this.runtimeURL.length);
    const promise = this.fetch(url, { cache: this.cache }).then(
      (response) => this.decode(name, wire, encoding, response),
      () => this.failWith(new BootError(`Could not download ${wire}.`, wire)),
    );
    promise.catch(() => {});
    this.started.set(name, promise);
    return promise;
  }

  failWith(error) {
    this.fail(error);
    throw error;
  }

  decode(name, wire, encoding, response) {
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
    watch.pipeTo(new WritableStream()).catch((error) => this.fail(error instanceof BootError ? error : broken()));
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
  // downloads, and fail the boot at once, by name, if any other runtime file cannot be fetched.
  interceptFetch() {
    const original = globalThis.fetch;
    const downloads = this;
    globalThis.fetch = async function (input, init) {
      const url = String(input instanceof Request ? input.url : input);
      const prefetched = downloads.prefetched.get(url);
      if (prefetched) {
        downloads.prefetched.delete(url);
        const name = url.split("/").pop().split("?")[0];
        return prefetched.then(
          (response) => {
            if (!response.ok) downloads.fail(new BootError(`Could not download ${name} (HTTP ${response.status}).`, name));
            return response;
          },
          (error) => {
            downloads.fail(new BootError(`Could not download ${name}.`, name));
            throw error;
          },
        );
      }
      if (url.startsWith(downloads.runtimeURL)) {
        const name = url.slice(downloads.runtimeURL.length).split("?")[0];
        if (name === WASM || Object.values(STDLIB_FILES).includes(name)) {
          // A body is read once: a second boot in this worker downloads (from the cache) anew.
          if (downloads.handedOut.has(name)) downloads.started.delete(name);
          downloads.handedOut.add(name);
          return downloads.start(name, downloads.manifestData);
        }
        try {
          const response = await original(input, init);
          if (!response.ok) downloads.fail(new BootError(`Could not download ${name} (HTTP ${response.status}).`, name));
          return response;
        } catch (error) {
          downloads.fail(new BootError(`Could not download ${name}.`, name));
          throw error;
        }
      }
      return original(input, init);
    };
    return () => {
      globalThis.fetch = original;
    };
  }
}
