"""English passes for dates, times, money, quantities and plain numbers.

Each pass is a pure ``str -> str`` function that turns one written form into
the words a person reading aloud would say. Number words come from
:mod:`audioreview.speech.english_words`.
"""

from __future__ import annotations

import re

from .english_words import (
    cardinal,
    decade,
    decimal,
    digits,
    has_digit,
    integer,
    looks_like_year,
    number,
    ordinal,
    word_set,
    year,
)

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
MONTH_ABBREVIATIONS = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
    "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}

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

CURRENCIES = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
    "¥": ("yen", "yen", "", ""),
}
SCALES = {
    "k": "thousand", "K": "thousand", "thousand": "thousand",
    "m": "million", "M": "million", "mn": "million", "million": "million",
    "b": "billion", "B": "billion", "bn": "billion", "billion": "billion",
    "tn": "trillion", "trillion": "trillion",
}
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
}
FILM_GAUGES = frozenset({"8", "16", "35", "65", "70"})
"""Film formats said in the singular: "35mm" -> "thirty-five millimeter"."""

_QUANTITY = r"[0-9]+(?:\.[0-9]+)?(?:\s?[-–]\s?[0-9]+(?:\.[0-9]+)?)?"
_QUANTITY_RANGE = re.compile(r"\s?[-–]\s?")
_MONTH = "|".join(MONTHS)
_MONTH_ANY = rf"(?:{_MONTH}|(?:{'|'.join(MONTH_ABBREVIATIONS)})\.?)"
_ISO_DATE = re.compile(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b")
_MDY = re.compile(rf"\b({_MONTH_ANY}) ([0-9]{{1,2}})(?:st|nd|rd|th)?\b(?:,? ([0-9]{{4}})\b)?(?![.:/-][0-9])")
_DMY = re.compile(rf"\b([0-9]{{1,2}})(?:st|nd|rd|th)?(?: of)? ({_MONTH_ANY})(?:,? ([0-9]{{4}})\b)?")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_ANY}),? ([0-9]{{4}})\b")
_TIME = re.compile(
    r"(?<![\w.:])([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?![0-9:])"
    r"(?:\s?([AaPp])\.?[Mm]\.?(?![\w]))?"
)
_HOUR_AMPM = re.compile(r"(?<![\w.:])([0-9]{1,2})\s?([AaPp])\.?[Mm]\b\.?")
_MONEY = re.compile(
    r"(?<![\w.])(?P<sign>-)?(?P<cur>[$£€¥])\s?"
    r"(?P<amount>[0-9]{1,3}(?:,[0-9]{3}){1,4}|[0-9]{1,15})(?![0-9]|,[0-9])(?P<cents>\.[0-9]+)?"
    r"(?:\s?[-–]\s?[$£€¥]?(?P<to>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?))?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion)\b|(?P<abbr>mn|bn|tn|[kKmMbB])\b(?!-))?"
)
_CURRENCY = re.compile(r"[$£€¥]")
_MONEY_AFTER = re.compile(r"(?<![\w.])([0-9]+(?:\.[0-9]{1,2})?)\s?([€£¥])")
_PERCENT = re.compile(r"(?<![\w.])(-)?([0-9]+(?:\.[0-9]+)?)(?:\s?[-–]\s?([0-9]+(?:\.[0-9]+)?))?\s?%")
_DURATION = re.compile(
    r"(?<![\w.])([0-9]{1,6})\s?(?:h|hrs?|hours?)\s?([0-9]{1,6})\s?(?:m|mins?|minutes?)\b"
    r"(?:\s?([0-9]{1,6})\s?(?:s|secs?)\b)?"
)
_UNIT_NAMES = "|".join(sorted((re.escape(unit) for unit in UNITS), key=len, reverse=True))
_UNIT = re.compile(rf"(?<![\w.])({_QUANTITY})\s?({_UNIT_NAMES})(?![\w/])(\.(?=\s|$))?")
_HEIGHT = re.compile(r"(?<![\w.'])([3-8])' ?([0-9]|1[01])(?:\"|'')")
_DECADE = re.compile(r"(?<![\w'])(?:([12][0-9][0-9]0)|'?([0-9]0))'?s\b")
_RANGE = re.compile(
    r"(?<![\w.,/-])([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)\s?[–-]\s?"
    r"([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)(?![\w/-]|[.,][0-9])"
)
_ORDINAL = re.compile(r"\b([0-9]{1,15})(?:st|nd|rd|th|ST|ND|RD|TH)\b")
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


