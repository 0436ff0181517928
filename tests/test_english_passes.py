"""Table tests for each English normalization pass and the number-word helpers.

Sentence-level cases live in test_normalize_en.py; here each pass is run on
its own, so a regression points at the pass that caused it.
"""

from __future__ import annotations

import pytest

from audioreview.speech import english, english_words
from audioreview.speech.english_text import tidy_punctuation

# Each pass on its own: what it changes, and that it leaves the rest alone.
PASS_CASES: dict[str, list[tuple[str, str]]] = {
    "fold_typography": [
        ("“Hi” — it’s…", '"Hi" — it\'s...'),
        ("ﬁne Ⅳ①", "fine IV1"),
        ("a\u00a0b\u200bc", "a bc"),
    ],
    "strip_markup": [("**a** _b_", " a   b "), ("x | y", "x ,  y")],
    "expand_episodes": [("S02E05", "season two, episode five"), ("s1 e3", "season one, episode three")],
    "expand_stars": [
        ("★★★½", "three and a half stars"),
        ("★★☆", "two out of three stars"),
        ("plain", "plain"),
    ],
    "expand_fractions": [("10½", "ten and a half"), ("2 1/2", "two and a half"), ("7.5/10", "7.5/10")],
    "expand_times": [("7:30 pm", "seven thirty PM"), ("19:45", "nineteen forty-five"), ("2:1", "2:1")],
    "expand_abbreviations": [("Dr. No", "Doctor No"), ("vs. them", "versus them"), ("No. 5", "number 5")],
    "expand_approximations": [("~20", " about 20"), ("c. 1850", "circa 1850"), ("a~b", "a~b")],
    "expand_codes": [
        ("555-123-4567", "five five five, one two three, four five six seven"),
        ("won 2-0", "won two to nothing"),
        ("a 401(k)", "a four oh one k"),
        ("2-0", "2-0"),
    ],
    "expand_dates": [
        ("2024-03-03", "March third, twenty twenty-four"),
        ("2024-13-40", "2024-13-40"),
        ("10/06/2005", "October sixth, two thousand five"),
    ],
    "expand_rates": [("$4/hr", "$4 per hour"), ("12kg/kg", "12kg per kilogram"), ("and/or", "and/or")],
    "expand_money": [("$5", "five dollars"), ("£1", "one pound"), ("€2.50", "two euros and fifty cents")],
    "expand_percentages": [("5%", "five percent"), ("1-2%", "one to two percent")],
    "expand_slash_scores": [
        ("8/10", "eight out of ten"),
        ("3/4 of", "three quarters of"),
        ("12/10", "12/10"),
    ],
    "expand_scores": [("7.5 on 10", "seven point five out of ten"), ("3.5 stars", "three and a half stars")],
    "expand_grades": [("Grade: B+", "Grade: B-plus"), ("B+ vitamins", "B+ vitamins")],
    "expand_units": [
        ("90 min", "ninety minutes"),
        ("2h 15m", "two hours fifteen minutes"),
        ("1 hr", "one hour"),
    ],
    "expand_decades": [("1980s", "nineteen eighties"), ("'90s", "nineties"), ("1985s", "1985s")],
    "expand_ranges": [("1990–1995", "nineteen ninety to nineteen ninety-five"), ("PG-13", "PG-13")],
    "expand_symbols": [("a & b", "a  and  b"), ("#1", " number 1"), ("3x", "3 times"), ("a=b", "a equals b")],
    "expand_ordinals": [
        ("1st", "first"), ("22nd", "twenty-second"), ("first", "first"), ("1,000th", "one thousandth"),
        ("21th", "twenty-one th"),
    ],
    "expand_roman_numerals": [("Rocky IV", "Rocky Four"), ("I think", "I think"), ("CV", "CV"),
        ("Louis XIV's", "Louis the Fourteenth's"), ("Super Bowl LVIII", "Super Bowl Fifty-eight"), ("an XL", "an XL"),
    ],
    "expand_alphanumerics": [("PG-13", "P G thirteen"), ("4K", "four K"), ("A24", "A-twenty-four")],
    "expand_numbers": [
        ("in 1987", "in nineteen eighty-seven"),
        ("1,987", "one thousand nine hundred eighty-seven"),
    ],
    "expand_acronyms": [("BBC", "B B C"), ("NASA", "NASA"), ("DVDs", "D V D's"), ("I", "I")],
}

PASS_PARAMS = [
    pytest.param(name, source, expected, id=f"pass-{name}-{index:02d}")
    for name, cases in PASS_CASES.items()
    for index, (source, expected) in enumerate(cases, start=1)
]


def test_every_pass_has_a_table() -> None:
    assert {step.__name__ for step in english.PASSES} == set(PASS_CASES)


@pytest.mark.parametrize(("name", "source", "expected"), PASS_PARAMS)
def test_single_pass(name: str, source: str, expected: str) -> None:
    step = next(step for step in english.PASSES if step.__name__ == name)
    assert step(source) == expected


def test_tidy_punctuation_removes_unspeakable_and_tidies() -> None:
    assert tidy_punctuation("  — well ,, ok ★ / done ...  ") == "well, ok done..."


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        pytest.param("cardinal", 2005, "two thousand five", id="words-cardinal"),
        pytest.param(
            "cardinal",
            10**20,
            "one zero zero zero zero zero zero zero zero zero zero zero zero zero zero zero "
            "zero zero zero zero zero",
            id="words-cardinal-huge-as-digits",
        ),
        pytest.param("year", 2005, "two thousand five", id="words-year-2005"),
        pytest.param("year", 1905, "nineteen oh-five", id="words-year-1905"),
        pytest.param("year", 987, "nine hundred eighty-seven", id="words-year-short"),
        pytest.param("decade", 1980, "nineteen eighties", id="words-decade"),
        pytest.param("decade", 90, "nineties", id="words-decade-short"),
        pytest.param("ordinal", 101, "one hundred first", id="words-ordinal"),
        pytest.param("roman_value", "XIV", 14, id="words-roman"),
        pytest.param("roman_value", "MIX", None, id="words-roman-not"),
        pytest.param("roman_value", "IIII", None, id="words-roman-invalid"),
        pytest.param("spell", "BBC", "B B C", id="words-spell"),
        pytest.param("spell", "NBA", "NBA", id="words-spell-with-a"),
        pytest.param("decimal", "0.05", "zero point zero five", id="words-decimal"),
    ],
)
def test_english_words(function: str, value: object, expected: object) -> None:
    assert getattr(english_words, function)(value) == expected


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(1, 2, "one half"), (3, 4, "three quarters"), (2, 3, "two thirds"), (5, 8, "five eighths")],
)
def test_fraction_words(numerator: int, denominator: int, expected: str) -> None:
    assert english_words.fraction(numerator, denominator) == expected
