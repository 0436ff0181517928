"""The speaking-rate model: counting, estimating and fitting."""

from __future__ import annotations

import random

import pytest

from audioreview.errors import SpeechError
from audioreview.speech.rate import DEFAULT_RATE, RateModel, count_speakable, fit_rate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello, world!", (10, 2)),
        ("", (0, 0)),
        ("   \n\t", (0, 0)),
        ("... -- !", (0, 0)),
        ("It's 2024 -- ok", (9, 3)),
        ("naïve café", (9, 2)),
        ("eight out of ten", (13, 4)),
    ],
)
def test_count_speakable(text: str, expected: tuple[int, int]) -> None:
    assert count_speakable(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ab cd", 100 + 4 * 10 + 2 * 50),
        ("ab, cd!", 100 + 4 * 10 + 2 * 50),  # punctuation is not spoken
        ("abcd", 100 + 4 * 10 + 1 * 50),
        ("", 0),
        ("?!", 0),
    ],
)
def test_estimate_ms(text: str, expected: int) -> None:
    assert RateModel(ms_per_char=10.0, ms_per_word=50.0, ms_fixed=100.0).estimate_ms(text) == expected


def test_estimate_grows_with_text() -> None:
    short = DEFAULT_RATE.estimate_ms("A short line.")
    long = DEFAULT_RATE.estimate_ms("A much longer line, which goes on for quite a while before it stops.")
    assert 0 < short < long


def test_default_rate_is_about_normal_speech() -> None:
    words = ("the review praises the prose and doubts the plot " * 20).split()[:160]
    seconds = DEFAULT_RATE.estimate_ms(" ".join(words)) / 1000
    assert 40 < seconds < 80  # 160 words at a normal pace take about a minute


TEXTS = [
    "A short one.",
    "The score soars in the final act.",
    "Its middle sags, its one outsider is thinly drawn, and its ending arrives too quickly.",
    "Rating: eight out of ten.",
    "I recommend it without hesitation to patient readers, and with a warning to everyone else.",
    "Go.",
    "The hake was overcooked, its skin soggy rather than crisp.",
]


def test_fit_recovers_an_exact_model() -> None:
    truth = RateModel(ms_per_char=62.0, ms_per_word=35.0, ms_fixed=240.0)
    model = fit_rate([(t, truth.estimate_ms(t)) for t in TEXTS])
    assert model.ms_per_char == pytest.approx(62.0, abs=0.5)
    assert model.ms_per_word == pytest.approx(35.0, abs=2.0)
    assert model.ms_fixed == pytest.approx(240.0, abs=5.0)


def test_fit_tolerates_noise() -> None:
    rng = random.Random(7)
    truth = RateModel(ms_per_char=60.0, ms_per_word=20.0, ms_fixed=200.0)
    samples = [(t, truth.estimate_ms(t) + rng.randint(-40, 40)) for t in TEXTS * 3]
    model = fit_rate(samples)
    for text in TEXTS:
        assert model.estimate_ms(text) == pytest.approx(truth.estimate_ms(text), rel=0.1, abs=60)


def test_fit_keeps_every_term_non_negative() -> None:
    # Durations that fall as texts grow: plain least squares would give negative terms.
    samples = [("a b c d e f g h i j", 900), ("abcdefghij", 1500), ("abc def", 1000), ("abcdefghijklmnop qr", 1800)]
    model = fit_rate(samples)
    assert min(model.ms_per_char, model.ms_per_word, model.ms_fixed) >= 0
    assert model.estimate_ms("a longer text than any of those samples was") > 0


@pytest.mark.parametrize(
    ("samples", "per_char"),
    [
        ([("abcd", 400)], 100.0),
        ([("abcd", 400), ("ab cd ef", 500)], 90.0),  # (400 + 500) / (4 + 6)
        # Three or more, all the same length: the terms cannot be separated.
        ([("abcd", 400), ("dcba", 420), ("bbbb", 380)], 100.0),
        # Characters always five per word: characters and words cannot be separated.
        ([("abcde", 500), ("abcde fghij", 1000), ("abcde fghij klmno", 1500)], 100.0),
    ],
)
def test_fit_falls_back_to_a_ratio(samples: list[tuple[str, int]], per_char: float) -> None:
    assert fit_rate(samples) == RateModel(ms_per_char=per_char, ms_per_word=0.0, ms_fixed=0.0)


@pytest.mark.parametrize(
    "samples",
    [
        [],
        [("hello", -5)],
        [("...", 300)],
        [("--", 300), ("!", 200)],
    ],
)
def test_fit_rejects_unusable_samples(samples: list[tuple[str, int]]) -> None:
    with pytest.raises(SpeechError):
        fit_rate(samples)


def test_rate_model_is_frozen() -> None:
    model = RateModel(1.0, 2.0, 3.0)
    with pytest.raises(AttributeError):
        model.ms_fixed = 4.0  # type: ignore[misc]
