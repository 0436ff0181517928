"""The normalization passes every language shares, driven by its :class:`LanguageRules`.

Each pass is a pure ``(rules, text) -> text`` function; :func:`passes_for`
binds them to one language in the order that matters: the most specific
forms (stars, times, dates, money, ratings) before the general ones
(ordinals, plain numbers). num2words says the numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache, partial

from ..tracked import strip, sub
from .rules import LanguageRules

Pass = Callable[[str], str]

SYMBOLS = {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "¥": "JPY", "R$": "BRL", "CHF": "CHF",
           "EUR": "EUR", "USD": "USD", "GBP": "GBP", "JPY": "JPY", "BRL": "BRL", "Fr.": "CHF"}  # fmt: skip
"""Currency signs and codes -> ISO code."""

_FULL_STARS = "★⭐✭✮🌟"
_HALF_STARS = "½⯪⯨"
_EMPTY_STARS = "☆✩"
_STARS = re.compile(f"[{_FULL_STARS}]+[{_HALF_STARS}]?[{_EMPTY_STARS}]*|[{_EMPTY_STARS}]+")
_AMPERSAND = re.compile("&")
_SIGN_AFTER_WORD = re.compile(r"(?<=[^\W\d])\s?(?P<cur>[€$£¥])(?!\w)")
_PERCENT_SIGN = re.compile("%")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def cardinal(n: int, lang: str) -> str:
    """``n`` in words (num2words), or its digits when num2words cannot say it."""
    from num2words import num2words

    try:
        return str(num2words(n, lang=lang))
    except (NotImplementedError, OverflowError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return str(n)


@lru_cache(maxsize=1024)
def ordinal(n: int, lang: str) -> str:
    """``n`` as an ordinal word ("dritte", "troisième"), or the cardinal when num2words has none."""
    from num2words import num2words

    try:
        return str(num2words(n, lang=lang, to="ordinal"))
    except (NotImplementedError, OverflowError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return cardinal(n, lang)


@lru_cache(maxsize=512)
def year(n: int, lang: str) -> str:
    """``n`` said as a year ("neunzehnhundertneunundneunzig")."""
    from num2words import num2words

    try:
        return str(num2words(n, lang=lang, to="year"))
    except (NotImplementedError, OverflowError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return cardinal(n, lang)


def _group(rules: LanguageRules) -> str:
    """A regex for a written number: digits in groups of three or not, then decimals."""
    seps = re.escape(rules.thousands.replace(rules.decimal_mark, ""))
    mark = re.escape(rules.decimal_mark)
    return rf"(?:\d{{1,3}}(?:[{seps}]\d{{3}})+|\d+)(?:{mark}\d+)?"


def number_value(written: str, rules: LanguageRules) -> tuple[int, str]:
    """The integer part and the decimal digits of a written number ("1.299,50" -> (1299, "50"))."""
    whole, _, frac = written.partition(rules.decimal_mark)
    digits = "".join(ch for ch in whole if ch.isdigit())
    return int(digits or "0"), frac


def say_number(written: str, rules: LanguageRules) -> str:
    """A written number in words, decimals included."""
    whole, frac = number_value(written, rules)
    words = cardinal(whole, rules.code)
    if not frac:
        return words
    if not rules.decimal_word:
        try:
            from num2words import num2words

            return str(num2words(Decimal(f"{whole}.{frac}"), lang=rules.code))
        except (NotImplementedError, InvalidOperation, OverflowError, ValueError, TypeError, KeyError, IndexError):
            return f"{words} {' '.join(cardinal(int(d), rules.code) for d in frac)}"
    if rules.digits_singly or frac.startswith("0"):
        tail = " ".join(cardinal(int(d), rules.code) for d in frac)
    else:
        tail = cardinal(int(frac), rules.code)
    return f"{words} {rules.decimal_word} {tail}"


def say_year(n: int, rules: LanguageRules) -> str:
    """A year in words."""
    return year(n, rules.code) if rules.year_form or n >= 1000 else cardinal(n, rules.code)


# ---- the passes -------------------------------------------------------------


def expand_stars(rules: LanguageRules, text: str) -> str:
    """ "★★★½☆" -> "three and a half of five stars" in the language."""

    def star(match: re.Match[str]) -> str:
        run = match.group(0)
        full = sum(run.count(c) for c in _FULL_STARS)
        half = sum(run.count(c) for c in _HALF_STARS)
        empty = sum(run.count(c) for c in _EMPTY_STARS)
        total = full + half + empty
        scale = total if empty else max(5, total)
        if full + half == 0:
            value = cardinal(0, rules.code)
        elif half and not full:
            value = rules.only_half or cardinal(0, rules.code)
        elif half:
            value = rules.half.format(n=cardinal(full, rules.code))
        else:
            value = cardinal(full, rules.code)
        return f" {rules.stars.format(value=value, scale=cardinal(scale, rules.code))} "

    return sub(_STARS, star, text)


@lru_cache(maxsize=32)
def _abbreviation_regex(keys: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)")


def expand_abbreviations(rules: LanguageRules, text: str) -> str:
    """Written abbreviations -> their words ("z. B." -> "zum Beispiel")."""
    if not rules.abbreviations:
        return text
    regex = _abbreviation_regex(tuple(rules.abbreviations))
    return sub(regex, lambda m: rules.abbreviations[m.group(0)] + _kept_stop(m, m.group(0)), text)


def _kept_stop(match: re.Match[str], written: str) -> str:
    """The full stop an abbreviation at the end of a sentence also stood for."""
    return "." if written.endswith(".") and not match.string[match.end() :].strip() else ""


def expand_times(rules: LanguageRules, text: str) -> str:
    """ "20:15" -> "zwanzig Uhr fünfzehn"."""

    def say(match: re.Match[str]) -> str:
        hour = cardinal(int(match.group("h")), rules.code)
        minute = match.groupdict().get("m")
        if minute is None or int(minute) == 0:
            return rules.time_on_hour.format(h=hour)
        return rules.time.format(h=hour, m=cardinal(int(minute), rules.code))

    for pattern in rules.time_patterns:
        text = sub(rf"(?<![\d.,:]){pattern}(?![\d:])", say, text)
    return text


def _day(n: int, rules: LanguageRules, before: str) -> str:
    if rules.day_form == "ordinal":
        word = ordinal(n, rules.code)
        # German: "am dritten März", but "Montag, dritter März".
        inflected = re.search(r"\b(?:[Aa]m|[Vv]om|[Zz]um|[Bb]eim|dem)\s*$", before)
        return word + ("n" if inflected else "r")
    if rules.day_form == "first_ordinal" and n == 1:
        return ordinal(1, rules.code)
    return cardinal(n, rules.code)


def say_date(day: int, month: int, year_: int | None, rules: LanguageRules, before: str = "") -> str:
    """A date in words, in the language's order."""
    template = rules.date
    if year_ is None:
        template = re.sub(r"(?:\s+de)?\s*\{year\}", "", template)
    return template.format(day=_day(day, rules, before), month=rules.months[month - 1],
                           year="" if year_ is None else say_year(year_, rules))  # fmt: skip


