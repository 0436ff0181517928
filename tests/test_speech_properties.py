"""Property tests: English normalization never raises, never emits unspeakable
characters, and never drops every word of an input that has words."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from audioreview.speech.normalize import normalize, unspeakable
from audioreview.speech.speakable import has_words

# Pieces that exercise the passes: numbers, symbols, codes and review words.
FRAGMENTS = [
    "7.5",
    "/",
    "10",
    "on",
    "$",
    "£",
    "€",
    "¥",
    "%",
    "★",
    "☆",
    "½",
    "¾",
    "S02E05",
    "II",
    "IV",
    "I",
    "Henry",
    "World War",
    "Part",
    "PG-13",
    "4K",
    "3D",
    "BBC",
    "NASA",
    "Dr.",
    "vs.",
    "e.g.",
    "etc.",
    "No.",
    "ch.",
    "pp.",
    "1987",
    "1,987",
    "'90s",
    "1980s",
    "March",
    "3",
    ",",
    "2024",
    "2024-03-03",
    "7:30",
    "pm",
    "a.m.",
    "19:45",
    "2h",
    "15m",
    "90",
    "min",
    "hrs",
    "1.2",
    "billion",
    "bn",
    "k",
    "m",
    "–",
    "-",
    "—",
    "…",
    "...",
    "*",
    "_",
    "~",
    "|",
    "^",
    "<",
    ">",
    "[",
    "]",
    "{",
    "}",
    "\\",
    "#",
    "&",
    "+",
    "=",
    "°",
    "×",
    "x",
    "Grade:",
    "B+",
    "A-",
    "stars",
    "out of",
    "of",
    "1st",
    "22nd",
    "0",
    "007",
    ".45",
    "-5",
    "U.S.",
    "DVDs",
    "A24",
    "R2-D2",
    "1080p",
    "“",
    "”",
    "’",
    "\u00a0",
    "\u200b",
    "🎬",
    "⭐\ufe0f",
    "²",
    "¹",
    "①",
    "Ⅳ",
    "ﬁ",
    "٣",
    "東京",
    "é",
    "\u0301",
    "\x00",
    "\n",
]

fragment_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=12).map(" ".join)
glued_text = st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join)
any_text = st.text(max_size=80) | fragment_text | glued_text


@settings(max_examples=1500, deadline=None)
@given(any_text)
@example("")
@example("★")
@example("[1]")
@example("<b>")
@example("9" * 60)
@example("1" + ",000" * 20)
@example("$" + "9" * 40 + ".99 billion")
@example("0" * 30 + "/" + "0")
@example("S99E999 and 99:99 and 2024-99-99")
@example(" " * 5000 + "| & — -")  # long whitespace runs once made some patterns quadratic
@example('" ' * 3000)
def test_normalize_never_raises_and_is_speakable(text: str) -> None:
    spoken = normalize(text, "en")
    assert isinstance(spoken, str)
    assert unspeakable(spoken) == "", (text, spoken)


@settings(max_examples=1500, deadline=None)
@given(any_text)
@example("[1]")
@example("<x>")
@example("**a**")
@example("#1")
@example("~")
@example("Ⅳ")
def test_normalize_keeps_some_words(text: str) -> None:
    spoken = normalize(text, "en")
    if has_words(text):
        assert has_words(spoken), (text, spoken)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_normalize_is_stable_on_its_own_output(text: str) -> None:
    once = normalize(text, "en")
    assert unspeakable(normalize(once, "en")) == ""
