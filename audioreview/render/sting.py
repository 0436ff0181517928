"""The built-in intro and outro stings: short, original, synthesized chimes.

The shipped ``voices/intro-sting.wav`` and ``voices/outro-sting.wav`` are
made by this module (``python -m audioreview.render.sting voices/``): soft
bell tones built from a few inharmonic partials with exponential decays, a
rising figure to open the show and a falling, resolving one to close it.
"""

from __future__ import annotations

import sys
import wave
from pathlib import Path

import numpy as np

RATE = 22050

# (onset s, frequency Hz, level) for each note.
INTRO_NOTES = ((0.00, 392.00, 0.8), (0.16, 523.25, 0.75), (0.32, 659.25, 0.7), (0.48, 783.99, 0.8))
OUTRO_NOTES = ((0.00, 783.99, 0.7), (0.20, 659.25, 0.7), (0.40, 587.33, 0.7), (0.62, 523.25, 0.9))
PARTIALS = ((1.0, 1.0, 1.6), (2.0, 0.35, 0.9), (3.01, 0.12, 0.6), (4.2, 0.05, 0.4))
"""(frequency ratio, level, decay time s) of a bell-like tone."""


def bell(freq: float, seconds: float, rate: int = RATE) -> np.ndarray:
    """One soft bell note."""
    t = np.arange(int(seconds * rate)) / rate
    tone = np.zeros_like(t)
    for ratio, level, decay in PARTIALS:
        tone += level * np.sin(2 * np.pi * freq * ratio * t) * np.exp(-t / decay)
    attack = np.minimum(1.0, t / 0.006)
    return tone * attack


def make_sting(notes: tuple[tuple[float, float, float], ...], seconds: float, rate: int = RATE) -> np.ndarray:
    """Mix ``notes`` into a sting of ``seconds``, peaking at -3 dBFS, as int16."""
    out = np.zeros(int(seconds * rate))
    pad = np.zeros(int(0.25 * rate))
    for onset, freq, level in notes:
        start = int(onset * rate)
        note = level * bell(freq, seconds - onset, rate)
        out[start : start + len(note)] += note[: len(out) - start]
        # a quiet fifth below, for warmth
        out[start : start + len(note)] += 0.15 * bell(freq / 1.5, seconds - onset, rate)[: len(out) - start]
    fade = np.linspace(1.0, 0.0, int(0.5 * rate))
    out[-len(fade) :] *= fade
    out = out / np.abs(out).max() * 10 ** (-3 / 20)
    return (np.concatenate([out, pad]) * 32767).astype("<i2")


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    """Write mono int16 samples as a WAV file."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())


def main(folder: str) -> None:
    """Write both stings into ``folder``."""
    root = Path(folder)
    write_wav(root / "intro-sting.wav", make_sting(INTRO_NOTES, 2.2))
    write_wav(root / "outro-sting.wav", make_sting(OUTRO_NOTES, 2.6))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "voices")
