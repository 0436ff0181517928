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
from .bounds import MAX_BLOCK_CHARS
from .bounds import chunks as bounded_pieces
from .english_words import roman_value, word_set

MAX_SEGMENT_CHARS = 400
"""Longest text sent to an engine in one piece."""

LOOK_ALIKES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\uff07": "'",
    "\u2039": "'", "\u203a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u2033": '"', "\u00ab": '"', "\u00bb": '"', "\uff02": '"', "\u2026": ".", "\uff0e": ".",
    "\uff01": "!", "\uff1f": "?", "\u203c": "!", "\u2047": "?", "\u2048": "?", "\u2049": "!",
})
"""Quotes and stops that look like the plain ones, folded one character for one before splitting.

Exports often close a title with the opening curly quote (‘Title‘) or use
guillemets; the splitter only knows the straight forms. The fold keeps every
offset, so the sentences returned are cut from the text as written.
"""

ABBREVIATIONS = word_set(
    "ch chap vol vols no nos p pp fig figs ed eds approx ca cf vs ep eps pt pts sec min hr hrs "
    "dr mr mrs ms st mt jr sr prof gen lt col sgt rev capt"
)
"""Abbreviations after which a stop does not end a sentence when a digit or a lower-case word follows."""

NUMBERING = word_set("ch chap vol vols pt pts ep eps fig figs bk")
"""Abbreviations that number what follows, so a Roman numeral after them does not start a sentence ("Vol. II")."""

_CLAUSE = re.compile(r"(?<=[,;:\u2014\u2013)])\s+|\s+(?=[\u2014\u2013(])")
_WS = re.compile(r"\s+")
_MISSED_END = re.compile(r"(?:[!?]+|\.)['\")\]]+\s+(?=['\"(]?[A-Z0-9])|[!?]{2,}\s+(?=['\"(]?[A-Z])")
_ABBREVIATION_END = re.compile(r"(?<![\w.])([A-Za-z]{1,6})\.\s*$")
_OPENS_LOWER = re.compile(r"\s*(?:[\u2013\u2014-]\s*)?['\"(]?[a-z0-9\u00df-\u00ff]")
_OPENS_ROMAN = re.compile(r"\s*([IVXLC]{1,8})(?![\w'])")
_LIST_LINE = re.compile(r"\s*(?:[-*+\u2022\u2023\u25e6\u2043]\s|[0-9]{1,2}[.)]\s|['\"(]?[A-Z0-9])")
_BULLET = re.compile(r"\s*(?:[-*+\u2022\u2023\u25e6\u2043]\s|[0-9]{1,2}[.)]\s)")
_TERMINAL = re.compile(r"[.!?]['\")\]]*$")
SHORT_LINE = 60
"""A line this short, with no end punctuation and a capital or a bullet next, is a heading or a list item."""


@lru_cache(maxsize=8)
def _segmenter(language: str) -> Any:
    import pysbd

    try:
        return pysbd.Segmenter(language=language, clean=False, char_span=True)
    except ValueError:
        return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _lines(text: str) -> list[str]:
    """Paragraph lines joined back, except where a short unpunctuated line is a heading or list item."""
    chunks: list[str] = []
    previous = ""
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        short_unfinished = not _TERMINAL.search(previous) and len(previous) < SHORT_LINE
        if chunks and ((short_unfinished and _LIST_LINE.match(line)) or _BULLET.match(line)):
            chunks.append(line)
        elif chunks:
            chunks[-1] = f"{chunks[-1]} {line}"
        else:
            chunks.append(line)
        previous = line
    return chunks


def _boundaries(folded: str, language: str) -> list[int]:
    """Where sentences end in ``folded``: pysbd's cuts, plus the ones it misses, minus abbreviations."""
    try:
        cuts = {span.end for span in _segmenter(language).segment(folded)}
    except Exception:  # pysbd has regex corner cases; never let them stop a run
        cuts = {m.end() for m in re.finditer(r"[.!?]['\")\]]*\s+(?=[A-Z0-9\"'])", folded)}
    cuts |= {m.end() for m in _MISSED_END.finditer(folded)}
    kept = []
    for cut in sorted(cuts):
        if 0 < cut < len(folded):
            head = _ABBREVIATION_END.search(folded, 0, cut)
            if head and head.group(1).lower() in ABBREVIATIONS and _OPENS_LOWER.match(folded, cut):
                continue
            if head and head.group(1).lower() in NUMBERING and _numeral_follows(folded, cut):
                continue
        kept.append(cut)
    return kept


def _numeral_follows(text: str, at: int) -> bool:
    """Whether a Roman numeral stands at ``at`` (after "Vol.", "I" is one too)."""
    found = _OPENS_ROMAN.match(text, at)
    return found is not None and roman_value(found.group(1)) is not None


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Split a paragraph into sentences (whitespace tidied, empties dropped).

    Look-alike quotes and stops are read as the plain ones, a short line with
    no end punctuation (a heading, a list item) ends its own sentence, and the
    sentences keep the characters as written. A line longer than
    MAX_BLOCK_CHARS is split in bounded pieces (the splitter's cost grows
    faster than linearly).
    """
    primary = primary_language(language) or "en"
    sentences: list[str] = []
    for line in _lines(text):
        line = _WS.sub(" ", line).strip()
        for chunk in bounded_pieces(line) if len(line) > MAX_BLOCK_CHARS else [line]:
            folded = chunk.translate(LOOK_ALIKES)
            start = 0
            for cut in [*_boundaries(folded, primary), len(chunk)]:
                piece = chunk[start:cut].strip()
                if piece:
                    sentences.append(piece)
                start = cut
    return sentences


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
