"""Loudness: the streaming BS.1770-4 meter agrees with pyloudnorm; the limiter holds the ceiling."""

from __future__ import annotations

import math

import numpy as np
import pyloudnorm
import pytest

from audioreview.render import loudness as L

RATE = 22050


def _speechlike(seconds: float, seed: int = 1) -> np.ndarray:
    """Noise bursts with pauses: a crest factor like speech's."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    envelope = (np.sin(2 * np.pi * 2.3 * t) > -0.2) * (0.3 + 0.7 * np.abs(np.sin(2 * np.pi * 0.7 * t)))
    x = rng.normal(0, 0.12, n) * envelope
    x[rng.integers(0, n, 40)] = 0.98  # sharp peaks
    return (np.clip(x, -1, 1) * 32767).astype(np.int16)


@pytest.mark.parametrize("seconds,seed", [(3.0, 1), (12.0, 2), (61.0, 3)])
def test_meter_matches_pyloudnorm(seconds: float, seed: int) -> None:
    x = _speechlike(seconds, seed)
    ours = L.integrated_loudness(x, RATE)
    theirs = pyloudnorm.Meter(RATE).integrated_loudness(x / 32768.0)
    assert ours == pytest.approx(theirs, abs=0.2)


def test_meter_is_the_same_across_block_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    x = _speechlike(20.0)
    whole = L.integrated_loudness(x, RATE)
    monkeypatch.setattr(L, "BLOCK", 4099)
    assert L.integrated_loudness(x, RATE) == pytest.approx(whole, abs=1e-6)


def test_silence_has_no_loudness() -> None:
    x = np.zeros(RATE * 2, dtype=np.int16)
    assert L.integrated_loudness(x, RATE) == -math.inf
    out, info = L.normalize(x, RATE, target_lufs=-16, ceiling_dbtp=-1)
    assert not np.any(out) and info.gain_db == 0.0


def test_true_peak_sees_intersample_overs() -> None:
    # A sine at fs/4 sampled at 45 degrees: samples peak at 0.707 of the true peak.
    n = np.arange(RATE)
    x = (np.sin(np.pi / 2 * n + np.pi / 4) * 0.7 * 32767).astype(np.int16)
    sample_peak = 20 * math.log10(np.abs(x).max() / 32768)
    assert L.true_peak(x) > sample_peak + 2.5


@pytest.mark.parametrize("target", [-16.0, -19.0])
def test_normalize_hits_target_under_ceiling(target: float) -> None:
    x = _speechlike(30.0)
    out, info = L.normalize(x, RATE, target_lufs=target, ceiling_dbtp=-1.0)
    assert L.integrated_loudness(out, RATE) == pytest.approx(target, abs=0.3)
    assert L.true_peak(out) <= -1.0 - L.MP3_MARGIN_DB + 0.05
    assert info.limited
    assert info.integrated_lufs == pytest.approx(target, abs=0.3)


def test_pcm_file_reads_like_an_array(tmp_path) -> None:
    from audioreview.render.pcm import PcmFile

    x = _speechlike(5.0)
    path = tmp_path / "x.pcm"
    path.write_bytes(x.tobytes())
    with PcmFile(path) as pcm:
        assert len(pcm) == len(x)
        assert np.array_equal(pcm[100:5000], x[100:5000])
        assert np.array_equal(pcm[len(x) - 10 : len(x) + 50], x[-10:])
        assert L.integrated_loudness(pcm, RATE) == pytest.approx(L.integrated_loudness(x, RATE), abs=1e-9)