def expand_dates(rules: LanguageRules, text: str) -> str:
    """ISO, numeric (day first) and written dates -> words."""
    if not rules.months:
        return text

    def iso(match: re.Match[str]) -> str:
        y, m, d = (int(g) for g in match.groups())
        if not (1 <= m <= 12 and 1 <= d <= 31):
            return match.group(0)
        return say_date(d, m, y, rules, text[: match.start()])

    def numeric(match: re.Match[str]) -> str:
        d, m, y = int(match.group("d")), int(match.group("m")), int(match.group("y"))
        if not (1 <= m <= 12 and 1 <= d <= 31):
            return match.group(0)
        return say_date(d, m, y, rules, text[: match.start()])

    text = sub(r"(?<![\d.,/-])(\d{4})-(\d{2})-(\d{2})(?![\d/-])", iso, text)
    text = sub(r"(?<![\d.,/-])(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/-])",
                  numeric, text)  # fmt: skip
    names = {name.lower(): i for i, name in enumerate(rules.months, start=1)}
    names.update({k: v for k, v in rules.month_abbreviations.items() if k})
    month_alt = "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
    written = re.compile(
        rf"(?<![\d.,])(?P<d>\d{{1,2}})(?:\.|er|º|°)?\s+(?:de\s+)?(?P<month>{month_alt})(?P<stop>\.)?(?!\w)"
        rf"(?:\s+(?:de\s+)?(?P<y>\d{{4}})(?!\d))?",
        re.IGNORECASE,
    )

    def word(match: re.Match[str]) -> str:
        d = int(match.group("d"))
        month = names[match.group("month").lower()]
        if not 1 <= d <= 31:
            return match.group(0)
        y = match.group("y")
        return say_date(d, month, int(y) if y else None, rules, match.string[: match.start()])

    return sub(written, word, text)


