// Keeps what a boot made in the reader's own browser, for the next boot: the inflated wasm
// binary (not inflated again; still compiled again, as Chromium keeps compiled code only for
// responses with a URL) and memory snapshots of a started Python. Nothing here goes on the wire. Entries are keyed by
// the runtime's digest, so a new build never uses a stale one; every failure of the storage
// (none in this context, quota, a corrupt entry) reads as "not cached" and boots the plain way.
const CACHE_NAME = "pyodide-runtime";
const WASM = "pyodide.asm.wasm";
const SNAPSHOTS = "memory-snapshot/";

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// A memory snapshot is mostly untouched pages: only the pages holding data are kept (about
// 12 of 31 MB), behind a header [magic, size, page size, page count] and a map of those pages.
const SNAPSHOT_MAGIC = 0x66766473;
const PAGE = 4096;
const HEADER_BYTES = 16;

function packSnapshot(bytes) {
  const pages = Math.ceil(bytes.length / PAGE);
  const map = new Uint8Array(pages);
  let kept = 0;
  for (let page = 0; page < pages; page++) {
    const start = page * PAGE;
    const end = Math.min(start + PAGE, bytes.length);
    for (let index = start; index < end; index++) {
      if (bytes[index]) {
        map[page] = 1;
        kept++;
        break;
      }
    }
  }
  const dataStart = HEADER_BYTES + Math.ceil(pages / 4) * 4;
  const packed = new Uint8Array(dataStart + kept * PAGE);
  new Uint32Array(packed.buffer, 0, 4).set([SNAPSHOT_MAGIC, bytes.length, PAGE, pages]);
  packed.set(map, HEADER_BYTES);
  let offset = dataStart;
  for (let page = 0; page < pages; page++) {
    if (!map[page]) continue;
    packed.set(bytes.subarray(page * PAGE, Math.min((page + 1) * PAGE, bytes.length)), offset);
    offset += PAGE;
  }
  return packed;
}

// Unpacks a kept snapshot as it streams in. `bytes` resolves, as soon as the header is read,
// with the whole memory (zeros where no page was kept); `filled` once every kept page is in it.
function unpackSnapshot(stream) {
  let resolveBytes;
  let rejectBytes;
  const bytes = new Promise((resolve, reject) => {
    resolveBytes = resolve;
    rejectBytes = reject;
  });
  const filled = (async () => {
    const reader = stream.getReader();
    let head = new Uint8Array(0);
    let header = null;
    let chunk = null;
    while (!header) {
      const { done, value } = await reader.read();
      if (done) throw new Error("the kept memory snapshot is truncated");
      const joined = new Uint8Array(head.length + value.length);
      joined.set(head);
      joined.set(value, head.length);
      head = joined;
      header = snapshotHeader(head);
    }
    const { size, pages, dataStart } = header;
    const map = head.subarray(HEADER_BYTES, HEADER_BYTES + pages);
    const keptPages = [];
    map.forEach((flag, page) => flag && keptPages.push(page));
    const memory = new Uint8Array(size);
    resolveBytes(memory);
    // Stored pages follow the map back to back, each in a full page's room (the last memory
    // page may be shorter).
    let received = 0;
    chunk = head.subarray(dataStart);
    for (;;) {
      let offset = 0;
      while (offset < chunk.length) {
        const slot = Math.floor(received / PAGE);
        if (slot >= keptPages.length) throw new Error("the kept memory snapshot is too long");
        const within = received % PAGE;
        const length = Math.min(chunk.length - offset, PAGE - within);
        const target = keptPages[slot] * PAGE + within;
        const room = Math.max(0, Math.min(length, size - target));
        memory.set(chunk.subarray(offset, offset + room), target);
        offset += length;
        received += length;
      }
      const { done, value } = await reader.read();
      if (done) break;
      chunk = value;
    }
    if (received !== keptPages.length * PAGE) throw new Error("the kept memory snapshot is truncated");
    return memory;
  })();
  filled.catch(rejectBytes); // no effect once the header was read
  return { bytes, filled };
}

