"""The speech chain: what a voice goes through before the loudness stage.

Each take (one sentence, already trimmed) is processed on its own, in
numpy, while it is laid down; the pauses between takes are longer than any
of the chain's time constants, so this is the same as running the chain over
the whole narration, and it adds no pass over the audio:

1. a high-pass at 75 Hz (4th-order Butterworth, 24 dB an octave) takes out
   rumble and the sub-audio swing that only uses up headroom, and two
   all-pass sections at 250 Hz make the voice's lopsided waveform more
   symmetric, which lowers its peaks without changing its spectrum; both are
   applied on one FFT of the take, as the transform of their impulse
   response (``dsp.impulse_response``);
2. a split-band de-esser: the 5-9 kHz band (with soft skirts) is turned down
   only where it is louder than the rest of the signal by more than
   ``DeEsser.threshold_db`` (an "s", a "sh"), so vowels pass bit for bit;
3. a gentle compressor (2:1 above the take's own speech level, 5 ms attack,
   80 ms release) evens out the loudest syllables, so the true-peak limiter
   downstream rarely has to act.

Gains are computed on a control grid of ``HOP`` samples and interpolated
linearly back to the samples; release is linear in dB (as analog
compressors recover), computed for all frames at once with a running
maximum, and attack is a short centred average (the chain sees the whole
take, so it can start acting just before a peak instead of after it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import dsp

HOP = 32
"""Samples per control frame (1.5 ms at 22.05 kHz)."""
QUIET_DB = -60.0
"""Frames quieter than this are left alone by the de-esser and ignored by the compressor's reference."""


@dataclass(frozen=True, slots=True)
class DeEsser:
    """A split-band de-esser's settings."""

    low_hz: float = 5000.0
    high_hz: float = 9000.0
    skirt_hz: float = 1000.0
    """Width of the raised-cosine edges outside [low, high]."""
    threshold_db: float = 0.0
    """The band is turned down only where it exceeds the rest of the signal by more than this."""
    ratio: float = 3.0
    max_cut_db: float = 12.0
    window_ms: float = 5.0
    attack_ms: float = 2.0
    release_ms: float = 40.0


@dataclass(frozen=True, slots=True)
class Compressor:
    """A gentle feed-forward compressor's settings."""

    threshold_db: float = 3.0
    """Above the take's own speech level (mean power of its sounding frames)."""
    ratio: float = 2.0
    knee_db: float = 6.0
    window_ms: float = 5.0
    attack_ms: float = 5.0
    release_ms: float = 80.0
    release_db: float = 10.0
    """``release_ms`` is the time to recover this much gain reduction."""


@dataclass(frozen=True, slots=True)
class SpeechChain:
    """The whole chain; ``None`` for a stage leaves it out."""

    highpass_hz: float | None = 75.0
    allpass_hz: float | None = 250.0
    deesser: DeEsser | None = DeEsser()
    compressor: Compressor | None = Compressor()


