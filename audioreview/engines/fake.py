"""A fake engine with exact, known durations, for fast tests and dry runs.

Each character of text becomes ``ms_per_char`` milliseconds of a soft tone
whose pitch depends on the text, so different sentences sound different;
a voice's ``speed`` divides the duration (rounded to the millisecond).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from ..model import Audio
from .base import Voice

SAMPLE_RATE = 16000


class FakeEngine:
    """Tones instead of speech: duration = len(text) * ms_per_char."""

    name: ClassVar[str] = "fake"
    paced: ClassVar[bool] = True

    def __init__(self, ms_per_char: int = 50, sample_rate: int = SAMPLE_RATE) -> None:
        self.ms_per_char = ms_per_char
        self.rate = sample_rate
        self.calls: list[str] = []

    def cache_token(self, voice: Voice) -> str:
        """Changes with the timing and rate."""
        return f"fake {self.ms_per_char} {self.rate}"

    def synthesize(self, text: str, voice: Voice) -> Audio:
        """A tone exactly ``round(len(text) * ms_per_char / voice.speed)`` ms long."""
        self.calls.append(text)
        ms = round(int(voice.params.get("ms_per_char", self.ms_per_char)) * len(text) / voice.speed)
        frames = self.rate * ms // 1000
        t = np.arange(frames) / self.rate
        pitch = 180 + (sum(map(ord, text)) % 200)
        wave = 0.3 * np.sin(2 * np.pi * pitch * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
        return Audio((wave * 32767).astype("<i2").tobytes(), self.rate)
