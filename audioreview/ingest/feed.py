"""Reading feeds: RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom, through feedparser.

The bytes are checked with defusedxml first: a feed that declares entities
(billion laughs) or references external ones is refused, and malformed XML is
an IngestError naming the line and column. Undefined HTML entities such as
``&eacute;`` are tolerated: RSS 0.91 declares them in its external DTD,
feedparser resolves them, and an undefined entity cannot expand into anything.

``parse_feed`` returns plain values (``Feed`` and ``FeedItem``); turning an
item into a Review is ``item_review``, through the HTML or text reader.
"""

from __future__ import annotations

import calendar
import html
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..errors import IngestError
from ..model import Review
from ..values import normalize_language
from .meta_guard import safe_metadata

_TAG = re.compile(r"<[^>]+>")
_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^)]+)\)\s*$")
_EMAIL = re.compile(r"^\s*\S+@\S+\s*$")
_FEED_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)\b")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed entry as plain values."""

    id: str | None
    """The entry's guid (RSS), id (Atom) or rdf:about (RSS 1.0), when it has one."""
    title: str | None
    link: str | None
    author: str | None
    published: str | None
    """UTC date-time, ISO 8601 (``2024-03-01T10:00:00Z``), or None when absent or unreadable."""
    published_raw: str | None
    """The date exactly as the feed wrote it (for messages)."""
    image: str | None
    categories: tuple[str, ...]
    content: str
    """The entry's text: full content when the feed has it, else the summary ("" when neither)."""
    content_type: str
    """"html" or "text"."""
    full: bool
    """True when ``content`` is the full content (content:encoded, Atom content), not a summary."""
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its own title, link and language, and its entries in document order."""

    title: str | None
    link: str | None
    language: str | None
    version: str
    """feedparser's name for the format: rss091u, rss10, rss20, atom10..."""
    items: tuple[FeedItem, ...]


def looks_like_feed(data: bytes) -> bool:
    """True when the first kilobytes hold an ``<rss>``, ``<feed>`` or ``<rdf:RDF>`` root."""
    return bool(_FEED_ROOT.search(data[:4096]))


def check_xml(data: bytes, *, name: str) -> None:
    """Refuse entity declarations, external entities and malformed XML; raise IngestError."""
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    try:
        safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise IngestError(
            f"{name}: refusing the feed: it declares or references XML entities ({type(exc).__name__})",
            hint="entity declarations can expand without bound or read local files",
        ) from exc
    except safe_et.ParseError as exc:
        message = str(exc)
        if message.startswith("undefined entity"):
            return  # HTML entities (RSS 0.91); the DTD has been read by then, so nothing was declared
        line, column = getattr(exc, "position", (0, 0))
        reason = message.split(":", 1)[0]
        raise IngestError(f"{name}: malformed XML at line {line}, column {column + 1}: {reason}") from exc


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _plain(detail: Mapping[str, Any] | None, fallback: Any) -> str | None:
    """A title-like field as plain text (HTML titles lose their tags and entities)."""
    value = detail.get("value") if detail else fallback
    if value is None:
        return None
    if detail and str(detail.get("type", "")).lower() in _HTML_TYPES:
        value = html.unescape(_TAG.sub(" ", str(value)))
    return _text(value)


def person_name(raw: Any) -> str | None:
    """An author's name from "Name", "a@b.c (Name)" or a bare address (which gives None)."""
    text = _text(raw)
    if not text:
        return None
    match = _EMAIL_NAME.match(text)
    if match:
        return _text(match.group("name"))
    return None if _EMAIL.match(text) else text


def iso_utc(parsed: time.struct_time | None) -> str | None:
    """A feedparser ``*_parsed`` value (UTC) as ``YYYY-MM-DDTHH:MM:SSZ``."""
    if parsed is None:
        return None
    try:
        stamp = calendar.timegm(parsed)
    except (TypeError, ValueError, OverflowError):
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp))


