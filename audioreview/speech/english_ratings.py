"""English passes for the ways reviews write scores and episode codes.

Each pass is a pure ``str -> str`` function: star glyphs, "7.5/10", "7.5 on
10", "3.5 stars", letter grades in a rating context, fractions written with a
slash or as Unicode vulgar fractions, and season/episode codes.
"""

from __future__ import annotations

import re

from .english_words import cardinal, fraction, has_digit, integer, mixed_fraction, number, word_set
from .tracked import sub

SLASH_IDIOMS = {
    "24/7": "twenty-four seven", "9/11": "nine eleven", "50/50": "fifty-fifty", "20/20": "twenty-twenty",
}
"""Slashed numbers that are names or idioms, not scores."""

RATING_SCALES = frozenset({4, 5, 10, 20, 100})
"""Denominators that make "n/d" a score rather than a fraction."""

FRACTION_DENOMINATORS = frozenset({2, 3, 4, 6, 8, 12, 16, 32, 64})
"""Denominators that make "n/d" a fraction when a noun follows ("1/4 mile")."""

VULGAR_FRACTIONS = {
    "½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅖": (2, 5),
    "⅗": (3, 5), "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8),
    "⅞": (7, 8), "⅐": (1, 7), "⅑": (1, 9), "⅒": (1, 10),
}

_FULL = "★✭✮⭐🌟"
_EMPTY = "☆✩"
_HALF = "⯪⯨"

_STARS = re.compile(
    rf"(?:(?P<full>[{_FULL}](?: ?[{_FULL}])*)(?: ?(?P<half>½|[{_HALF}]))?|(?P<half2>[{_HALF}]))"
    rf"(?P<empty>(?: ?[{_EMPTY}])*)|(?P<only_empty>[{_EMPTY}](?: ?[{_EMPTY}])*)"
)
_NUM = r"[0-9]{1,6}(?:\.[0-9]{1,6})?"
_ANY_STAR = re.compile(f"[{_FULL}{_EMPTY}{_HALF}]")
_VULGAR = "".join(VULGAR_FRACTIONS)
_ANY_VULGAR = re.compile(f"[{_VULGAR}]")
_VULGAR_RE = re.compile(rf"(?:(?<![0-9.,])([0-9]{{1,15}}) ?)?([{_VULGAR}])")
_MIXED = re.compile(r"(?<![\w./-])([0-9]{1,15})[ -]([0-9]{1,3})/(1|[23468]|12|16|32|64)(?![\w/]|\.[0-9])")
_ORDINAL_FRACTION = re.compile(r"(?<![\w./-])([0-9]{1,6})/([0-9]{1,6})(?i:st|nd|rd|th)\b")
_LONG_FRACTION = re.compile(r"(?<![\w./-])([0-9]{1,6})/([0-9]{4,6})(?![\w/]|\.[0-9])")
_SLASH = re.compile(
    rf"(?<![\w./-])(?:(?P<low>{_NUM})[-–])?(?P<num>{_NUM})\s?/\s?(?P<den>[0-9]{{1,3}})(?![\w/]|\.[0-9])"
    r"(?P<after>\s+(?P<word>[A-Za-z]+))?"
)
_ON = re.compile(rf"(?<![\w.])(?P<num>{_NUM}) on (?P<den>[0-9]{{1,3}})(?!\w|\.[0-9])")
_OUT_OF_STARS = re.compile(rf"(?<![\w.])(?P<num>{_NUM}) out of (?P<den>[0-9]{{1,3}})(?=\s+stars?\b)")
_N_STARS = re.compile(rf"(?<![\w.])(?P<num>{_NUM})(?P<star>[ -]?stars?\b)")
_GRADE = re.compile(
    r"(?P<ctx>\b(?:[Gg]rade[ds]?|GRADE|[Rr]ating|[Ss]core[ds]?|[Vv]erdict|[Mm]ark)\b\s*:?\s*"
    r"|\b(?i:gave|give|gives|giving|gets|get|got|earns|earned|deserves|deserved|merits|rate|rates|rated)"
    r"\s+(?:(?:it|this|them|him|her|the \w+)\s+)?(?:an?\s+)?)"
    r"(?P<letter>[A-F])(?P<sign>\+|-|\s?(?i:plus|minus))(?![\w+-])"
)
_SEASON_EPISODE = re.compile(r"\b[Ss]([0-9]{1,2})\s?[Ee][Pp]?([0-9]{1,3})\b|\b([0-9]{1,2})x([0-9]{2})\b")
_SEASON = re.compile(r"\bS(0?[1-9])\b(?!-)")

RATING_FOLLOWERS = word_set(
    "stars star from for overall and but or in on at by is was it this the with rating score verdict"
)
"""Words that may follow a score ("8/10 from me") without making it a fraction."""


def score(text: str, halves: bool = False) -> str:
    """Words for a score value; with ``halves``, "3.5" -> "three and a half"."""
    if halves and text.endswith(".5") and text.count(".") == 1:
        whole = text[:-2]
        if int(whole or "0") == 0:
            return "a half"
        return f"{integer(whole)} and a half"
    return number(text)


def _star_words(match: re.Match[str]) -> str:
    filled = sum(match.group(0).count(char) for char in _FULL)
    half = bool(match.group("half") or match.group("half2"))
    empty = sum(match.group(0).count(char) for char in _EMPTY)
    if filled == 0 and half and not empty:
        return "half a star"
    value = score(f"{filled}.5" if half else str(filled), halves=True)
    if empty:
        return f"{value} out of {cardinal(filled + half + empty)} stars"
    return f"{value} {'star' if filled == 1 and not half else 'stars'}"


