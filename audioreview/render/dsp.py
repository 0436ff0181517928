"""Filters the loudness work needs, in numpy alone.

scipy has all of these, but importing ``scipy.signal`` and ``scipy.ndimage``
costs about 0.65 s and 80 MB on every run, more than the leveling itself.
Each function here is checked against its scipy counterpart in the tests.

- ``lowpass_taps``: a Kaiser-windowed sinc (``scipy.signal.firwin``);
- ``fir``: a causal FIR over a block (``scipy.signal.lfilter`` with a = 1);
- ``KWeighting``: the BS.1770 K-weighting biquads, applied as their impulse
  response (cut where what is left of it is below 1e-9) by overlap-save FFT,
  streaming block after block (``scipy.signal.sosfilt`` with state);
- ``running_min`` and ``moving_mean``: centred windows with the edge value
  held (``scipy.ndimage.minimum_filter1d`` / ``uniform_filter1d``,
  mode "nearest"), in O(n) whatever the window.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

TAIL = 1e-9
"""What may be left of the impulse response where it is cut (its absolute sum)."""
MAX_TAPS = 1 << 16


def lowpass_taps(count: int, cutoff: float, beta: float) -> np.ndarray:
    """``count`` low-pass taps, ``cutoff`` as a fraction of Nyquist, unity gain at DC."""
    m = np.arange(count) - (count - 1) / 2
    taps = cutoff * np.sinc(cutoff * m) * np.kaiser(count, beta)
    return taps / taps.sum()


def fir(taps: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``x`` through the FIR ``taps``, as if preceded by silence (same length as ``x``)."""
    return np.convolve(x, taps)[: len(x)].astype(x.dtype, copy=False)


def biquad_response(sos: np.ndarray, count: int) -> np.ndarray:
    """The first ``count`` samples of the impulse response of second-order sections ``sos``."""
    y = np.zeros(count)
    y[0] = 1.0
    for b0, b1, b2, a0, a1, a2 in sos.tolist():
        x, y = y, np.zeros(count)
        x1 = x2 = y1 = y2 = 0.0
        for n, xn in enumerate(x.tolist()):
            yn = (b0 * xn + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2) / a0
            y[n] = yn
            x2, x1, y2, y1 = x1, xn, y1, yn
    return y


@lru_cache(maxsize=8)
def _response(sos_key: tuple[float, ...]) -> np.ndarray:
    sos = np.array(sos_key).reshape(-1, 6)
    count = 1024
    while True:
        h = biquad_response(sos, count)
        left = np.cumsum(np.abs(h[::-1]))[::-1]
        # Twice as long as needed, so the last half shows the decay has really set in.
        cut = int(np.argmax(left < TAIL))
        if left[-1] < TAIL and cut <= count // 2:
            return h[: max(cut, 1)]
        if count >= MAX_TAPS:
            raise ValueError("the filter does not settle")
        count *= 2


def impulse_response(sos: np.ndarray) -> np.ndarray:
    """The impulse response of the stable second-order sections ``sos``, cut where what is left is below ``TAIL``."""
    return _response(tuple(np.asarray(sos, dtype=np.float64).ravel().tolist()))


class KWeighting:
    """A stable IIR filter run as the FIR of its impulse response, block after block."""

    def __init__(self, sos: np.ndarray) -> None:
        h = _response(tuple(np.asarray(sos, dtype=np.float64).ravel().tolist()))
        self.taps = len(h)
        self.size = 1 << max(12, math.ceil(math.log2(4 * self.taps)))
        self.hop = self.size - (self.taps - 1)
        self.spectrum = np.fft.rfft(h, self.size).astype(np.complex64)
        self.history = np.zeros(self.taps - 1, dtype=np.float32)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """The filtered block (float32), continuing from the blocks before it."""
        n = len(x)
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        frames = -(-n // self.hop)
        buf = np.zeros(frames * self.hop + self.taps - 1, dtype=np.float32)
        buf[: self.taps - 1] = self.history
        buf[self.taps - 1 : self.taps - 1 + n] = x
        windows = sliding_window_view(buf, self.size)[:: self.hop]
        y = np.fft.irfft(np.fft.rfft(windows, axis=1) * self.spectrum, self.size, axis=1)
        self.history = buf[n : n + self.taps - 1].copy()
        return y[:, self.taps - 1 :].ravel()[:n]


def _held(x: np.ndarray, reach: int) -> np.ndarray:
    return np.concatenate([np.full(reach, x[0]), x, np.full(reach, x[-1])])


def running_min(x: np.ndarray, size: int) -> np.ndarray:
    """The minimum over a centred window of odd ``size`` at each sample (van Herk / Gil-Werman)."""
    if len(x) == 0 or size <= 1:
        return x.copy()
    padded = _held(x, size // 2)
    blocks = -(-len(padded) // size)
    grid = np.full(blocks * size, np.inf, dtype=x.dtype)
    grid[: len(padded)] = padded
    grid = grid.reshape(blocks, size)
    ahead = np.minimum.accumulate(grid, axis=1).ravel()
    behind = np.minimum.accumulate(grid[:, ::-1], axis=1)[:, ::-1].ravel()
    start = np.arange(len(x))
    return np.minimum(behind[start], ahead[start + size - 1])


def moving_mean(x: np.ndarray, size: int) -> np.ndarray:
    """The mean over a centred window of odd ``size`` at each sample."""
    if len(x) == 0 or size <= 1:
        return x.copy()
    sums = np.concatenate([[0.0], np.cumsum(_held(x, size // 2), dtype=np.float64)])
    return ((sums[size:] - sums[:-size]) / size).astype(x.dtype)