def _image(entry: Mapping[str, Any]) -> str | None:
    """The entry's picture: the first web address among its thumbnails, media and image links.

    Anything but http(s) is passed over: a feed from elsewhere must not name
    a file on this machine (or a data: blob) as an episode's cover.
    """
    candidates: list[str | None] = [_text(thumb.get("url")) for thumb in entry.get("media_thumbnail") or []]
    for media in entry.get("media_content") or []:
        kind = str(media.get("type") or "")
        if media.get("medium") == "image" or kind.startswith("image/"):
            candidates.append(_text(media.get("url")))
    image = entry.get("image")
    if isinstance(image, Mapping):
        candidates.append(_text(image.get("href")))
    for link in [*(entry.get("enclosures") or []), *(entry.get("links") or [])]:
        if str(link.get("type") or "").startswith("image/"):
            candidates.append(_text(link.get("href")))
    return next((url for url in candidates if url and url.lower().startswith(("http://", "https://"))), None)


def _body(entry: Mapping[str, Any]) -> tuple[str, str, bool]:
    contents: Sequence[Mapping[str, Any]] = entry.get("content") or []
    ranked = sorted(contents, key=lambda c: 0 if str(c.get("type", "")).lower() in _HTML_TYPES else 1)
    for content in ranked:
        value = str(content.get("value") or "")
        if value.strip():
            kind = "html" if str(content.get("type", "")).lower() in _HTML_TYPES else "text"
            return value, kind, True
    detail = entry.get("summary_detail") or {}
    summary = str(entry.get("summary") or "")
    if summary.strip():
        kind = "text" if str(detail.get("type", "text/html")).lower() == "text/plain" else "html"
        return summary, kind, False
    return "", "html", False


def _item(entry: dict[str, Any], feed_language: str | None) -> FeedItem:
    content, kind, full = _body(entry)
    title_detail = entry.get("title_detail") or {}
    language = normalize_language(title_detail.get("language")) or feed_language
    # dict.get: feedparser's own get() maps missing date keys onto each other, with a warning
    raw_date = dict.get(entry, "published") or dict.get(entry, "updated")
    parsed = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    author = entry.get("author_detail") or {}
    return FeedItem(
        id=_text(entry.get("id")),
        title=_plain(title_detail, entry.get("title")),
        link=_text(entry.get("link")),
        author=person_name(author.get("name") or entry.get("author")),
        published=iso_utc(parsed),
        published_raw=_text(raw_date),
        image=_image(entry),
        categories=tuple(t for t in (_text(tag.get("term")) for tag in entry.get("tags") or []) if t),
        content=content,
        content_type=kind,
        full=full,
        language=language,
    )


def parse_feed(data: bytes, *, name: str) -> Feed:
    """Parse feed bytes (checked for entity attacks first) into a Feed with at least one item."""
    import feedparser

    if not data.strip():
        raise IngestError(f"{name}: the feed is empty")
    check_xml(data, name=name)
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    version = str(parsed.get("version") or "")
    if not version:
        raise IngestError(f"{name}: not an RSS or Atom feed")
    channel = parsed.get("feed") or {}
    language = normalize_language(channel.get("language"))
    items = tuple(_item(entry, language) for entry in parsed.get("entries") or [])
    if not items:
        raise IngestError(f"{name}: the feed has no entries")
    return Feed(
        title=_plain(channel.get("title_detail"), channel.get("title")),
        link=_text(channel.get("link")),
        language=language,
        version=version,
        items=items,
    )


def item_review(item: FeedItem, *, name: str) -> Review:
    """Turn a feed item into a Review: its text through the HTML or text reader, its metadata from the feed."""
    from . import read_review_bytes

    if not item.content.strip():
        raise IngestError(f"{name}: the entry has no content or summary")
    title = item.title or "Untitled review"
    if item.content_type == "text":
        # The text reader takes its first line as the title.
        review = read_review_bytes(f"{title}\n\n{item.content}".encode(), name=name, fmt="txt")
    else:
        review = read_review_bytes(item.content.encode("utf-8"), name=name, fmt="html", charset="utf-8")
    return with_item_metadata(review, item)


def with_item_metadata(review: Review, item: FeedItem) -> Review:
    """``review`` with the feed's title, author, date, link, image, guid and language, where it has them."""
    changes: dict[str, Any] = {
        "title": item.title,
        "author": item.author,
        "date": item.published,
        "url": item.link,
        "image": item.image,
        "guid": item.id,
        "language": item.language,
    }
    meta = replace(review.meta, **{k: v for k, v in changes.items() if v})
    if not item.title and meta.title == "Untitled review" and item.link:
        meta = replace(meta, title=item.link.rstrip("/").rsplit("/", 1)[-1] or meta.title)
    return replace(review, meta=safe_metadata(meta, review.source))