def say_money(amount: str, code: str, rules: LanguageRules) -> str:
    """An amount of a currency in words ("12,50", "EUR" -> "zwölf Euro und fünfzig Cent")."""
    currency = rules.currencies.get(code)
    units, frac = number_value(amount, rules)
    if currency is None:
        return f"{say_number(amount, rules)} {code}"
    cents = int((frac + "00")[:2]) if frac and frac.strip("-–") else 0
    parts = []
    if units or not cents:
        words = rules.one if units == 1 and rules.one else cardinal(units, rules.code)
        parts.append(f"{words} {currency.one if units == 1 else currency.many}")
    if cents:
        cent_words = rules.one if cents == 1 and rules.one else cardinal(cents, rules.code)
        parts.append(f"{cent_words} {currency.cent_one if cents == 1 else currency.cent_many}")
    return f" {rules.currency_and} ".join(parts) if rules.currency_and else " ".join(parts)


def expand_money(rules: LanguageRules, text: str) -> str:
    """ "12,50 €", "€12.50", "CHF 20", "5,- €" -> words."""
    amount = _group(rules) + r"(?:,[-–])?"
    signs = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
    before = re.compile(rf"(?<![\w])(?P<cur>{signs})\s?(?P<amt>{amount})(?!\w)")
    after = re.compile(rf"(?<![\w.,])(?P<amt>{amount})\s?(?P<cur>{signs})(?!\w)")

    def say(match: re.Match[str]) -> str:
        written = match.group("amt").replace(",-", "").replace(",–", "")
        return say_money(written, SYMBOLS[match.group("cur")], rules)

    def name(match: re.Match[str]) -> str:
        currency = rules.currencies.get(SYMBOLS[match.group("cur")])
        return f" {currency.many}" if currency else match.group(0)

    text = sub(before, say, sub(after, say, text))
    # A sign after a word, as in "4,5 Mio. €" once "Mio." is a word: the currency's name.
    return sub(_SIGN_AFTER_WORD, name, text)


def expand_percentages(rules: LanguageRules, text: str) -> str:
    """ "50 %" -> "fünfzig Prozent"."""
    if not rules.percent:
        return text
    regex = re.compile(rf"(?<![\w.,])(?P<n>{_group(rules)})\s?%")
    text = sub(regex, lambda m: f"{say_number(m.group('n'), rules)} {rules.percent}", text)
    return sub(_PERCENT_SIGN, f" {rules.percent} ", text)


def expand_ratings(rules: LanguageRules, text: str) -> str:
    """ "8/10", "7,5 / 10" -> "acht von zehn"."""
    mark = re.escape(rules.decimal_mark)
    regex = re.compile(rf"(?<![\w/.,])(?P<v>\d{{1,3}}(?:[{mark}.]\d)?)\s?/\s?(?P<s>5|10|20|100)(?![\w/])")

    def say(match: re.Match[str]) -> str:
        value = match.group("v").replace(".", rules.decimal_mark)
        if number_value(value, rules)[0] > int(match.group("s")):
            return match.group(0)
        return rules.rating.format(value=say_number(value, rules), scale=cardinal(int(match.group("s")), rules.code))

    return sub(regex, say, text)


