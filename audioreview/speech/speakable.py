"""Which characters a voice can speak.

A voice can speak letters of any script (with their combining marks), decimal
digits, whitespace and a small set of ordinary punctuation. Everything else
(symbols, emoji, markup, control characters) must be turned into words or
removed before synthesis.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

SPEAKABLE_PUNCTUATION = frozenset(".,;:!?'\"()-")
"""Punctuation a voice reads as pauses or ignores gracefully."""


@lru_cache(maxsize=4096)
def is_speakable(char: str) -> bool:
    """Whether a single character can be passed to a voice as it is."""
    if char in SPEAKABLE_PUNCTUATION or char.isspace():
        return True
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def unspeakable(text: str) -> str:
    """The characters of ``text`` a voice cannot speak.

    Each offending character appears once, in order of first appearance, so the
    result is empty when the whole text is speakable.
    """
    if text.isascii() and text.isalnum():
        return ""
    seen: dict[str, None] = {}
    for char in text:
        if char not in seen and not is_speakable(char):
            seen[char] = None
    return "".join(seen)


def strip_unspeakable(text: str) -> str:
    """Replace every unspeakable character with a space."""
    bad = unspeakable(text)
    if not bad:
        return text
    from .tracked import translate

    return translate(text, {ord(char): " " for char in bad})


def has_words(text: str) -> bool:
    """Whether the text holds anything to say: a letter or a digit of any script."""
    return any(unicodedata.category(char)[0] == "L" or unicodedata.category(char) == "Nd" for char in text)
