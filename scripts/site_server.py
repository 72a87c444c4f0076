"""Serve a built site under a sub-path, as GitHub Pages serves a project site, on a chosen network.

``serve(site_dir)`` yields the base URL; ``serve_site(site_dir, network=FOUR_G)`` yields a
:class:`ServedSite` that also counts the bytes sent. A :class:`Network` delays every response
by one round trip and shares one download bandwidth between all responses in flight, workers'
requests included, which browser-side throttling may miss.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import mimetypes
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Route

BASE_PATH = "/flask-vs-django/"

# GitHub Pages serves these types; Python's table lacks some of them on older systems.
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("application/wasm", ".wasm")


# Like GitHub Pages: text is gzip-compressed on the fly and everything may be cached ten minutes.
# (A .gz file is served as it is, without Content-Encoding, which the quiz page relies on.)
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
WASM_TYPE = "application/wasm"
CACHE_CONTROL = "max-age=600"
CHUNK = 16 * 1024


@dataclass(frozen=True)
class Network:
    """A reader's link: download bandwidth in bytes per second (None: unlimited), round trip."""

    name: str
    bytes_per_second: float | None
    round_trip_s: float


LOCALHOST = Network("localhost", None, 0.0)
FOUR_G = Network("4G", 9_000_000 / 8, 0.170)
BROADBAND = Network("broadband", 30_000_000 / 8, 0.040)
NETWORKS = {network.name: network for network in (LOCALHOST, FOUR_G, BROADBAND)}


@dataclass
class Link:
    """One shared downlink: each chunk waits for the link to be free, so bandwidth is shared."""

    network: Network
    bytes_sent: int = 0
    _free_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, size: int) -> None:
        with self._lock:
            self.bytes_sent += size
            if self.network.bytes_per_second is None:
                return
            now = time.monotonic()
            self._free_at = max(now, self._free_at) + size / self.network.bytes_per_second
            wait = self._free_at - now
        time.sleep(wait)


@dataclass
class ServedSite:
    """A running server: its base URL and the bytes it has sent (headers and bodies)."""

    url: str
    link: Link

    @property
    def bytes_sent(self) -> int:
        return self.link.bytes_sent

    def reset_count(self) -> None:
        with self.link._lock:
            self.link.bytes_sent = 0


class SubPathHandler(SimpleHTTPRequestHandler):
    """Files under ``BASE_PATH`` map to the site directory; anything else is a 404."""

    link: Link = Link(LOCALHOST)
    compressed_types: tuple[str, ...] = COMPRESSED_TYPES
    cache_control: str = CACHE_CONTROL
    _gzip_cache: ClassVar[dict[tuple[str, float], bytes]] = {}

    def end_headers(self) -> None:
        self.send_header("Cache-Control", self.cache_control)
        super().end_headers()

    def flush_headers(self) -> None:
        buffered = getattr(self, "_headers_buffer", [])
        self.link.send(sum(len(line) for line in buffered))
        super().flush_headers()

    def copyfile(self, source: Any, outputfile: Any) -> None:
        while chunk := source.read(CHUNK):
            self.link.send(len(chunk))
            outputfile.write(chunk)

    def handle_one_request(self) -> None:
        # The request's trip to the server and the response's first byte back: one round trip.
        if self.link.network.round_trip_s:
            if isinstance(self.rfile, io.BufferedReader):
                self.rfile.peek(1)  # wait for a request before charging its round trip
            time.sleep(self.link.network.round_trip_s)
        super().handle_one_request()

    def gzipped(self, path: str) -> bytes:
        """A CDN compresses a file once, not per request: so does this server."""
        key = (path, os.path.getmtime(path))
        if key not in self._gzip_cache:
            self._gzip_cache[key] = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        return self._gzip_cache[key]

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the base class redirects to the slashed URL
            path = os.path.join(path, "index.html")
        content_type = self.guess_type(path)
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        compressible = os.path.isfile(path) and content_type.startswith(self.compressed_types)
        if not (accepts_gzip and compressible):
            return super().send_head()
        body = self.gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(BASE_PATH):
            return str(Path(self.directory) / "__outside_base_path__")
        return super().translate_path("/" + clean[len(BASE_PATH) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Like GitHub Pages, answer a missing file with the site's own 404 page.
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.exists():
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests and benchmarks print their own figures."""


class QuietServer(ThreadingHTTPServer):
    """A browser that cancels a download (as tests do on purpose) is not a server error."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_site(
    site_dir: Path,
    port: int = 0,
    *,
    network: Network = LOCALHOST,
    compress_wasm: bool = False,
    cache_control: str = CACHE_CONTROL,
) -> Iterator[ServedSite]:
    """Serve ``site_dir`` on 127.0.0.1 in a thread, over ``network``.

    ``compress_wasm`` gzips `.wasm` too, as CDNs do (GitHub Pages does not document it);
    ``cache_control`` is sent with every response (GitHub Pages: ``max-age=600``).
    """
    link = Link(network)
    handler_class = type(
        "ThrottledHandler",
        (SubPathHandler,),
        {
            "link": link,
            "compressed_types": COMPRESSED_TYPES + ((WASM_TYPE,) if compress_wasm else ()),
            "cache_control": cache_control,
            "_gzip_cache": {},
        },
    )
    handler = functools.partial(handler_class, directory=str(site_dir))
    server = QuietServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}", link)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def serve(site_dir: Path, port: int = 0, **options: Any) -> Iterator[str]:
    """Serve ``site_dir`` like :func:`serve_site`; yield the site's base URL."""
    with serve_site(site_dir, port, **options) as served:
        yield served.url


def allow_instant_navigation(target: Page | BrowserContext, site_url: str) -> None:
    """Let Material's instant navigation work on this server's port, in a page or a context.

    Material navigates instantly only to addresses listed in sitemap.xml, which names the pages
    at mkdocs.yml's site_url (port 8000 by default); this server listens on another port, so
    without this every click is a full page load. Routing turns Chromium's HTTP cache off for
    the target: use it only where instant navigation is needed.
    """

    def rebase(route: Route) -> None:
        response = route.fetch()
        body = re.sub(rf"https?://[^<]+?{BASE_PATH}", site_url, response.text())
        route.fulfill(response=response, body=body)

    target.route("**/sitemap.xml", rebase)
