"""The quality gate for inference options: same sound as the naive Piper pass.

Pure functions over int16 sample arrays and word lists. An option is kept when
its audio is sample-identical to the naive pass's for the same noise seed, or
when its mel-cepstral distortion against the naive audio (DTW-aligned) stays
within what two naive runs with different noise seeds differ by, and the
recognizer's word error rate is no worse than on the naive audio.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

FRAME_S = 0.025
HOP_S = 0.010
MEL_BANDS = 40
CEPSTRA = 13
"""Mel-cepstral coefficients 1..CEPSTRA-1 are compared (c0, the level, is left out)."""
_MCD_SCALE = 10.0 / np.log(10.0) * np.sqrt(2.0)


def words_of(text: str) -> list[str]:
    """The lower-case words of ``text`` as a recognizer would write them."""
    return re.findall(r"[a-z']+", text.lower())


def word_error_rate(ref: list[str], hyp: list[str]) -> float:
    """Levenshtein distance over words, divided by the reference's length."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[len(hyp)] / max(1, len(ref))


def _mel_filters(rate: int, n_fft: int, bands: int) -> np.ndarray:
    def mel(f: np.ndarray) -> np.ndarray:
        return 2595.0 * np.log10(1.0 + f / 700.0)

    edges_mel = np.linspace(0.0, float(mel(np.array(rate / 2))), bands + 2)
    edges = 700.0 * (10 ** (edges_mel / 2595.0) - 1.0)
    freqs = np.fft.rfftfreq(n_fft, 1.0 / rate)
    lo, mid, hi = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    up = (freqs - lo) / np.maximum(mid - lo, 1e-9)
    down = (hi - freqs) / np.maximum(hi - mid, 1e-9)
    return np.maximum(0.0, np.minimum(up, down))


def mel_cepstra(samples: np.ndarray, rate: int) -> np.ndarray:
    """Mel-cepstral coefficients 1..CEPSTRA-1 per 10 ms frame of the voiced-or-not frames above -60 dBFS."""
    x = samples.astype(np.float64) / 32768.0
    frame, hop = int(rate * FRAME_S), int(rate * HOP_S)
    if len(x) < frame:
        return np.zeros((0, CEPSTRA - 1))
    count = 1 + (len(x) - frame) // hop
    frames = np.lib.stride_tricks.as_strided(x, (count, frame), (x.strides[0] * hop, x.strides[0]))
    loud = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12) > -60.0
    n_fft = 1 << (frame - 1).bit_length()
    power = np.abs(np.fft.rfft(frames[loud] * np.hanning(frame), n_fft)) ** 2
    log_mel = 0.5 * np.log(power @ _mel_filters(rate, n_fft, MEL_BANDS).T + 1e-10)  # log amplitude
    k = np.arange(MEL_BANDS)
    dct = np.sqrt(2.0 / MEL_BANDS) * np.cos(
        np.pi / MEL_BANDS * (k[None, :] + 0.5) * np.arange(CEPSTRA)[:, None]
    )
    return (log_mel @ dct.T)[:, 1:]


def dtw_path_cost(a: np.ndarray, b: np.ndarray) -> float:
    """The cheapest monotonic alignment of ``a``'s rows with ``b``'s: its summed frame distance over max(len).

    Row by row: the step from the row above (down or diagonal) is a vector
    minimum, and the steps along the row are a running minimum over the
    row's cumulative distance, so only the rows loop in Python.
    """
    if len(a) == 0 or len(b) == 0:
        return 0.0 if len(a) == len(b) else float("inf")
    dist = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))
    prev = np.cumsum(dist[0])
    for i in range(1, len(a)):
        from_above = np.minimum(prev, np.r_[np.inf, prev[:-1]]) + dist[i]
        run = np.cumsum(dist[i])
        prev = run + np.minimum.accumulate(from_above - run)
    return float(prev[-1] / max(len(a), len(b)))


def mcd(a: np.ndarray, b: np.ndarray, rate: int) -> float:
    """Mel-cepstral distortion in dB between two takes of the same text, DTW-aligned."""
    return float(_MCD_SCALE * dtw_path_cost(mel_cepstra(a, rate), mel_cepstra(b, rate)))


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an option sounds like the naive pass, and why."""

    kept: bool
    why: str


def judge(*, identical: bool, mcd_db: float, mcd_limit: float, wer: float, naive_wer: float) -> Verdict:
    """The gate: identical samples, or MCD within ``mcd_limit`` and a WER no worse than naive."""
    if identical:
        return Verdict(True, "sample-identical")
    if mcd_db > mcd_limit:
        return Verdict(False, f"MCD {mcd_db:.2f} dB over {mcd_limit:.2f}")
    if wer > naive_wer + 1e-9:
        return Verdict(False, f"WER {wer:.3f} over naive {naive_wer:.3f}")
    return Verdict(True, f"MCD {mcd_db:.2f} dB within {mcd_limit:.2f}, WER {wer:.3f}")


def mcd_limit(seed_to_seed: list[float], margin: float = 1.1) -> float:
    """The MCD an option may reach: the largest between naive runs of different noise seeds, plus 10%."""
    return max(seed_to_seed) * margin
