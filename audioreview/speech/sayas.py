"""Forced readings for ``say-as``: letters one by one, digits one by one, phone numbers, ordinals.

Pure ``str -> str`` functions; the result still goes through the text pass
(lexicon, tidying), so what they return is plain words. A reading that does
not fit the text (``ordinal`` over "soon") leaves the text to the normalizer.
"""

from __future__ import annotations

import re

from num2words import num2words

from ..values import primary_language

LETTERS_EN = {
    "a": "ay", "b": "bee", "c": "see", "d": "dee", "e": "ee", "f": "eff", "g": "jee", "h": "aitch",
    "i": "eye", "j": "jay", "k": "kay", "l": "el", "m": "em", "n": "en", "o": "oh", "p": "pee",
    "q": "cue", "r": "ar", "s": "ess", "t": "tee", "u": "you", "v": "vee", "w": "double you",
    "x": "ex", "y": "why", "z": "zee", "&": "and", "+": "plus", "@": "at",
}  # fmt: skip
"""English letter names: a voice reads a lone "A" as the article."""


def _digit(ch: str, language: str) -> str:
    try:
        return str(num2words(int(ch), lang=language))
    except (NotImplementedError, OverflowError, ValueError):
        return str(num2words(int(ch)))


def characters(text: str, language: str = "en") -> str:
    """Every letter and digit said on its own: "NASA" -> "en, ay, ess, ay"."""
    lang = primary_language(language) or "en"
    said = []
    for ch in text:
        if ch.isdigit():
            said.append(_digit(ch, lang))
        elif lang == "en" and ch.lower() in LETTERS_EN:
            said.append(LETTERS_EN[ch.lower()])
        elif ch.isalnum():
            said.append(ch.upper())
    return ", ".join(said)


def digits(text: str, language: str = "en") -> str:
    """Every digit said on its own: "1968" -> "one nine six eight"; other characters kept."""
    lang = primary_language(language) or "en"
    return " ".join(_digit(ch, lang) if ch.isdigit() else ch for ch in text if not ch.isspace()).strip()


def telephone(text: str, language: str = "en") -> str:
    """A phone number digit by digit, its groups apart: "555-0134" -> "five five five, zero one three four"."""
    lang = primary_language(language) or "en"
    groups = re.findall(r"\+|\d+", text)
    said = []
    for group in groups:
        said.append("plus" if group == "+" and lang == "en" else " ".join(_digit(ch, lang) for ch in group if ch.isdigit()) or group)
    return ", ".join(g for g in said if g)


def _number(text: str) -> int | None:
    match = re.fullmatch(r"\s*(\d{1,9})(?:st|nd|rd|th|\.)?\s*", text)
    return int(match.group(1)) if match else None


def ordinal(text: str, language: str = "en") -> str:
    """A number as an ordinal: "3" -> "third"; text that is no number is left as it is."""
    number = _number(text)
    if number is None:
        return text
    lang = primary_language(language) or "en"
    try:
        return str(num2words(number, to="ordinal", lang=lang))
    except (NotImplementedError, OverflowError):
        return str(num2words(number, to="ordinal"))


def cardinal(text: str, language: str = "en") -> str:
    """A number as a whole number: "1968" -> "one thousand nine hundred and sixty-eight" (in words)."""
    number = _number(text.replace(",", ""))
    if number is None:
        return text
    lang = primary_language(language) or "en"
    try:
        return str(num2words(number, lang=lang))
    except (NotImplementedError, OverflowError):
        return str(num2words(number))


READINGS = {"characters": characters, "digits": digits, "telephone": telephone, "ordinal": ordinal, "cardinal": cardinal}
"""Each interpretation's reading; "date" has none here: the normalizer reads dates already."""


def read_as(kind: str, text: str, language: str = "en") -> str:
    """``text`` read as ``kind`` (a say-as interpretation); unchanged for "date" and unknown kinds."""
    reading = READINGS.get(kind)
    return reading(text, language) if reading else text
