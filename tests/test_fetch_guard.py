"""Fetching from the web, from the command line and with hosts written in unusual ways.

The CLI tests run a real http.server on 127.0.0.1: ``convert URL`` must refuse
it unless private addresses are allowed (flag or setting), and then convert
the page. The host tests resolve names without DNS (numeric forms only, through
``getaddrinfo(AI_NUMERICHOST)``) and intercept HTTP with ``responses``.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import responses
from fixtures.bad_inputs import invoke, temp_leftovers, write_config
from fixtures.local_server import serving

from audioreview.errors import FetchError
from audioreview.ingest.fetch import fetch_url
from audioreview.settings import Settings

PUBLIC = "93.184.215.14"
PAGE = (
    b"<!doctype html><html lang='en'><head><title>Harbour Lights</title>"
    b"<meta name='author' content='Ann Lee'></head><body><article><h1>Harbour Lights</h1>"
    b"<p>The film opens on a quiet harbour at dawn. It is slow and lovely.</p>"
    b"<p>The second act drags a little, but the ending lands well.</p></article></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
        type(self).requests.append(self.path)
        if self.path == "/hop":
            self.send_response(302)
            self.send_header("Location", "/review.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.requests = []
    with serving(_Handler) as url:
        yield url


@pytest.mark.parametrize(
    ("path", "flags", "setting", "code"),
    [
        pytest.param("/review.html", [], None, 1, id="refused"),
        pytest.param("/hop", [], None, 1, id="refused-before-the-redirect"),
        pytest.param("/review.html", ["--allow-private"], None, 0, id="allowed-by-flag"),
        pytest.param("/review.html", [], True, 0, id="allowed-by-config"),
        pytest.param("/hop", ["--allow-private"], None, 0, id="allowed-through-a-redirect"),
    ],
)
def test_convert_a_loopback_url(
    server: str, tmp_path: Path, path: str, flags: list[str], setting: bool | None, code: int
) -> None:
    extra = {"allow_private": True} if setting else {}
    config = write_config(tmp_path / "audioreview.toml", tmp_path / "cache", **extra)
    out = tmp_path / "out"
    url = server + path
    result = invoke(["--config", str(config), "convert", "-q", "--json", url, "-o", str(out), *flags])
    assert result.exit_code == code, result.stderr
    assert "Traceback" not in result.stderr
    assert temp_leftovers(tmp_path) == []
    if code:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and url in lines[0] and "private or local address" in lines[0]
        assert "allow_private" in lines[0]
        assert _Handler.requests == []  # refused before any request was made
        assert not out.exists()
        return
    manifest = json.loads(result.stdout)
    assert manifest["title"] == "Harbour Lights" and manifest["url"] == server + "/review.html"
    folder = out / manifest["slug"]
    assert "quiet harbour at dawn" in (folder / f"{manifest['slug']}.txt").read_text(encoding="utf-8")
    assert _Handler.requests[-1] == "/review.html"


def numeric_only(host: str, port: int) -> Sequence[str]:
    """Resolve numeric host forms the way the system does, never asking DNS; names are public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except socket.gaierror:
        return [PUBLIC]
    return sorted({str(info[4][0]) for info in infos})


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/review",  # 127.0.0.1 as one decimal number
        "http://0x7f.1/review",  # hexadecimal, short form
        "http://127.1/review",
        "http://017700000001/review",  # octal
        "http://[::ffff:127.0.0.1]/review",  # IPv4-mapped IPv6
        "http://[::ffff:7f00:1]/review",
        "http://[::1]:8080/review",
        "http://reviews.example@127.0.0.1/review",  # user info that looks like a host
        "http://0.0.0.0:8000/review",
        "http://[::]/review",
        "http://100.64.0.1/review",  # carrier-grade NAT
        "http://[fd00::1]/review",  # unique local
        "http://[fe80::1%25eth0]/review",  # link-local with a zone
        "https://192.168.0.1/review",
    ],
)
def test_unusual_spellings_of_private_hosts_are_refused(url: str) -> None:
    with responses.RequestsMock() as mock, pytest.raises(FetchError, match="private or local address"):
        fetch_url(url, Settings(), resolver=numeric_only)
    assert len(mock.calls) == 0


@pytest.mark.parametrize(
    "location",
    ["//127.0.0.1/admin", "http://2130706433/admin", "http://[::ffff:7f00:1]/admin", "http://10.0.0.1/admin"],
)
def test_redirects_to_private_hosts_are_refused(location: str) -> None:
    with responses.RequestsMock() as mock:
        mock.get("https://reviews.example/a", status=302, headers={"Location": location})
        with pytest.raises(FetchError, match="private or local address") as info:
            fetch_url("https://reviews.example/a", Settings(), resolver=numeric_only)
        assert len(mock.calls) == 1
    assert str(info.value).startswith("https://reviews.example/a -> ")


@pytest.mark.parametrize(
    "url",
    ["gopher://reviews.example/1", "file:///etc/passwd", "javascript:alert(1)", "data:text/html,<p>x</p>"],
)
def test_other_schemes_are_refused(url: str) -> None:
    with responses.RequestsMock() as mock, pytest.raises(FetchError, match="only http and https"):
        fetch_url(url, Settings(), resolver=numeric_only)
    assert len(mock.calls) == 0
