"""English passes for dates, times, money, quantities and plain numbers.

Each pass is a pure ``str -> str`` function that turns one written form into
the words a person reading aloud would say. Number words come from
:mod:`audioreview.speech.english_words`.
"""

from __future__ import annotations

import re

from .english_dates import MONTHS, paired_year
from .english_money import SCALES
from .english_words import (
    cardinal,
    decade,
    digits,
    has_digit,
    integer,
    looks_like_year,
    number,
    ordinal,
    word_set,
    year,
)
from .tracked import sub

YEAR_CONTEXT = word_set(
    "in since from by of until till circa around year years summer winter spring fall autumn during "
    "before after early late mid c the released premiered published vintage class"
) | frozenset(month.lower() for month in MONTHS)
"""A four-digit number after one of these words is read as a year."""

COUNT_NOUNS = word_set(
    "people words pages copies screens theaters theatres cinemas votes reviews units times minutes seconds "
    "hours days weeks miles feet meters metres kilometers kilometres dollars euros pounds points calories "
    "frames shots lines viewers fans listeners readers subscribers entries films movies books songs tracks "
    "episodes players characters seats tickets extras members employees soldiers students pixels "
    "horsepower watts"
)
"""A four-digit number before one of these words is a count, not a year."""

COUNT_CONTEXT = word_set("about over nearly almost than some exactly only just roughly page pages number")
"""A four-digit number after one of these words is a count, not a year."""

UNITS = {
    "mm": ("millimeter", "millimeters"), "cm": ("centimeter", "centimeters"),
    "km": ("kilometer", "kilometers"), "kg": ("kilogram", "kilograms"),
    "lb": ("pound", "pounds"), "lbs": ("pound", "pounds"), "oz": ("ounce", "ounces"),
    "ft": ("foot", "feet"), "mph": ("mile per hour", "miles per hour"),
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "fps": ("frame per second", "frames per second"), "bpm": ("beat per minute", "beats per minute"),
    "Hz": ("hertz", "hertz"), "kHz": ("kilohertz", "kilohertz"),
    "MB": ("megabyte", "megabytes"), "GB": ("gigabyte", "gigabytes"), "TB": ("terabyte", "terabytes"),
    "h": ("hour", "hours"), "hr": ("hour", "hours"), "hrs": ("hour", "hours"),
    "hour": ("hour", "hours"), "hours": ("hour", "hours"),
    "min": ("minute", "minutes"), "mins": ("minute", "minutes"),
    "sec": ("second", "seconds"), "secs": ("second", "seconds"),
    "°C": ("degree Celsius", "degrees Celsius"), "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
    "KG": ("kilogram", "kilograms"), "KM": ("kilometer", "kilometers"), "CM": ("centimeter", "centimeters"),
    "g": ("gram", "grams"), "mg": ("milligram", "milligrams"), "ml": ("milliliter", "milliliters"),
    "mL": ("milliliter", "milliliters"), "mi": ("mile", "miles"), "yd": ("yard", "yards"),
    "MPH": ("mile per hour", "miles per hour"), "FPS": ("frame per second", "frames per second"),
    "kbps": ("kilobit per second", "kilobits per second"), "Kbps": ("kilobit per second", "kilobits per second"),
    "mbps": ("megabit per second", "megabits per second"), "Mbps": ("megabit per second", "megabits per second"),
    "Gbps": ("gigabit per second", "gigabits per second"), "gbps": ("gigabit per second", "gigabits per second"),
    "MB/s": ("megabyte per second", "megabytes per second"), "KB": ("kilobyte", "kilobytes"),
    "mAh": ("milliamp hour", "milliamp hours"), "Wh": ("watt hour", "watt hours"),
    "kWh": ("kilowatt hour", "kilowatt hours"), "W": ("watt", "watts"), "kW": ("kilowatt", "kilowatts"),
    "V": ("volt", "volts"), "MHz": ("megahertz", "megahertz"), "GHz": ("gigahertz", "gigahertz"),
    "ms": ("millisecond", "milliseconds"), "px": ("pixel", "pixels"), "dB": ("decibel", "decibels"),
    "m2": ("square meter", "square meters"), "m²": ("square meter", "square meters"),
    "km2": ("square kilometer", "square kilometers"), "km²": ("square kilometer", "square kilometers"),
    "ft2": ("square foot", "square feet"), "ft²": ("square foot", "square feet"),
    "sq ft": ("square foot", "square feet"), "m3": ("cubic meter", "cubic meters"),
    "m³": ("cubic meter", "cubic meters"), "km³": ("cubic kilometer", "cubic kilometers"),
    "cm³": ("cubic centimeter", "cubic centimeters"), "km3": ("cubic kilometer", "cubic kilometers"),
    "cm3": ("cubic centimeter", "cubic centimeters"),
}
FILM_GAUGES = frozenset({"8", "16", "35", "65", "70"})
"""Film formats said in the singular: "35mm" -> "thirty-five millimeter"."""

