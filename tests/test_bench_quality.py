"""The inference quality gate's pure functions (bench/quality.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import quality  # noqa: E402

RATE = 16000


def tone(freqs: list[float], seconds: float = 0.5, level: float = 0.3) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    x = sum(np.sin(2 * np.pi * f * t) for f in freqs) / len(freqs)
    return (level * 32767 * x).astype(np.int16)


@pytest.mark.parametrize(
    ("ref", "hyp", "rate"),
    [
        ("the cat sat", "the cat sat", 0.0),
        ("the cat sat", "the sat", 1 / 3),
        ("the cat sat", "a cat sat on", 2 / 3),
        ("one two", "", 1.0),
        ("", "noise", 1.0),
    ],
)
def test_word_error_rate(ref: str, hyp: str, rate: float) -> None:
    assert quality.word_error_rate(quality.words_of(ref), quality.words_of(hyp)) == pytest.approx(rate)


def test_words_of_lowers_and_drops_punctuation() -> None:
    assert quality.words_of("Ruth's boat, AT dawn.") == ["ruth's", "boat", "at", "dawn"]


def test_mcd_is_zero_for_the_same_audio_and_grows_with_a_different_spectrum() -> None:
    a = tone([300, 900])
    assert quality.mcd(a, a, RATE) == pytest.approx(0.0, abs=1e-9)
    near = quality.mcd(a, tone([310, 920]), RATE)
    far = quality.mcd(a, tone([1500, 3000]), RATE)
    assert 0 < near < far


def test_mcd_aligns_a_stretched_take() -> None:
    # The same two tones, one held longer: DTW maps the frames, so the distortion stays small.
    a = np.concatenate([tone([300]), tone([2000])])
    b = np.concatenate([tone([300], 0.8), tone([2000], 0.3)])
    c = np.concatenate([tone([2000]), tone([300])])
    assert quality.mcd(a, b, RATE) < 0.2 * quality.mcd(a, c, RATE)


def test_silence_is_left_out_of_the_cepstra() -> None:
    a = tone([300])
    padded = np.concatenate([np.zeros(RATE, np.int16), a, np.zeros(RATE, np.int16)])
    # Only the frames that straddle an edge are added.
    assert len(quality.mel_cepstra(padded, RATE)) - len(quality.mel_cepstra(a, RATE)) <= 4
    assert len(quality.mel_cepstra(np.zeros(RATE, np.int16), RATE)) == 0


def test_dtw_path_cost_of_identical_rows_is_zero_and_counts_steps() -> None:
    a = np.array([[0.0], [1.0], [2.0]])
    assert quality.dtw_path_cost(a, a) == 0.0
    assert quality.dtw_path_cost(a, a + 1.0) == pytest.approx(
        2 / 3
    )  # a's 1 and 2 meet b's 1 and 2: 1+0+0+1 over 3
    # A row held twice costs nothing more: the path stays on it.
    assert quality.dtw_path_cost(a, np.array([[0.0], [1.0], [1.0], [2.0]])) == 0.0
    assert quality.dtw_path_cost(a, np.zeros((0, 1))) == float("inf")


@pytest.mark.parametrize(
    ("identical", "mcd", "wer", "kept"),
    [
        (True, 9.0, 1.0, True),
        (False, 1.0, 0.10, True),
        (False, 3.0, 0.10, False),
        (False, 1.0, 0.20, False),
    ],
)
def test_judge(identical: bool, mcd: float, wer: float, kept: bool) -> None:
    verdict = quality.judge(identical=identical, mcd_db=mcd, mcd_limit=2.0, wer=wer, naive_wer=0.10)
    assert verdict.kept is kept
    assert verdict.why


def test_mcd_limit_is_above_the_largest_seed_to_seed_distance() -> None:
    assert quality.mcd_limit([1.0, 2.0, 1.5]) == pytest.approx(2.2)
