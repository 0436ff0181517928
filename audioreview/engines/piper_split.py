"""Over-long sentences split for synthesis at a clause boundary, and joined again without a seam.

onnxruntime's working memory for one utterance grows with its length (about
20 MB a second of audio with the shipped voice), so one 47-word sentence
costs more memory than the rest of a review. A sentence of more than
``MAX_WORDS`` words is spoken in pieces, cut where a reader would breathe
anyway: after a semicolon, a colon or a dash first, then after a comma, then
before a conjunction, and only as a last resort between two words. The
pieces keep their punctuation, so a piece ending at a comma is spoken with
the comma's rising tone.

The pieces' audio is joined at the pause: each piece is cut ``GAP_MS`` (the
boundary's pause) after its speech ends or before it starts, and the two are
overlapped there with raised-cosine fades, so nothing jumps at the join and
the pause is as long as Piper makes it inside a sentence (about 0.24 s at a
comma). ``join`` also says where each piece landed, so anything timed within
a piece (word timings) can be moved by the same offset.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MAX_WORDS = 24
"""Sentences longer than this are spoken in pieces."""
MIN_WORDS = 4
"""No piece cut at a clause boundary is shorter than this (a hard cut may leave fewer)."""
SPLIT_VERSION = 1
"""Changes whenever the same sentence would be cut or joined differently (part of the cache token)."""

STRONG, COMMA, CONJUNCTION, SPACE = range(4)
"""Boundary kinds, strongest first."""
GAP_MS = {STRONG: 300, COMMA: 230, CONJUNCTION: 90, SPACE: 40}
"""Silence between the end of one piece's speech and the start of the next, by boundary kind."""
FADE_MS = 12
"""Length of each fade at a join."""
FRAME_MS = 5
"""Frames in which speech is told from silence."""
SPEECH_DBFS = -45.0
"""A frame louder than this (RMS) is speech."""

_PHONEMES = re.compile(r"\[\[.*?\]\]", re.S)
_CONJUNCTIONS = (
    "and|but|or|nor|so|yet|because|although|though|while|whereas|which|who|whose|where|when|unless|until|since|if"
)
_BOUNDARIES = (
    (STRONG, re.compile(r"(?<=[;:])\s+|\s+(?=(?:—|–|--)\s)|(?<=(?:—|–))\s+")),
    (COMMA, re.compile(r"(?<=,)\s+")),
    (CONJUNCTION, re.compile(rf"\s+(?=(?:{_CONJUNCTIONS})\b)")),
    (SPACE, re.compile(r"\s+")),
)


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece of a sentence and the kind of boundary that ends it (None for the last)."""

    text: str
    boundary: int | None


def count_words(text: str) -> int:
    """Words in ``text``; a ``[[ phonemes ]]`` block counts as one."""
    return len(_PHONEMES.sub("x", text).split())


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PHONEMES.finditer(text)]


def _cuts(text: str, kind: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """(end of the left piece, start of the right) for every boundary of ``kind`` outside phoneme blocks."""
    blocks = _protected(text)
    out = []
    for m in pattern.finditer(text):
        a, b = m.span()
        if a == 0 or b >= len(text) or any(lo < b and a < hi for lo, hi in blocks):
            continue
        out.append((a, b))
    return out


def _split(text: str, max_words: int) -> list[Piece]:
    n = count_words(text)
    if n <= max_words:
        return [Piece(text, None)]
    for kind, pattern in _BOUNDARIES:
        # A conjunction often joins two nouns ("Aud and Maren"): only a cut leaving clauses on both sides counts.
        floor = 1 if kind == SPACE else min(2 * MIN_WORDS if kind == CONJUNCTION else MIN_WORDS, n // 4)
        best: tuple[int, int, int] | None = None
        for a, b in _cuts(text, kind, pattern):
            left, right = count_words(text[:a]), count_words(text[b:])
            if left < floor or right < floor:
                continue
            balance = abs(left - right)
            if best is None or balance < best[0]:
                best = (balance, a, b)
        if best is not None:
            _, a, b = best
            head = _split(text[:a], max_words)
            tail = _split(text[b:], max_words)
            return [*head[:-1], Piece(head[-1].text, kind), *tail]
    return [Piece(text, None)]  # one very long "word": nothing to cut at


def split_sentence(text: str, max_words: int = MAX_WORDS) -> list[Piece]:
    """``text`` in pieces of at most ``max_words`` words, cut at the strongest boundaries that balance them.

    A sentence within the limit comes back whole, as one piece.
    """
    return _split(text.strip(), max_words) if max_words > 0 else [Piece(text.strip(), None)]


@dataclass(frozen=True, slots=True)
class Joined:
    """The joined samples and where each piece's first sample landed in them."""

    samples: np.ndarray
    offsets: tuple[int, ...]
    """Per piece, the output position of its sample 0 (word times move by this much)."""
    seams: tuple[tuple[int, int], ...] = ()
    """Per join, the output samples [lo, hi) between the left part's cut and the right part's: the crossfade or the added silence."""


