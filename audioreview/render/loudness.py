"""Loudness: measure (ITU-R BS.1770-4), set the gain, limit true peaks.

All loudness work lives here, once per output, block by block over int16
PCM, so memory stays flat however long the narration is (pyloudnorm measures
the same quantity but wants the whole signal as float64 in memory; the tests
check that both agree). True peak is measured on a 4x oversampled signal, as
BS.1770-4 Annex 2 describes, and a look-ahead limiter keeps it under the
ceiling.

The passes over the audio:

1. ``analyze``: K-weighted loudness, and the oversampled peaks kept only
   where they could need limiting, as compact peaks: the largest per run of
   ``PEAK_BIN`` samples (a sparse list: speech peaks are rare, and a bin
   costs 8 bytes however many of its samples are hot);
2. ``plan_gain``: the gain that meets the target once the limiter has taken
   its share (re-measured, cheap: no oversampling);
3. ``Leveler.chunks``: the leveled int16 blocks, streamed to the encoder
   (which measures the encoded file itself: see ``render.encode``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..model import Loudness
from . import dsp
from .energy import gated_loudness
from .roomtone import tone_at

BLOCK = 1 << 18
"""Samples processed at a time."""
OVERSAMPLE = 4
SUB = 1024
"""Sub-block size when looking for the few places that need oversampling."""
INTERSAMPLE_DB = 4.0
"""Intersample peaks of real audio stay within this much of the sample peak."""
MP3_MARGIN_DB = 0.5
"""Headroom kept under the true-peak ceiling for the MP3 encoder's overshoot."""
GAIN_SLACK_DB = 3.0
"""Peaks are kept for limiting if within this much of the ceiling at the first gain."""
LIMITER_WINDOW_MS = 8.0
EDGE = 64
"""Samples of context either side of a block for the oversampling filter."""
PEAK_BIN = 32
"""Samples per compact peak: the limiter treats every sample of a bin as its loudest (1.5 ms at 22.05 kHz)."""


class Samples(Protocol):
    """Mono int16 samples, sliced block by block: an array, or a file read in place."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: slice, /) -> np.ndarray: ...


def k_weighting(rate: int) -> np.ndarray:
    """The two biquads of the BS.1770 K-weighting filter at ``rate``, as SOS."""
    # Stage 1: high shelf modelling the head.
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / rate)
    vh = 10 ** (gain_db / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    s1 = [(vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0]
    s1 += [1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]
    # Stage 2: the RLB high-pass.
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / rate)
    a0 = 1 + k / q + k * k
    s2 = [1.0, -2.0, 1.0, 1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]
    return np.array([s1, s2])


class Meter:
    """Streaming BS.1770-4 integrated loudness: feed blocks, then ask."""

    def __init__(self, rate: int) -> None:
        self.filter = dsp.KWeighting(k_weighting(rate))
        self.hop = int(round(rate * 0.1))
        self.carry = np.zeros(0, dtype=np.float32)
        self.sums: list[np.ndarray] = []

    def feed(self, x: np.ndarray) -> None:
        """Add a block of float samples (-1..1)."""
        y = self.filter(x)
        y = np.concatenate([self.carry, y * y])
        whole = len(y) // self.hop * self.hop
        self.sums.append(y[:whole].reshape(-1, self.hop).sum(axis=1, dtype=np.float64))
        self.carry = y[whole:]

    def integrated(self) -> float:
        """Gated integrated loudness in LUFS (-inf for silence or < 400 ms)."""
        return gated_loudness(np.concatenate(self.sums) if self.sums else np.zeros(0), self.hop)


def _as_float(samples: np.ndarray) -> np.ndarray:
    return samples.astype(np.float32) / np.float32(32768.0)


def _phases() -> list[np.ndarray]:
    # A 48-tap interpolation filter (12 taps per phase), as BS.1770-4 Annex 2 uses.
    taps = dsp.lowpass_taps(48, 1 / OVERSAMPLE, beta=6.0) * OVERSAMPLE
    return [taps[k::OVERSAMPLE].astype(np.float32) for k in range(OVERSAMPLE)]


PHASES = _phases()
DELAY = round((len(PHASES[0]) * OVERSAMPLE - 1) / 2 / OVERSAMPLE)
"""The filter's delay in input samples, taken back out so peaks land on their sample."""


