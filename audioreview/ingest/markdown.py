"""Markdown with optional YAML front matter.

Front matter keys read: title, author (or authors), date, url, rating (with
rating_scale), image (or cover), show, language (or lang), summary, guid (or id),
description. The body is parsed with markdown-it-py into blocks: headings keep
their level, list items their nesting depth; inline markup is reduced to its
text, links to their text; images and raw HTML are dropped; code is kept as text.

Short-version markers: an HTML comment ``<!-- short -->`` marks blocks for the
short version. When a ``<!-- /short -->`` follows later, every block between the
two is marked. Without a closing marker only the next top-level block is
marked (one paragraph, heading, quote, or a whole list). A ``<!-- short -->``
inside a paragraph's text marks that paragraph.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import PurePath
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import IngestError
from ..model import Block, BlockKind, Metadata, Review
from ..values import normalize_language, parse_date, parse_rating
from .yaml_safe import load_yaml

log = logging.getLogger(__name__)

_SHORT_OPEN = re.compile(r"^<!--\s*short\s*-->$", re.IGNORECASE)
_SHORT_CLOSE = re.compile(r"^<!--\s*/\s*short\s*-->$", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def _text_value(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _author(value: Any) -> str | None:
    if isinstance(value, Mapping):
        return _text_value(value.get("name"))
    if isinstance(value, list | tuple):
        names = [n for n in (_author(v) for v in value) if n]
        if not names:
            return None
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return _text_value(value)


def metadata_from_mapping(data: Mapping[str, Any], *, title: str, source: str) -> Metadata:
    """Build Metadata from front-matter style keys; ``title`` is used when none is given."""
    raw_rating = data.get("rating")
    rating = None
    if isinstance(raw_rating, Mapping):
        rating = parse_rating(raw_rating.get("value"), raw_rating.get("scale") or raw_rating.get("best"))
    elif raw_rating is not None:
        rating = parse_rating(raw_rating, data.get("rating_scale"))
    if raw_rating is not None and rating is None:
        log.warning(
            "%s: rating %r not understood (use 7.5/10, 4 with rating_scale, or ★★★½)", source, raw_rating
        )
    raw_date = data.get("date")
    date = parse_date(raw_date)
    if raw_date is not None and date is None:
        log.warning("%s: date %r not understood", source, raw_date)
    language = normalize_language(data.get("language") or data.get("lang")) or "en"
    return Metadata(
        title=_text_value(data.get("title")) or title,
        author=_author(data.get("author") or data.get("authors")),
        date=date,
        url=_text_value(data.get("url")),
        rating=rating,
        image=_text_value(data.get("image") or data.get("cover")),
        show=_text_value(data.get("show")),
        language=language,
        summary=_text_value(data.get("summary")),
        description=_text_value(data.get("description")),
        guid=_text_value(data.get("guid") if data.get("guid") is not None else data.get("id")),
        slug=_text_value(data.get("slug")),
    )


def inline_text(token: Token) -> str:
    """The plain text of an inline token: markup stripped, links to their text, images dropped."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _has_inline_marker(token: Token) -> bool:
    return any(c.type == "html_inline" and _SHORT_OPEN.match(c.content.strip()) for c in token.children or [])