def speech_span(x: np.ndarray, rate: int) -> tuple[int, int]:
    """[start, end) of the frames of ``x`` louder than ``SPEECH_DBFS``; (0, 0) when all are quieter."""
    frame = max(1, rate * FRAME_MS // 1000)
    count = -(-len(x) // frame)
    if count == 0:
        return (0, 0)
    flat = np.zeros(count * frame)
    flat[: len(x)] = x / 32768.0
    f = flat.reshape(count, frame)
    loud = np.flatnonzero(np.sqrt((f * f).mean(axis=1)) > 10 ** (SPEECH_DBFS / 20))
    if len(loud) == 0:
        return (0, 0)
    return int(loud[0]) * frame, min(len(x), (int(loud[-1]) + 1) * frame)


def _fade(n: int) -> np.ndarray:
    return (0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 0.5) / n)).astype(np.float32) if n > 0 else np.ones(0, np.float32)


def join(parts: Sequence[np.ndarray], boundaries: Sequence[int | None], rate: int) -> Joined:
    """Join int16 ``parts`` end to end; ``boundaries[i]`` is the kind of boundary after part i.

    At each join the left part keeps up to the boundary's gap after its
    speech ends and the right part up to the gap before its speech starts;
    the right part is placed so that exactly the gap lies between the two
    speeches, and where the kept edges overlap they are crossfaded (and each
    cut edge is faded, so no cut is a step).
    """
    if not parts:
        return Joined(np.zeros(0, np.int16), (), ())
    out = parts[0].astype(np.float32)
    offsets = [0]
    seams = []
    fade = max(1, rate * FADE_MS // 1000)
    for part, kind in zip(parts[1:], boundaries[: len(parts) - 1], strict=True):
        gap = rate * GAP_MS[SPACE if kind is None else kind] // 1000
        _, end = speech_span(out, rate)
        end = end or len(out)
        keep_left = min(len(out) - end, gap)
        left = out[: end + keep_left].copy()
        f = min(fade, len(left))
        left[len(left) - f :] *= _fade(f)[::-1]
        start, _ = speech_span(part, rate)
        keep_right = min(start, gap)
        right = part[start - keep_right :].astype(np.float32)
        f = min(fade, keep_right, len(right)) if keep_right else min(fade // 4, len(right))
        right[:f] *= _fade(f)
        at = end + gap - keep_right  # where ``right`` begins in the output
        if at >= len(left):
            joined = np.concatenate([left, np.zeros(at - len(left), np.float32), right])
        else:
            joined = np.concatenate([left, np.zeros(max(0, at + len(right) - len(left)), np.float32)])
            joined[at : at + len(right)] += right
        offsets.append(at - (start - keep_right))
        seams.append((min(at, len(left)), max(at, len(left))))
        out = joined
    samples = np.clip(np.round(out), -32768, 32767).astype(np.int16)
    return Joined(samples, tuple(offsets), tuple(seams))
