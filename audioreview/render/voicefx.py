"""A second voice made from the first: pitch and colour changed with the bundled ffmpeg's filters.

The shipped Piper voice has one speaker, so the voice that reads quotes is
the same model made clearly different: its pitch moved by ``pitch_semitones``
(``asetrate`` then ``atempo`` back, so the length stays what the length scale
made it), and its colour by ``bass_db``/``treble_db`` shelves and
``highpass_hz``/``lowpass_hz``. The result is brought back to the loudness the
take had before (BS.1770, the same meter as the mastering stage), so the
second voice sits level with the narrator.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..errors import AudioError
from ..ffmpeg import run_ffmpeg
from ..model import Audio
from .loudness import integrated_loudness
from .parts import apply_gain


def filter_chain(effects: Mapping[str, float], rate: int) -> str:
    """The ffmpeg audio filter graph for ``effects`` at ``rate`` ("anull" for none)."""
    filters = []
    semitones = effects.get("pitch_semitones", 0.0)
    if semitones:
        factor = 2 ** (semitones / 12)
        filters += [f"asetrate={rate * factor:.3f}", f"aresample={rate}", f"atempo={1 / factor:.6f}"]
    if effects.get("highpass_hz"):
        filters.append(f"highpass=f={effects['highpass_hz']:g}")
    if effects.get("lowpass_hz"):
        filters.append(f"lowpass=f={effects['lowpass_hz']:g}")
    if effects.get("bass_db"):
        filters.append(f"bass=g={effects['bass_db']:g}:f=180")
    if effects.get("treble_db"):
        filters.append(f"treble=g={effects['treble_db']:g}:f=3500")
    return ",".join(filters) or "anull"


def apply_effects(audio: Audio, effects: Mapping[str, float]) -> Audio:
    """``audio`` through ``effects``, at its own rate and loudness."""
    if not effects or not audio.frames:
        return audio
    rate = audio.sample_rate
    fmt = ["-f", "s16le", "-ar", str(rate), "-ac", "1"]
    out = run_ffmpeg([*fmt, "-i", "pipe:0", "-af", filter_chain(effects, rate), *fmt, "pipe:1"], data=audio.pcm, name="voice effects")
    if not out:
        raise AudioError("voice effects: ffmpeg returned no audio")
    changed = Audio(out[: len(out) // 2 * 2], rate)
    before = integrated_loudness(np.frombuffer(audio.pcm, dtype="<i2"), rate)
    after = integrated_loudness(np.frombuffer(changed.pcm, dtype="<i2"), rate)
    if np.isfinite(before) and np.isfinite(after):
        changed = apply_gain(changed, before - after)
    return changed
