"""The music bed: music under the host's spoken intro and outro, ducked while the host speaks.

The bed plays alone for a moment, dips by ``Ducking.depth_db`` while the
host speaks (a sidechain compressor keyed by the host's voice, with a range
of ``depth_db``), swells back when the host stops, and fades out. The duck
looks ahead: the bed is already down when the first word starts, and short
pauses between the host's sentences are held so the bed does not pump.

Everything here is numpy over the few seconds of the intro or outro.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import AudioError
from ..model import Audio
from .chain import HOP, frame_power, release_ramp, smooth_mean
from .loudness import Meter

KEY_THRESHOLD_DBFS = -45.0
"""The host counts as speaking where its voice (10 ms RMS) is above this (the trim threshold)."""
KEY_WINDOW_MS = 10.0
HOLD_MS = 500.0
"""Pauses shorter than this between the host's words and sentences keep the bed down."""
BED_LEVEL_LU = -6.0
"""The bed alone sits this far below the host's speech (integrated loudness)."""


@dataclass(frozen=True, slots=True)
class Ducking:
    """How the bed gets out of the host's way."""

    attack_ms: float = 300.0
    """How long the bed takes to dip; it starts dipping this long before the first word."""
    release_ms: float = 1000.0
    """How long it takes to swell back once the host has stopped (after HOLD_MS)."""
    depth_db: float = 15.0
    """How far it dips under the voice."""


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the bed plays around a stretch of host speech (milliseconds)."""

    lead_ms: int
    """Bed alone before the first word."""
    tail_ms: int
    """Bed after the last word, fade included."""
    fade_ms: int
    """The fade at the end."""
    fade_in_ms: int = 30


INTRO = Layout(lead_ms=2500, tail_ms=2500, fade_ms=1500)
OUTRO = Layout(lead_ms=1500, tail_ms=4000, fade_ms=2500, fade_in_ms=300)


@dataclass(frozen=True, slots=True)
class Bed:
    """A music bed at the working rate, and how it ducks."""

    audio: Audio
    ducking: Ducking = Ducking()


def bed_path(spec: str | None, builtin_dir: Path) -> Path | None:
    """The file a bed setting names ("builtin:warm" or a path), checked (None for no bed)."""
    if not spec:
        return None
    path = builtin_dir / f"{spec.split(':', 1)[1]}-bed.wav" if spec.startswith("builtin:") else Path(spec)
    if not path.is_file():
        raise AudioError(f"{path}: music bed not found", hint='fix the path, or set bed = "" for no bed')
    if path.stat().st_size == 0:
        raise AudioError(f"{path}: music bed file is empty")
    return path


def _hold(active: np.ndarray, frames: int) -> np.ndarray:
    """``active`` stretched forward by ``frames``: true wherever it was true within the last ``frames``."""
    counts = np.concatenate([[0], np.cumsum(active, dtype=np.int64)])
    index = np.arange(len(active))
    return counts[index + 1] - counts[np.maximum(0, index - frames)] > 0


def duck_gain(key: np.ndarray, rate: int, ducking: Ducking) -> np.ndarray:
    """Per-sample linear gain for the bed under the voice ``key`` (float, same length)."""
    n = len(key)
    if n == 0:
        return np.ones(0, dtype=np.float32)
    frame_ms = HOP * 1000 / rate
    level = 10 * np.log10(np.maximum(smooth_mean(frame_power(key), max(1, round(KEY_WINDOW_MS / frame_ms)) | 1), 1e-12))
    active = _hold(level > KEY_THRESHOLD_DBFS, round(HOLD_MS / frame_ms))
    depth = ducking.depth_db
    cut = np.where(active, depth, 0.0)
    release = release_ramp(cut, depth / max(ducking.release_ms / frame_ms, 1.0))
    attack = release_ramp(cut[::-1], depth / max(ducking.attack_ms / frame_ms, 1.0))[::-1]
    frame_gain = (10 ** (-np.maximum(release, attack) / 20)).astype(np.float32)
    return np.repeat(frame_gain, HOP)[:n]


def loudness_of(x: np.ndarray, rate: int) -> float:
    """Integrated loudness (LUFS) of float samples."""
    meter = Meter(rate)
    meter.feed(x.astype(np.float32, copy=False))
    return meter.integrated()


def looped(x: np.ndarray, n: int) -> np.ndarray:
    """``x`` repeated end to end to ``n`` samples (a loopable bed loops seamlessly)."""
    return np.tile(x, -(-n // len(x)))[:n] if len(x) else np.zeros(n, dtype=x.dtype)


def mix_under(speech: np.ndarray, bed: Bed, rate: int, layout: Layout) -> tuple[np.ndarray, int]:
    """The bed under ``speech`` (int16) laid out by ``layout``: (int16 mix, where the speech starts).

    The bed is set ``BED_LEVEL_LU`` below the speech's own loudness, so any
    file works as a bed whatever its level.
    """
    lead = layout.lead_ms * rate // 1000
    tail = layout.tail_ms * rate // 1000
    voice = np.zeros(lead + len(speech) + tail, dtype=np.float32)
    voice[lead : lead + len(speech)] = speech.astype(np.float32) / 32768
    music = looped(np.frombuffer(bed.audio.pcm, dtype="<i2").astype(np.float32) / 32768, len(voice))
    speech_lufs = loudness_of(voice, rate)
    bed_lufs = loudness_of(music, rate)
    if np.isfinite(speech_lufs) and np.isfinite(bed_lufs):
        music *= np.float32(10 ** ((speech_lufs + BED_LEVEL_LU - bed_lufs) / 20))
    music *= duck_gain(voice, rate, bed.ducking)
    fade_in = min(len(music), layout.fade_in_ms * rate // 1000)
    music[:fade_in] *= np.linspace(0.0, 1.0, fade_in, dtype=np.float32)
    fade = min(len(music), layout.fade_ms * rate // 1000)
    if fade:
        music[-fade:] *= np.linspace(1.0, 0.0, fade, dtype=np.float32) ** 2
    mix = np.clip(np.round((voice + music) * 32768), -32768, 32767).astype("<i2")
    return mix, lead
