// Keeps what a boot made in the reader's own browser, for the next boot: the inflated wasm
// binary (not inflated again; still compiled again, as Chromium keeps compiled code only for
// responses with a URL) and memory snapshots of a started Python. Nothing here goes on the wire. Entries carry
// the runtime's digest, so a new build never uses a stale one; every failure of the storage
// (none in this context, quota, a corrupt entry) reads as "not cached" and boots the plain way.
const CACHE_NAME = "pyodide-runtime";
const WASM = "pyodide.asm.wasm";
const SNAPSHOTS = "memory-snapshot/";

// The SHA-256 of a text or of bytes, in hex.
export async function sha256Hex(data) {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// Each kind of entry has one fixed URL and carries the key of what made it in this header, so
// a boot finds it, and learns whether it fits, in one look-up rather than a listing of keys and
// then a match: each answer waits for the worker's thread, busy parsing Pyodide meanwhile.
const KEY_HEADER = "X-Kept-Key";

async function keptAt(cache, url) {
  const response = await cache.match(url);
  const key = response?.headers.get(KEY_HEADER);
  if (key) return { key, response };
  response?.body?.cancel();
  return null;
}

// A memory snapshot is mostly untouched pages: only the pages holding data are kept (about
// 12 of 31 MB), behind a header [magic, size, page size, page count] and a map of those pages.
const SNAPSHOT_MAGIC = 0x66766473;
const PAGE = 4096;
const HEADER_BYTES = 16;

export function packSnapshot(bytes) {
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

// The kept snapshot as the site's Pyodide loader takes it (patched: scripts/pyodide_patch.py),
// with no 31 MB copy in between: a view of the snapshot's full length (the loader sizes the new
// memory by it; a zeroed buffer costs nothing until written) holding only Pyodide's own header,
// whose restoreMemory() writes the kept pages straight into the new memory. Skipped pages are
// zero there already, except in the ranges the new runtime has written, which it names.
export function keptSnapshotView(buffer) {
  const header = buffer.byteLength >= HEADER_BYTES ? new Uint32Array(buffer, 0, 4) : [];
  const [magic, size, pageSize, pages] = header;
  const dataStart = HEADER_BYTES + Math.ceil(pages / 4) * 4;
  if (magic !== SNAPSHOT_MAGIC || pageSize !== PAGE || pages !== Math.ceil(size / PAGE) || buffer.byteLength < dataStart + 8) {
    throw new Error("the kept memory snapshot is not one this page wrote");
  }
  const map = new Uint8Array(buffer, HEADER_BYTES, pages);
  const kept = map.reduce((sum, flag) => sum + flag, 0);
  if (buffer.byteLength !== dataStart + kept * PAGE) throw new Error("the kept memory snapshot is truncated");
  // Pyodide's header (its length in its second word) fills the first pages, all kept.
  const memoryStart = new Uint32Array(buffer, dataStart, 2)[1];
  if (!map[0] || memoryStart > size || !map.subarray(0, Math.ceil(memoryStart / PAGE)).every(Boolean)) {
    throw new Error("the kept memory snapshot is not one this page wrote");
  }
  const data = new Uint8Array(buffer);
  const view = new Uint8Array(size);
  view.set(data.subarray(dataStart, dataStart + memoryStart));
  // `written`: [start, end) ranges of the memory that may not be zero before the restore.
  view.restoreMemory = (heap, written) => {
    let offset = dataStart;
    // Pages come in long runs: one copy (or clearing) per run, not one per page.
    for (let page = 0; page < pages; ) {
      let end = page;
      while (end < pages && map[end] === map[page]) end++;
      const from = Math.max(page * PAGE, memoryStart) - memoryStart;
      const to = Math.min(end * PAGE, size) - memoryStart;
      if (map[page]) {
        const at = offset - page * PAGE + memoryStart;
        if (to > from) heap.set(data.subarray(at + from, at + to), from);
        offset += (end - page) * PAGE;
      } else {
        for (const [start, stop] of written) {
          if (Math.max(from, start) < Math.min(to, stop)) heap.fill(0, Math.max(from, start), Math.min(to, stop));
        }
      }
      page = end;
    }
  };
  return view;
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

  wasmURL() {
    return `${this.runtimeURL}${WASM}`;
  }

  // The kept binary as {digest: of the runtime it belongs to, response}, or null.
  keptWasm() {
    return this.attempt(async (cache) => {
      const kept = await keptAt(cache, this.wasmURL());
      return kept && { digest: kept.key, response: kept.response };
    });
  }

  // Stores the binary (a stream of it, as the boot reads it) in place of any other.
  putWasm(runtimeDigest, body) {
    return this.attempt(async (cache) => {
      const headers = { "Content-Type": "application/wasm", [KEY_HEADER]: runtimeDigest };
      await this.deleteOthers(cache, this.wasmURL());
      await cache.put(this.wasmURL(), new Response(body, { headers }));
      return true;
    }, false);
  }

  deleteWasm() {
    return this.attempt((cache) => cache.delete(this.wasmURL()), false);
  }

  // A snapshot's key names everything its memory depends on (runtime, standard library,
  // packages, the caller's own set-up), hashed, after the URL it is kept at.
  // Null where nothing can be kept (no Cache Storage or no digest outside a secure context).
  async snapshotKey(name, parts) {
    if (!(await this.open()) || !globalThis.crypto?.subtle) return null;
    return `${this.snapshotURL(name)}?key=${await sha256Hex(JSON.stringify(parts))}`;
  }

  static snapshotURLOf(key) {
    return key.slice(0, key.indexOf("?"));
  }

  snapshotURL(name) {
    return `${this.runtimeURL}${SNAPSHOTS}${encodeURIComponent(name)}`;
  }

  // The snapshot kept under this name, whatever its key, as {key, bytes: Promise<Uint8Array>},
  // or null: the caller checks the key once it knows the one it needs. In a worker the entry is
  // read in one synchronous call: streamed, its chunks would each wait for the worker's thread,
  // busy starting Pyodide meanwhile.
  keptSnapshot(name) {
    return this.attempt(async (cache) => {
      const kept = await keptAt(cache, this.snapshotURL(name));
      if (!kept) return null;
      const blob = await kept.response.blob();
      const bytes = globalThis.FileReaderSync
        ? Promise.resolve().then(() => keptSnapshotView(new FileReaderSync().readAsArrayBuffer(blob)))
        : blob.arrayBuffer().then(keptSnapshotView);
      bytes.catch(() => {});
      return { key: kept.key, bytes };
    });
  }

  putSnapshot(key, bytes) {
    return this.attempt(async (cache) => {
      const headers = { "Content-Type": "application/octet-stream", [KEY_HEADER]: key };
      const url = RuntimeCache.snapshotURLOf(key);
      await this.deleteOthers(cache, url);
      await cache.put(url, new Response(packSnapshot(bytes), { headers }));
      return true;
    }, false);
  }

  deleteSnapshot(key) {
    return this.attempt((cache) => cache.delete(RuntimeCache.snapshotURLOf(key)), false);
  }

  // Entries kept at `url` with a query, as earlier builds of the site kept them.
  async deleteOthers(cache, url) {
    for (const request of await cache.keys(url, { ignoreSearch: true })) {
      if (request.url !== url) await cache.delete(request);
    }
  }
}
