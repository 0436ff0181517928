"""Reading inline controls out of Markdown's inline tokens and raw HTML fragments into marked text.

``InlineReader`` is fed text, Markdown emphasis and raw HTML (tags and comments)
in order, and writes the text with direction sentinels (``ingest.directions``).
Tags that are no control are dropped and their content read as text; a span
left open, or closed when none is open, is a ``DirectionError`` naming the line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..model import Direction
from .directions import DirectionError, Marker, data_directions, element_direction, parse_comment, where

_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)((?:\s+[^>]*?)?)\s*(/?)>", re.S)
_ATTR = re.compile(r"""([A-Za-z_:][\w:.-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_PIECE = re.compile(r"<!--(.*?)-->|<[^>]*>|[^<]+|<", re.S)
VOID = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "source", "break"})


def attributes(text: str) -> dict[str, str]:
    """The attributes of a tag's inside (``name="value"``, bare names as "")."""
    found: dict[str, str] = {}
    for match in _ATTR.finditer(text or ""):
        value = match.group(2) or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        found[match.group(1).lower()] = value
    return found


@dataclass(slots=True)
class InlineReader:
    """Turns a stream of text, emphasis and HTML pieces into text with direction sentinels."""

    source: str
    line: int
    marker: Marker
    emphasis: bool = True
    """Read ``*word*``/``**word**`` as emphasis."""
    out: list[str] = field(default_factory=list)
    _open: list[tuple[str, int, int]] = field(default_factory=list)
    """Open elements and comments: (tag, how many spans it opened, line)."""

    def text(self, text: str) -> None:
        """Plain text."""
        self.out.append(text)

    def newline(self) -> None:
        """A soft or hard line break: a space, one line further on."""
        self.out.append(" ")
        self.line += 1

    def markdown_emphasis(self, opening: bool, strong: bool) -> None:
        """``*``/``_`` (moderate) or ``**`` (strong) emphasis opening or closing."""
        if not self.emphasis:
            return
        if opening:
            level = "strong" if strong else "moderate"
            self.out.append(self.marker.open(Direction("emphasis", value=level, line=self.line, implicit=True)))
        else:
            self.out.append(self.marker.close())

    def html(self, raw: str) -> None:
        """A raw HTML piece: a comment, an opening, closing or empty tag, or text."""
        lines = raw.count("\n")
        if raw.startswith("<!--"):
            self._comment(raw[4:-3] if raw.endswith("-->") else raw[4:])
        else:
            match = _TAG.fullmatch(raw.strip())
            if match is None:
                self.text(raw)
            else:
                closing, tag, attrs, empty = match.groups()
                self._tag(tag.lower(), attributes(attrs), bool(closing), bool(empty))
        self.line += lines

    def fragment(self, html: str) -> None:
        """A run of raw HTML (an HTML block in Markdown): text, tags and comments in order."""
        for match in _PIECE.finditer(html):
            piece = match.group(0)
            if piece.startswith("<"):
                self.html(piece)
            else:
                self.text(piece)
                self.line += piece.count("\n")

    def _comment(self, body: str) -> None:
        command = parse_comment(body, source=self.source, line=self.line)
        if command is None:
            return
        if command.closes:
            self._close("!--")
        elif command.direction is not None and command.opens:
            self.out.append(self.marker.open(command.direction))
            self._open.append(("!--", 1, self.line))
        elif command.direction is not None:
            self.out.append(self.marker.point(command.direction))

    def _tag(self, tag: str, attrs: dict[str, str], closing: bool, empty: bool) -> None:
        if tag == "ar-comment":  # an audio comment inside a paragraph (see markdown.inline_comments)
            if not closing:
                self._comment(html.unescape(attrs.get("data-c", "")))
            return
        if closing:
            if any(t == tag for t, _, _ in self._open):
                while self._open:
                    name, opened, _ = self._open.pop()
                    self.out.append(self.marker.close() * opened)
                    if name == tag:
                        break
            return
        here = {"source": self.source, "line": self.line}
        direction = element_direction(tag, attrs, **here)  # type: ignore[arg-type]
        directions = [direction] if direction is not None else data_directions(attrs, attrs.get("class", ""), **here)  # type: ignore[arg-type]
        if tag == "break" or "data-break" in attrs:
            pause = direction if tag == "break" else element_direction("break", {"time": attrs["data-break"]}, **here)  # type: ignore[arg-type]
            if pause is not None:
                self.out.append(self.marker.point(pause))
            return
        if tag == "br":
            self.out.append(" ")
        if empty or tag in VOID:
            return
        for d in directions:
            self.out.append(self.marker.open(d))
        self._open.append((tag, len(directions), self.line))

    def _close(self, tag: str) -> None:
        while self._open:
            name, opened, _ = self._open.pop()
            self.out.append(self.marker.close() * opened)
            if name == tag:
                return
        raise DirectionError(f"{where(self.source, self.line)}: <!-- /audio --> closes nothing", hint="remove it, or open a control before it")

    def finish(self) -> str:
        """The marked text; DirectionError when a control comment was left open."""
        for name, _, line in self._open:
            if name == "!--":
                raise DirectionError(
                    f"{where(self.source, line)}: this <!-- audio: ... --> control is never closed",
                    hint="close it with <!-- /audio --> in the same paragraph",
                )
        while self._open:
            _, opened, _ = self._open.pop()
            self.out.append(self.marker.close() * opened)
        return "".join(self.out)