def _padded(match: re.Match[str], words: str) -> str:
    """``words`` for the match, with a space where it would touch a letter or digit."""
    text, start, end = match.string, match.start(), match.end()
    before = " " if start and text[start - 1].isalnum() else ""
    after = " " if end < len(text) and text[end].isalnum() else ""
    return before + words + after


def _stars(match: re.Match[str]) -> str:
    return _padded(match, _star_words(match))


def expand_stars(text: str) -> str:
    """Star glyphs: "★★★½" -> "three and a half stars", "★★★☆☆"."""
    if not _ANY_STAR.search(text):
        return text
    return sub(_STARS, _stars, text)


def _vulgar(match: re.Match[str]) -> str:
    numerator, denominator = VULGAR_FRACTIONS[match.group(2)]
    if match.group(1):
        return _padded(match, mixed_fraction(match.group(1), numerator, denominator))
    return _padded(match, "half" if (numerator, denominator) == (1, 2) else fraction(numerator, denominator))


def _mixed(match: re.Match[str]) -> str:
    numerator, denominator = int(match.group(2)), int(match.group(3))
    if numerator == 0:
        return match.group(0)
    if denominator == 1:
        return f"{integer(match.group(1))} and {cardinal(numerator)} over one"
    return mixed_fraction(match.group(1), numerator, denominator)


def _long_fraction(match: re.Match[str]) -> str:
    denominator = int(match.group(2))
    if 1800 <= denominator <= 2099:  # "1/2007" is a month and a year
        return match.group(0)
    return fraction(int(match.group(1)), denominator)


def expand_fractions(text: str) -> str:
    """Vulgar and mixed fractions: "10½" -> "ten and a half", "2 1/2" -> "two and a half"."""
    if _ANY_VULGAR.search(text):
        text = sub(_VULGAR_RE, _vulgar, text)
    if "/" in text:
        text = sub(_MIXED, _mixed, text)
        text = sub(_ORDINAL_FRACTION, lambda m: fraction(int(m.group(1)), int(m.group(2))), text)
        text = sub(_LONG_FRACTION, _long_fraction, text)
    return text


def _is_fraction(numerator: int, denominator: int, word: str) -> bool:
    if word == "of":
        return denominator <= 100
    if numerator == 1 and denominator in (2, 3, 4) and word not in ("star", "stars"):
        return True  # "1/4" is a quarter; a score out of four says so ("1/4 stars")
    return denominator in FRACTION_DENOMINATORS and (
        denominator not in RATING_SCALES or bool(word and word not in RATING_FOLLOWERS)
    )


def _slash(match: re.Match[str]) -> str:
    low, num, den_text = match["low"], match["num"], match["den"]
    den = int(den_text)
    after = match["after"] or ""
    word = (match["word"] or "").lower()
    if not low and f"{num}/{den_text}" in SLASH_IDIOMS:
        return SLASH_IDIOMS[f"{num}/{den_text}"] + after
    if not low and "." not in num and int(num) > den > 1 and den in FRACTION_DENOMINATORS:
        return fraction(int(num), den) + after  # "22/3": twenty-two thirds
    if den == 0 or float(num) > den or (low and float(low) > float(num)):
        return match.group(0)
    if not low and "." not in num and 0 < int(num) < den and _is_fraction(int(num), den, word):
        return fraction(int(num), den) + after
    halves = word in ("star", "stars")
    value = f"{score(low, halves)} to {score(num, halves)}" if low else score(num, halves)
    return f"{value} out of {cardinal(den)}{after}"


def expand_slash_scores(text: str) -> str:
    """Scores and fractions with a slash: "7.5/10" -> "seven point five out of ten", "1/4 mile"."""
    if "/" not in text:
        return text
    return sub(_SLASH, _slash, text)


def _on(match: re.Match[str]) -> str:
    num, den = match.group("num"), int(match.group("den"))
    if (den in (10, 100) or ("." in num and den in RATING_SCALES)) and float(num) <= den:
        return f"{score(num)} out of {cardinal(den)}"
    return match.group(0)


def expand_scores(text: str) -> str:
    """Scores in words: "7.5 on 10", "3.5 stars" -> "three and a half stars", "4 out of 5 stars"."""
    if not has_digit(text):
        return text
    text = sub(_ON, _on, text)
    text = sub(_OUT_OF_STARS, lambda m: f"{score(m['num'], True)} out of {integer(m['den'])}", text)
    return sub(_N_STARS, _n_stars, text)


def _n_stars(match: re.Match[str]) -> str:
    if match["num"] in ("0.5", ".5"):
        return "half a star"
    return score(match["num"], halves=True) + match["star"]


def _grade(match: re.Match[str]) -> str:
    sign = match.group("sign").strip().lower()
    suffix = "plus" if sign in ("+", "plus") else "minus"
    return f"{match.group('ctx')}{match.group('letter')}-{suffix}"


def expand_grades(text: str) -> str:
    """Letter grades in a rating context: "Grade: B+" -> "Grade: B-plus"."""
    return sub(_GRADE, _grade, text)


def _season_episode(match: re.Match[str]) -> str:
    season = match.group(1) or match.group(3)
    episode = match.group(2) or match.group(4)
    return f"season {integer(str(int(season)))}, episode {integer(str(int(episode)))}"


def expand_episodes(text: str) -> str:
    """Season and episode codes: "S02E05" -> "season two, episode five", "S3" -> "season three"."""
    text = sub(_SEASON_EPISODE, _season_episode, text)
    return sub(_SEASON, lambda m: f"season {integer(str(int(m.group(1))))}", text)
