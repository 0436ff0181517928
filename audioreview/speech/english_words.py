"""English words for numbers, years, fractions, letters and Roman numerals.

Pure value -> words helpers used by the English normalization passes. Number
words come from num2words; this module only trims its British "and" and
commas ("two thousand five", not "two thousand and five") and adds the few
readings a review needs that num2words lacks (decades, fractions, spelled
letters).
"""

from __future__ import annotations

import re

from num2words import num2words

MAX_WORDED_DIGITS = 15
"""Longer digit strings are read digit by digit (they are codes, not amounts)."""

_WORDED_LIMIT = 10**MAX_WORDED_DIGITS

DIGIT_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

_AND = re.compile(r",|\band\b")
_SPACES = re.compile(r"\s+")
_ROMAN = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_DIGIT = re.compile(r"[0-9]")


def has_digit(text: str) -> bool:
    """Whether ``text`` holds an ASCII digit (a cheap guard before number passes)."""
    return _DIGIT.search(text) is not None


def word_set(text: str) -> frozenset[str]:
    """A frozen set of the whitespace-separated words of ``text`` (for data tables)."""
    return frozenset(text.split())


def _tidy(words: str) -> str:
    return _SPACES.sub(" ", _AND.sub(" ", words)).strip()


def cardinal(number: int) -> str:
    """Cardinal words: 1987 -> "one thousand nine hundred eighty-seven"."""
    if number < 0:
        return "minus " + cardinal(-number)
    if number >= _WORDED_LIMIT:
        return digits(str(number))
    return _tidy(num2words(number))


def ordinal(number: int) -> str:
    """Ordinal words: 22 -> "twenty-second"."""
    if number < 0 or number >= _WORDED_LIMIT:
        return cardinal(number)
    return _tidy(num2words(number, to="ordinal"))


def digits(text: str) -> str:
    """Read a string of ASCII digits one by one: "007" -> "zero zero seven"."""
    return " ".join(DIGIT_NAMES[int(char)] for char in text if char.isascii() and char.isdigit())


def integer(text: str) -> str:
    """Words for an integer as written, commas allowed: "1,987" or "007"."""
    plain = text.replace(",", "")
    if not plain:
        return ""
    if (len(plain) > 1 and plain.startswith("0")) or (len(plain) > MAX_WORDED_DIGITS and "," not in text):
        return digits(plain)
    if len(plain) > MAX_WORDED_DIGITS:  # grouped with commas: an amount, however long
        return _tidy(num2words(int(plain)))
    return cardinal(int(plain))


def decimal(text: str) -> str:
    """Words for a decimal as written: "7.5" -> "seven point five", ".25" -> "point two five"."""
    whole, _, fraction = text.partition(".")
    head = integer(whole) if whole else ""
    if not fraction:
        return head
    return f"{head} point {digits(fraction)}".strip()


def number(text: str) -> str:
    """Words for an integer or decimal as written ("1,200", "3.14", "007")."""
    return decimal(text) if "." in text else integer(text)


def year(value: int) -> str:
    """A year as people say it: 1987 -> "nineteen eighty-seven", 2005 -> "two thousand five"."""
    if value < 1000 or value > 9999:
        return cardinal(value)
    return _tidy(num2words(value, to="year"))


def looks_like_year(value: int) -> bool:
    """Whether a four-digit number is plausibly a year of the recent millennium."""
    return 1100 <= value <= 2099


def plural(words: str) -> str:
    """Pluralize the last word of a number phrase: "nineteen eighty" -> "nineteen eighties"."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    if words.endswith(("x", "s")):
        return words + "es"
    return words + "s"


def decade(value: int) -> str:
    """A decade: 1980 -> "nineteen eighties", 90 -> "nineties", 2000 and 0 ("'00s") -> "two thousands"."""
    if value < 100:
        return plural(cardinal(value)) if value else "two thousands"
    return plural(year(value))


def fraction(numerator: int, denominator: int) -> str:
    """A common fraction: (3, 4) -> "three quarters", (1, 2) -> "one half"."""
    if denominator == 2:
        name = "half" if numerator == 1 else "halves"
    elif denominator == 4:
        name = "quarter" if numerator == 1 else "quarters"
    else:
        name = ordinal(denominator) if numerator == 1 else plural(ordinal(denominator))
    return f"{cardinal(numerator)} {name}"


def mixed_fraction(whole: str, numerator: int, denominator: int) -> str:
    """A whole number and a fraction: ("10", 1, 2) -> "ten and a half"."""
    part = fraction(numerator, denominator)
    if numerator == 1:
        part = "a " + part.split(" ", 1)[1]
    if not whole:
        return part
    return f"{integer(whole)} and {part}"


def spell(letters: str) -> str:
    """Spell letters out for a voice: "BBC" -> "B B C", "DVDs" -> "D V D's".

    A group holding the letter A stays written together ("USA", "NBA"): a lone
    "A" is read as the article by phonemizers, while a compact capital group is
    spelled by every engine.
    """
    plural_s = letters.endswith("s") and len(letters) > 2 and letters[:-1].isupper()
    core = letters[:-1] if plural_s else letters
    core = core.upper()
    if "A" in core:
        return core + ("s" if plural_s else "")
    return " ".join(core) + ("'s" if plural_s else "")


def roman_value(token: str) -> int | None:
    """The value of a Roman numeral made of I, V, X, L and C (1-399), or None."""
    if not token or not _ROMAN.fullmatch(token):
        return None
    total = 0
    for current, following in zip(token, token[1:] + " ", strict=True):
        value = _ROMAN_VALUES[current]
        if following != " " and _ROMAN_VALUES[following] > value:
            total -= value
        else:
            total += value
    return total or None


def capitalized(words: str) -> str:
    """Capitalize the first letter of a phrase: "twenty-first" -> "Twenty-first"."""
    return words[:1].upper() + words[1:]
