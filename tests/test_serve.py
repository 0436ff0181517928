"""The preview server: ranges, HEAD, content types, and nothing outside the folder."""

from __future__ import annotations

import http.client
import os
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fixtures.local_server import served

from audioreview.errors import PublishError
from audioreview.publish.serve import content_type, make_server, parse_range

DATA = bytes(range(256)) * 40  # 10240 bytes


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("serve")
    root = tmp_path / "site"
    (root / "qh").mkdir(parents=True)
    (root / "qh" / "qh.mp3").write_bytes(DATA)
    (root / "qh" / "qh.vtt").write_text("WEBVTT\n", encoding="utf-8")
    (root / "qh" / "qh.json").write_text("{}", encoding="utf-8")
    (root / "qh" / "qh.chapters.json").write_text('{"version": "1.2.0", "chapters": []}', encoding="utf-8")
    (root / "qh" / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (root / "feed.xml").write_text("<rss/>", encoding="utf-8")
    (root / "other.xml").write_text("<x/>", encoding="utf-8")
    (root / "empty").mkdir()
    (root / ".audioreview").mkdir()
    (root / ".audioreview" / "state.sqlite").write_text("private state", encoding="utf-8")
    (root / "qh" / ".lock").write_text("", encoding="utf-8")
    (root / "big.mp3").write_bytes(DATA * 800)  # 8 MB: more than the socket buffers hold
    (tmp_path / "secret.txt").write_text("top secret", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", root / "link.txt")
    return root


def _port(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


def _running(site: Path, **options: bool) -> Iterator[int]:
    with served(site, **options) as url:
        yield _port(url)


@pytest.fixture(scope="module")
def port(site: Path) -> Iterator[int]:
    yield from _running(site)


@pytest.fixture(scope="module")
def cors_port(site: Path) -> Iterator[int]:
    yield from _running(site, cors=True)


def _request(port: int, path: str, method: str = "GET", headers: dict[str, str] | None = None
             ) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def test_binds_to_loopback_by_default(site: Path) -> None:
    server = make_server(site, port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_full_get_advertises_ranges(port: int) -> None:
    status, headers, body = _request(port, "/qh/qh.mp3")
    assert status == 200 and body == DATA
    assert headers["content-length"] == str(len(DATA))
    assert headers["accept-ranges"] == "bytes"
    assert headers["content-type"] == "audio/mpeg"


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=10-19", 10, 19), ("bytes=10240-99999", None, None), ("bytes=10000-", 10000, 10239),
     ("bytes=-16", 10224, 10239), ("bytes=0-0", 0, 0), ("bytes=10200-20000", 10200, 10239),
     ("bytes=-20000", 0, 10239)],
)
def test_single_range_gets_206_with_the_right_bytes(port: int, header: str, start: int | None,
                                                    end: int | None) -> None:
    status, headers, body = _request(port, "/qh/qh.mp3", headers={"Range": header})
    if start is None:
        assert status == 416
        assert headers["content-range"] == f"bytes */{len(DATA)}"
        return
    assert status == 206
    assert headers["content-range"] == f"bytes {start}-{end}/{len(DATA)}"
    assert headers["content-length"] == str(end - start + 1)
    assert body == DATA[start:end + 1]


@pytest.mark.parametrize("header", ["bytes=20000-", "bytes=10240-", "bytes=-0"])
def test_unsatisfiable_range_gets_416(port: int, header: str) -> None:
    status, headers, body = _request(port, "/qh/qh.mp3", headers={"Range": header})
    assert status == 416 and headers["content-range"] == f"bytes */{len(DATA)}" and body == b""


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "items=0-4", "bytes=9-3", "bytes=abc"])
def test_ranges_we_do_not_serve_fall_back_to_the_whole_file(port: int, header: str) -> None:
    status, _, body = _request(port, "/qh/qh.mp3", headers={"Range": header})
    assert status == 200 and body == DATA


def test_head_sends_the_length_and_no_body(port: int) -> None:
    status, headers, body = _request(port, "/qh/qh.mp3", method="HEAD")
    assert status == 200 and body == b""
    assert headers["content-length"] == str(len(DATA)) and headers["content-type"] == "audio/mpeg"
    status, headers, body = _request(port, "/qh/qh.mp3", method="HEAD", headers={"Range": "bytes=0-99"})
    assert status == 206 and body == b"" and headers["content-length"] == "100"


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/qh/qh.vtt", "text/vtt"), ("/qh/qh.json", "application/json"), ("/feed.xml", "application/rss+xml"),
     ("/other.xml", "application/xml"), ("/qh/index.html", "text/html"),
     ("/qh/qh.chapters.json", "application/json+chapters")],
)
def test_content_types(port: int, path: str, expected: str) -> None:
    status, headers, _ = _request(port, path)
    assert status == 200
    assert headers["content-type"].split(";")[0] == expected