_FIGURE = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_QUANTITY = rf"{_FIGURE}(?:\s?[-–]\s?{_FIGURE})?(?: (?:thousand|million|billion))?"
_SCALE_WORD = re.compile(r" (thousand|million|billion)$")
_QUANTITY_RANGE = re.compile(r"\s?[-–]\s?")
_PERCENT = re.compile(r"(?<![\w.])(-)?([0-9]+(?:\.[0-9]+)?)(?:\s?[-–]\s?([0-9]+(?:\.[0-9]+)?))?\s?%")
_DURATION = re.compile(
    r"(?<![\w.])([0-9]{1,6})\s?(?:h|hrs?|hours?)\s?([0-9]{1,6})\s?(?:m|mins?|minutes?)\b"
    r"(?:\s?([0-9]{1,6})\s?(?:s|secs?)\b)?"
)
_UNIT_NAMES = "|".join(sorted((re.escape(unit) for unit in UNITS), key=len, reverse=True))
_UNIT = re.compile(rf"(?<![\w.,])(-(?=[0-9]))?({_QUANTITY})\s?({_UNIT_NAMES})(?![\w/²³])(\.(?=\s|$))?")
_ARTICLE_BEFORE = re.compile(r"(?:^|\s)(?i:a|an)\s+$")
_NOUN_AFTER = re.compile(r"\s+(?!(?:of|per|in|on|at|to|and|or|is|was|long|wide|tall|high|deep|away|ago)\b)[a-z]")
_FRACTION_UNIT = re.compile(rf"\b(half|halves|quarters?|thirds?|eighths?) ({_UNIT_NAMES})(?![\w/])")
_BY = re.compile(r"(?<=[0-9])\s?[x×]\s?(?=[0-9])")
_SCALED = re.compile(r"(?<![\w.,])([0-9]+(?:\.[0-9]+)?)(M|B|bn|mn)\b(?!-)|(?<![\w.,])([0-9]+\.[0-9]+)[Kk]\b")
_INCHES = re.compile(r"(?<![\w.])([0-9]{1,3}(?:\.[0-9]+)?)\"(?=(\s[A-Za-z])?)")
_HEIGHT = re.compile(r"(?<![\w.'])([3-8])' ?([0-9]|1[01])(?:\"|'')")
_DECADE = re.compile(r"(?<![\w'])(?:([12][0-9][0-9]0)|'?([0-9]0))'?s\b")
_DECADE_PAIR = re.compile(
    r"(?<![\w'])(?:([12][0-9][0-9]0)|'?([0-9]0))'?s\s?[-–]\s?(?:([12][0-9][0-9]0)|'?([0-9]0))'?s\b"
)
_SPACED_DECADE = re.compile(r"(?<![\w'])([12][0-9][0-9]0) s\b(?!\s*[A-Za-z0-9])")
_RANGE = re.compile(
    r"(?<![\w.,/-])([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)\s?[–-]\s?"
    r"([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)(?![\w/-]|[.,][0-9])"
)
_ORDINAL = re.compile(r"(?<![\w.,])([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,15})(st|nd|rd|th|ST|ND|RD|TH)\b")
_PLAN = re.compile(r"(?<![\w.])([0-9]{3})\(([a-z])\)")
_PHONE = re.compile(
    r"(?<![\w.+-])(?:(?P<country>\+?1)[ .-]?)?(?:\((?P<area>[0-9]{3})\)[ -]?|(?P<area2>[0-9]{3})[ .-])"
    r"(?P<exchange>[0-9]{3})[ .-](?P<line>[0-9]{4})(?:-(?P<extension>[0-9]{1,4}))?(?![\w-]|\.[0-9])"
    r"|(?<![\w.+-])(?P<plus>\+[0-9]{1,3})(?P<rest>(?:[ .-][0-9]{2,4}){2,4})(?![\w-]|\.[0-9])"
    r"|(?<![\w.+-])(?P<ssn>[0-9]{3}-[0-9]{2}-[0-9]{4})(?![\w-]|\.[0-9])"
)
_BOOK_NUMBER = re.compile(
    r"\b(ISBN(?:-1[03])?|ISSN)(:?\s?)([0-9](?:[ -]?[0-9]){6,11}[ -]?[0-9Xx])(?![\w-])"
)
_SCORE = re.compile(
    r"\b((?i:won|lost|beat|beats|defeated|drew|tied|leads|led|trails|trailed|score of|scored|final score)"
    r"(?: (?:it|them|us|him|her|the \w+|[A-Z]\w+))?) ([0-9]{1,3})[-–]([0-9]{1,3})\b(?![-–.,]?[0-9])"
    r"|\b(an?) ([0-9]{1,3})[-–]([0-9]{1,3}) (win|victory|loss|defeat|draw|tie|lead|scoreline)\b"
)
_NUMBER = re.compile(
    r"(?<![\w.])(?P<neg>-(?=[0-9.]))?(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]*\.[0-9]+|[0-9]+)"
    r"(?P<more>(?:\.[0-9]+)+)?(?P<poss>'s)?"
)
_DIGITS = re.compile(r"[0-9]+")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
_WORD_AFTER = re.compile(r"^\s+([A-Za-z]+)")