def expand_units(rules: LanguageRules, text: str) -> str:
    """ "20 °C", "5 km", "128 GB" -> words."""
    number = _group(rules)
    if rules.degrees:
        text = sub(rf"(?<![\w.,])(?P<n>-?{number})\s?°\s?C\b",
                      lambda m: f"{say_number(m.group('n').lstrip('-'), rules)} {rules.degrees}", text)  # fmt: skip
    if not rules.units:
        return text
    units = "|".join(re.escape(u) for u in sorted(rules.units, key=len, reverse=True))
    regex = re.compile(rf"(?<![\w.,])(?P<n>{number})\s?(?P<u>{units})(?![\w])")
    return sub(regex,
        lambda m: f"{say_number(m.group('n'), rules)} {rules.units[m.group('u')]}{_kept_stop(m, m.group('u'))}", text
    )


def expand_decades(rules: LanguageRules, text: str) -> str:
    """German "90er", "1990er" -> "neunziger", "neunzehnhundertneunziger"."""
    if not rules.decade_suffix:
        return text

    def say(match: re.Match[str]) -> str:
        n = int(match.group("n"))
        words = say_year(n, rules) if n >= 1000 else cardinal(n, rules.code)
        return words + rules.decade_suffix

    return sub(rf"(?<![\w.,])(?P<n>\d{{2}}|\d{{4}}){re.escape(rules.decade_suffix)}(?=\b|-)", say, text)


def expand_ranges(rules: LanguageRules, text: str) -> str:
    """ "1990–1995", "10-12" -> "1990 bis 1995" (the numbers are said later)."""
    if not rules.range_word:
        return text
    return sub(r"(?<![\w.,-])(\d+)\s?[–-]\s?(\d+)(?![\w.,]\d|-)", rf"\1 {rules.range_word} \2", text)


def expand_ordinals(rules: LanguageRules, text: str) -> str:
    """ "3.", "1er", "2ª", "8ste" -> ordinal words."""
    if not rules.ordinal_pattern:
        return text

    def say(match: re.Match[str]) -> str:
        word = ordinal(int(match.group("n")), rules.code)
        groups = match.groupdict()
        if groups.get("fem"):
            for masculine, feminine in rules.feminine_endings:
                word = " ".join(w[: -len(masculine)] + feminine if w.endswith(masculine) else w for w in word.split())
        previous = re.search(r"(?:(\w+)\s+)?(\w+)\s+$", match.string[: match.start()])
        if previous and rules.ordinal_endings:
            one = previous.group(2).lower()
            two = f"{(previous.group(1) or '').lower()} {one}"
            word += rules.ordinal_endings.get(two, rules.ordinal_endings.get(one, ""))
        before_noun = re.match(r"\s+[^\W\d]", match.string[match.end() :]) is not None
        if groups.get("short") or (before_noun and not groups.get("fem")):
            word = rules.short_ordinals.get(word, word)  # Spanish "el primer episodio"
        return word

    return sub(rules.ordinal_pattern, say, text)


def expand_symbols(rules: LanguageRules, text: str) -> str:
    """ "&" and a "+" between words or numbers -> words."""
    if rules.and_word:
        text = sub(_AMPERSAND, f" {rules.and_word} ", text)
    return sub(r"(?<=[\w\s])\+(?=\s?\w)", f" {rules.plus_word} ", text)


def expand_numbers(rules: LanguageRules, text: str) -> str:
    """Every number left -> words; a 4-digit year in hundreds where the language says it so."""

    def say(match: re.Match[str]) -> str:
        written = match.group(0)
        if rules.year_form and re.fullmatch(r"1[1-9]\d\d", written):
            return year(int(written), rules.code)
        return say_number(written, rules)

    text = sub(rf"(?<![\w.,]){_group(rules)}(?!\d)", say, text)
    return sub(r"\d+", lambda m: cardinal(int(m.group(0)), rules.code), text)


ORDER: tuple[Callable[[LanguageRules, str], str], ...] = (
    expand_stars,
    expand_abbreviations,
    expand_times,
    expand_dates,
    expand_money,
    expand_percentages,
    expand_ratings,
    expand_units,
    expand_decades,
    expand_ranges,
    expand_ordinals,
    expand_symbols,
    expand_numbers,
)
"""The shared passes, in order."""


def passes_for(rules: LanguageRules) -> list[Pass]:
    """The passes bound to one language's rules."""
    return [partial(step, rules) for step in ORDER]


def squeeze(text: str) -> str:
    """Runs of whitespace -> one space."""
    return strip(sub(_SPACE, " ", text))
