"""Safe lengths for text before the regexes and the sentence splitter see it.

Some text work grows faster than its input: a regex that backtracks over a
long run of digits, or the sentence splitter on one huge paragraph. Cutting
tokens and paragraphs to bounded lengths where text enters the speech stage
keeps every later pass linear in the size of the whole review:

- a "word" longer than ``MAX_TOKEN_CHARS`` (no real word, URL or number is)
  is cut into pieces of that length;
- a paragraph longer than ``MAX_BLOCK_CHARS`` becomes several blocks of the
  same kind, cut after a sentence end when there is one near the limit, else
  at a space, else anywhere.

Both are pure and linear; nothing is lost but the places where a giant token
or paragraph is cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from ..model import Block, Review, Span

MAX_TOKEN_CHARS = 300
"""Longest run of non-space characters kept whole."""
MAX_BLOCK_CHARS = 4000
"""Longest paragraph handed on whole (the sentence splitter's cost grows faster than linearly)."""

_LONG_TOKEN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")


def cut_tokens(text: str, limit: int = MAX_TOKEN_CHARS) -> str:
    """``text`` with every run of more than ``limit`` non-space characters cut by spaces."""
    if len(text) <= limit:
        return text

    def cut(match: re.Match[str]) -> str:
        token = match.group(0)
        return " ".join(token[i : i + limit] for i in range(0, len(token), limit))

    pattern = _LONG_TOKEN if limit == MAX_TOKEN_CHARS else re.compile(rf"\S{{{limit + 1},}}")
    return pattern.sub(cut, text)


def chunks(text: str, limit: int = MAX_BLOCK_CHARS) -> Iterator[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at sentence ends or spaces if possible."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        end = 0
        # The last sentence end in the second half of the window, else the last space.
        for match in _SENTENCE_END.finditer(window, limit // 2):
            end = match.end()
        if not end:
            space = window.rfind(" ", limit // 2)
            end = space + 1 if space > 0 else limit
        piece = window[:end].strip()
        if piece:
            yield piece
        start += end
    rest = text[start:].strip()
    if rest:
        yield rest


def bound_spans(block: Block) -> list[Block]:
    """A directed block cut as ``bound_block`` cuts any, its spans shared out among the pieces."""
    pieces: list[list[Span]] = [[]]
    size = run = 0
    for span in block.spans:
        text, run = _cut_after(span.text, run)
        parts = list(chunks(text)) if len(text) > MAX_BLOCK_CHARS else [text]
        for n, part in enumerate(parts):
            if (n or size + len(part) > MAX_BLOCK_CHARS) and pieces[-1]:
                pieces.append([])
                size = 0
            pieces[-1].append(Span(part + (" " if n < len(parts) - 1 else ""), span.directions))
            size += len(part)
    return [replace(block, text="".join(s.text for s in group).strip(), spans=tuple(group)) for group in pieces if group]


def _cut_after(text: str, run: int, limit: int = MAX_TOKEN_CHARS) -> tuple[str, int]:
    """``text`` cut as ``cut_tokens`` cuts it, following ``run`` non-space characters that end the text before it.

    A word can run on from one span into the next: when the two together
    would be longer than ``limit``, a space goes between them. Returns the
    cut text and how many non-space characters run on at its end.
    """
    text = cut_tokens(text, limit)
    words = text.split(None, 1)
    if not words:
        return text, run if not text else 0
    if not text[0].isspace() and run + len(words[0]) > limit:
        text, run = " " + text, 0
    if text[-1].isspace():
        return text, 0
    if len(words) == 1 and not text[0].isspace():
        return text, run + len(text)  # one word, from end to end: the run goes on
    return text, len(text.rsplit(None, 1)[-1])


def bound_block(block: Block) -> list[Block]:
    """``block`` with its tokens cut, as one block or several of at most MAX_BLOCK_CHARS."""
    if block.spans:
        if len(block.text) <= MAX_TOKEN_CHARS and all(len(s.text) <= MAX_TOKEN_CHARS for s in block.spans):
            return [block]
        return bound_spans(block)
    text = cut_tokens(block.text)
    if len(text) <= MAX_BLOCK_CHARS:
        return [block if text == block.text else replace(block, text=text)]
    return [replace(block, text=piece) for piece in chunks(text)]


def bound_review(review: Review) -> Review:
    """``review`` with every block cut to safe lengths (the same review when none is too long)."""
    if all(len(b.text) <= MAX_TOKEN_CHARS for b in review.blocks):
        return review
    blocks = tuple(piece for block in review.blocks for piece in bound_block(block))
    return replace(review, blocks=blocks)
