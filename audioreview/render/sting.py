"""The built-in music: intro and outro stings, and two music beds, all original and synthesized.

The shipped ``voices/intro-sting.wav``, ``voices/outro-sting.wav``,
``voices/warm-bed.wav`` and ``voices/bright-bed.wav`` are made by this module
(``python -m audioreview.render.sting voices/``). The stings are soft bell
tones built from a few inharmonic partials with exponential decays, a rising
figure to open the show and a falling, resolving one to close it. The beds
are slow chord progressions: "warm" a soft pad (detuned sines with slow
swells) under a low bell on each chord, "bright" the same changes picked out
as a gentle bell arpeggio over a thin pad. Each bed is a whole number of
bars, and every note that rings past the end is wrapped round to the start,
so a bed loops without a seam.
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


BED_RATE = 22050
BED_BEATS_S = 0.75
"""One beat (80 bpm); a chord lasts a bar of four beats."""
# Chords as frequencies (Hz): I - vi - IV - V - I - iii - IV - V in C major, voiced close and low.
BED_CHORDS = (
    (130.81, 164.81, 196.00, 261.63), (110.00, 164.81, 220.00, 261.63),
    (87.31, 174.61, 220.00, 261.63), (98.00, 146.83, 196.00, 246.94),
    (130.81, 164.81, 196.00, 261.63), (82.41, 164.81, 196.00, 246.94),
    (87.31, 174.61, 220.00, 261.63), (98.00, 146.83, 196.00, 246.94),
)  # fmt: skip


def _wrap_add(out: np.ndarray, start: int, note: np.ndarray) -> None:
    """Add ``note`` into the loop ``out`` from ``start``, wrapping what rings past the end round to the start."""
    index = (start + np.arange(len(note))) % len(out)
    np.add.at(out, index, note)


def pad_note(freq: float, seconds: float, rate: int = BED_RATE) -> np.ndarray:
    """A soft pad note: two slightly detuned sines and a quiet octave, swelling in and out."""
    t = np.arange(int(seconds * rate)) / rate
    tone = np.sin(2 * np.pi * freq * t) + np.sin(2 * np.pi * freq * 1.003 * t) + 0.25 * np.sin(4 * np.pi * freq * t)
    envelope = np.sin(np.pi * np.minimum(1.0, t / seconds)) ** 1.5
    return tone * envelope


def make_bed(style: str, rate: int = BED_RATE) -> np.ndarray:
    """A loopable bed ("warm" or "bright"), 24 s, its loudest peak at -6 dBFS, as int16."""
    bar = 4 * BED_BEATS_S
    out = np.zeros(int(len(BED_CHORDS) * bar * rate))
    for n, chord in enumerate(BED_CHORDS):
        start = int(n * bar * rate)
        pad_level = 0.22 if style == "warm" else 0.08
        for freq in chord:
            # The pad overlaps the next chord a little, so the changes are smooth.
            _wrap_add(out, start - int(0.3 * rate), pad_level * pad_note(freq, bar + 0.6, rate))
        if style == "warm":
            _wrap_add(out, start, 0.4 * bell(chord[-1], 2.5, rate))
        else:
            for beat in range(8):
                freq = chord[(0, 2, 1, 3, 2, 1, 3, 2)[beat]] * 2
                level = 0.32 if beat % 2 == 0 else 0.22
                _wrap_add(out, start + int(beat * BED_BEATS_S / 2 * rate), level * bell(freq, 1.6, rate))
    out = out / np.abs(out).max() * 10 ** (-6 / 20)
    return (out * 32767).astype("<i2")


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
    for style in ("warm", "bright"):
        write_wav(root / f"{style}-bed.wav", make_bed(style), BED_RATE)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "voices")
