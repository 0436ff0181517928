"""Reading reviews in: files, standard input and URLs, in plain text, Markdown or HTML.

``load`` is the entry point: it reads the source (with the size limit from
settings), picks a reader by URL, extension or content, and returns a Review
whose ``source`` is the name it was given. The readers themselves take bytes
through ``read_review_bytes`` and do no I/O.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from ..errors import FetchError, IngestError, LimitExceeded
from ..model import Review
from ..settings import Settings
from ..values import normalize_language, parse_date, parse_rating
from .decode import charset_from_html, decode_text
from .detect import (
    FORMATS,
    STDIN,
    Format,
    detect_format,
    format_from_content_type,
    has_other_scheme,
    is_feed_document,
    is_url,
    normalize_format,
    sniff_format,
)
from .meta_guard import safe_metadata
from .text import parse_text

__all__ = [
    "FORMATS",
    "Format",
    "detect_format",
    "load",
    "normalize_language",
    "parse_date",
    "parse_rating",
    "read_review_bytes",
]


def read_review_bytes(data: bytes, *, name: str, fmt: str, charset: str | None = None) -> Review:
    """Parse review bytes of a known format ("txt", "md", "html", "ssml") into a Review.

    ``name`` is the input's name for messages and ``Review.source``; ``charset``
    is a declared encoding (an HTTP header) tried before the usual detection.
    Raises IngestError for binary, undecodable, empty or body-less input.
    """
    kind = normalize_format(fmt)
    if kind == "url":
        raise IngestError(f"{name}: 'url' is not a content format", hint="use txt, md or html")
    if not data.strip():
        raise IngestError(f"{name}: the input is empty")
    if kind == "html":
        text = decode_text(data, name=name, declared=charset or charset_from_html(data))
    else:
        text = decode_text(data, name=name, declared=charset)
    if not text.strip():
        raise IngestError(f"{name}: the input is empty")
    if kind == "html":
        from .html import parse_html  # trafilatura is slow to import; only pages need it

        review = parse_html(text, source=name, base_url=name if is_url(name) else None)
    elif kind == "ssml":
        from .ssml import parse_ssml

        review = parse_ssml(text, source=name)
    elif kind == "md":
        from .markdown import parse_markdown  # markdown-it and YAML: only Markdown needs them

        review = parse_markdown(text, source=name)
    else:
        review = parse_text(text, source=name)
    if not review.blocks:
        raise IngestError(f"{name}: no review text found (only a title or nothing readable)")
    return replace(review, meta=safe_metadata(review.meta, name))


def _read_limited(stream: BinaryIO, name: str, limit: int) -> bytes:
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise IngestError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise LimitExceeded(f"{name}: input is over the {limit}-byte limit (max_input_bytes)")
    return data


def _read_file(path: str, limit: int) -> bytes:
    file = Path(path)
    try:
        size = file.stat().st_size
        if file.is_dir():
            raise IngestError(f"{path}: is a folder, not a review file")
        if size > limit:
            raise LimitExceeded(
                f"{path}: file is {size} bytes, over the {limit}-byte limit (max_input_bytes)"
            )
        with file.open("rb") as stream:
            return _read_limited(stream, path, limit)
    except FileNotFoundError as exc:
        raise IngestError(f"{path}: file not found") from exc
    except PermissionError as exc:
        raise IngestError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise IngestError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def _load_url(url: str, wanted: Format | None, settings: Settings) -> Review:
    from .fetch import fetch_url

    fetched = fetch_url(url, settings)
    if wanted is None:
        _refuse_feed(fetched.data, url)
    kind = wanted or format_from_content_type(fetched.content_type) or sniff_format(fetched.data)
    review = read_review_bytes(fetched.data, name=url, fmt=kind, charset=fetched.charset)
    if not review.meta.url:
        review = replace(review, meta=replace(review.meta, url=fetched.url))
    return review


def _refuse_feed(data: bytes, name: str) -> None:
    """A feed holds many reviews: narrating its XML as one text would be nonsense."""
    if is_feed_document(data):
        raise IngestError(
            f"{name}: this is an RSS or Atom feed, not a review",
            hint="convert its entries with `audioreview batch`",
        )


def load(
    source: str,
    *,
    fmt: str | None = None,
    settings: Settings | None = None,
    stdin: BinaryIO | None = None,
) -> Review:
    """Read a review from a file path, an http(s) URL, or "-" (standard input).

    ``fmt`` forces the reader ("txt", "md", "html"); otherwise it is chosen by
    URL, extension, then content. Inputs over ``settings.max_input_bytes``
    raise LimitExceeded; fetching follows the rules in ``ingest.fetch``.
    ``settings.language``, when set, overrides the language found in the source.
    """
    settings = settings or Settings()
    wanted = normalize_format(fmt) if fmt else None
    if wanted == "url" and not is_url(source):
        raise IngestError(f"{source}: not an http(s) URL")
    if has_other_scheme(source) and not Path(source).exists():
        raise FetchError(f"{source}: only http and https URLs can be fetched")
    if is_url(source):
        review = _load_url(source, None if wanted == "url" else wanted, settings)
    else:
        if source == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = _read_limited(stream, "standard input", settings.max_input_bytes)
            if wanted is None:
                _refuse_feed(data, "standard input")
            review = read_review_bytes(data, name="standard input", fmt=wanted or sniff_format(data))
            review = replace(review, source=STDIN)
        else:
            data = _read_file(source, settings.max_input_bytes)
            if wanted is None:
                _refuse_feed(data, source)
            review = read_review_bytes(data, name=source, fmt=wanted or detect_format(source, data))
    return with_language(review, settings.language)


def with_language(review: Review, forced: str | None) -> Review:
    """``review`` in the ``forced`` language (the ``language`` setting, ``--lang``) when one is set."""
    language = normalize_language(forced) if forced else None
    if language:
        review = replace(review, meta=replace(review.meta, language=language))
    return review
