"""The test server: GitHub Pages' sub-path, compression choices, and an emulated network."""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

import pytest

from scripts.site_server import FOUR_G, LOCALHOST, Network, serve_site

WASM = b"\0asm" + bytes(200_000)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>" + "x" * 5000)
    (tmp_path / "module.wasm").write_bytes(WASM)
    return tmp_path


def get(url: str) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        return response.read(), {key.lower(): value for key, value in response.headers.items()}


@pytest.mark.parametrize("compress_wasm", [False, True])
def test_wasm_is_compressed_only_when_asked_and_bytes_are_counted(
    site: Path, compress_wasm: bool
) -> None:
    with serve_site(site, network=LOCALHOST, compress_wasm=compress_wasm) as served:
        body, headers = get(f"{served.url}module.wasm")
        assert headers["cache-control"] == "max-age=600"
        assert headers["content-type"] == "application/wasm"
        assert (headers.get("content-encoding") == "gzip") is compress_wasm
        assert (len(body) < len(WASM)) is compress_wasm
        assert len(body) < served.bytes_sent < len(body) + 1000  # body plus headers
        served.reset_count()
        assert served.bytes_sent == 0
        _, headers = get(served.url)
        assert headers["content-encoding"] == "gzip"  # text always is, as on GitHub Pages


def test_a_network_delays_each_request_and_shares_its_bandwidth(site: Path) -> None:
    slow = Network("slow", bytes_per_second=400_000, round_trip_s=0.2)
    with serve_site(site, network=slow) as served:
        started = time.monotonic()
        body, _ = get(f"{served.url}module.wasm")
        elapsed = time.monotonic() - started
    # A round trip plus 200 kB at 400 kB/s: never faster than the link allows.
    assert elapsed >= 0.2 + len(body) / 400_000 * 0.95
    assert FOUR_G.bytes_per_second == 9_000_000 / 8 and FOUR_G.round_trip_s == 0.170
