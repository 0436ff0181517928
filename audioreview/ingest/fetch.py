"""Fetching a review page over HTTP(S), carefully.

- http and https only; every other scheme is refused;
- the host is resolved first and refused when any address is loopback,
  private, link-local, reserved, multicast or unspecified (unless
  ``settings.allow_private``); the socket's actual peer is checked again when
  the connection opens, so a DNS answer that changes in between is caught too
  (through a proxy from HTTP(S)_PROXY only the first check applies: the
  socket's peer is then the proxy);
- at most five redirects, followed by hand so every hop gets the same checks;
- connect and read timeouts of ``settings.fetch_timeout_s``;
- only text/html, XHTML, XML, text/plain and Markdown content types;
- at most ``settings.fetch_max_bytes``, enforced while streaming;
- the whole fetch (every hop's connect, headers and body) within four times
  the timeout, on the wall clock: a watchdog shuts every socket of the fetch
  down at the deadline, so a server dripping one byte a second cannot hold a run.

Every failure is a FetchError with one line naming the URL and the cause.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ReadTimeoutError

from ..errors import FetchError
from ..settings import Settings

MAX_REDIRECTS = 5
TOTAL_TIMEOUT_FACTOR = 4
"""A whole download must finish within this many times fetch_timeout_s."""
USER_AGENT = "audioreview/0.1 (+review to podcast converter)"
ALLOWED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "text/x-markdown",
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
)
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024

Resolver = Callable[[str, int], Sequence[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched document: where it ended up, what it says it is, and its bytes."""

    url: str
    content_type: str
    charset: str | None
    data: bytes


def resolve_host(host: str, port: int) -> list[str]:
    """All addresses ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def is_blocked_address(address: str) -> bool:
    """True for addresses a fetch must not reach: loopback, private, link-local, reserved..."""
    ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
    )


class _BlockedPeer(Exception):
    """Raised from inside a connection whose peer is on a refused network."""

    def __init__(self, address: str) -> None:
        super().__init__(address)
        self.address = address


def _check_peer(sock: socket.socket) -> None:
    address = str(sock.getpeername()[0])
    if is_blocked_address(address):
        sock.close()
        raise _BlockedPeer(address)


class _Deadline:
    """The wall-clock end of one fetch, and the sockets to shut down when it passes."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def left(self) -> float:
        """Seconds before the deadline (never below a small positive floor)."""
        return max(0.01, self.end - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down at the deadline (at once when it has passed)."""
        with self._lock:
            self._sockets.append(sock)
            if not self.expired:
                return
        _shut(sock)

    def expire(self) -> None:
        """The deadline passed: every socket of the fetch stops reading."""
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def check(self, url: str) -> None:
        """Raise FetchError when the deadline has passed."""
        if self.expired or time.monotonic() > self.end:
            raise FetchError(f"{url}: the fetch took longer than {self.seconds:g} s (4 x fetch_timeout_s)")


def _shut(sock: socket.socket) -> None:
    # The plain socket's shutdown, also for TLS sockets: a reader blocked in recv wakes with EOF.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _connection_classes(deadline: _Deadline, check_peers: bool) -> dict[str, type[HTTPConnectionPool]]:
    """Pool classes whose connections report their sockets to ``deadline`` (and check peers)."""

    def new_conn(base: type[HTTPConnection]) -> Any:
        def _new_conn(self: HTTPConnection) -> socket.socket:
            sock = base._new_conn(self)  # type: ignore[attr-defined]
            deadline.watch(sock)
            if check_peers:
                _check_peer(sock)
            return sock

        return _new_conn

    http_conn = type("_WatchedHTTPConnection", (HTTPConnection,), {"_new_conn": new_conn(HTTPConnection)})
    https_conn = type("_WatchedHTTPSConnection", (HTTPSConnection,), {"_new_conn": new_conn(HTTPSConnection)})
    return {
        "http": type("_WatchedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
        "https": type("_WatchedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}),
    }


class _WatchedAdapter(HTTPAdapter):
    """An adapter whose connections are shut down at the deadline and, unless private
    addresses are allowed, refuse blocked peers once connected."""

    def __init__(self, deadline: _Deadline, check_peers: bool) -> None:
        self._classes = _connection_classes(deadline, check_peers)
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Create the pool manager with the watched connection pools."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(self._classes)


def _session(allow_private: bool, deadline: _Deadline) -> requests.Session:
    session = requests.Session()
    session.headers.update(
        {"User-Agent": USER_AGENT, "Accept": ", ".join(ALLOWED_TYPES[:4]) + ";q=0.9, */*;q=0.1"}
    )
    adapter = _WatchedAdapter(deadline, check_peers=not allow_private)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def check_url(url: str, *, allow_private: bool, resolver: Resolver) -> None:
    """Refuse a URL that is not http(s) or whose host resolves to a refused address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    host = parts.hostname
    if not host:
        raise FetchError(f"{url}: the URL has no host")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"{url}: invalid port in URL") from exc
    try:
        addresses = [str(ipaddress.ip_address(host))] if _is_ip_literal(host) else resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve host {host!r}: {exc}") from exc
    if not addresses:
        raise FetchError(f"{url}: host {host!r} has no addresses")
    blocked = [a for a in addresses if is_blocked_address(a)]
    if blocked:
        raise FetchError(
            f"{url}: refusing to fetch from {host} ({blocked[0]}), a private or local address",
            hint="pass --allow-private or set allow_private = true to allow it",
        )


