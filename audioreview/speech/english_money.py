"""English passes for money and for rates written with a slash.

"$1.2 billion", "£3.50", "€1,299", "$.99", "US$76 million", "¥30b", "₩460
billion", "$15-$25", "$10-15", "20€", and "$9.99/mo" -> "... per month".
"""

from __future__ import annotations

import re

from .english_words import cardinal, decimal, integer, number
from .tracked import sub

CURRENCIES = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
    "¥": ("yen", "yen", "", ""),
    "₩": ("won", "won", "", ""),
    "₹": ("rupee", "rupees", "paisa", "paise"),
    "₽": ("ruble", "rubles", "kopek", "kopeks"),
}
"""Currency symbols: (one, many, one minor unit, many minor units); no minor unit where it is not used."""

COUNTRY_DOLLARS = {"US": "US", "U.S.": "US", "C": "Canadian", "CA": "Canadian", "A": "Australian",
                   "AU": "Australian", "NZ": "New Zealand", "HK": "Hong Kong", "S": "Singapore"}
"""Prefixes of "$" naming whose dollars: "US$5" -> "five US dollars"."""

SCALES = {
    "k": "thousand", "K": "thousand", "thousand": "thousand",
    "m": "million", "M": "million", "mn": "million", "million": "million",
    "b": "billion", "B": "billion", "bn": "billion", "billion": "billion",
    "tn": "trillion", "trillion": "trillion",
}

PER_UNITS = {
    "mo": "month", "month": "month", "yr": "year", "year": "year", "wk": "week", "week": "week",
    "d": "day", "day": "day", "hr": "hour", "h": "hour", "hour": "hour", "min": "minute",
    "s": "second", "sec": "second", "night": "night", "person": "person", "pp": "person",
    "ea": "each", "kg": "kilogram", "g": "gram", "lb": "pound", "oz": "ounce", "km": "kilometer",
    "mi": "mile", "m": "meter", "GB": "gigabyte", "MB": "megabyte", "TB": "terabyte", "l": "liter",
    "issue": "issue", "ticket": "ticket", "seat": "seat", "user": "user", "head": "head",
}
"""What "/x" after a number or an amount means: "$9.99/mo" -> "... per month"."""

_SYMBOLS = "".join(CURRENCIES)
_PREFIX = "|".join(re.escape(key) for key in sorted(COUNTRY_DOLLARS, key=len, reverse=True))
_AMOUNT = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,15}"
_MONEY = re.compile(
    rf"(?<![\w.])(?P<sign>-)?(?:(?P<country>{_PREFIX})(?=\$))?(?P<cur>[{_SYMBOLS}])\s?"
    rf"(?P<amount>{_AMOUNT}|(?=\.[0-9]))(?![0-9]|,[0-9])(?P<cents>\.[0-9]+)?"
    rf"(?:\s?[-–]\s?(?P<cur2>[{_SYMBOLS}])?(?P<to>(?:{_AMOUNT})(?:\.[0-9]+)?))?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion)\b|(?P<abbr>mn|bn|tn|[kKmMbB])\b(?!-)"
    r"|\s(?P<spaced>bn|mn|[bBmM])\b(?![-']))?"
)
_CURRENCY = re.compile(f"[{_SYMBOLS}]")
_OTHER_PRICE = re.compile(rf"(?<=[0-9])\s?/\s?(?=[{_SYMBOLS}][0-9])")
"""A slash between two prices ("£12.99 / $16.99"): the same thing in another currency, said "or"."""
_LONE_CURRENCY = re.compile(rf"(?<![\w.])([{_SYMBOLS}])(?![\w.])")
_MONEY_AFTER = re.compile(r"(?<![\w.])([0-9]+(?:\.[0-9]{1,2})?)\s?([€£¥₩₹₽])")
_PER = re.compile(
    r"(?<=[0-9])(\s?[A-Za-z°]{1,5})?/(" + "|".join(sorted(PER_UNITS, key=len, reverse=True)) + r")\b(?![/.][0-9])"
)


def _amount(text: str) -> str:
    return decimal(text.replace(",", "")) if "." in text else integer(text)


def _cents(text: str) -> int | None:
    """Cents of a written fraction of a unit, or None when it is a longer decimal: ".5" -> 50, ".506" -> None."""
    digits = text[1:].rstrip("0") if len(text) > 3 else text[1:]
    if len(digits) > 2:
        return None
    return int((digits or "0").ljust(2, "0"))


def money_words(amount: str, cents: str | None, currency: str, country: str = "") -> str:
    """An amount of money without a scale: ("20", ".5", "$") -> "twenty dollars and fifty cents"."""
    one, many, minor_one, minor_many = CURRENCIES[currency]
    if country:
        one, many = f"{country} {one}", f"{country} {many}"
    whole = int(amount.replace(",", "") or "0")
    minor = _cents(cents) if cents else 0
    if minor is None or (cents and not minor_many and minor):
        return f"{decimal(amount.replace(',', '') + (cents or ''))} {many}"
    major = f"{cardinal(whole)} {one if whole == 1 else many}"
    if not minor:
        return major
    small = f"{cardinal(minor)} {minor_one if minor == 1 else minor_many}"
    return small if whole == 0 else f"{major} and {small}"


def _money(match: re.Match[str]) -> str:
    currency = match["cur"]
    many = CURRENCIES[currency][1]
    country = COUNTRY_DOLLARS.get(match["country"] or "", "")
    if country:
        many = f"{country} {many}"
    amount, cents, upper = match["amount"], match["cents"], match["to"]
    scale = SCALES.get(match["scale"] or match["abbr"] or match["spaced"] or "", "")
    sign = "minus " if match["sign"] else ""
    if upper and match["cur2"] and not scale:
        whole, _, upper_cents = upper.partition(".")
        low = money_words(amount, cents, currency, country)
        high = money_words(whole, "." + upper_cents if upper_cents else None, match["cur2"], country)
        return f"{sign}{low} to {high}"
    if scale or upper:
        low = _amount((amount or "0") + (cents or "")) if amount or cents else ""
        spoken = f"{low} to {_amount(upper)}" if upper else low
        return f"{sign}{spoken} {scale} {many}".replace("  ", " ")
    return sign + money_words(amount, cents, currency, country)


def _money_after(match: re.Match[str]) -> str:
    value = match.group(1)
    one, many = CURRENCIES[match.group(2)][:2]
    return f"{number(value)} {one if value == '1' else many}"


def _per(match: re.Match[str]) -> str:
    return f"{match.group(1) or ''} per {PER_UNITS[match.group(2)]}"


def expand_rates(text: str) -> str:
    """Rates with a slash after a number or a unit: "$4/hr" -> "$4 per hour", "12kg/kg", "12/kg"."""
    if "/" not in text:
        return text
    return sub(_PER, _per, text)


def expand_money(text: str) -> str:
    """Money: "$1.2 billion" -> "one point two billion dollars", "£3.50", "€20m", "$10-15", "$15-$25".

    Two prices with a slash between them ("£12.99 / $16.99") are said with "or".
    """
    if not _CURRENCY.search(text):
        return text
    if "/" in text:
        text = sub(_OTHER_PRICE, " or ", text)
    text = sub(_MONEY, _money, text)
    text = sub(_MONEY_AFTER, _money_after, text)
    return sub(_LONE_CURRENCY, lambda m: f" {CURRENCIES[m.group(1)][0]} ", text)