def quantity(text: str) -> str:
    """Words for a number or a range of numbers: "2-3" -> "two to three"."""
    return " to ".join(number(part) for part in _QUANTITY_RANGE.split(text.strip()) if part)


def _percent(match: re.Match[str]) -> str:
    sign = "minus " if match.group(1) else ""
    low = number(match.group(2))
    if match.group(3):
        return f"{sign}{low} to {number(match.group(3))} percent"
    return f"{sign}{low} percent"


def expand_percentages(text: str) -> str:
    """Percentages: "45%" -> "forty-five percent", "10–15%" -> "ten to fifteen percent"."""
    if "%" not in text:
        return text
    return sub(_PERCENT, _percent, text)


def _unit(match: re.Match[str]) -> str:
    sign, value, unit = match.group(1), match.group(2), match.group(3)
    one, many = UNITS[unit]
    if unit == "mm" and value in FILM_GAUGES and match.group(0)[len(value)] == "m":
        many = one
    if _ARTICLE_BEFORE.search(match.string, 0, match.start()) and _NOUN_AFTER.match(match.string, match.end()):
        many = one  # "a 2 TB drive": a unit before its noun is singular
    stop = match.group(4) or ""
    if stop and match.end() < len(match.string):
        stop = ""
    scale = _SCALE_WORD.search(value)
    spoken = quantity(value[: scale.start()] if scale else value) + (f" {scale.group(1)}" if scale else "")
    return f"{'minus ' if sign else ''}{spoken} {one if value == '1' else many}{stop}"


def _scaled(match: re.Match[str]) -> str:
    if match.group(3):
        return f"{number(match.group(3))} thousand"
    return f"{number(match.group(1))} {SCALES[match.group(2)]}"


def _inches(match: re.Match[str]) -> str:
    value = match.group(1)
    before_noun = match.group(2) is not None
    return f"{number(value)} {'inch' if value == '1' or before_noun else 'inches'}"


def _duration(match: re.Match[str]) -> str:
    hours, minutes, seconds = int(match.group(1)), int(match.group(2)), match.group(3)
    spoken = f"{cardinal(hours)} {'hour' if hours == 1 else 'hours'} "
    spoken += f"{cardinal(minutes)} {'minute' if minutes == 1 else 'minutes'}"
    if seconds:
        spoken += f" {cardinal(int(seconds))} {'second' if seconds == '1' else 'seconds'}"
    return spoken


def expand_units(text: str) -> str:
    """Durations, units and heights: "2h 15m", "90 min" -> "ninety minutes", "6'2\"" -> "six foot two"."""
    if "half" in text or "quarter" in text or "third" in text or "eighth" in text:
        text = sub(_FRACTION_UNIT, lambda m: f"{m.group(1)} {UNITS[m.group(2)][1]}", text)
    if not has_digit(text):
        return text
    text = sub(_DURATION, _duration, text)
    text = sub(_BY, " by ", text)
    text = sub(_SCALED, _scaled, text)
    if "'" in text:
        text = sub(_HEIGHT, lambda m: f"{cardinal(int(m.group(1)))} foot {cardinal(int(m.group(2)))}", text)
    if '"' in text and text.count('"') % 2:
        text = sub(_INCHES, _inches, text)
    return sub(_UNIT, _unit, text)


def _decade(match: re.Match[str]) -> str:
    if match.group(1):
        return decade(int(match.group(1)))
    return decade(int(match.group(2)))


def expand_decades(text: str) -> str:
    """Decades: "1980s" -> "nineteen eighties", "'90s" -> "nineties"."""
    if "s" not in text:
        return text
    text = sub(_DECADE_PAIR,
        lambda m: f"{decade(int(m.group(1) or m.group(2)))} to {decade(int(m.group(3) or m.group(4)))}", text
    )
    text = sub(_SPACED_DECADE, lambda m: decade(int(m.group(1))), text)
    return sub(_DECADE, _decade, text)