def _content_type(response: requests.Response, url: str) -> tuple[str, str | None]:
    header = response.headers.get("Content-Type", "")
    mime = header.split(";", 1)[0].strip().lower()
    if mime and mime not in ALLOWED_TYPES:
        raise FetchError(f"{url}: content type {mime!r} is not a web page or text")
    charset = None
    for param in header.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return mime, charset


def _read_capped(response: requests.Response, url: str, limit: int, timeout: float, deadline: _Deadline) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(
            f"{url}: response is {int(declared)} bytes, over the {limit}-byte limit (fetch_max_bytes)"
        )
    body = bytearray()
    try:
        for chunk in response.iter_content(_CHUNK):
            body += chunk
            if len(body) > limit:
                raise FetchError(f"{url}: response is over the {limit}-byte limit (fetch_max_bytes)")
            deadline.check(url)
    except requests.RequestException as exc:
        deadline.check(url)
        cause = exc.args[0] if exc.args else None
        if isinstance(exc, requests.Timeout) or isinstance(cause, ReadTimeoutError):
            raise FetchError(f"{url}: timed out after {timeout:g} s while reading") from exc
        raise FetchError(f"{url}: connection failed while reading: {type(exc).__name__}") from exc
    deadline.check(url)  # a body cut short by the watchdog is no body
    return bytes(body)


def _get(session: requests.Session, url: str, timeout: float, deadline: _Deadline) -> requests.Response:
    try:
        wait = min(timeout, deadline.left())
        return session.get(url, timeout=(wait, timeout), allow_redirects=False, stream=True)
    except _BlockedPeer as exc:
        raise FetchError(f"{url}: refusing to fetch from {exc.address}, a private or local address") from exc
    except requests.Timeout as exc:
        deadline.check(url)
        raise FetchError(f"{url}: timed out after {timeout:g} s") from exc
    except requests.exceptions.SSLError as exc:
        deadline.check(url)
        raise FetchError(f"{url}: TLS error: {exc}") from exc
    except requests.RequestException as exc:
        deadline.check(url)
        raise FetchError(f"{url}: cannot connect: {type(exc).__name__}") from exc


def fetch_url(url: str, settings: Settings | None = None, *, resolver: Resolver | None = None) -> Fetched:
    """Fetch a review page with the checks above; returns the final URL, type, charset and bytes."""
    settings = settings or Settings()
    resolve = resolver or resolve_host
    with _Deadline(TOTAL_TIMEOUT_FACTOR * settings.fetch_timeout_s) as deadline, _session(
        settings.allow_private, deadline
    ) as session:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                deadline.check(current)
                result = _fetch_once(session, current, settings, resolve, deadline)
            except FetchError as exc:
                if current == url:
                    raise
                # Name the URL the user gave as well as the hop that failed.
                raise FetchError(f"{url} -> {exc.message}", hint=exc.hint) from exc
            if isinstance(result, Fetched):
                return result
            current = result
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _fetch_once(
    session: requests.Session, url: str, settings: Settings, resolve: Resolver, deadline: _Deadline
) -> Fetched | str:
    """One request: the document, or the absolute URL a redirect points to."""
    check_url(url, allow_private=settings.allow_private, resolver=resolve)
    timeout = settings.fetch_timeout_s
    with _get(session, url, timeout, deadline) as response:
        if response.status_code in _REDIRECTS and response.headers.get("Location"):
            return urljoin(url, response.headers["Location"])
        if response.status_code >= 400:
            raise FetchError(f"{url}: HTTP {response.status_code} {response.reason or 'error'}")
        mime, charset = _content_type(response, url)
        data = _read_capped(response, url, settings.fetch_max_bytes, timeout, deadline)
        return Fetched(url=url, content_type=mime, charset=charset, data=data)
