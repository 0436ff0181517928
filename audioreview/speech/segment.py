"""Sentence splitting, with a bound on how long one spoken segment may be.

pysbd finds sentence boundaries that survive abbreviations ("Dr.", "vs."),
decimals ("7.5") and initials; a sentence longer than an engine can take in
one breath is cut at its clauses, then at word boundaries.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..values import primary_language

MAX_SEGMENT_CHARS = 400
"""Longest text sent to an engine in one piece."""

_CLAUSE = re.compile(r"(?<=[,;:\u2014\u2013)])\s+|\s+(?=[\u2014\u2013(])")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=8)
def _segmenter(language: str) -> Any:
    import pysbd

    try:
        return pysbd.Segmenter(language=language, clean=False)
    except ValueError:
        return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Split a paragraph into sentences (whitespace tidied, empties dropped)."""
    text = _WS.sub(" ", text).strip()
    if not text:
        return []
    try:
        pieces = _segmenter(primary_language(language) or "en").segment(text)
    except Exception:  # pysbd has regex corner cases; never let them stop a run
        pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])", text)
    return [p.strip() for p in pieces if p and p.strip()]


def _split_words(text: str, limit: int) -> list[str]:
    out: list[str] = []
    current = ""
    for word in text.split(" "):
        while len(word) > limit:  # a "word" longer than the limit: cut it
            if current:
                out.append(current)
                current = ""
            out.append(word[:limit])
            word = word[limit:]
        if current and len(current) + 1 + len(word) > limit:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        out.append(current)
    return out


def bound_length(sentence: str, limit: int = MAX_SEGMENT_CHARS) -> list[str]:
    """Cut ``sentence`` into pieces of at most ``limit`` characters, at clauses if possible."""
    if len(sentence) <= limit:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for clause in _CLAUSE.split(sentence):
        if not clause:
            continue
        if len(clause) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.extend(_split_words(clause, limit))
        elif current and len(current) + 1 + len(clause) > limit:
            pieces.append(current)
            current = clause
        else:
            current = f"{current} {clause}" if current else clause
    if current:
        pieces.append(current)
    return pieces
