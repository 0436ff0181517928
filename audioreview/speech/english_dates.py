"""English passes for dates and clock times.

Dates written with month names ("March 3, 2024", "25th jul 2012", "Jan-15"),
ISO and numeric dates ("2024-03-03", "10/06/2005", "15.01.2020"), eras
("340 AD"), quarters ("Q2 2024", "2Q22"), clock times ("7:30 pm",
"10.30pm", "1:59 p.m. EST") and time ranges ("2pm-5pm").

A numeric date such as "10/06/2005" is ambiguous: :data:`DATE_ORDERS` names
the two readings, and :func:`numeric_dates` builds the pass for one of them.
A part above 12 settles the order whatever the setting ("15/01/2020").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .english_words import cardinal, has_digit, integer, ordinal, year
from .tracked import sub

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
MONTH_ABBREVIATIONS = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
    "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}
AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar"})
"""Month names that are also common words: lower-case, they count as months only beside a year."""

DATE_ORDERS = ("month-first", "day-first")
"""How a numeric date with both parts at most 12 is read: "10/06" as October 6th or the 10th of June."""

TIME_ZONES = frozenset(
    ["EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "HST", "GMT", "UTC", "BST", "CET", "CEST", "EET", "EEST", "IST", "JST", "KST", "AEST", "AEDT", "NZST"]
)

_MONTH_NAMES = "|".join(MONTHS)
_MONTH_ANY = rf"(?i:(?:{_MONTH_NAMES})\b|(?:{'|'.join(MONTH_ABBREVIATIONS)})\b\.?)"
_DAY = r"([0-9]{1,2})(?i:st|nd|rd|th)?"
_ISO_DATE = re.compile(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b")
_MDY = re.compile(rf"(?<![\w-])({_MONTH_ANY})[ -]{_DAY}\b(?:(?:,? |-)([0-9]{{4}})\b)?(?![.:/-]?[0-9])")
_DMY = re.compile(
    rf"(?<![\w.,:/-])([0-9]{{1,2}})((?i:st|nd|rd|th))?(?: of)? ({_MONTH_ANY})(?:,? ([0-9]{{4}})\b)?(?![\w-])"
)
_MONTH_YEAR = re.compile(rf"(?<![\w-])({_MONTH_ANY}),? ([0-9]{{4}})\b")
_NUMERIC = re.compile(
    r"(?<![\w./:-])([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})(?![\w/]|[.-][0-9])"
)
_YMD = re.compile(r"(?<![\w./:-])([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})(?![\w/]|[.-][0-9])")
_MONTH_SLASH_YEAR = re.compile(r"(?<![\w./:-])([0-9]{1,2})/((?:1[89]|20)[0-9]{2})(?![\w/]|[.-][0-9])")
_ERA = re.compile(r"(?<![\w.,])([0-9]{1,4}) ?(A\.D\.?|B\.C\.(?:E\.)?|C\.E\.?|AD|BCE?|CE)(?!\w)|\b(AD) ([0-9]{1,4})\b")
_QUARTER = re.compile(r"\b(?:Q([1-4])|([1-4])Q)[ -]?(?:(?:FY)?([0-9]{4})|'?([0-9]{2}))\b|\bQ([1-4])\b")
_TIME = re.compile(
    r"(?<![\w.:])([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?![0-9:])"
    r"(?:\s?([AaPp])\.?[Mm]\b\.?)?"
)
_DOT_TIME = re.compile(r"(?<![\w.:])([0-9]{1,2})\.([0-5][0-9])\s?([AaPp])\.?[Mm]\b\.?")
_HOUR_AMPM = re.compile(r"(?<![\w.:])([0-9]{1,2})\s?([AaPp])\.?[Mm]\b\.?")
_HOUR_RANGE = re.compile(r"(?<![\w.:])([0-9]{1,2})\s?[-–]\s?(?=[0-9]{1,2}(?::[0-9]{2})?\s?[AaPp]\.?[Mm]\b)")
_ZONE = re.compile(r"(?<=[AP]M)\.?\s?((?i:[a-z]\.?){3,4})(?!\w)|(?<=[AP]M)\.?\s?\(([A-Z]{3,4})\)")
_TIME_TO = re.compile(r"\b([AP]M(?: [A-Z]{3,4})?)\s?[-–]\s?")


def _month_number(name: str) -> int:
    name = name.rstrip(".").lower()
    for number, month in enumerate(MONTHS, start=1):
        if month.lower() == name:
            return number
    for abbreviation, number in MONTH_ABBREVIATIONS.items():
        if abbreviation.lower() == name:
            return number
    return 0


def _plain_word(name: str) -> bool:
    """A lower-case month name that is also a common word ("may", "march")."""
    return name.rstrip(".").lower() in AMBIGUOUS_MONTHS and not name[0].isupper()


def short_year(text: str) -> str:
    """A two-digit year as said: "98" -> "ninety-eight", "05" -> "oh five"."""
    if text.startswith("0"):
        return "oh " + cardinal(int(text))
    return integer(text)


def _year_words(text: str | None) -> str:
    if not text:
        return ""
    return short_year(text) if len(text) == 2 else year(int(text))


def day_words(month: int, day: int, year_text: str | None, day_first: bool) -> str:
    """A calendar date: "March third, twenty twenty-four" or "the third of March, twenty twenty-four"."""
    month_name = MONTHS[month - 1]
    spoken = f"the {ordinal(day)} of {month_name}" if day_first else f"{month_name} {ordinal(day)}"
    if year_text:
        spoken += f", {_year_words(year_text)}"
    return spoken


def _iso(match: re.Match[str]) -> str:
    year_text, month, day = match.group(1), int(match.group(2)), int(match.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group(0)
    return day_words(month, day, year_text, day_first=False)


def _mdy(match: re.Match[str]) -> str:
    name, day = match.group(1), int(match.group(2))
    if not 1 <= day <= 31 or (_plain_word(name) and not match.group(3)):
        return match.group(0)
    return day_words(_month_number(name), day, match.group(3), day_first=False)


def _dmy(match: re.Match[str]) -> str:
    day, suffix, name, year_text = int(match.group(1)), match.group(2), match.group(3), match.group(4)
    if not 1 <= day <= 31 or (_plain_word(name) and not (year_text or suffix)):
        return match.group(0)
    spoken = day_words(_month_number(name), day, year_text, day_first=True)
    if match.string[max(0, match.start() - 4) : match.start()].lower() == "the ":
        return spoken.removeprefix("the ")
    return spoken


def _month_year(match: re.Match[str]) -> str:
    return f"{MONTHS[_month_number(match.group(1)) - 1]} {year(int(match.group(2)))}"


def _ymd(match: re.Match[str]) -> str:
    month, day = int(match.group(2)), int(match.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group(0)
    return day_words(month, day, match.group(1), day_first=False)


def _numeric(day_first: bool) -> Callable[[re.Match[str]], str]:
    def spoken(match: re.Match[str]) -> str:
        first, second, year_text = int(match.group(1)), int(match.group(3)), match.group(4)
        if match.group(2) == "." and len(year_text) != 4:
            return match.group(0)
        if first > 12 or (day_first and second <= 12):
            day, month, order = first, second, True
        else:
            month, day, order = first, second, False
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return match.group(0)
        return day_words(month, day, year_text, day_first=order)

    return spoken


def _month_slash_year(match: re.Match[str]) -> str:
    month = int(match.group(1))
    if not 1 <= month <= 12:
        return match.group(0)
    return f"{MONTHS[month - 1]} {year(int(match.group(2)))}"


def _era(match: re.Match[str]) -> str:
    if match.group(3):
        return f"AD {paired_year(int(match.group(4)))}"
    era = match.group(2).replace(".", "").upper()
    return f"{paired_year(int(match.group(1)))} {era}{_stop(match)}"


def paired_year(value: int) -> str:
    """A year read in pairs, as before an era: 340 -> "three forty", 44 -> "forty-four", 1066 -> "ten sixty-six"."""
    if 100 <= value <= 999 and value % 100:
        tail = value % 100
        return f"{cardinal(value // 100)} {'oh ' + cardinal(tail) if tail < 10 else cardinal(tail)}"
    return year(value)


def _quarter(match: re.Match[str]) -> str:
    if match.group(5):
        return f"the {ordinal(int(match.group(5)))} quarter"
    number = int(match.group(1) or match.group(2))
    spoken = f"the {ordinal(number)} quarter of "
    return spoken + (year(int(match.group(3))) if match.group(3) else short_year(match.group(4)))


def _dates(text: str, day_first: bool) -> str:
    if has_digit(text):
        text = sub(_ISO_DATE, _iso, text)
        text = sub(_YMD, _ymd, text)
        text = sub(_NUMERIC, _numeric(day_first), text)
        text = sub(_MONTH_SLASH_YEAR, _month_slash_year, text)
        text = sub(_MDY, _mdy, text)
        text = sub(_DMY, _dmy, text)
        text = sub(_MONTH_YEAR, _month_year, text)
        text = sub(_ERA, _era, text)
        if "Q" in text:
            text = sub(_QUARTER, _quarter, text)
    return text


def expand_dates(text: str) -> str:
    """Dates, numeric ones month first: "10/06/2005" -> "October sixth, two thousand five"."""
    return _dates(text, day_first=False)


def expand_dates_day_first(text: str) -> str:
    """Dates, numeric ones day first: "10/06/2005" -> "the tenth of June, two thousand five"."""
    return _dates(text, day_first=True)


DATE_PASSES: dict[str, Callable[[str], str]] = {
    "month-first": expand_dates,
    "day-first": expand_dates_day_first,
}
"""The date pass for each :data:`DATE_ORDERS` value."""


def date_order_for(language: str) -> str:
    """The usual numeric date order of a language tag: month first for US English, else day first."""
    parts = re.split(r"[-_]", language.strip().lower())
    region = next((part for part in parts[1:] if len(part) == 2 and part.isalpha()), "")
    if parts[0] == "en" and region in ("", "us", "ph", "um", "as", "gu", "mp", "pr", "vi"):
        return "month-first"
    return "day-first"


def clock(hour: int, minute: int, meridiem: str) -> str:
    """A clock time: (7, 30, "PM") -> "seven thirty PM", (19, 0, "") -> "nineteen hundred"."""
    if minute == 0:
        spoken = cardinal(hour) + ("" if meridiem else " o'clock" if hour <= 12 else " hundred")
    elif minute < 10:
        spoken = f"{cardinal(hour)} oh {cardinal(minute)}"
    else:
        spoken = f"{cardinal(hour)} {cardinal(minute)}"
    return f"{spoken} {meridiem}" if meridiem else spoken


def _stop(match: re.Match[str]) -> str:
    return "." if match.group(0).endswith(".") and match.end() == len(match.string) else ""


def _time(match: re.Match[str]) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    meridiem = (match.group(4) or "").upper()
    meridiem = meridiem + "M" if meridiem else ""
    if hour > 24 or minute > 59:
        return match.group(0)
    if match.group(3) is not None:
        second = int(match.group(3))
        parts = [f"{cardinal(hour)} {'hour' if hour == 1 else 'hours'}"] if hour else []
        parts.append(f"{cardinal(minute)} {'minute' if minute == 1 else 'minutes'}")
        parts.append(f"{cardinal(second)} {'second' if second == 1 else 'seconds'}")
        spoken = ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"{spoken} {meridiem}{_stop(match)}" if meridiem else spoken
    return clock(hour, minute, meridiem) + _stop(match)


def _dot_time(match: re.Match[str]) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    if not 0 < hour <= 12:
        return match.group(0)
    return clock(hour, minute, match.group(3).upper() + "M") + _stop(match)


def _hour(match: re.Match[str]) -> str:
    hour = int(match.group(1))
    if not 0 < hour <= 12:
        return match.group(0)
    return f"{cardinal(hour)} {match.group(2).upper()}M{_stop(match)}"


def _zone(match: re.Match[str]) -> str:
    letters = (match.group(1) or match.group(2) or "").replace(".", "").upper()
    if letters not in TIME_ZONES:
        return match.group(0)
    rest = match.string[match.end() :]
    stop = "." if match.group(0).endswith(".") and (not rest.strip() or rest[:2].lstrip()[:1].isupper()) else ""
    return f" {letters}{stop}"


def expand_times(text: str) -> str:
    """Clock times: "7:30 pm" -> "seven thirty PM", "10.30pm", "19:45", "2pm-5pm" -> "two PM to five PM"."""
    if not has_digit(text):
        return text
    if ":" in text:
        text = sub(_TIME, _time, text)
    if "." in text:
        text = sub(_DOT_TIME, _dot_time, text)
    text = sub(_HOUR_RANGE, lambda m: f"{m.group(1)} to ", text)
    text = sub(_HOUR_AMPM, _hour, text)
    if "M" in text:
        text = sub(_ZONE, _zone, text)
        text = sub(_TIME_TO, lambda m: f"{m.group(1)} to ", text)
    return text
