"""Room tone: a very low, steady noise floor, so pauses never fall into digital silence.

One loop is made per production and rate (and kept for the process): noise
with a soft, room-like spectrum (flat to 150 Hz, then falling 3 dB an octave
like pink noise, rolled off above 6 kHz), built in the frequency domain with
random phases, so the loop is exactly periodic and repeats without a join.
It is added after the gain, so its level is its level in the finished file,
and it is some 40 LU under the speech: the loudness gate never counts it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

LOOP_SECONDS = 7.3
"""Long enough that no rhythm can be heard in the repeat."""
SEED = 60


@lru_cache(maxsize=4)
def room_tone(rate: int, dbfs: float) -> np.ndarray:
    """One loop of room tone at ``rate`` whose RMS is ``dbfs`` (float32, read only)."""
    n = int(LOOP_SECONDS * rate)
    freqs = np.fft.rfftfreq(n, 1 / rate)
    shape = 1 / np.sqrt(np.maximum(freqs, 150.0))
    shape /= np.sqrt(1 + (freqs / 6000.0) ** 4)
    shape[freqs < 30] = 0.0
    rng = np.random.default_rng(SEED)
    phases = np.exp(2j * np.pi * rng.random(len(freqs)))
    x = np.fft.irfft(shape * phases, n)
    x *= 10 ** (dbfs / 20) / np.sqrt(np.mean(x * x))
    out = x.astype(np.float32)
    out.setflags(write=False)
    return out


def tone_at(tone: np.ndarray, start: int, count: int) -> np.ndarray:
    """``count`` samples of the looping ``tone`` from sample ``start`` of the file."""
    index = (start + np.arange(count)) % len(tone)
    return tone[index]
