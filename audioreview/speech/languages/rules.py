"""What a language's normalizer needs to know, as one frozen table.

The passes in :mod:`.passes` are written once; each language is a
:class:`LanguageRules` value (see :mod:`.tables`) giving its words (months,
"percent", "out of"), its written forms (decimal comma, thousands separator,
ordinal marks) and the templates it says dates, times and ratings with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

HOUR = r"(?P<h>[01]?\d|2[0-3])"
MINUTE = r"(?P<m>[0-5]\d)"
CLOCK = HOUR + ":" + MINUTE
"""A time written "20:15"."""

DayForm = Literal["cardinal", "ordinal", "first_ordinal"]
"""How a date's day is said: "drei" (cardinal), "dritter" (ordinal), or ordinal only for the first."""


@dataclass(frozen=True, slots=True)
class Currency:
    """The words for one currency: unit singular and plural, then the hundredth's."""

    one: str
    many: str
    cent_one: str
    cent_many: str


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """Everything language-specific the generic passes use."""

    code: str
    """The primary language subtag, also num2words' language."""
    decimal_word: str = ""
    """Said for the decimal separator ("Komma"); "" for a language without a table."""
    decimal_mark: str = ","
    """The written decimal separator."""
    thousands: str = ". \u00a0\u202f"
    """Characters written between groups of three digits."""
    digits_singly: bool = False
    """Read the digits after the decimal mark one by one (German "drei Komma eins vier")."""
    year_form: bool = False
    """4-digit years 1100-1999 are said in hundreds ("neunzehnhundert..."), not as a cardinal."""
    one: str = ""
    """"One" before a noun (German "ein Euro", Spanish "un euro"); "" keeps the cardinal."""
    percent: str = ""
    range_word: str = ""
    """Said for a dash between two numbers ("1990-1995")."""
    and_word: str = ""
    """Said for "&"."""
    plus_word: str = "plus"
    months: tuple[str, ...] = ()
    """The twelve month names, January first, as written in full."""
    month_abbreviations: Mapping[str, int] = field(default_factory=dict)
    """Short month names (lower case, without the full stop) -> month number."""
    date: str = "{day} {month} {year}"
    """How a full date is said; a date without a year drops " {year}" and what joins it."""
    day_form: DayForm = "cardinal"
    ordinal_pattern: str = ""
    """A regex with groups ``n`` and optionally ``fem``/``short`` matching a written ordinal."""
    feminine_endings: tuple[tuple[str, str], ...] = ()
    """(masculine ending, feminine ending) rewrites for ordinals marked feminine ("o" -> "a")."""
    ordinal_endings: Mapping[str, str] = field(default_factory=dict)
    """An ending an ordinal takes after a word (German "im" -> "n": "im dritten Teil")."""
    short_ordinals: Mapping[str, str] = field(default_factory=dict)
    """Ordinals shortened before a noun ("primero" -> "primer" for "1.er")."""
    time: str = "{h} {m}"
    time_on_hour: str = "{h}"
    time_patterns: tuple[str, ...] = (CLOCK,)
    """Regexes with groups ``h`` and optionally ``m`` for a written time of day."""
    rating: str = "{value} / {scale}"
    stars: str = "{value} / {scale}"
    half: str = "{n} 1/2"
    """A number and a half ("{n}einhalb"), for star ratings."""
    only_half: str = ""
    """Half of one ("ein halber"), for a lone half star."""
    degrees: str = ""
    """Said for "°C"."""
    currencies: Mapping[str, Currency] = field(default_factory=dict)
    """ISO code -> words; the symbols $, £, €, ¥ and R$ map to USD, GBP, EUR, JPY, BRL."""
    currency_and: str = ""
    """Joins units and cents ("zwölf Euro und fünfzig Cent")."""
    abbreviations: Mapping[str, str] = field(default_factory=dict)
    """Written abbreviation (as written, with its dots) -> what is said."""
    units: Mapping[str, str] = field(default_factory=dict)
    """A unit written after a number ("km", "GB") -> what is said."""
    decade_suffix: str = ""
    """A suffix after a number that makes a decade ("er": "90er" -> "neunziger")."""
