"""A narration's loudness composed from its pieces' kept energy profiles agrees with measuring the file."""

from __future__ import annotations

import math

import numpy as np
import pytest

from audioreview.render import dsp
from audioreview.render import energy as E
from audioreview.render.loudness import integrated_loudness, k_weighting

RATE = 22050


def _take(seconds: float, seed: int, level: float = 0.2) -> np.ndarray:
    """Speech-like noise: syllable bursts with fades at both ends."""
    rng = np.random.default_rng(seed)
    n = max(1, int(seconds * RATE))
    t = np.arange(n) / RATE
    envelope = 0.3 + 0.7 * np.abs(np.sin(2 * np.pi * rng.uniform(2, 5) * t))
    x = rng.normal(0, level, n) * envelope
    fade = min(176, n // 4)
    if fade:
        ramp = np.linspace(0, 1, fade)
        x[:fade] *= ramp
        x[n - fade :] *= ramp[::-1]
    return (np.clip(x, -1, 1) * 32767).astype(np.int16)


def _lay(takes: list[np.ndarray], pauses_ms: list[int]) -> tuple[np.ndarray, list[tuple[int, E.EnergyProfile]]]:
    """The takes end to end with silence between, and each take's profile at its offset."""
    parts, pieces, at = [], [], 0
    for i, take in enumerate(takes):
        pieces.append((at, E.profile(take, RATE, dsp.KWeighting(k_weighting(RATE)))))
        parts.append(take)
        at += len(take)
        if i < len(pauses_ms):
            gap = np.zeros(pauses_ms[i] * RATE // 1000 + i % 7, dtype=np.int16)  # offsets off the hop grid
            parts.append(gap)
            at += len(gap)
    return np.concatenate(parts), pieces


CASES = {
    "sentences with pauses": ([3.1, 2.4, 4.7, 1.3, 5.2], [350, 600, 250, 900]),
    "takes shorter than a block": ([0.15, 0.3, 0.05, 0.22, 0.38, 0.12], [120, 40, 300, 80, 200]),
    "no pauses at all": ([1.7, 0.9, 2.2], [0, 0]),
    "pauses shorter than the filter's ring-out": ([2.0, 1.1, 2.6, 0.7], [20, 60, 10]),
    "one long take": ([31.0], []),
}


@pytest.mark.parametrize("name", list(CASES))
def test_composed_loudness_agrees_with_measuring_the_file(name: str) -> None:
    lengths, pauses = CASES[name]
    takes = [_take(s, seed=i + 7 * len(lengths), level=0.05 + 0.1 * (i % 3)) for i, s in enumerate(lengths)]
    audio, pieces = _lay(takes, pauses)
    measured = integrated_loudness(audio, RATE)
    composed = E.composed_loudness(pieces, len(audio), RATE)
    assert math.isfinite(measured)
    assert composed == pytest.approx(measured, abs=0.05)


def test_composed_hops_agree_hop_by_hop() -> None:
    takes = [_take(s, seed=i) for i, s in enumerate([1.3, 0.2, 2.9, 0.6])]
    audio, pieces = _lay(takes, [310, 45, 700])
    meter_hops = _measured_hops(audio)
    composed = E.compose_hops(pieces, len(audio), RATE)
    assert len(composed) == len(meter_hops)
    loud = meter_hops > 1e-3 * meter_hops.max()  # where a hop counts; quieter ones hold only ring-out
    assert np.allclose(composed[loud], meter_hops[loud], rtol=0.02)


def _measured_hops(audio: np.ndarray) -> np.ndarray:
    from audioreview.render.loudness import Meter

    meter = Meter(RATE)
    meter.feed(audio.astype(np.float32) / 32768)
    return np.concatenate(meter.sums)


def test_silence_and_a_file_shorter_than_a_block_compose_to_minus_infinity() -> None:
    weighting = dsp.KWeighting(k_weighting(RATE))
    silent = E.profile(np.zeros(RATE, dtype=np.int16), RATE, weighting)
    assert E.composed_loudness([(0, silent)], RATE, RATE) == -math.inf
    short = _take(0.3, seed=3)
    assert E.composed_loudness([(0, E.profile(short, RATE, dsp.KWeighting(k_weighting(RATE))))], len(short), RATE) == -math.inf


def test_a_profile_survives_its_stored_form() -> None:
    prof = E.profile(_take(0.7, seed=5), RATE, dsp.KWeighting(k_weighting(RATE)))
    back = E.EnergyProfile.from_bytes(prof.to_bytes())
    assert (back.rate, back.step) == (prof.rate, prof.step)
    assert np.array_equal(back.energy, prof.energy)


def test_a_profile_at_another_rate_is_refused() -> None:
    prof = E.profile(_take(0.5, seed=2), 24000, dsp.KWeighting(k_weighting(24000)))
    with pytest.raises(ValueError):
        E.compose_hops([(0, prof)], RATE, RATE)