def highpass_sos(freq: float, rate: int) -> list[list[float]]:
    """A 4th-order Butterworth high-pass at ``freq``, as two biquads (RBJ cookbook form)."""
    w = 2 * math.pi * freq / rate
    c, s = math.cos(w), math.sin(w)
    out = []
    for q in (0.5411961001461969, 1.3065629648763766):
        a = s / (2 * q)
        out.append([(1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + a, -2 * c, 1 - a])
    return out


def allpass_sos(freq: float, rate: int, q: float = 0.7) -> list[float]:
    """A second-order all-pass centred on ``freq``."""
    w = 2 * math.pi * freq / rate
    a = math.sin(w) / (2 * q)
    c = math.cos(w)
    return [1 - a, -2 * c, 1 + a, 1 + a, -2 * c, 1 - a]


def _impulse(rate: int, chain: SpeechChain) -> np.ndarray:
    """The high-pass and all-pass filters' impulse response (cached by ``dsp``)."""
    sos: list[list[float]] = []
    if chain.highpass_hz:
        sos += highpass_sos(chain.highpass_hz, rate)
    if chain.allpass_hz:
        sos += [allpass_sos(chain.allpass_hz, rate)] * 2
    return dsp.impulse_response(np.array(sos)) if sos else np.ones(1)


@lru_cache(maxsize=64)
def _responses(size: int, rate: int, chain: SpeechChain) -> tuple[np.ndarray, np.ndarray | None]:
    """(filter response, de-esser band mask) on the ``size``-point real FFT's bins."""
    freqs = np.fft.rfftfreq(size, 1 / rate)
    h = np.fft.rfft(_impulse(rate, chain), size).astype(np.complex64)
    d = chain.deesser
    if d is None:
        return h, None
    mask = np.zeros(len(freqs), dtype=np.float32)
    mask[(freqs >= d.low_hz) & (freqs <= d.high_hz)] = 1.0
    for edge, sign in ((d.low_hz, -1), (d.high_hz, 1)):
        part = (sign * (freqs - edge) > 0) & (np.abs(freqs - edge) < d.skirt_hz)
        mask[part] = 0.5 + 0.5 * np.cos(np.pi * np.abs(freqs[part] - edge) / d.skirt_hz)
    return h, mask


FFT_STEPS = (1.0, 1.125, 1.25, 1.5, 1.6875, 1.875)
"""Sizes 2**k times these (all 2**a * 3**b * 5**c): fast to transform, at most 12.5 % waste, and few
enough different sizes that their filter responses stay cached."""


def fft_size(n: int) -> int:
    """The smallest 2**k * step (``FFT_STEPS``) at or above ``n``."""
    k = max(0, (max(n, 1) - 1).bit_length() - 1)
    while True:
        for step in FFT_STEPS:
            size = int((1 << k) * step)
            if size >= n and size == (1 << k) * step:
                return size
        k += 1


def frame_power(x: np.ndarray) -> np.ndarray:
    """Mean power of each ``HOP``-sample frame (the last one zero-padded)."""
    count = -(-len(x) // HOP)
    padded = np.zeros(count * HOP, dtype=np.float32)
    padded[: len(x)] = x
    return (padded.reshape(count, HOP) ** 2).mean(axis=1)


def smooth_mean(p: np.ndarray, frames: int) -> np.ndarray:
    """A centred moving mean over ``frames`` (odd), edges held."""
    if frames <= 1 or len(p) == 0:
        return p
    reach = frames // 2
    padded = np.concatenate([np.full(reach, p[0]), p, np.full(reach, p[-1])])
    sums = np.concatenate([[0.0], np.cumsum(padded, dtype=np.float64)])
    return ((sums[frames:] - sums[:-frames]) / frames).astype(np.float32)


def _frames_of(ms: float, rate: int) -> int:
    return max(1, round(ms * rate / 1000 / HOP)) | 1


def release_ramp(cut_db: np.ndarray, per_frame: float) -> np.ndarray:
    """``cut_db`` never falling faster than ``per_frame`` dB a frame: a linear-in-dB release.

    ``held[i] = max over k <= i of cut[k] - (i - k) * per_frame``, all at once with a running maximum.
    """
    k = np.arange(len(cut_db), dtype=np.float64) * per_frame
    return np.maximum.accumulate(cut_db + k) - k


def _ballistics(cut_db: np.ndarray, rate: int, attack_ms: float, release_ms: float, release_db: float) -> np.ndarray:
    """Gain reduction (dB, per frame) with a linear-in-dB release and a short centred attack."""
    if len(cut_db) == 0:
        return cut_db
    held = release_ramp(cut_db, release_db / max(release_ms * rate / 1000 / HOP, 1e-9))
    return np.maximum(smooth_mean(held.astype(np.float32), _frames_of(attack_ms, rate)), 0.0)


def _per_sample(gain: np.ndarray, n: int) -> np.ndarray:
    """Frame gains (at frame centres) interpolated linearly to ``n`` samples."""
    g = np.concatenate([gain[:1], gain, gain[-1:]])
    ramp = (np.arange(HOP, dtype=np.float32) + 0.5) / HOP
    # Sample j of frame i sits between centres i - 1/2 and i + 1/2.
    half = HOP // 2
    left = g[:-1, None] + (g[1:] - g[:-1])[:, None] * ramp[None, :]
    out = left.ravel()[half : half + n]
    return out if len(out) == n else np.concatenate([out, np.full(n - len(out), gain[-1], dtype=np.float32)])


def _db(p: np.ndarray) -> np.ndarray:
    return 10 * np.log10(np.maximum(p, 1e-12))


def deess_gain(band: np.ndarray, rest: np.ndarray, rate: int, d: DeEsser) -> np.ndarray | None:
    """Per-frame linear gain for the sibilant band, or None where it is never turned down."""
    w = _frames_of(d.window_ms, rate)
    pb, pr = smooth_mean(frame_power(band), w), smooth_mean(frame_power(rest), w)
    excess = _db(pb) - _db(pr) - d.threshold_db
    cut = np.where((excess > 0) & (_db(pb + pr) > QUIET_DB), excess * (1 - 1 / d.ratio), 0.0)
    if not cut.any():
        return None
    cut = _ballistics(np.minimum(cut, d.max_cut_db), rate, d.attack_ms, d.release_ms, d.max_cut_db)
    return (10 ** (-cut / 20)).astype(np.float32)


def compress_gain(x: np.ndarray, rate: int, c: Compressor) -> np.ndarray | None:
    """Per-frame linear gain of the compressor over ``x``, or None where it never acts."""
    frames = frame_power(x)
    sounding = frames[_db(frames) > QUIET_DB]
    if len(sounding) == 0:
        return None
    threshold = float(_db(sounding.mean(keepdims=True))[0]) + c.threshold_db
    over = _db(smooth_mean(frames, _frames_of(c.window_ms, rate))) - threshold
    slope = 1 - 1 / c.ratio
    half = c.knee_db / 2
    cut = np.where(over >= half, over * slope, np.where(over > -half, slope * (over + half) ** 2 / (2 * c.knee_db), 0.0))
    if not cut.any():
        return None
    cut = _ballistics(cut.astype(np.float32), rate, c.attack_ms, c.release_ms, c.release_db)
    return (10 ** (-cut / 20)).astype(np.float32)


def process(x: np.ndarray, rate: int, chain: SpeechChain) -> np.ndarray:
    """``x`` (float32, -1..1) through the chain, same length."""
    n = len(x)
    if n == 0:
        return x
    size = fft_size(n + len(_impulse(rate, chain)))  # room for the filters' ring-out before it wraps round
    h, mask = _responses(size, rate, chain)
    spectrum = np.fft.rfft(x, size) * h
    y = np.fft.irfft(spectrum, size)[:n].astype(np.float32)
    if mask is not None and chain.deesser is not None:
        band = np.fft.irfft(spectrum * mask, size)[:n].astype(np.float32)
        rest = y - band
        gain = deess_gain(band, rest, rate, chain.deesser)
        if gain is not None:
            y = rest + band * _per_sample(gain, n)
    if chain.compressor is not None:
        gain = compress_gain(y, rate, chain.compressor)
        if gain is not None:
            y = y * _per_sample(gain, n)
    return y


def process_pcm(pcm: bytes, rate: int, chain: SpeechChain | None) -> bytes:
    """Mono int16 PCM through the chain (unchanged when ``chain`` is None)."""
    if chain is None or not pcm:
        return pcm
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768
    y = process(x, rate, chain)
    return np.clip(np.round(y * 32768), -32768, 32767).astype("<i2").tobytes()
