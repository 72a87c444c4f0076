"""Serve a built site under a sub-path, as GitHub Pages serves a project site."""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import mimetypes
import os
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BASE_PATH = "/flask-vs-django/"

# GitHub Pages serves these types; Python's table lacks some of them on older systems.
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("application/wasm", ".wasm")


# Like GitHub Pages: text is gzip-compressed on the fly and everything may be cached ten minutes.
# (A .gz file is served as it is, without Content-Encoding, which the quiz page relies on.)
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
CACHE_CONTROL = "max-age=600"


class SubPathHandler(SimpleHTTPRequestHandler):
    """Files under ``BASE_PATH`` map to the site directory; anything else is a 404."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the base class redirects to the slashed URL
            path = os.path.join(path, "index.html")
        content_type = self.guess_type(path)
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        compressible = os.path.isfile(path) and content_type.startswith(COMPRESSED_TYPES)
        if not (accepts_gzip and compressible):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
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
def serve(site_dir: Path, port: int = 0) -> Iterator[str]:
    """Serve ``site_dir`` on 127.0.0.1 in a thread; yield the site's base URL."""
    handler = functools.partial(SubPathHandler, directory=str(site_dir))
    server = QuietServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
