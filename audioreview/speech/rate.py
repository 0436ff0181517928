"""How long a voice takes to say a text, calibrated from audio it produced.

A voice's speaking time is modelled as a line through three terms: a cost per
speakable character (letters and digits, never spaces or punctuation), a cost
per word (the small gaps and stresses between words) and a fixed cost per
utterance (the silence an engine puts around every take). The terms are fitted
by non-negative least squares to (text, measured milliseconds) pairs taken
from real synthesized takes, so an estimate never comes out shorter for a
longer text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import SpeechError

_WORD = re.compile(r"\S+")
_MIN_FIT_SAMPLES = 3
"""Below this many samples the three-term fit is not attempted."""


def count_speakable(text: str) -> tuple[int, int]:
    """Return (speakable characters, words) of ``text``.

    Speakable characters are letters and digits in any script; a word is a
    whitespace-separated token holding at least one of them, so "--" or "…"
    standing alone is not a word.
    """
    chars = sum(ch.isalnum() for ch in text)
    words = sum(any(ch.isalnum() for ch in tok) for tok in _WORD.findall(text))
    return chars, words


@dataclass(frozen=True, slots=True)
class RateModel:
    """A voice's speaking rate: time = fixed + per character + per word."""

    ms_per_char: float
    """Milliseconds per speakable character (letters and digits)."""
    ms_per_word: float
    """Milliseconds added per word."""
    ms_fixed: float
    """Milliseconds added once per utterance (the engine's lead-in and tail)."""

    def estimate_ms(self, text: str) -> int:
        """Estimate how long the voice takes to say ``text``, in milliseconds.

        A text with nothing speakable in it takes no time at all.
        """
        chars, words = count_speakable(text)
        if chars == 0:
            return 0
        ms = self.ms_fixed + self.ms_per_char * chars + self.ms_per_word * words
        return max(0, round(ms))


DEFAULT_RATE = RateModel(ms_per_char=62.0, ms_per_word=25.0, ms_fixed=180.0)
"""A rough rate for an English voice at normal speed (about 160 words a
minute), for planning before a voice has been calibrated."""


def _ratio_model(counts: np.ndarray, durations: np.ndarray) -> RateModel:
    total_chars = float(counts[:, 0].sum())
    if total_chars <= 0:
        raise SpeechError(
            "cannot calibrate the speaking rate: the samples hold no speakable text",
            hint="calibrate with sentences that contain words",
        )
    return RateModel(ms_per_char=float(durations.sum()) / total_chars, ms_per_word=0.0, ms_fixed=0.0)


def nnls(design: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Non-negative least squares for a handful of columns, exactly.

    The optimum is the unconstrained least-squares fit on some subset of the
    columns whose coefficients all come out non-negative; with three columns
    there are eight subsets, so each is tried (``scipy.optimize.nnls`` gives
    the same answer, the tests check, but costs a quarter second to import).
    """
    columns = design.shape[1]
    best, best_error = np.zeros(columns), float(np.sum(target**2))
    for subset in itertools.chain.from_iterable(
        itertools.combinations(range(columns), k) for k in range(1, columns + 1)
    ):
        picked = list(subset)
        coef, *_ = np.linalg.lstsq(design[:, picked], target, rcond=None)
        if (coef < 0).any():
            continue
        error = float(np.sum((design[:, picked] @ coef - target) ** 2))
        if error < best_error:
            best, best_error = np.zeros(columns), error
            best[picked] = coef
    return best


def _nnls_model(counts: np.ndarray, durations: np.ndarray) -> RateModel | None:
    design = np.column_stack([counts, np.ones(len(counts))])
    if np.linalg.matrix_rank(design) < design.shape[1]:
        return None  # e.g. every sample the same length: the terms cannot be told apart
    # Scale the columns to comparable sizes so the fit is well conditioned.
    scale = np.abs(design).max(axis=0)
    scale[scale == 0] = 1.0
    coef = nnls(design / scale, durations)
    per_char, per_word, fixed = (coef / scale).tolist()
    if per_char <= 0 and per_word <= 0:
        return None  # no dependence on length: useless for estimating other texts
    return RateModel(ms_per_char=per_char, ms_per_word=per_word, ms_fixed=fixed)


def fit_rate(samples: Sequence[tuple[str, int]]) -> RateModel:
    """Fit a ``RateModel`` to (spoken text, measured duration in ms) pairs.

    With three samples or more the three terms are fitted by non-negative
    least squares; with fewer, or when the samples cannot separate the terms
    (all of one length, say), the model falls back to a single
    milliseconds-per-character ratio. Raises ``SpeechError`` when there is no
    sample, a duration is negative, or no sample holds speakable text.
    """
    if not samples:
        raise SpeechError("cannot calibrate the speaking rate: no samples", hint="synthesize a few sentences first")
    for text, ms in samples:
        if ms < 0:
            raise SpeechError(f"cannot calibrate the speaking rate: negative duration {ms} ms for {text[:40]!r}")
    counts = np.array([count_speakable(text) for text, _ in samples], dtype=float)
    durations = np.array([float(ms) for _, ms in samples])
    if len(samples) >= _MIN_FIT_SAMPLES:
        model = _nnls_model(counts, durations)
        if model is not None:
            return model
    return _ratio_model(counts, durations)
