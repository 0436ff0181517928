"""A small static server for previewing an output folder (pages, feed, audio).

Bound to 127.0.0.1 by default. It answers GET and HEAD, supports a single
HTTP byte range (206 with Content-Range, 416 when unsatisfiable) so audio
players can seek, sends the right types for podcast files, and never serves
anything outside the folder (symbolic links included) nor any hidden file
or folder (the locks and batch state live in ``.audioreview/``). A listener
who stops a download is no error: it is not reported. With ``cors`` every
answer allows any origin, so a player embedded on another site can load
the captions.
"""

from __future__ import annotations

import email.utils
import io
import logging
import os
import re
import sys
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit

from ..errors import PublishError

log = logging.getLogger(__name__)

CONNECTION_TIMEOUT_S = 20.0
"""How long `serve` waits on a silent connection before closing it."""

CONTENT_TYPES = {
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip",
    ".json": "application/json",
    ".xml": "application/xml",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
FAVICON = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    b'<rect width="32" height="32" rx="7" fill="#1d4f73"/>'
    b'<path d="M7 12h5l7-6v20l-7-6H7z" fill="#fff"/>'
    b'<path d="M22 11q4 5 0 10" stroke="#fff" stroke-width="2.5" fill="none" stroke-linecap="round"/>'
    b"</svg>"
)
"""What ``/favicon.ico`` answers when the folder has none (browsers accept SVG there)."""


def content_type(name: str) -> str:
    """The Content-Type sent for a file name (``feed.xml`` is an RSS feed)."""
    if name == "feed.xml" or name.endswith(".rss"):
        return "application/rss+xml; charset=utf-8"
    if name.endswith(".chapters.json"):
        return "application/json+chapters"
    return CONTENT_TYPES.get(os.path.splitext(name)[1].lower(), "application/octet-stream")


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """Parse a single ``bytes=`` range against a file size into inclusive (start, end).

    Returns None for a header to ignore (not bytes, several ranges, malformed);
    raises ValueError when the range cannot be satisfied.
    """
    match = _RANGE.match(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # suffix range: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise ValueError("empty suffix range")
        return max(0, size - length), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        raise ValueError("range starts past the end")
    return start, min(end, size - 1)


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files from one folder, with byte ranges and podcast content types."""

    server_version = "audioreview-serve"
    protocol_version = "HTTP/1.1"
    timeout = CONNECTION_TIMEOUT_S
    """Seconds a connection may stay silent (socket timeout): a half-open client is let go."""

    def __init__(self, *args: Any, directory: str, cors: bool = False, **kwargs: Any) -> None:
        self._root = Path(directory).resolve()
        self._remaining = 0
        self._cors = cors
        super().__init__(*args, directory=str(self._root), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        log.info("%s %s", self.address_string(), format % args)

    def end_headers(self) -> None:
        if self._cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Expose-Headers", "Content-Length, Content-Range, Accept-Ranges")
        super().end_headers()

    def do_OPTIONS(self) -> None:
        """Answer a CORS preflight (with ``cors``); otherwise say which methods there are."""
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Allow", "GET, HEAD, OPTIONS")
        if self._cors:
            self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Range")
            self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _resolve(self) -> Path | None:
        """The requested file inside the root, or None when it is outside or absent."""
        raw = unquote(urlsplit(self.path).path)
        if "\x00" in raw:
            return None
        parts = [p for p in raw.split("/") if p not in ("", ".")]
        if any(p.startswith(".") or "\\" in p for p in parts):  # "..", and hidden files such as locks
            return None
        candidate = self._root.joinpath(*parts)
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            return None
        if resolved != self._root and self._root not in resolved.parents:
            return None
        if any(p.startswith(".") for p in resolved.relative_to(self._root).parts):
            return None  # a link inside the folder to a dotfile is no way around that
        return resolved

    def send_head(self) -> BinaryIO | None:  # type: ignore[override]
        target = self._resolve()
        if target is not None and not target.exists() and urlsplit(self.path).path == "/favicon.ico":
            return self._send_bytes(FAVICON, "image/svg+xml")
        if target is None:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        if target.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", urlsplit(self.path).path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            index = target / "index.html"
            if not index.is_file():
                self.send_error(HTTPStatus.NOT_FOUND, "No index.html in this folder")
                return None
            target = index
        try:
            handle = target.open("rb")
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        try:
            stat = os.fstat(handle.fileno())
            size = stat.st_size
            header = self.headers.get("Range")
            span: tuple[int, int] | None = None
            if header:
                try:
                    span = parse_range(header, size)
                except ValueError:
                    handle.close()
                    self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
            if span is None:
                self.send_response(HTTPStatus.OK)
                start, length = 0, size
            else:
                self.send_response(HTTPStatus.PARTIAL_CONTENT)
                start, length = span[0], span[1] - span[0] + 1
                self.send_header("Content-Range", f"bytes {span[0]}-{span[1]}/{size}")
            self.send_header("Content-Type", content_type(target.name))
            self.send_header("Content-Length", str(length))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            handle.seek(start)
            self._remaining = length
            return handle
        except Exception:
            handle.close()
            raise

    def _send_bytes(self, data: bytes, mime: str) -> BinaryIO:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=86400")
        self.end_headers()
        self._remaining = len(data)
        return io.BytesIO(data)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        """Copy only the bytes promised in Content-Length (the whole file or the range).

        A client that goes away mid-copy (a player seeking, a cancelled
        download) ends the connection quietly.
        """
        remaining = self._remaining
        try:
            while remaining > 0:
                chunk = source.read(min(64 * 1024, remaining))
                if not chunk:
                    break
                outputfile.write(chunk)
                remaining -= len(chunk)
        except ConnectionError:
            self.close_connection = True
            log.debug("%s went away during %s", self.address_string(), self.path)

    def do_POST(self) -> None:
        self.send_error(HTTPStatus.NOT_IMPLEMENTED, "Read-only server")


class PreviewServer(ThreadingHTTPServer):
    """The threaded server, quiet about clients that hang up (they are not errors)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            log.debug("%s hung up", client_address)
            return
        super().handle_error(request, client_address)


def make_server(folder: Path, port: int = 8000, host: str = "127.0.0.1", *, cors: bool = False) -> PreviewServer:
    """A threaded HTTP server for ``folder`` (not started; port 0 picks a free port).

    ``cors`` adds ``Access-Control-Allow-Origin: *`` to every answer.
    """
    root = Path(folder)
    if not root.is_dir():
        raise PublishError(f"{root}: not a folder to serve")
    handler = partial(PreviewHandler, directory=str(root), cors=cors)
    try:
        server = PreviewServer((host, port), handler)
    except OSError as exc:
        raise PublishError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    server.daemon_threads = True
    return server


def serve(folder: Path, port: int = 8000, host: str = "127.0.0.1", *, cors: bool = False) -> None:
    """Serve ``folder`` until interrupted (Ctrl-C), printing the address."""
    server = make_server(folder, port, host, cors=cors)
    bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
    print(f"Serving {Path(folder).resolve()} at http://{bound_host}:{bound_port}/ (Ctrl-C to stop)",
          file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