def _month_number(name: str) -> int:
    name = name.rstrip(".")
    if name in MONTHS:
        return MONTHS.index(name) + 1
    return MONTH_ABBREVIATIONS[name]


def _day_words(month: int, day: int, year_text: str | None, day_first: bool) -> str:
    month_name = MONTHS[month - 1]
    spoken = f"the {ordinal(day)} of {month_name}" if day_first else f"{month_name} {ordinal(day)}"
    if year_text:
        spoken += f", {year(int(year_text))}"
    return spoken


def _iso(match: re.Match[str]) -> str:
    year_text, month, day = match.group(1), int(match.group(2)), int(match.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group(0)
    return _day_words(month, day, year_text, day_first=False)


def _mdy(match: re.Match[str]) -> str:
    day = int(match.group(2))
    if not 1 <= day <= 31:
        return match.group(0)
    return _day_words(_month_number(match.group(1)), day, match.group(3), day_first=False)


def _dmy(match: re.Match[str]) -> str:
    day = int(match.group(1))
    if not 1 <= day <= 31:
        return match.group(0)
    spoken = _day_words(_month_number(match.group(2)), day, match.group(3), day_first=True)
    if match.string[max(0, match.start() - 4) : match.start()].lower() == "the ":
        return spoken.removeprefix("the ")
    return spoken


def expand_dates(text: str) -> str:
    """Dates: "2024-03-03" and "March 3, 2024" -> "March third, twenty twenty-four"."""
    if not has_digit(text):
        return text
    text = _ISO_DATE.sub(_iso, text)
    text = _MDY.sub(_mdy, text)
    text = _DMY.sub(_dmy, text)
    return _MONTH_YEAR.sub(lambda m: f"{MONTHS[_month_number(m.group(1)) - 1]} {year(int(m.group(2)))}", text)


def _clock(hour: int, minute: int, meridiem: str) -> str:
    if minute == 0:
        spoken = cardinal(hour) + ("" if meridiem else " o'clock" if hour <= 12 else " hundred")
    elif minute < 10:
        spoken = f"{cardinal(hour)} oh {cardinal(minute)}"
    else:
        spoken = f"{cardinal(hour)} {cardinal(minute)}"
    return f"{spoken} {meridiem}" if meridiem else spoken


def _time(match: re.Match[str]) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    meridiem = (match.group(4) or "").upper()
    meridiem = meridiem + "M" if meridiem else ""
    if hour > 24 or minute > 59:
        return match.group(0)
    stop = "." if match.group(0).endswith(".") and match.end() == len(match.string) else ""
    if match.group(3) is not None:
        second = int(match.group(3))
        parts = [f"{cardinal(hour)} {'hour' if hour == 1 else 'hours'}"] if hour else []
        parts.append(f"{cardinal(minute)} {'minute' if minute == 1 else 'minutes'}")
        parts.append(f"{cardinal(second)} {'second' if second == 1 else 'seconds'}")
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return _clock(hour, minute, meridiem) + stop


def _hour(match: re.Match[str]) -> str:
    hour = int(match.group(1))
    if not 0 < hour <= 12:
        return match.group(0)
    stop = "." if match.group(0).endswith(".") and match.end() == len(match.string) else ""
    return f"{cardinal(hour)} {match.group(2).upper()}M{stop}"


def expand_times(text: str) -> str:
    """Clock times: "7:30 pm" -> "seven thirty PM", "19:45" -> "nineteen forty-five"."""
    if not has_digit(text):
        return text
    if ":" in text:
        text = _TIME.sub(_time, text)
    return _HOUR_AMPM.sub(_hour, text)


def _amount(text: str) -> str:
    return decimal(text.replace(",", "")) if "." in text else integer(text)


def _money(match: re.Match[str]) -> str:
    one, many, minor_one, minor_many = CURRENCIES[match.group("cur")]
    amount, cents, upper = match.group("amount"), match.group("cents"), match.group("to")
    scale = SCALES.get(match.group("scale") or match.group("abbr") or "", "")
    sign = "minus " if match.group("sign") else ""
    if scale or upper:
        low = _amount(amount + (cents or ""))
        spoken = f"{low} to {_amount(upper)}" if upper else low
        return f"{sign}{spoken} {scale} {many}".replace("  ", " ")
    whole = int(amount.replace(",", ""))
    if cents and (len(cents) != 3 or not minor_many):
        return f"{sign}{decimal(amount.replace(',', '') + cents)} {many}"
    minor = int(cents[1:]) if cents else 0
    major = f"{cardinal(whole)} {one if whole == 1 else many}"
    if not minor:
        return sign + major
    small = f"{cardinal(minor)} {minor_one if minor == 1 else minor_many}"
    return sign + (small if whole == 0 else f"{major} and {small}")


def _money_after(match: re.Match[str]) -> str:
    value = match.group(1)
    many = CURRENCIES[match.group(2)][1]
    one = CURRENCIES[match.group(2)][0]
    return f"{number(value)} {one if value == '1' else many}"


def expand_money(text: str) -> str:
    """Money: "$1.2 billion" -> "one point two billion dollars", "£3.50", "€20m", "$10-15"."""
    if not _CURRENCY.search(text):
        return text
    text = _MONEY.sub(_money, text)
    return _MONEY_AFTER.sub(_money_after, text)


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
    return _PERCENT.sub(_percent, text)


def _unit(match: re.Match[str]) -> str:
    value, unit = match.group(1), match.group(2)
    one, many = UNITS[unit]
    if unit == "mm" and value in FILM_GAUGES and match.group(0)[len(value)] == "m":
        many = one
    stop = match.group(3) or ""
    if stop and match.end() < len(match.string):
        stop = ""
    return f"{quantity(value)} {one if value == '1' else many}{stop}"


def _duration(match: re.Match[str]) -> str:
    hours, minutes, seconds = int(match.group(1)), int(match.group(2)), match.group(3)
    spoken = f"{cardinal(hours)} {'hour' if hours == 1 else 'hours'} "
    spoken += f"{cardinal(minutes)} {'minute' if minutes == 1 else 'minutes'}"
    if seconds:
        spoken += f" {cardinal(int(seconds))} {'second' if seconds == '1' else 'seconds'}"
    return spoken


def expand_units(text: str) -> str:
    """Durations, units and heights: "2h 15m", "90 min" -> "ninety minutes", "6'2\"" -> "six foot two"."""
    if not has_digit(text):
        return text
    text = _DURATION.sub(_duration, text)
    if "'" in text:
        text = _HEIGHT.sub(lambda m: f"{cardinal(int(m.group(1)))} foot {cardinal(int(m.group(2)))}", text)
    return _UNIT.sub(_unit, text)


def _decade(match: re.Match[str]) -> str:
    if match.group(1):
        return decade(int(match.group(1)))
    return decade(int(match.group(2)))


def expand_decades(text: str) -> str:
    """Decades: "1980s" -> "nineteen eighties", "'90s" -> "nineties"."""
    if "s" not in text:
        return text
    return _DECADE.sub(_decade, text)


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
    return _RANGE.sub(_range, text)


def expand_ordinals(text: str) -> str:
    """Ordinals: "1st" -> "first", "22nd" -> "twenty-second"."""
    return _ORDINAL.sub(lambda m: ordinal(int(m.group(1))), text)


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
    text = _NUMBER.sub(_number, text)
    # Digits glued to other text ("x90", "東京7") are still read, one number at a time.
    return _DIGITS.sub(lambda m: f" {integer(m.group(0))} ", text)
