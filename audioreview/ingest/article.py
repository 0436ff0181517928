"""The article body as blocks: trafilatura's XML walked in full, and which extraction to trust.

trafilatura's XML keeps the article's structure: ``head`` (with ``rend="h2"``),
``p``, ``list``/``item``, ``quote``, ``table``/``row``/``cell``, ``code``, and
``div`` wrappers around any of them; ``lb`` is a line break and inline
formatting (``hi``, ``ref``, ``del``) is text. Every element is walked, text
that sits between blocks (after a ``head``, directly in a ``div``) is a
paragraph of its own, and a paragraph that trafilatura ran together with
line breaks is split back into its lines.

Tables are read aloud as their header row, then one sentence per row, cells
separated by commas. A table too big to listen to (more than
``TABLE_MAX_ROWS`` rows or ``TABLE_MAX_COLUMNS`` columns) is replaced by the
spoken note ``TABLE_OMITTED``.

``article_score`` says how much a list of blocks reads like an article:
words in sentence-like blocks (ending in sentence punctuation, several words
long), minus the words in short unpunctuated lines (menus, teasers, buttons).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import lxml.etree as etree

from ..model import Block, BlockKind

TABLE_MAX_ROWS = 12
"""A table with more data rows than this is not read out."""
TABLE_MAX_COLUMNS = 6
"""Nor a table with more columns than this."""
TABLE_OMITTED = "Table omitted."
"""What is said instead of a table too big to listen to."""

_SENTENCE_END = re.compile(r"[.!?…:;»”\"')\]]\s*$")
_INLINE = {"hi", "ref", "del", "span", "abbr", "sub", "sup"}
_BLOCKISH = {"p", "head", "list", "item", "quote", "table", "code", "div", "lb", "row", "cell"}

MakeBlock = Callable[[BlockKind, str, int], "Block | None"]


def _space(text: str | None) -> str:
    return " ".join((text or "").split())


def inline_text(node: etree._Element, skip: frozenset[str] = frozenset()) -> str:
    """The text of ``node`` and its descendants (line breaks as spaces), leaving out ``skip`` tags."""
    parts = [node.text or ""]
    for child in node:
        if isinstance(child.tag, str) and child.tag not in skip and child.tag != "graphic":
            parts.append(" " if child.tag == "lb" else "")
            parts.append(inline_text(child, skip))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split()) if len(parts) > 1 else _space(parts[0])


def _lines(node: etree._Element) -> list[str]:
    """The lines of a paragraph: its text split at ``lb`` elements (inline elements kept as text)."""
    lines: list[str] = [""]

    def walk(element: etree._Element) -> None:
        lines[-1] += element.text or ""
        for child in element:
            if child.tag == "lb":
                lines.append("")
            elif isinstance(child.tag, str) and child.tag != "graphic":
                walk(child)
            lines[-1] += child.tail or ""

    walk(node)
    return [_space(line) for line in lines if _space(line)]


def join_broken_lines(lines: Sequence[str]) -> list[str]:
    """Lines of one paragraph, rejoined where a line break fell inside a sentence.

    A line that does not end in sentence punctuation and is followed by one
    that starts in lower case continues on it ("a long<br>sentence").
    """
    out: list[str] = []
    for line in lines:
        if out and not _SENTENCE_END.search(out[-1]) and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def table_rows(table: etree._Element) -> tuple[list[str] | None, list[list[str]]]:
    """The header row (cells with ``role="head"``, if the first row is one) and the data rows."""
    rows: list[list[str]] = []
    header: list[str] | None = None
    for index, row in enumerate(table.iter("row")):
        cells = row.findall("cell")
        values = [inline_text(c) for c in cells]
        if not any(values):
            continue
        if index == 0 and cells and all(c.get("role") == "head" for c in cells):
            header = values
        else:
            rows.append(values)
    return header, rows


def _row_sentence(values: Sequence[str]) -> str:
    text = ", ".join(v for v in values if v)
    return text if _SENTENCE_END.search(text) else text + "."


def table_paragraphs(table: etree._Element) -> list[str]:
    """A table as sentences to listen to: the header row, then each row; or ``TABLE_OMITTED``."""
    header, rows = table_rows(table)
    width = max([len(header or [])] + [len(r) for r in rows] or [0])
    if not rows and not header:
        return []
    if len(rows) > TABLE_MAX_ROWS or width > TABLE_MAX_COLUMNS:
        return [TABLE_OMITTED]
    if width == 1:  # a one-column "table" is layout: its cells are paragraphs
        return [v[0] for v in ([header] if header else []) + rows if v and v[0]]
    return [_row_sentence(r) for r in ([header] if header else []) + rows]


def blocks_from_tree(main: etree._Element, make: MakeBlock) -> list[Block]:
    """Blocks from trafilatura's ``main`` element (see the module docstring)."""
    blocks: list[Block | None] = []

    def loose(text: str | None, in_quote: bool) -> None:
        if _space(text):
            blocks.append(make("quote" if in_quote else "paragraph", text or "", 0))

    def walk(node: etree._Element, depth: int, in_quote: bool) -> None:
        loose(node.text, in_quote)
        for child in node:
            visit(child, depth, in_quote)
            loose(child.tail, in_quote)

    def visit(child: etree._Element, depth: int, in_quote: bool) -> None:
        tag = child.tag
        if not isinstance(tag, str) or tag in ("graphic", "lb"):
            return
        if tag == "head":
            rend = child.get("rend", "")
            level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
            blocks.append(make("heading", inline_text(child), level))
        elif tag == "list":
            for item in child:
                visit(item, depth + 1, in_quote)
                loose(item.tail, in_quote)
        elif tag == "item":
            nested = frozenset({"list", "p", "quote", "table"})
            blocks.append(make("list_item", inline_text(child, nested), max(depth, 1)))
            for inner in child:
                if inner.tag in nested:
                    visit(inner, depth, in_quote)
        elif tag == "quote":
            walk(child, depth, True)
        elif tag == "table":
            blocks.extend(make("paragraph", line, 0) for line in table_paragraphs(child))
        elif tag in ("p", "code"):
            kind: BlockKind = "quote" if in_quote else "paragraph"
            blocks.extend(make(kind, line, 0) for line in join_broken_lines(_lines(child)))
        elif tag in _INLINE:
            loose(inline_text(child), in_quote)
        else:  # div, section and anything unknown: a container
            walk(child, depth, in_quote)

    walk(main, 0, False)
    return [b for b in blocks if b is not None]


# --- how much a text reads like an article ------------------------------------------


def _sentence_like(text: str) -> bool:
    return len(text.split()) >= 6 and bool(_SENTENCE_END.search(text))


def article_score(blocks: Sequence[Block]) -> float:
    """Words in sentence-like blocks minus words in short unpunctuated lines (see module docstring)."""
    good = bad = 0
    for block in blocks:
        words = len(block.text.split())
        if block.kind == "heading":
            continue
        if _sentence_like(block.text):
            good += words
        elif words < 12:
            bad += words
    return good - bad


def more_article_like(first: Sequence[Block], second: Sequence[Block]) -> bool:
    """True when ``second`` reads clearly more like an article than ``first`` (not merely longer)."""
    a, b = article_score(first), article_score(second)
    return b > max(a * 1.3, a + 20)
