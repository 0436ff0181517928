"""Ratings, dates and language tags as written in reviews and their metadata."""

from __future__ import annotations

import datetime as dt

import pytest

from audioreview.model import Rating
from audioreview.values import normalize_language, parse_date, parse_rating


@pytest.mark.parametrize(
    ("raw", "scale", "expected"),
    [
        ("7.5/10", None, Rating(7.5, 10.0, "7.5/10")),
        ("7,5 / 10", None, Rating(7.5, 10.0, "7,5 / 10")),
        ("4 out of 5", None, Rating(4.0, 5.0, "4 out of 5")),
        ("7.5 on 10", None, Rating(7.5, 10.0, "7.5 on 10")),
        ("4 out of 5 stars", None, Rating(4.0, 5.0, "4 out of 5 stars")),
        ("8 of 10", None, Rating(8.0, 10.0, "8 of 10")),
        ("★★★½", None, Rating(3.5, 5.0, "★★★½")),
        ("★★★☆☆", None, Rating(3.0, 5.0, "★★★☆☆")),
        ("★★½☆", None, Rating(2.5, 4.0, "★★½☆")),
        ("⭐⭐⭐⭐", None, Rating(4.0, 5.0, "⭐⭐⭐⭐")),
        ("4 stars", None, Rating(4.0, 5.0, "4 stars")),
        ("85%", None, Rating(85.0, 100.0, "85%")),
        (4, 5, Rating(4.0, 5.0, "4/5")),
        (4, None, Rating(4.0, 5.0, "4/5")),
        (7.5, None, Rating(7.5, 10.0, "7.5/10")),
        ("4", "10", Rating(4.0, 10.0, "4/10")),
        ("8", None, Rating(8.0, 10.0, "8")),
        (72, None, Rating(72.0, 100.0, "72/100")),
    ],
)
def test_parse_rating(raw: object, scale: object, expected: Rating) -> None:
    assert parse_rating(raw, scale) == expected


@pytest.mark.parametrize(
    "raw", [None, True, "", "PG-13", "great", "11/10", "-1/5", "5/0", 1000, "B+", "4/5 from me"]
)
def test_parse_rating_refuses(raw: object) -> None:
    assert parse_rating(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T10:00:00Z", "2024-03-05"),
        ("2025-05-09T08:30:00+01:00", "2025-05-09"),
        ("March 3, 2024", "2024-03-03"),
        ("3rd March 2024", "2024-03-03"),
        ("Sunday, 3 March 2024", "2024-03-03"),
        ("14 February 2025", "2025-02-14"),
        ("03/04/2024", "2024-03-04"),
        (dt.date(2024, 1, 2), "2024-01-02"),
        (dt.datetime(2024, 1, 2, 15, 30), "2024-01-02"),
    ],
)
def test_parse_date(raw: object, expected: str) -> None:
    assert parse_date(raw) == expected


def test_parse_date_day_first() -> None:
    assert parse_date("03/04/2024", dayfirst=True) == "2024-04-03"


@pytest.mark.parametrize("raw", [None, "", "yesterday", "March 2024", "2024", "soon", 20240101, "the 5th"])
def test_parse_date_refuses_incomplete_or_not_dates(raw: object) -> None:
    assert parse_date(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("en_US", "en-US"),
        ("en-gb", "en-GB"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("fr", "fr"),
        ("", None),
        ("english language", None),
        (None, None),
        (5, None),
    ],
)
def test_normalize_language(raw: object, expected: str | None) -> None:
    assert normalize_language(raw) == expected
