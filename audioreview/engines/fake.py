"""A fake engine with exact, known durations, for fast tests and dry runs.

Each character of text becomes ``ms_per_char`` milliseconds of a soft tone
whose pitch depends on the text, so different sentences sound different;
a voice's ``speed`` divides the duration (rounded to the millisecond).
Its word times are exact too: a spoken word lasts from its first character
to the next word's first character (the first from 0, the last to the end).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from ..model import Audio, Word
from ..speech.alignment import spoken_spans
from .base import TimedAudio, Voice

SAMPLE_RATE = 16000


class FakeEngine:
    """Tones instead of speech: duration = len(text) * ms_per_char."""

    name: ClassVar[str] = "fake"
    paced: ClassVar[bool] = True

    def __init__(self, ms_per_char: int = 50, sample_rate: int = SAMPLE_RATE, timed: bool = True) -> None:
        self.ms_per_char = ms_per_char
        self.rate = sample_rate
        self.timed = timed
        """Whether word times are given (False: like an engine without them)."""
        self.calls: list[str] = []

    def cache_token(self, voice: Voice) -> str:
        """Changes with the timing and rate."""
        return f"fake {self.ms_per_char} {self.rate}"

    def _ms_per_char(self, voice: Voice) -> float:
        return int(voice.params.get("ms_per_char", self.ms_per_char)) / voice.speed

    def synthesize(self, text: str, voice: Voice) -> Audio:
        """A tone exactly ``round(len(text) * ms_per_char / voice.speed)`` ms long."""
        self.calls.append(text)
        ms = round(self._ms_per_char(voice) * len(text))
        frames = self.rate * ms // 1000
        t = np.arange(frames) / self.rate
        pitch = 180 + (sum(map(ord, text)) % 200)
        wave = 0.3 * np.sin(2 * np.pi * pitch * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
        return Audio((wave * 32767).astype("<i2").tobytes(), self.rate)

    def synthesize_timed(self, text: str, voice: Voice) -> TimedAudio:
        """The tone, and each spoken word from its first character to the next word's."""
        audio = self.synthesize(text, voice)
        if not self.timed:
            return TimedAudio(audio, None)
        return TimedAudio(audio, fake_word_times(text, self._ms_per_char(voice)), sentences=1)


def fake_word_times(text: str, ms_per_char: float) -> tuple[Word, ...]:
    """The word times the fake engine gives ``text``: exact, end to end (rounded to the millisecond)."""
    spans = spoken_spans(text)
    starts = [round(c * ms_per_char) for c in (0, *(a for a, _ in spans[1:]), len(text))]
    return tuple(Word(text[a:b], starts[i], starts[i + 1]) for i, (a, b) in enumerate(spans))
