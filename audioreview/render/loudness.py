"""Loudness: measure (ITU-R BS.1770-4), set the gain, limit true peaks.

All loudness work lives here, once per output. It runs block by block over
int16 PCM, so memory stays flat however long the narration is (pyloudnorm
measures the same quantity but wants the whole signal as float64 in memory;
the tests check that both agree). True peak is measured on a 4x oversampled
signal, as BS.1770-4 Annex 2 describes, and a look-ahead limiter keeps it
under the ceiling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import ndimage, signal

from ..model import Loudness

BLOCK = 1 << 20
"""Samples processed at a time."""
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
OVERSAMPLE = 4
MP3_MARGIN_DB = 0.5
"""Headroom kept under the true-peak ceiling for the MP3 encoder's overshoot."""


def k_weighting(rate: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The two biquads of the BS.1770 K-weighting filter at ``rate``."""
    # Stage 1: high shelf modelling the head.
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / rate)
    vh = 10 ** (gain_db / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    b1 = np.array([(vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0])
    a1 = np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    # Stage 2: the RLB high-pass.
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / rate)
    a0 = 1 + k / q + k * k
    b2 = np.array([1.0, -2.0, 1.0])
    a2 = np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    return b1, a1, b2, a2


def _blocks(n: int) -> range:
    return range(0, n, BLOCK)


def _as_float(samples: np.ndarray) -> np.ndarray:
    return samples.astype(np.float32) / 32768.0


def integrated_loudness(samples: np.ndarray, rate: int, gain: float = 1.0) -> float:
    """Integrated loudness in LUFS of int16 ``samples`` times ``gain`` (BS.1770-4 gating)."""
    b1, a1, b2, a2 = k_weighting(rate)
    z1 = np.zeros(2)
    z2 = np.zeros(2)
    hop = int(round(rate * 0.1))
    sums: list[np.ndarray] = []
    carry = np.zeros(0, dtype=np.float64)
    for start in _blocks(len(samples)):
        x = _as_float(samples[start : start + BLOCK]).astype(np.float64) * gain
        y, z1 = signal.lfilter(b1, a1, x, zi=z1)
        y, z2 = signal.lfilter(b2, a2, y, zi=z2)
        y = np.concatenate([carry, y * y])
        whole = len(y) // hop * hop
        sums.append(y[:whole].reshape(-1, hop).sum(axis=1))
        carry = y[whole:]
    if not sums:
        return -math.inf
    hops = np.concatenate(sums)
    if len(hops) < 4:
        return -math.inf
    # 400 ms blocks, 75 % overlap: four consecutive 100 ms hops.
    power = (hops[:-3] + hops[1:-2] + hops[2:-1] + hops[3:]) / (4 * hop)
    with np.errstate(divide="ignore"):
        loud = -0.691 + 10 * np.log10(power)
    gated = power[loud > ABSOLUTE_GATE]
    if len(gated) == 0:
        return -math.inf
    relative = -0.691 + 10 * math.log10(gated.mean()) + RELATIVE_GATE
    gated = power[(loud > ABSOLUTE_GATE) & (loud > relative)]
    if len(gated) == 0:
        return -math.inf
    return -0.691 + 10 * math.log10(gated.mean())


def _oversampled_peaks(x: np.ndarray) -> np.ndarray:
    """Per input sample, the largest magnitude of the 4x oversampled signal around it."""
    up = signal.resample_poly(x, OVERSAMPLE, 1)
    return np.abs(up).reshape(-1, OVERSAMPLE).max(axis=1)


def _chunks_with_margin(n: int, margin: int) -> list[tuple[int, int, int, int]]:
    """(lo, hi, start, end): process [lo, hi), keep [start, end)."""
    out = []
    for start in _blocks(n):
        end = min(n, start + BLOCK)
        out.append((max(0, start - margin), min(n, end + margin), start, end))
    return out


def true_peak(samples: np.ndarray, gain: float = 1.0) -> float:
    """True peak in dBTP of int16 ``samples`` times ``gain``."""
    peak = 0.0
    margin = 64
    for lo, hi, start, end in _chunks_with_margin(len(samples), margin):
        peaks = _oversampled_peaks(_as_float(samples[lo:hi]) * gain)
        peak = max(peak, float(peaks[start - lo : end - lo].max(initial=0.0)))
    return 20 * math.log10(peak) if peak > 0 else -math.inf


@dataclass(frozen=True, slots=True)
class Limiter:
    """A look-ahead brick-wall limiter on true peaks."""

    ceiling_db: float
    window_ms: float = 8.0

    def apply(self, samples: np.ndarray, rate: int, gain: float) -> tuple[np.ndarray, bool]:
        """Return int16 ``samples * gain`` with true peaks held under the ceiling."""
        ceiling = 10 ** (self.ceiling_db / 20)
        w = max(1, int(rate * self.window_ms / 1000))
        margin = 4 * w + 64
        out = np.empty_like(samples)
        limited = False
        for lo, hi, start, end in _chunks_with_margin(len(samples), margin):
            x = _as_float(samples[lo:hi]) * gain
            peaks = _oversampled_peaks(x)
            need = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-9)).astype(np.float32)
            if need.min() < 1.0:
                limited = True
                # Every sample within w of a peak gets at most that peak's gain;
                # averaging over half that span keeps the guarantee and smooths it.
                held = ndimage.minimum_filter1d(need, size=2 * w + 1, mode="nearest")
                smooth = ndimage.uniform_filter1d(held, size=w | 1, mode="nearest")
                x = x * np.minimum(smooth, need)
            y = np.clip(np.round(x * 32768.0), -32768, 32767).astype(np.int16)
            out[start:end] = y[start - lo : end - lo]
        return out, limited


def normalize(
    samples: np.ndarray, rate: int, *, target_lufs: float, ceiling_dbtp: float
) -> tuple[np.ndarray, Loudness]:
    """Bring int16 ``samples`` to ``target_lufs`` with true peaks under ``ceiling_dbtp``."""
    measured = integrated_loudness(samples, rate)
    if not math.isfinite(measured):
        return samples, Loudness(measured, true_peak(samples), 0.0, False)
    limiter = Limiter(ceiling_db=ceiling_dbtp - MP3_MARGIN_DB)
    gain_db = target_lufs - measured
    out, limited = samples, False
    for _ in range(6):
        out, limited = limiter.apply(samples, rate, 10 ** (gain_db / 20))
        now = integrated_loudness(out, rate)
        # Limiting lowers loudness a little: make it up and limit again.
        if not math.isfinite(now) or abs(target_lufs - now) < 0.1:
            break
        gain_db += target_lufs - now
    final = integrated_loudness(out, rate)
    return out, Loudness(round(final, 2), round(true_peak(out), 2), round(gain_db, 2), limited)
