"""The limiter keeps compact peaks (the largest per bin), not a position and a value per hot sample."""

from __future__ import annotations

import numpy as np
import pytest

from audioreview.render import loudness as L

RATE = 22050


def dense_peaks(seconds: float, seed: int = 4) -> np.ndarray:
    """Loud noise with many sharp peaks: a stretch where the limiter has a lot to do."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    x = rng.normal(0, 0.1, n)
    x[rng.integers(0, n, n // 50)] = rng.choice([-0.97, 0.97], n // 50)
    return (np.clip(x, -1, 1) * 32767).astype(np.int16)


def test_compact_peaks_keep_each_bins_largest_peak() -> None:
    index = np.array([3, 5, 31, 32, 40, 100, 1000, 1001])
    value = np.array([0.5, 0.9, 0.7, 0.2, 0.6, 0.3, 0.8, 0.85], dtype=np.float32)
    bins, peaks = L.compact_peaks(index, value)
    assert bins.tolist() == [0, 1, 3, 31]
    assert peaks.tolist() == pytest.approx([0.9, 0.6, 0.3, 0.85])
    assert bins.dtype == np.int32 and peaks.dtype == np.float32
    empty = L.compact_peaks(np.zeros(0, np.int64), np.zeros(0, np.float32))
    assert len(empty[0]) == 0 and len(empty[1]) == 0


def per_sample_hot(x: np.ndarray, analysis: L.Analysis, threshold: float) -> np.ndarray:
    """The positions the old per-sample bookkeeping kept: every sample whose oversampled peak passes ``threshold``."""
    peaks = L._oversampled_peaks(L._as_float(x))
    return np.flatnonzero(peaks > threshold)


def test_the_bookkeeping_is_a_fraction_of_one_entry_per_hot_sample() -> None:
    x = dense_peaks(30.0)
    analysis = L.analyze(x, RATE, target_lufs=-16.0, ceiling_dbtp=-1.5)
    gain = 10 ** ((-16.0 - analysis.loudness + L.GAIN_SLACK_DB) / 20)
    hot = per_sample_hot(x, analysis, 10 ** (-1.5 / 20) / gain)
    assert len(hot) > 10_000  # the stress case has plenty to limit
    kept = analysis.peak_bin.nbytes + analysis.peak_value.nbytes
    assert kept * 3 < len(hot) * 12  # int64 + float32 per hot sample before
    # Every hot sample is covered by a bin, and each bin's peak is at least that sample's.
    assert np.isin(hot // L.PEAK_BIN, analysis.peak_bin).all()


def test_blocks_do_not_change_the_peaks(monkeypatch: pytest.MonkeyPatch) -> None:
    x = dense_peaks(8.0, seed=5)
    whole = L.analyze(x, RATE, target_lufs=-16.0, ceiling_dbtp=-1.5)
    monkeypatch.setattr(L, "BLOCK", 4099)  # not a multiple of the bin: bins cut by block edges
    cut = L.analyze(x, RATE, target_lufs=-16.0, ceiling_dbtp=-1.5)
    assert np.array_equal(whole.peak_bin, cut.peak_bin)
    assert np.allclose(whole.peak_value, cut.peak_value, atol=1e-5)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_limiter_holds_the_ceiling_on_compact_peaks(seed: int) -> None:
    x = dense_peaks(20.0, seed)
    out, info = L.normalize(x, RATE, target_lufs=-14.0, ceiling_dbtp=-1.0)
    assert info.limited
    assert L.true_peak(out) <= -1.0 + 0.05
    assert L.integrated_loudness(out, RATE) == pytest.approx(-14.0, abs=0.5)


def test_the_gain_curve_is_one_away_from_peaks_and_at_most_the_need_at_them() -> None:
    n = RATE * 2
    x = np.zeros(n, dtype=np.int16)
    x[::400] = 2000
    x[30_000] = 32000  # one peak to limit
    analysis = L.analyze(x, RATE, target_lufs=-30.0, ceiling_dbtp=-6.0)
    leveler = L.Leveler(analysis, RATE, 0.0, -6.0)
    curve = leveler.curve(0, n)
    assert curve is not None
    need = 10 ** (-6.0 / 20) / float(L._oversampled_peaks(L._as_float(x))[30_000])
    assert curve[30_000] <= need + 1e-6
    far = np.r_[0 : 30_000 - 3 * leveler.width - L.PEAK_BIN, 30_000 + 3 * leveler.width + L.PEAK_BIN : n]
    assert np.all(curve[far] == 1.0)
