"""Which reader a source needs: by URL scheme, file extension, then content sniffing."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Literal, cast

from ..errors import IngestError

Format = Literal["txt", "md", "html", "ssml", "url"]
FORMATS: tuple[Format, ...] = ("txt", "md", "html", "ssml", "url")
STDIN = "-"

_ALIASES: dict[str, Format] = {
    "txt": "txt",
    "text": "txt",
    "plain": "txt",
    "md": "md",
    "markdown": "md",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "ssml": "ssml",
    "url": "url",
}
_EXTENSIONS: dict[str, Format] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".mdown": "md",
    ".mkd": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".ssml": "ssml",
}
_CONTENT_TYPES: dict[str, Format] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/xml": "html",
    "text/xml": "html",
    "text/markdown": "md",
    "text/x-markdown": "md",
}
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_SSML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<speak\b", re.I | re.S)
_HTML_TAGS = re.compile(r"<(?:p|div|article|h[1-6]|br|span|section)\b[^>]*>", re.I)
_FRONT_MATTER = re.compile(r"^\ufeff?---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.S)
_MD_SIGNS = (
    re.compile(r"^#{1,6}\s+\S", re.M),
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),
    re.compile(r"^\s*(?:[-*+]|\d+\.)\s+\S.*\n\s*(?:[-*+]|\d+\.)\s+\S", re.M),
    re.compile(r"(?<!\*)\*\*[^*\n]+\*\*(?!\*)"),
    re.compile(r"^>\s+\S", re.M),
    re.compile(r"^```", re.M),
)


_FEED_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?"
    rb"(?:<!--.*?-->\s*|<\?[^>]*\?>\s*|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>\s*)*"
    rb"<(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)\b",
    re.S | re.I,
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_feed_document(data: bytes) -> bool:
    """True when the document's root element is ``<rss>``, ``<feed>`` or ``<rdf:RDF>``: a feed, not a page."""
    return bool(_FEED_START.match(data[:65536]))


def has_other_scheme(source: str) -> bool:
    """True for ``ftp://``, ``file://`` and other URLs that are not http(s)."""
    return bool(_SCHEME.match(source.strip())) and not is_url(source)


def is_url(source: str) -> bool:
    """True for http(s) URLs (other schemes are not URLs we read)."""
    return bool(re.match(r"^https?://", source.strip(), re.I))


def normalize_format(fmt: str) -> Format:
    """Map a user-given format name ("markdown", "htm"...) to a Format, or raise IngestError."""
    key = fmt.strip().lower().lstrip(".")
    if key not in _ALIASES:
        raise IngestError(f"unknown input format {fmt!r}", hint="use one of txt, md, html, ssml, url")
    return _ALIASES[key]


def format_from_name(name: str) -> Format | None:
    """The format a file name's extension says, if it says one."""
    if is_url(name):
        return "url"
    if name == STDIN:
        return None
    return _EXTENSIONS.get(PurePath(name).suffix.lower())


def format_from_content_type(content_type: str) -> Format | None:
    """The format an HTTP content type says (text/plain says nothing: sniff it)."""
    return _CONTENT_TYPES.get(content_type.split(";", 1)[0].strip().lower())


def sniff_format(data: bytes) -> Format:
    """Guess txt, md, html or ssml from the first few kilobytes of content."""
    head = data[:16384].decode("utf-8", "replace")
    if head.startswith("\ufeff"):
        head = head[1:]
    if _SSML_START.match(head):
        return "ssml"
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    if _FRONT_MATTER.match(head):
        return "md"
    signs = sum(1 for pattern in _MD_SIGNS if pattern.search(head))
    return "md" if signs >= 1 and (signs >= 2 or _MD_SIGNS[0].search(head)) else "txt"


def detect_format(source: str, data: bytes | None = None) -> Format:
    """The format of ``source``: URL, extension, else sniffed from ``data`` (plain text if none)."""
    named = format_from_name(source)
    if named:
        return named
    return sniff_format(data) if data is not None else cast(Format, "txt")
