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

import html
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
from ..model import Block, BlockKind, Direction, Metadata, Review, Span
from ..values import normalize_language, parse_date, parse_rating
from .directions import (
    DirectionError,
    Marker,
    directed_block,
    has_marks,
    parse_comment,
    strip_marks,
    where,
    with_direction,
    with_point,
)
from .marked import InlineReader
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


def directed_inline(token: Token, reader: InlineReader) -> str:
    """An inline token's text with its controls as sentinels (see ``ingest.directions``)."""
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            reader.text(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            reader.newline()
        elif child.type in ("em_open", "em_close", "strong_open", "strong_close"):
            reader.markdown_emphasis(child.type.endswith("_open"), child.type.startswith("strong"))
        elif child.type == "html_inline":
            reader.html(child.content)
    return reader.finish()


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


def parse_body(body: str, *, source: str = "<input>", first_line: int = 1, emphasis: bool = True) -> list[Block]:
    """Parse a Markdown body into blocks.

    ``first_line`` is the body's first line in the file (after the front matter),
    for messages; ``emphasis`` reads ``*word*``/``**word**`` as spoken emphasis.
    """
    md = MarkdownIt("commonmark").enable("strikethrough")
    tokens = md.parse(body)
    marks = _ShortMarks(tokens)
    regions = _Regions(source)
    blocks: list[Block] = []
    containers: list[str] = []
    for index, token in enumerate(tokens):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "html_block" and marks.see_marker(index, token.content):
            continue
        if token.type == "html_block" and regions.see(token.content, line, blocks):
            continue
        marks.enter(token)
        if token.nesting == 1:
            containers.append(token.type)
        elif token.nesting == -1 and containers:
            containers.pop()
        reader = InlineReader(source, line, regions.marker, emphasis)
        block = _block_for(token, tokens, index, containers, reader)
        if block is not None:
            short = marks.active or (token.type == "inline" and _has_inline_marker(token))
            blocks.append(regions.direct(replace(block, marked_short=short)))
        marks.leave(token)
    regions.finish()
    return blocks


_SKIP_TAG = re.compile(r"^\s*<[A-Za-z][^>]*(?:class\s*=\s*[\"'][^\"']*\bno-audio\b|data-audio\s*=\s*[\"']?skip)", re.I)
_COMMENTS_ONLY = re.compile(r"^\s*(?:<!--.*?-->\s*)+$", re.S)


class _Regions:
    """Controls written between blocks: a pause after the block before, words only heard,
    or a span command over the blocks up to ``<!-- /audio -->``."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.marker = Marker()
        self.open: list[Direction] = []
        self.pending: list[Direction] = []
        """Pauses written before the first block: they go at its start."""

    def see(self, content: str, line: int, blocks: list[Block]) -> bool:
        """Handle an HTML block made only of comments; True when it held a control."""
        if not _COMMENTS_ONLY.match(content):
            return False
        handled = False
        for match in re.finditer(r"<!--(.*?)-->", content, re.S):
            at = line + content[: match.start()].count("\n")
            command = parse_comment(match.group(1), source=self.source, line=at)
            if command is None:
                continue
            handled = True
            if command.closes:
                if not self.open:
                    raise DirectionError(f"{where(self.source, at)}: <!-- /audio --> closes nothing")
                self.open.pop()
            elif command.opens and command.direction is not None:
                self.open.append(command.direction)
            elif command.direction is not None and command.direction.kind == "only":
                heard = Block(kind="paragraph", text="", spans=(Span("", (command.direction,)),))
                blocks.append(self.direct(heard))
            elif command.direction is not None:
                if blocks:
                    blocks[-1] = with_point(blocks[-1], command.direction)
                else:
                    self.pending.append(command.direction)
        return handled

    def direct(self, block: Block) -> Block:
        """``block`` under every open region, with any pause written before it."""
        for direction in reversed(self.open):
            block = with_direction(block, direction)
        while self.pending:
            block = with_point(block, self.pending.pop(), at_end=False)
        return block

    def finish(self) -> None:
        """DirectionError when a region was never closed."""
        if self.open:
            raise DirectionError(
                f"{where(self.source, self.open[0].line)}: this <!-- audio: ... --> control is never closed",
                hint="close it with <!-- /audio -->",
            )


def _block_for(
    token: Token, tokens: Sequence[Token], index: int, containers: list[str], reader: InlineReader
) -> Block | None:
    if token.type == "inline":
        marked = directed_inline(token, reader)
        if not strip_marks(marked).strip() and not has_marks(marked):
            return None
        opener = tokens[index - 1] if index else None
        if opener is not None and opener.type == "heading_open":
            block = Block(kind="heading", text="", level=int(opener.tag[1:]))
        else:
            depth = sum(1 for c in containers if c in ("bullet_list_open", "ordered_list_open"))
            kind: BlockKind = "paragraph"
            if depth:
                kind = "list_item"
            elif "blockquote_open" in containers:
                kind = "quote"
            block = Block(kind=kind, text="", level=depth)
        return directed_block(block, marked, reader.marker.table)
    if token.type in ("fence", "code_block"):
        text = token.content.strip()
        return Block(kind="paragraph", text=text) if text else None
    if token.type == "html_block":
        if _SKIP_TAG.match(token.content):
            text = " ".join(_TAG.sub(" ", re.sub(r"<!--.*?-->", " ", token.content, flags=re.S)).split())
            return with_direction(Block(kind="paragraph", text=text), Direction("skip", line=reader.line)) if text else None
        reader.fragment(token.content)
        return directed_block(Block(kind="paragraph", text=""), reader.finish(), reader.marker.table)
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


_AUDIO_COMMENT = re.compile(r"<!--(\s*/?\s*audio\b.*?)-->", re.I | re.S)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
INLINE_TAG = "ar-comment"
"""What an ``audio:`` comment inside a paragraph is rewritten to before parsing (see ``inline_comments``)."""


def inline_comments(body: str) -> str:
    """``body`` with every ``audio:`` comment that sits inside a paragraph rewritten as an inline tag.

    CommonMark starts an HTML block at any line that begins with ``<!--``, even
    inside a paragraph, which would cut the paragraph in two; an open tag with
    text after it on its line starts none. A comment alone on its line between
    blocks stays a comment (a control over the blocks around it).
    """
    lines = body.split("\n")
    fenced = False
    for n, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or "<!--" not in line:
            continue
        alone = bool(re.fullmatch(r"\s*<!--.*-->\s*", line)) and len(_AUDIO_COMMENT.findall(line)) <= 1
        before = lines[n - 1].strip() if n else ""
        after = lines[n + 1].strip() if n + 1 < len(lines) else ""
        inside = bool(before) and bool(after) and not _AUDIO_COMMENT.fullmatch(before) and not _AUDIO_COMMENT.fullmatch(after)
        if alone and not inside:
            continue
        lines[n] = _AUDIO_COMMENT.sub(lambda m: f'<{INLINE_TAG} data-c="{html.escape(m.group(1), quote=True)}">', line)
    return "\n".join(lines)


def body_first_line(text: str, body: str) -> int:
    """The line of ``text`` (1-based) on which ``body``, its part after the front matter, starts."""
    probe = body.lstrip()[:80]
    at = text.find(probe) if probe else -1
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


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
    body = inline_comments(bound_paragraphs(post.content))
    blocks = parse_body(body, source=source, first_line=body_first_line(text, post.content))
    title = None
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        title = blocks[0].text
        if not _text_value(data.get("title")) or _text_value(data.get("title")) == title:
            blocks = blocks[1:]
    meta = metadata_from_mapping(data, title=title or title_from_name(source), source=source)
    return Review(meta=meta, blocks=tuple(blocks), source=source)