// {size, pages, dataStart} once `head` holds the header and the page map; null before.
function snapshotHeader(head) {
  if (head.length < HEADER_BYTES) return null;
  const [magic, size, pageSize, pages] = new Uint32Array(head.buffer, head.byteOffset, 4);
  if (magic !== SNAPSHOT_MAGIC || pageSize !== PAGE || pages !== Math.ceil(size / PAGE)) {
    throw new Error("the kept memory snapshot is not one this page wrote");
  }
  const dataStart = HEADER_BYTES + Math.ceil(pages / 4) * 4;
  return head.length >= dataStart ? { size, pages, dataStart } : null;
}

export class RuntimeCache {
  constructor(runtimeURL) {
    this.runtimeURL = runtimeURL;
    this.opened = null;
  }

  open() {
    this.opened ??= Promise.resolve()
      .then(() => globalThis.caches.open(CACHE_NAME))
      .catch(() => null);
    return this.opened;
  }

  async attempt(action, fallback = null) {
    try {
      const cache = await this.open();
      return cache ? await action(cache) : fallback;
    } catch (error) {
      console.warn(`Runtime cache: ${error && error.message ? error.message : error}`);
      return fallback;
    }
  }

  wasmKey(runtimeDigest) {
    return `${this.runtimeURL}${WASM}?runtime=${runtimeDigest}`;
  }

  // {digest} of the runtime whose binary is kept, or null.
  keptWasm() {
    const prefix = `${this.runtimeURL}${WASM}?runtime=`;
    return this.attempt(async (cache) => {
      const kept = (await cache.keys()).find((request) => request.url.startsWith(prefix));
      return kept ? { digest: kept.url.slice(prefix.length) } : null;
    });
  }

  // The inflated binary kept for this runtime, or null.
  wasm(runtimeDigest) {
    return this.attempt(async (cache) => (await cache.match(this.wasmKey(runtimeDigest))) ?? null);
  }

  // Stores the binary as it is read by the boot; other runtimes' binaries go.
  putWasm(runtimeDigest, response) {
    return this.attempt(async (cache) => {
      await this.deleteOthers(cache, `${this.runtimeURL}${WASM}?`, this.wasmKey(runtimeDigest));
      await cache.put(this.wasmKey(runtimeDigest), response);
      return true;
    }, false);
  }

  deleteWasm(runtimeDigest) {
    return this.attempt((cache) => cache.delete(this.wasmKey(runtimeDigest)), false);
  }

  // A snapshot's key names everything its memory depends on (runtime, standard library,
  // packages, the caller's own set-up), hashed.
  // Null where nothing can be kept (no Cache Storage or no digest outside a secure context).
  async snapshotKey(name, parts) {
    if (!(await this.open()) || !globalThis.crypto?.subtle) return null;
    return `${this.snapshotURL(name)}?key=${await sha256Hex(JSON.stringify(parts))}`;
  }

  snapshotURL(name) {
    return `${this.runtimeURL}${SNAPSHOTS}${encodeURIComponent(name)}`;
  }

  // The snapshot kept under this name, whatever its key, as {key, bytes, filled} (being read,
  // see unpackSnapshot), or null: the caller checks the key once it knows the one it needs.
  keptSnapshot(name) {
    return this.attempt(async (cache) => {
      const [request] = await cache.keys(this.snapshotURL(name), { ignoreSearch: true });
      const response = request && (await cache.match(request));
      if (!response?.body) return null;
      const { bytes, filled } = unpackSnapshot(response.body);
      bytes.catch(() => {});
      filled.catch(() => {});
      return { key: request.url, bytes, filled };
    });
  }

  putSnapshot(key, bytes) {
    return this.attempt(async (cache) => {
      const response = new Response(packSnapshot(bytes), { headers: { "Content-Type": "application/octet-stream" } });
      await this.deleteOthers(cache, key.slice(0, key.indexOf("?") + 1), key);
      await cache.put(key, response);
      return true;
    }, false);
  }

  deleteSnapshot(key) {
    return this.attempt((cache) => cache.delete(key), false);
  }

  // Entries of the same kind as `keep` (same URL up to `prefix`) for another build.
  async deleteOthers(cache, prefix, keep) {
    for (const request of await cache.keys()) {
      if (request.url.startsWith(prefix) && request.url !== keep) await cache.delete(request);
    }
  }
}
