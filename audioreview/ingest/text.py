"""Plain text: the first non-empty line is the title, blank lines split paragraphs.

Inside a paragraph, single line breaks are read two ways. In hard-wrapped text
(most long lines end near one width, as an editor wraps at 72 or 80 columns)
a line that reaches the wrap width continues on the next line and the lines
are joined. Otherwise every line is its own block: that is how blog exports
put a byline, a date and a caption on consecutive lines, and keeping them
apart lets the cleaner drop each one.
"""

from __future__ import annotations

import re

from ..errors import IngestError
from ..model import Block, Metadata, Review

_BULLET = re.compile(r"^\s*(?:[-*•‣◦+–]|\d{1,2}[.)])\s+(?P<text>\S.*)$")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u2060"), None)


def split_paragraphs(text: str) -> list[list[str]]:
    """Split text into paragraphs (lists of stripped lines) on blank lines."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            current.append(" ".join(stripped.split()))
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def wrap_width(paragraphs: list[list[str]]) -> int | None:
    """The column the text is hard-wrapped at, or None when it is not hard-wrapped."""
    # Lines that do not end their paragraph; short ones are separate items
    # (a byline, a date) in either kind of text, so only long ones are telling.
    inner = [len(line) for para in paragraphs for line in para[:-1] if len(line) >= 40]
    if len(inner) < 3:
        return None
    width = max(inner)
    if width > 120:
        return None
    near = sum(1 for n in inner if n >= width - 25)
    return width if near >= 0.8 * len(inner) else None


def _block(lines: list[str], bulleted: bool) -> Block:
    text = " ".join(lines)
    return Block(kind="list_item", text=text, level=1) if bulleted else Block(kind="paragraph", text=text)


def lines_to_blocks(lines: list[str], width: int | None) -> list[Block]:
    """Turn one paragraph's lines into blocks: joined where hard-wrapped, bullets as list items."""
    blocks: list[Block] = []
    pending: list[str] = []
    bulleted = False
    for line in lines:
        bullet = _BULLET.match(line)
        if bullet:
            if pending:
                blocks.append(_block(pending, bulleted))
            pending, bulleted = [bullet.group("text")], True
        else:
            pending.append(line)
        # A line shorter than the wrap width ends its block.
        if width is None or len(line) < width - 25:
            blocks.append(_block(pending, bulleted))
            pending, bulleted = [], False
    if pending:
        blocks.append(_block(pending, bulleted))
    return blocks


def parse_text(text: str, *, source: str) -> Review:
    """Parse plain text into a Review: title from the first non-empty line, the rest as blocks."""
    text = text.translate(_INVISIBLE)
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise IngestError(f"{source}: the input is empty")
    title = paragraphs[0][0]
    rest = [paragraphs[0][1:], *paragraphs[1:]]
    rest = [p for p in rest if p]
    width = wrap_width(rest)
    blocks = [block for para in rest for block in lines_to_blocks(para, width)]
    return Review(meta=Metadata(title=title), blocks=tuple(blocks), source=source)