class _ShortMarks:
    """Tracks ``<!-- short -->`` regions while walking the token stream."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.mode: str | None = None  # "until" a closing marker, or the "next" top-level block
        self.end_type: str | None = None

    def see_marker(self, index: int, content: str) -> bool:
        """Update state for an html_block; True when it was a marker."""
        content = content.strip()
        if _SHORT_CLOSE.match(content):
            self.mode = self.end_type = None
            return True
        if not _SHORT_OPEN.match(content):
            return False
        self.mode = "until" if self._closes_later(index) else "next"
        self.end_type = None
        return True

    def _closes_later(self, index: int) -> bool:
        for token in self.tokens[index + 1 :]:
            if token.type == "html_block":
                if _SHORT_CLOSE.match(token.content.strip()):
                    return True
                if _SHORT_OPEN.match(token.content.strip()):
                    return False
        return False

    def enter(self, token: Token) -> None:
        """A top-level token starts: a pending "next" mark covers it."""
        if self.mode == "next" and self.end_type is None and token.level == 0:
            self.end_type = token.type.replace("_open", "_close") if token.nesting == 1 else "*"

    def leave(self, token: Token) -> None:
        """A top-level token ends: the "next" mark ends with it."""
        if (
            self.mode == "next"
            and token.level == 0
            and token.nesting != 1
            and self.end_type in (token.type, "*")
        ):
            self.mode = self.end_type = None

    @property
    def active(self) -> bool:
        """True while blocks are being marked."""
        return self.mode == "until" or (self.mode == "next" and self.end_type is not None)


def parse_body(body: str) -> list[Block]:
    """Parse a Markdown body into blocks."""
    md = MarkdownIt("commonmark").enable("strikethrough")
    tokens = md.parse(body)
    marks = _ShortMarks(tokens)
    blocks: list[Block] = []
    containers: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "html_block" and marks.see_marker(index, token.content):
            continue
        marks.enter(token)
        if token.nesting == 1:
            containers.append(token.type)
        elif token.nesting == -1 and containers:
            containers.pop()
        block = _block_for(token, tokens, index, containers)
        if block is not None:
            short = marks.active or (token.type == "inline" and _has_inline_marker(token))
            blocks.append(replace(block, marked_short=short))
        marks.leave(token)
    return blocks


def _block_for(token: Token, tokens: Sequence[Token], index: int, containers: list[str]) -> Block | None:
    if token.type == "inline":
        text = inline_text(token)
        if not text:
            return None
        opener = tokens[index - 1] if index else None
        if opener is not None and opener.type == "heading_open":
            return Block(kind="heading", text=text, level=int(opener.tag[1:]))
        depth = sum(1 for c in containers if c in ("bullet_list_open", "ordered_list_open"))
        kind: BlockKind = "paragraph"
        if depth:
            kind = "list_item"
        elif "blockquote_open" in containers:
            kind = "quote"
        return Block(kind=kind, text=text, level=depth)
    if token.type in ("fence", "code_block"):
        text = token.content.strip()
        return Block(kind="paragraph", text=text) if text else None
    if token.type == "html_block":
        text = " ".join(_TAG.sub(" ", re.sub(r"<!--.*?-->", " ", token.content, flags=re.S)).split())
        return Block(kind="paragraph", text=text) if text else None
    return None


MAX_PARAGRAPH_CHARS = 4000
"""Longest run of text lines handed to the Markdown parser as one paragraph.

The inline parser looks ahead to the paragraph's end for every ``[`` or
``(`` (a link's destination), so its work grows with the square of one
paragraph's length; a longer run is broken into paragraphs first."""


def bound_paragraphs(body: str, limit: int = MAX_PARAGRAPH_CHARS) -> str:
    """``body`` with a blank line inserted wherever a run of text lines would pass ``limit`` characters.

    A single line longer than ``limit`` is itself broken at spaces (or anywhere, when it has none).
    """
    out: list[str] = []
    run = 0
    for line in body.splitlines(keepends=True):
        if not line.strip():
            run = 0
            out.append(line)
            continue
        if run and run + len(line) > limit:
            out.append("\n")
            run = 0
        while len(line) > limit:
            cut = line.rfind(" ", limit // 2, limit)
            cut = cut + 1 if cut > 0 else limit
            out.append(line[:cut].rstrip() + "\n\n")
            line = line[cut:]
        out.append(line)
        run += len(line)
    return "".join(out)


def title_from_name(source: str) -> str:
    """A readable title from a file name ("quiet-harbour.md" -> "Quiet harbour")."""
    stem = "" if source in ("-", "", "standard input") or "://" in source else PurePath(source).stem
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Untitled review"


class _FrontMatterYAML(YAMLHandler):
    """python-frontmatter's YAML handler, reading without aliases."""

    def load(self, fm: str, **kwargs: object) -> Any:
        """The front matter's value (aliases refused)."""
        return load_yaml(fm)


def parse_markdown(text: str, *, source: str) -> Review:
    """Parse Markdown (with optional YAML front matter) into a Review."""
    try:
        handler = frontmatter.detect_format(text, frontmatter.handlers)
        if isinstance(handler, YAMLHandler):
            handler = _FrontMatterYAML()
        post = frontmatter.loads(text, handler=handler)
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise IngestError(f"{source}: invalid YAML front matter: {first}") from exc
    data: Mapping[str, Any] = post.metadata if isinstance(post.metadata, Mapping) else {}
    blocks = parse_body(bound_paragraphs(post.content))
    title = None
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        title = blocks[0].text
        if not _text_value(data.get("title")) or _text_value(data.get("title")) == title:
            blocks = blocks[1:]
    meta = metadata_from_mapping(data, title=title or title_from_name(source), source=source)
    return Review(meta=meta, blocks=tuple(blocks), source=source)
