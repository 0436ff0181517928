"""Parsing the small values a review carries: ratings, dates, language tags.

Pure functions below the stages, shared by the ingest modules (front matter,
meta tags), by ``speech`` (rating and date lines found in the body, the
language's rules) and by ``publish`` (language labels and tags).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from dateutil import parser as date_parser

from .model import Rating

_NUMBER = r"\d+(?:[.,]\d+)?"
_FRACTION = re.compile(
    rf"^(?P<value>{_NUMBER})\s*(?:/|out\s+of|of|on)\s*(?P<scale>{_NUMBER})(?:\s*(?:stars?|points?))?$",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"^(?P<value>{_NUMBER})\s*%$")
_STARS_WORD = re.compile(rf"^(?P<value>{_NUMBER})\s*(?:stars?|★)$", re.IGNORECASE)
_BARE = re.compile(rf"^(?P<value>{_NUMBER})$")
_STAR_GLYPHS = re.compile(r"^[★☆✩✪✭✮✯⭐½⯪\s]+$")
_FULL_STARS = "★✪✭✮✯⭐"
_EMPTY_STARS = "☆✩"
_HALF_STARS = "½⯪"

_LANG_TAG = re.compile(
    r"^(?P<lang>[A-Za-z]{2,3})(?:[-_](?P<rest>[A-Za-z0-9]{1,8}(?:[-_][A-Za-z0-9]{1,8})*))?$"
)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _guess_scale(value: float) -> float | None:
    """The likeliest scale of a bare score: 5 stars, 10 points, or a percentage."""
    if value <= 5:
        return 5.0
    if value <= 10:
        return 10.0
    if value <= 100:
        return 100.0
    return None


def _valid(value: float, scale: float, text: str) -> Rating | None:
    if scale <= 0 or value < 0 or value > scale:
        return None
    return Rating(value=value, scale=scale, text=text)


def _parse_stars(text: str) -> Rating | None:
    full = sum(text.count(c) for c in _FULL_STARS)
    half = 1 if any(c in text for c in _HALF_STARS) else 0
    empty = sum(text.count(c) for c in _EMPTY_STARS)
    value = full + 0.5 * half
    # "★★★☆☆" spells out its scale; bare stars are out of five.
    scale = float(full + half + empty) if empty else max(5.0, float(math.ceil(value)))
    return _valid(value, scale, text)


def parse_rating(raw: Any, scale: Any = None) -> Rating | None:
    """Parse a rating as written ("7.5/10", "4 out of 5", "7.5 on 10", "★★★½", "85%", 4) into a Rating.

    ``scale`` is an explicit scale (front matter ``rating_scale``); without it a
    bare number is read as out of 5, 10 or 100, whichever is the smallest that
    fits. Returns None when the text is not a rating (e.g. "PG-13").
    """
    if raw is None or isinstance(raw, bool):
        return None
    explicit = None
    if scale is not None and not isinstance(scale, bool):
        try:
            explicit = _number(str(scale).strip())
        except ValueError:
            explicit = None
    if isinstance(raw, int | float):
        value = float(raw)
        text = f"{raw:g}" if isinstance(raw, float) else str(raw)
        guess = explicit or _guess_scale(value)
        return _valid(value, guess, f"{text}/{guess:g}") if guess else None
    text = " ".join(str(raw).split())
    if not text:
        return None
    if _STAR_GLYPHS.match(text):
        return _parse_stars(text)
    for pattern in (_FRACTION, _PERCENT, _STARS_WORD, _BARE):
        match = pattern.match(text)
        if not match:
            continue
        value = _number(match.group("value"))
        if pattern is _FRACTION:
            return _valid(value, _number(match.group("scale")), text)
        if pattern is _PERCENT:
            return _valid(value, 100.0, text)
        if pattern is _STARS_WORD:
            return _valid(value, explicit or 5.0, text)
        guess = explicit or _guess_scale(value)
        return _valid(value, guess, text if explicit is None else f"{text}/{guess:g}") if guess else None
    return None


_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)


def parse_date(raw: Any, *, dayfirst: bool = False) -> str | None:
    """Normalize a date ("March 3, 2024", "2024-03-03T10:00Z", a date object) to YYYY-MM-DD.

    Returns None when the text is not a complete date: a missing day or year is
    never invented.
    """
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if raw is None or isinstance(raw, bool | int | float):
        return None
    text = _ORDINAL.sub("", " ".join(str(raw).split())).strip(" .,")
    if not text or len(text) > 60 or not re.search(r"\d", text):
        return None
    results = set()
    # Parse against two different defaults: if the results differ, part of the
    # date (day, month or year) came from the default, not from the text.
    for default in (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2)):
        try:
            parsed = date_parser.parse(text, default=default, dayfirst=dayfirst)
        except (ValueError, OverflowError, TypeError):
            return None
        results.add(parsed.date())
    if len(results) != 1:
        return None
    return results.pop().isoformat()


def normalize_language(raw: Any) -> str | None:
    """Normalize a language tag ("en", "en_US", "EN-gb") to BCP 47 ("en", "en-US", "en-GB").

    Returns None when the value is not a language tag.
    """
    if not isinstance(raw, str):
        return None
    match = _LANG_TAG.match(raw.strip())
    if not match:
        return None
    lang = match.group("lang").lower()
    rest = match.group("rest")
    if not rest:
        return lang
    parts = re.split(r"[-_]", rest)
    out = [lang]
    for part in parts:
        if len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


_PRIMARY = re.compile(r"[A-Za-z]{2,8}")


def primary_language(language: str) -> str:
    """The primary subtag of a language tag, lower case: "en-GB" and "en_US" -> "en" ("" when not a tag)."""
    head = re.split(r"[-_]", language.strip(), maxsplit=1)[0]
    return head.lower() if _PRIMARY.fullmatch(head) else ""