def _oversampled_peaks(x: np.ndarray) -> np.ndarray:
    """Per input sample, the largest magnitude of the 4x oversampled signal around it.

    Each phase of the polyphase interpolator is a short FIR over the input,
    so this costs four small filters instead of a 4x longer signal.
    """
    x = x.astype(np.float32, copy=False)
    padded = np.concatenate([x, np.zeros(DELAY, dtype=np.float32)])
    peak = np.abs(x)
    for phase in PHASES:
        y = dsp.fir(phase, padded)[DELAY:]
        np.maximum(peak, np.abs(y, out=y), out=peak)
    return peak


def hot_ranges(x: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Sample ranges of ``x`` whose sub-blocks peak above ``threshold``, a sub-block either side."""
    n = len(x)
    if n == 0:
        return []
    count = -(-n // SUB)
    peaks = np.zeros(count * SUB, dtype=np.float32)
    peaks[:n] = np.abs(x)
    mask = peaks.reshape(count, SUB).max(axis=1) > threshold
    if not mask.any():
        return []
    mask = mask | np.r_[mask[1:], False] | np.r_[False, mask[:-1]]
    edges = np.flatnonzero(np.diff(np.r_[0, mask.astype(np.int8), 0]))
    return [(int(a) * SUB, min(n, int(b) * SUB)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def peaks_near(x: np.ndarray, threshold: float) -> Iterator[tuple[int, np.ndarray]]:
    """(offset, oversampled peaks) for each hot range of ``x`` (context taken from ``x`` itself)."""
    for a, b in hot_ranges(x, threshold):
        lo, hi = max(0, a - EDGE), min(len(x), b + EDGE)
        yield a, _oversampled_peaks(x[lo:hi])[a - lo : b - lo]


def _windows(n: int, margin: int) -> Iterator[tuple[int, int, int, int]]:
    """(lo, hi, start, end): process [lo, hi), keep [start, end)."""
    for start in range(0, n, BLOCK):
        end = min(n, start + BLOCK)
        yield max(0, start - margin), min(n, end + margin), start, end


def integrated_loudness(samples: Samples, rate: int, gain: float = 1.0) -> float:
    """Integrated loudness in LUFS of int16 ``samples`` times ``gain``."""
    meter = Meter(rate)
    for start in range(0, len(samples), BLOCK):
        meter.feed(_as_float(samples[start : start + BLOCK]) * gain)
    return meter.integrated()


def true_peak(samples: Samples, gain: float = 1.0) -> float:
    """True peak in dBTP of int16 ``samples`` times ``gain``."""
    peak = 0.0
    for lo, hi, start, end in _windows(len(samples), EDGE):
        peaks = _oversampled_peaks(_as_float(samples[lo:hi]) * gain)
        peak = max(peak, float(peaks[start - lo : end - lo].max(initial=0.0)))
    return 20 * math.log10(peak) if peak > 0 else -math.inf


@dataclass(frozen=True, slots=True)
class Analysis:
    """What one pass over the audio found."""

    loudness: float
    peak_bin: np.ndarray
    """Bins (``PEAK_BIN`` samples each, int32, ascending) holding an oversampled peak that may need limiting."""
    peak_value: np.ndarray
    """Each bin's largest oversampled peak magnitude (at unit gain, float32)."""
    frames: int

    @property
    def limited(self) -> bool:
        """Whether any peak may need limiting."""
        return len(self.peak_bin) > 0


def compact_peaks(index: np.ndarray, value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ascending sample positions and their peaks as (bins, largest peak per bin)."""
    if len(index) == 0:
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    bins = (index // PEAK_BIN).astype(np.int32)
    starts = np.flatnonzero(np.r_[True, bins[1:] != bins[:-1]])
    return bins[starts], np.maximum.reduceat(value.astype(np.float32), starts)


def analyze(
    samples: Samples, rate: int, *, target_lufs: float, ceiling_dbtp: float, loudness: float | None = None
) -> Analysis:
    """Measure loudness (unless ``loudness`` gives it) and keep the peaks that could need limiting at the target."""
    if loudness is None:
        meter = Meter(rate)
        for start in range(0, len(samples), BLOCK):
            meter.feed(_as_float(samples[start : start + BLOCK]))
        loudness = meter.integrated()
    empty = Analysis(loudness, np.zeros(0, np.int32), np.zeros(0, np.float32), len(samples))
    if not math.isfinite(loudness):
        return empty
    gain = 10 ** ((target_lufs - loudness + GAIN_SLACK_DB) / 20)
    threshold = 10 ** (ceiling_dbtp / 20) / gain
    # Only the few places whose sample peaks come near the threshold are oversampled.
    near = threshold / 10 ** (INTERSAMPLE_DB / 20)
    bins: list[np.ndarray] = []
    value: list[np.ndarray] = []
    for lo, hi, start, end in _windows(len(samples), EDGE):
        x = _as_float(samples[lo:hi])
        for offset, peaks in peaks_near(x, near):
            hot = np.flatnonzero(peaks > threshold)
            keep = (hot + offset >= start - lo) & (hot + offset < end - lo)
            b, v = compact_peaks(hot[keep] + offset + lo, peaks[hot[keep]])
            if len(bins) and len(b) and bins[-1][-1] == b[0]:  # a bin cut by a block edge: one bin
                value[-1][-1] = max(value[-1][-1], v[0])
                b, v = b[1:], v[1:]
            if len(b):
                bins.append(b)
                value.append(v)
    if not bins:
        return empty
    return Analysis(loudness, np.concatenate(bins), np.concatenate(value), len(samples))


@dataclass(frozen=True, slots=True)
class Leveler:
    """A gain and a true-peak limiter, applied block by block."""

    analysis: Analysis
    rate: int
    gain_db: float
    ceiling_dbtp: float
    window_ms: float = LIMITER_WINDOW_MS
    tone: np.ndarray | None = None
    """Room tone added after the gain and the limiter (a loop, see ``render.roomtone``)."""

    @property
    def width(self) -> int:
        """The limiter's look-ahead in samples."""
        return max(1, int(self.rate * self.window_ms / 1000))

    def curve(self, lo: int, hi: int) -> np.ndarray | None:
        """The limiter's gain over samples [lo, hi), or None where it does nothing.

        Every sample within ``width`` of a peak gets at most that peak's gain;
        averaging over half that span keeps the guarantee and smooths the
        gain. Only the stretches around peaks are computed: elsewhere it is 1.
        """
        a = self.analysis
        left, right = np.searchsorted(a.peak_bin, [lo // PEAK_BIN, -(-hi // PEAK_BIN)])
        if left == right:
            return None
        gain = 10 ** (self.gain_db / 20)
        ceiling = 10 ** (self.ceiling_dbtp / 20)
        position = a.peak_bin[left:right].astype(np.int64) * PEAK_BIN - lo
        need = np.minimum(1.0, ceiling / (a.peak_value[left:right] * gain)).astype(np.float32)
        active = need < 1.0
        if not active.any():
            return None
        position, need = position[active], need[active]
        w = self.width
        reach = 2 * w + 1
        n = hi - lo
        curve = np.ones(n, dtype=np.float32)
        span = np.arange(PEAK_BIN)
        # Peaks far apart are separate stretches; each is padded so its edges are 1.
        breaks = np.flatnonzero(np.diff(position) > 2 * reach) + 1
        for group_pos, group_need in zip(np.split(position, breaks), np.split(need, breaks), strict=True):
            a0 = max(0, int(group_pos[0]) - reach)
            b0 = min(n, int(group_pos[-1]) + PEAK_BIN + reach + 1)
            if b0 <= a0:
                continue
            local = np.ones(b0 - a0, dtype=np.float32)
            # Every sample of a bin may be its peak: the bin's need holds over all of it.
            where = (group_pos[:, None] + span).ravel()
            inside = (where >= a0) & (where < b0)
            np.minimum.at(local, where[inside] - a0, np.repeat(group_need, PEAK_BIN)[inside])
            held = dsp.running_min(local, 2 * w + 1)
            smooth = dsp.moving_mean(held, w | 1)
            curve[a0:b0] = np.minimum(curve[a0:b0], np.minimum(smooth, local))
        return curve

    def blocks(self, samples: Samples) -> Iterator[np.ndarray]:
        """The leveled signal as float blocks."""
        gain = np.float32(10 ** (self.gain_db / 20))
        margin = 4 * self.width + EDGE
        for lo, hi, start, end in _windows(len(samples), margin):
            x = _as_float(samples[start:end]) * gain
            curve = self.curve(lo, hi)
            if curve is not None:
                x *= curve[start - lo : end - lo]
            if self.tone is not None:
                x += tone_at(self.tone, start, end - start)
            yield x

    def loudness(self, samples: Samples) -> float:
        """Integrated loudness of the leveled signal."""
        meter = Meter(self.rate)
        for x in self.blocks(samples):
            meter.feed(x)
        return meter.integrated()

    def report(self, integrated_lufs: float, true_peak_dbtp: float) -> Loudness:
        """What this leveler did, with the loudness measured on its output."""
        return Loudness(
            integrated_lufs=round(integrated_lufs, 2),
            true_peak_dbtp=round(true_peak_dbtp, 2),
            gain_db=round(self.gain_db, 2),
            limited=self.analysis.limited,
        )

    def chunks(self, samples: Samples) -> Iterator[np.ndarray]:
        """The leveled signal as int16 blocks, exactly as it will be encoded."""
        for x in self.blocks(samples):
            yield np.clip(np.round(x * 32768.0), -32768, 32767).astype(np.int16)


def plan_gain(
    samples: Samples, rate: int, *, target_lufs: float, ceiling_dbtp: float, loudness: float | None = None
) -> Leveler:
    """The leveler that brings ``samples`` to ``target_lufs`` with true peaks under the ceiling.

    ``loudness`` is the samples' integrated loudness when it is already known.
    """
    limit = ceiling_dbtp - MP3_MARGIN_DB
    analysis = analyze(samples, rate, target_lufs=target_lufs, ceiling_dbtp=limit, loudness=loudness)
    if not math.isfinite(analysis.loudness):
        return Leveler(analysis, rate, 0.0, limit)
    leveler = Leveler(analysis, rate, target_lufs - analysis.loudness, limit)
    for _ in range(2):
        if not analysis.limited:
            break  # nothing to limit: the plain gain is exact
        # Limiting lowers loudness a little: measure, make it up (the limiter holds the peaks).
        now = leveler.loudness(samples)
        if not math.isfinite(now) or abs(target_lufs - now) < 0.05:
            break
        leveler = Leveler(analysis, rate, leveler.gain_db + target_lufs - now, limit)
    return leveler


def normalize(
    samples: np.ndarray, rate: int, *, target_lufs: float, ceiling_dbtp: float
) -> tuple[np.ndarray, Loudness]:
    """Leveled int16 ``samples`` in memory, and their measured loudness (tests, short clips)."""
    leveler = plan_gain(samples, rate, target_lufs=target_lufs, ceiling_dbtp=ceiling_dbtp)
    blocks = list(leveler.chunks(samples))
    out = np.concatenate(blocks) if blocks else samples.copy()
    measure = OutputMeasure(rate, near=10 ** ((leveler.ceiling_dbtp - INTERSAMPLE_DB) / 20))
    for block in blocks:
        measure.feed(_as_float(block))
    return out, leveler.report(*measure.result())


class OutputMeasure:
    """Integrated loudness and true peak of a stream of float blocks, block by block.

    Only the stretches whose sample peaks reach ``near`` are oversampled: the
    leveled output is known to sit under a ceiling.
    """

    def __init__(self, rate: int, near: float) -> None:
        self.meter = Meter(rate)
        self.near = near
        self.peak = 0.0
        self.tail = np.zeros(0, dtype=np.float32)

    def feed(self, x: np.ndarray) -> None:
        """Add a block of float samples (-1..1)."""
        self.meter.feed(x)
        both = np.concatenate([self.tail, x])
        self.peak = max(self.peak, float(np.abs(x).max(initial=0.0)))
        for _, peaks in peaks_near(both, self.near):
            self.peak = max(self.peak, float(peaks.max(initial=0.0)))
        self.tail = x[-EDGE:]

    def result(self) -> tuple[float, float]:
        """(integrated LUFS, true peak dBTP)."""
        peak = 20 * math.log10(self.peak) if self.peak > 0 else -math.inf
        return self.meter.integrated(), peak