def _range(match: re.Match[str]) -> str:
    low, high = match.group(1), match.group(2)
    if "," not in low + high and "." not in low + high and len(low) == 4 and looks_like_year(int(low)):
        if len(high) == 4 and looks_like_year(int(high)):
            return f"{year(int(low))} to {year(int(high))}"
        if len(high) == 2:
            return f"{year(int(low))} to {integer(high) if high[0] != '0' else 'oh ' + digits(high[1])}"
    return f"{number(low)} to {number(high)}"


def expand_ranges(text: str) -> str:
    """Ranges: "1990–1995" -> "nineteen ninety to nineteen ninety-five", "2-3" -> "two to three"."""
    if "-" not in text and "–" not in text:
        return text
    return sub(_RANGE, _range, text)


def _ordinal(match: re.Match[str]) -> str:
    value = int(match.group(1).replace(",", ""))
    suffix = match.group(2).lower()
    expected = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    if suffix != expected:  # "21th": a typo either way, so read what is written
        return f"{integer(match.group(1))} {suffix}"
    return ordinal(value)


def expand_ordinals(text: str) -> str:
    """Ordinals: "1st" -> "first", "22nd" -> "twenty-second", "1,000th" -> "one thousandth"."""
    return sub(_ORDINAL, _ordinal, text)


def _phone(match: re.Match[str]) -> str:
    if match["plus"]:
        groups = [match["plus"][1:], *match["rest"].replace(".", " ").replace("-", " ").split()]
        return "plus " + ", ".join(digits(group) for group in groups)
    if match["ssn"]:
        return ", ".join(digits(group) for group in match["ssn"].split("-"))
    groups = [match["area"] or match["area2"], match["exchange"], match["line"]]
    if match["extension"]:
        groups.append(match["extension"])
    spoken = ", ".join(digits(group) for group in groups)
    country = match["country"]
    return ("plus one, " if country == "+1" else "one, " if country else "") + spoken


def _score(match: re.Match[str]) -> str:
    def side(value: str) -> str:
        return "nothing" if int(value) == 0 else integer(value)

    if match.group(1):
        return f"{match.group(1)} {side(match.group(2))} to {side(match.group(3))}"
    return f"{match.group(4)} {side(match.group(5))} to {side(match.group(6))} {match.group(7)}"


def _book_number(match: re.Match[str]) -> str:
    groups = match.group(3).replace("-", " ").split()
    spoken = [digits(group) + (" X" if group[-1] in "Xx" else "") for group in groups]
    return match.group(1) + match.group(2) + ", ".join(spoken)


def expand_codes(text: str) -> str:
    """Telephone numbers, book numbers, sports scores and plan names, digit by digit where a person would.

    "555-123-4567" and "ISBN 978-1-23456-789-7" are read digit by digit (a
    comma between the groups), "won 2-0" as a score, "401(k)" as a plan.
    """
    if not has_digit(text):
        return text
    if "IS" in text:
        text = sub(_BOOK_NUMBER, _book_number, text)
    if "(" in text:
        text = sub(_PLAN, lambda m: f"{paired_year(int(m.group(1)))} {m.group(2)}", text)
    text = sub(_PHONE, _phone, text)
    return sub(_SCORE, _score, text)


def _is_year(text: str, start: int, end: int, value: int) -> bool:
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    previous = before.group(1).lower() if before else ""
    after = _WORD_AFTER.match(text[end : end + 30])
    if previous in COUNT_CONTEXT or (after and after.group(1).lower() in COUNT_NOUNS):
        return False
    return previous in YEAR_CONTEXT or text[start - 1 : start] == "(" or looks_like_year(value)


def _number(match: re.Match[str]) -> str:
    text, num = match.string, match.group("num")
    sign = "minus " if match.group("neg") else ""
    poss = match.group("poss") or ""
    if match.group("more"):
        parts = (num + match.group("more")).split(".")
        return " point ".join(integer(part) for part in parts) + poss
    if len(num) == 4 and num.isdigit() and not sign and _is_year(text, match.start(), match.end(), int(num)):
        return year(int(num)) + poss
    return sign + number(num) + poss


def expand_numbers(text: str) -> str:
    """Remaining numbers: "in 1987" -> "in nineteen eighty-seven", "1,987" -> cardinal, "7.5" -> decimal."""
    if not has_digit(text):
        return text
    text = sub(_NUMBER, _number, text)
    # Digits glued to other text ("x90", "東京7") are still read, one number at a time.
    return sub(_DIGITS, lambda m: f" {integer(m.group(0))} ", text)
