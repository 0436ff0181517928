"""Fetching URLs: every rule checked without touching the network.

HTTP is intercepted with ``responses``; host names resolve through a fake
resolver. Two tests use a real server on 127.0.0.1 for what mocks cannot
show: a real read timeout and the connect-time peer check.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler

import pytest
import requests
import responses
from fixtures.local_server import serving

from audioreview.errors import FetchError
from audioreview.ingest import fetch as fetch_module
from audioreview.ingest import load
from audioreview.ingest.fetch import MAX_REDIRECTS, fetch_url, is_blocked_address
from audioreview.settings import Settings

PUBLIC = "93.184.215.14"
HOSTS = {
    "reviews.example": [PUBLIC],
    "other.example": [PUBLIC],
    "sneaky.example": [PUBLIC, "10.0.0.7"],
    "local.example": ["127.0.0.1"],
}
HTML = (
    b"<html><head><title>T</title></head><body><article><p>"
    + b"A review sentence. " * 40
    + b"</p></article></body></html>"
)


def fake_resolver(host: str, port: int) -> Sequence[str]:
    if host not in HOSTS:
        raise OSError("Name or service not known")
    return HOSTS[host]


def fetch(url: str, **settings: object) -> fetch_module.Fetched:
    return fetch_url(url, Settings(**settings), resolver=fake_resolver)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("address", "blocked"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("224.0.0.1", True),
        ("240.0.0.1", True),
        ("::1", True),
        ("fe80::1%eth0", True),
        ("fc00::1", True),
        ("::ffff:127.0.0.1", True),
        (PUBLIC, False),
        ("2606:4700:4700::1111", False),
    ],
)
def test_is_blocked_address(address: str, blocked: bool) -> None:
    assert is_blocked_address(address) is blocked


@responses.activate
def test_fetches_html_with_charset() -> None:
    responses.get("https://reviews.example/r", body=HTML, content_type="text/html; charset=ISO-8859-1")
    got = fetch("https://reviews.example/r")
    assert got.url == "https://reviews.example/r"
    assert (got.content_type, got.charset, got.data) == ("text/html", "ISO-8859-1", HTML)
    assert responses.calls[0].request.headers["User-Agent"].startswith("audioreview/")


@pytest.mark.parametrize(
    "url", ["ftp://reviews.example/r", "file:///etc/passwd", "javascript:alert(1)", "http:///nohost"]
)
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch(url)
    assert str(info.value).startswith(url)


@responses.activate
@pytest.mark.parametrize(
    "content_type", ["application/pdf", "image/png", "application/octet-stream", "video/mp4"]
)
def test_content_type_refused(content_type: str) -> None:
    responses.get("https://reviews.example/r", body=b"xx", content_type=content_type)
    with pytest.raises(FetchError, match=f"https://reviews.example/r: content type '{content_type}'"):
        fetch("https://reviews.example/r")


@responses.activate
@pytest.mark.parametrize(
    "content_type", ["text/plain", "text/markdown", "application/xhtml+xml", "text/xml", "application/xml"]
)
def test_text_content_types_accepted(content_type: str) -> None:
    responses.get("https://reviews.example/r", body=b"Title\n\nBody.", content_type=content_type)
    assert fetch("https://reviews.example/r").content_type == content_type


@responses.activate
def test_size_cap_from_content_length() -> None:
    responses.get(
        "https://reviews.example/big",
        body=b"x" * 2000,
        content_type="text/html",
        auto_calculate_content_length=True,
    )
    with pytest.raises(FetchError, match="2000 bytes, over the 1000-byte limit"):
        fetch("https://reviews.example/big", fetch_max_bytes=1000)


@responses.activate
def test_size_cap_while_streaming() -> None:
    # No Content-Length header: only counting while reading can stop it.
    responses.get("https://reviews.example/stream", body=b"y" * 200_000, content_type="text/html")
    with pytest.raises(FetchError, match="over the 1000-byte limit"):
        fetch("https://reviews.example/stream", fetch_max_bytes=1000)


@responses.activate
@pytest.mark.parametrize(
    "error", [requests.exceptions.ConnectTimeout("connect"), requests.exceptions.ReadTimeout("read")]
)
def test_timeout(error: Exception) -> None:
    responses.get("https://reviews.example/slow", body=error)
    with pytest.raises(FetchError, match=r"https://reviews.example/slow: timed out after 2 s"):
        fetch("https://reviews.example/slow", fetch_timeout_s=2.0)


@responses.activate
def test_connection_error_is_one_line() -> None:
    responses.get(
        "https://reviews.example/down", body=requests.exceptions.ConnectionError("refused\nsecond line")
    )
    with pytest.raises(FetchError) as info:
        fetch("https://reviews.example/down")
    assert str(info.value) == "https://reviews.example/down: cannot connect: ConnectionError"


@responses.activate
def test_http_error_status() -> None:
    responses.get("https://reviews.example/gone", status=404)
    with pytest.raises(FetchError, match="https://reviews.example/gone: HTTP 404"):
        fetch("https://reviews.example/gone")


def test_unresolvable_host() -> None:
    with pytest.raises(FetchError, match="cannot resolve host 'nowhere.example'"):
        fetch("https://nowhere.example/r")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/r",
        "http://[::1]/r",
        "http://local.example/r",
        "http://sneaky.example/r",  # one private address among public ones is enough
        "http://169.254.169.254/latest/meta-data",
    ],
)
def test_private_addresses_refused_before_any_request(url: str) -> None:
    with (
        responses.RequestsMock() as mock,
        pytest.raises(FetchError, match="private or local address") as info,
    ):
        fetch(url)
    assert len(mock.calls) == 0
    assert info.value.hint and "allow_private" in info.value.hint


@responses.activate
def test_redirects_followed_and_each_hop_checked() -> None:
    responses.get("https://reviews.example/a", status=301, headers={"Location": "/b"})
    responses.get("https://reviews.example/b", status=302, headers={"Location": "https://other.example/c"})
    responses.get("https://other.example/c", body=HTML, content_type="text/html")
    got = fetch("https://reviews.example/a")
    assert got.url == "https://other.example/c"
    assert [c.request.url for c in responses.calls] == [
        "https://reviews.example/a",
        "https://reviews.example/b",
        "https://other.example/c",
    ]


@responses.activate
def test_redirect_to_loopback_refused() -> None:
    responses.get(
        "https://reviews.example/a", status=302, headers={"Location": "http://127.0.0.1:8080/admin"}
    )
    with pytest.raises(FetchError) as info:
        fetch("https://reviews.example/a")
    message = str(info.value)
    assert message.startswith("https://reviews.example/a -> http://127.0.0.1:8080/admin: refusing")
    assert len(responses.calls) == 1


@responses.activate
def test_redirect_to_other_scheme_refused() -> None:
    responses.get("https://reviews.example/a", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match="only http and https"):
        fetch("https://reviews.example/a")


@responses.activate
def test_too_many_redirects() -> None:
    for i in range(MAX_REDIRECTS + 1):
        responses.get(f"https://reviews.example/{i}", status=302, headers={"Location": f"/{i + 1}"})
    responses.get(f"https://reviews.example/{MAX_REDIRECTS + 1}", body=HTML, content_type="text/html")
    with pytest.raises(FetchError, match=f"https://reviews.example/0: more than {MAX_REDIRECTS} redirects"):
        fetch("https://reviews.example/0")
    assert len(responses.calls) == MAX_REDIRECTS + 1


@responses.activate
def test_exactly_max_redirects_is_fine() -> None:
    for i in range(MAX_REDIRECTS):
        responses.get(f"https://reviews.example/{i}", status=302, headers={"Location": f"/{i + 1}"})
    responses.get(f"https://reviews.example/{MAX_REDIRECTS}", body=HTML, content_type="text/html")
    assert fetch("https://reviews.example/0").url == f"https://reviews.example/{MAX_REDIRECTS}"


@responses.activate
def test_load_url_parses_by_content_type_and_sets_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_module, "resolve_host", fake_resolver)
    body = b"---\ntitle: From the web\nrating: 3/5\n---\nA paragraph of review.\n"
    responses.get("https://reviews.example/post.txt", status=301, headers={"Location": "/post"})
    responses.get("https://reviews.example/post", body=body, content_type="text/markdown; charset=utf-8")
    review = load("https://reviews.example/post.txt")
    assert review.source == "https://reviews.example/post.txt"
    assert review.meta.title == "From the web"
    assert review.meta.url == "https://reviews.example/post"
    assert [b.text for b in review.blocks] == ["A paragraph of review."]


@responses.activate
def test_load_url_plain_text_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_module, "resolve_host", fake_resolver)
    responses.get("https://reviews.example/r", body=HTML, content_type="text/plain")
    review = load("https://reviews.example/r")
    assert review.blocks[0].text.startswith("A review sentence.")


# --- a real server on 127.0.0.1 -------------------------------------------------------


class _SlowHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/slow":
            time.sleep(1.5)
        body = b"<html><body><p>Hello from a local server with a few words.</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    with serving(_SlowHandler) as url:
        yield url


def test_real_read_timeout(local_server: str) -> None:
    with pytest.raises(FetchError, match="timed out after 0.3 s"):
        fetch_url(f"{local_server}/slow", Settings(allow_private=True, fetch_timeout_s=0.3))


def test_allow_private_fetches_loopback(local_server: str) -> None:
    got = fetch_url(f"{local_server}/ok", Settings(allow_private=True))
    assert b"Hello from a local server" in got.data


def test_refused_loopback_without_allow_private(local_server: str) -> None:
    with pytest.raises(FetchError, match="private or local address"):
        fetch_url(f"{local_server}/ok", Settings())


def test_peer_is_checked_when_dns_answers_change(local_server: str) -> None:
    # The resolver says "public", the connection lands on 127.0.0.1: DNS rebinding.
    port = local_server.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="refusing to fetch from 127.0.0.1"):
        fetch_url(f"http://127.0.0.1:{port}/ok", Settings(), resolver=lambda host, port: [PUBLIC])
