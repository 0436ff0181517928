"""A directed sentence's parts, each its own take, joined back into one take.

Each part is trimmed of its engine's lead-in and tail (down to ``JOIN_KEEP_MS``
at a join, so the words run on as in speech), given its gain, and followed by
its pause; the word times of each part are moved to where the part now starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Audio, Word
from .assemble import FADE_MS, SILENCE_DBFS, resample, to_segment

JOIN_KEEP_MS = 20
"""Silence kept on each side of a join between two parts of one sentence."""


@dataclass(frozen=True, slots=True)
class PartTake:
    """One part's audio and words, and what the join does with it."""

    audio: Audio
    gain_db: float = 0.0
    pause_after_ms: int = 0
    words: tuple[Word, ...] = ()


def apply_gain(audio: Audio, gain_db: float) -> Audio:
    """``audio`` made ``gain_db`` louder (or quieter), clipped to 16 bits."""
    if not gain_db:
        return audio
    samples = np.frombuffer(audio.pcm, dtype="<i2").astype(np.float32) * 10 ** (gain_db / 20)
    return Audio(np.clip(np.round(samples), -32768, 32767).astype("<i2").tobytes(), audio.sample_rate)


def _edges(audio: Audio, keep_ms: int) -> tuple[int, int]:
    """Frames to cut from the start and from the end (silence beyond ``keep_ms``)."""
    from pydub.silence import detect_leading_silence

    seg = to_segment(audio)
    head = max(0, detect_leading_silence(seg, silence_threshold=SILENCE_DBFS) - keep_ms)
    tail = max(0, detect_leading_silence(seg.reverse(), silence_threshold=SILENCE_DBFS) - keep_ms)
    if head + tail >= len(seg):
        return 0, 0
    rate = audio.sample_rate
    return head * rate // 1000, tail * rate // 1000


def join_parts(parts: Sequence[PartTake], rate: int | None = None) -> tuple[Audio, tuple[Word, ...]]:
    """The parts end to end at ``rate`` (default: the highest of theirs), with gains, pauses and word times.

    Only the joins are trimmed: the first part keeps its lead-in and the last its
    tail, which the assembler trims as it trims every take.
    """
    rate = rate or max(p.audio.sample_rate for p in parts)
    chunks: list[np.ndarray] = []
    words: list[Word] = []
    at = 0  # frames laid down so far
    for n, part in enumerate(parts):
        audio = apply_gain(resample(part.audio, rate), part.gain_db)
        head, tail = _edges(audio, JOIN_KEEP_MS)
        head = 0 if n == 0 else head
        tail = 0 if n == len(parts) - 1 else tail
        samples = np.frombuffer(audio.pcm, dtype="<i2")[head : len(audio.pcm) // 2 - tail].astype(np.float32)
        fade = min(FADE_MS * rate // 1000, len(samples) // 4)
        if fade and n > 0:
            samples[:fade] *= np.linspace(0.0, 1.0, fade, dtype=np.float32)
        if fade and n < len(parts) - 1:
            samples[-fade:] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
        start_ms, cut_ms = at * 1000 // rate, head * 1000 // rate
        length_ms = len(samples) * 1000 // rate
        words.extend(
            Word(w.text, max(0, min(length_ms, w.start_ms - cut_ms)) + start_ms, max(0, min(length_ms, w.end_ms - cut_ms)) + start_ms)
            for w in part.words
        )
        chunks.append(samples)
        at += len(samples)
        if n < len(parts) - 1 and part.pause_after_ms > 0:
            silence = np.zeros(part.pause_after_ms * rate // 1000, dtype=np.float32)
            chunks.append(silence)
            at += len(silence)
    pcm = np.clip(np.round(np.concatenate(chunks)), -32768, 32767).astype("<i2").tobytes() if chunks else b""
    return Audio(pcm, rate), tuple(words)
