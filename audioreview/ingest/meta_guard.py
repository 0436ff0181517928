"""Metadata made safe where it enters: no control characters, bounded lengths, web links only.

Every source kind (text, Markdown, HTML, feed entries, fetched pages) passes
its Metadata through ``safe_metadata`` before any later stage sees it:

- control characters (C0, C1, DEL), lone surrogates and the non-characters
  U+FFFE/U+FFFF become spaces in every text field (runs of spaces then
  become one), so a title can always be written to XML, ID3 and HTML;
- every field is cut to a bounded length (``MAX_FIELD_CHARS``; the author's
  summary and description to ``MAX_LONG_FIELD_CHARS``);
- ``url`` is kept only as an absolute http(s) link, and ``image`` only as a
  path or an http(s) link: a ``javascript:``, ``data:`` or ``file:`` value is
  dropped, so no link the program writes can run script.
"""

from __future__ import annotations

import logging
import re
from dataclasses import fields, replace
from urllib.parse import urlsplit

from ..model import Metadata, Rating

log = logging.getLogger(__name__)

MAX_FIELD_CHARS = 1000
MAX_LONG_FIELD_CHARS = 20_000
_LONG_FIELDS = frozenset({"summary", "description"})
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]+):")


def safe_text(value: str, limit: int = MAX_FIELD_CHARS) -> str:
    """``value`` without control characters, its spaces tidied, at most ``limit`` characters."""
    text = _UNSAFE.sub(" ", value[: limit * 2])
    return " ".join(text.split())[:limit].strip()


def web_link(value: str | None) -> str | None:
    """``value`` when it is an absolute http(s) URL with a host, else None."""
    if not value:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value:
        return None
    return value


def image_reference(value: str | None) -> str | None:
    """``value`` when it is a path or an http(s) URL; any other scheme (javascript:, data:, file:) is None."""
    if not value:
        return None
    scheme = _SCHEME.match(value)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return None
    return value


def safe_metadata(meta: Metadata, source: str) -> Metadata:
    """``meta`` with every text field cleaned and bounded, and its links checked (see the module docstring)."""
    changes: dict[str, object] = {}
    for spec in fields(Metadata):
        value = getattr(meta, spec.name)
        if isinstance(value, str):
            limit = MAX_LONG_FIELD_CHARS if spec.name in _LONG_FIELDS else MAX_FIELD_CHARS
            cleaned: str | None = safe_text(value, limit)
            if spec.name == "url":
                cleaned = web_link(cleaned)
            elif spec.name == "image":
                cleaned = image_reference(cleaned)
            if cleaned != value:
                if spec.name in ("url", "image") and cleaned is None:
                    log.info("%s: %s %r dropped: only http(s) links are kept", source, spec.name, value[:80])
                changes[spec.name] = cleaned if cleaned or spec.name != "title" else "Untitled review"
    if meta.rating is not None and meta.rating.text:
        text = safe_text(meta.rating.text, 40)
        if text != meta.rating.text:
            changes["rating"] = Rating(meta.rating.value, meta.rating.scale, text)
    if not changes:
        return meta
    if "language" in changes and not changes["language"]:
        changes["language"] = "en"
    return replace(meta, **changes)  # type: ignore[arg-type]