def test_folders_serve_their_index_and_redirect_without_slash(port: int) -> None:
    status, headers, body = _request(port, "/qh/")
    assert status == 200 and body.startswith(b"<!doctype html>")
    status, headers, _ = _request(port, "/qh")
    assert status == 301 and headers["location"] == "/qh/"
    assert _request(port, "/empty/")[0] == 404


@pytest.mark.parametrize(
    "path",
    ["/../secret.txt", "/qh/../../secret.txt", "/%2e%2e/secret.txt", "/qh/%2E%2E/%2E%2E/secret.txt",
     "/..%2fsecret.txt", "/link.txt", "/qh/..\\..\\secret.txt", "/missing.mp3", "/%00"],
)
def test_nothing_outside_the_folder_is_served(port: int, path: str) -> None:
    status, _, body = _request(port, path)
    assert status in (403, 404)
    assert b"top secret" not in body


def test_writes_are_refused(port: int) -> None:
    assert _request(port, "/qh/qh.mp3", method="POST")[0] == 501


def test_make_server_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="not a folder"):
        make_server(tmp_path / "nope", port=0)


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [("bytes=0-99", 1000, (0, 99)), ("bytes=900-", 1000, (900, 999)), ("bytes=-100", 1000, (900, 999)),
     ("bytes=990-2000", 1000, (990, 999)), ("bytes=1-2,4-5", 1000, None), ("pages=1-2", 1000, None),
     (" bytes=5-9 ", 1000, (5, 9)), ("bytes=-", 1000, None)],
)
def test_parse_range(header: str, size: int, expected: tuple[int, int] | None) -> None:
    assert parse_range(header, size) == expected


@pytest.mark.parametrize(("header", "size"), [("bytes=1000-", 1000), ("bytes=-0", 1000), ("bytes=-5", 0)])
def test_parse_range_unsatisfiable(header: str, size: int) -> None:
    with pytest.raises(ValueError):
        parse_range(header, size)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.mp3", "audio/mpeg"), ("feed.xml", "application/rss+xml; charset=utf-8"), ("a.bin", "application/octet-stream"),
     ("a.VTT", "text/vtt; charset=utf-8")],
)
def test_content_type_table(name: str, expected: str) -> None:
    assert content_type(name) == expected


@pytest.mark.parametrize("path", ["/.audioreview/state.sqlite", "/.audioreview/", "/qh/.lock", "/%2Eaudioreview/state.sqlite"])
def test_hidden_files_are_never_served(port: int, path: str) -> None:
    status, _, body = _request(port, path)
    assert status == 404 and b"private state" not in body


def test_a_favicon_is_served(port: int) -> None:
    status, headers, body = _request(port, "/favicon.ico")
    assert status == 200 and headers["content-type"] == "image/svg+xml" and body.startswith(b"<svg")


def test_no_cors_header_unless_asked(port: int, cors_port: int) -> None:
    assert "access-control-allow-origin" not in _request(port, "/qh/qh.vtt")[1]
    status, headers, _ = _request(cors_port, "/qh/qh.vtt", headers={"Origin": "https://blog.example"})
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    assert "Content-Range" in headers["access-control-expose-headers"]
    status, headers, _ = _request(cors_port, "/qh/qh.mp3", headers={"Range": "bytes=0-9"})
    assert status == 206 and headers["access-control-allow-origin"] == "*"


def test_cors_preflight(cors_port: int) -> None:
    status, headers, body = _request(cors_port, "/qh/qh.mp3", method="OPTIONS", headers={
        "Origin": "https://blog.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "range"})
    assert status == 204 and body == b""
    assert headers["access-control-allow-origin"] == "*" and "Range" in headers["access-control-allow-headers"]


def test_a_cancelled_download_prints_nothing(site: Path, capfd: pytest.CaptureFixture[str]) -> None:
    with served(site) as url:
        port = _port(url)
        for _ in range(3):
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(b"GET /big.mp3 HTTP/1.1\r\nHost: x\r\n\r\n")
            sock.recv(4096)
            # Reset instead of a polite close, as a browser does when it cancels.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(
                t.name.endswith("(process_request_thread)") for t in threading.enumerate()):
            time.sleep(0.05)
        assert _request(port, "/qh/qh.vtt")[0] == 200  # still serving
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Broken pipe" not in err and "reset" not in err.lower()
