"""Mastering: level, encode, and check the finished file by decoding it.

The MP3 encoder takes a little loudness away (at 96 kbps mono about half a
LU, mostly highs that K-weighting counts) and can overshoot peaks. So the
leveled PCM aims a little above the target, the encoded file is decoded and
measured, and when it misses the target or the true-peak ceiling it is
encoded once more with the measured correction. The loudness reported is
the file's, as a listener's player would measure it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..model import Loudness
from .ffmpeg import decode_blocks, encode_mp3
from .loudness import Leveler, measure_blocks, plan_gain

TOLERANCE_LU = 0.3
"""How far the file may land from the target before it is encoded again."""


@dataclass(frozen=True, slots=True)
class MasterSpec:
    """What the finished file must be."""

    target_lufs: float = -16.0
    ceiling_dbtp: float = -1.0
    bitrate_kbps: int = 96
    sample_rate: int = 44100
    channels: int = 1


def initial_encoder_loss(bitrate_kbps: int) -> float:
    """A first guess of the loudness the encoder loses, before any file is measured."""
    return 0.45 if bitrate_kbps <= 96 else 0.3 if bitrate_kbps <= 128 else 0.15


def _encode(leveler: Leveler, samples: np.ndarray, target: Path, spec: MasterSpec, name: str) -> tuple[float, float]:
    encode_mp3(
        leveler.chunks(samples), leveler.rate, target, bitrate_kbps=spec.bitrate_kbps,
        sample_rate=spec.sample_rate, channels=spec.channels, name=name,
    )  # fmt: skip
    return measure_blocks(decode_blocks(target, spec.sample_rate), spec.sample_rate)


def master(
    samples: np.ndarray, rate: int, target: Path, spec: MasterSpec, *, encoder_loss_db: float, name: str
) -> tuple[Loudness, float]:
    """Write the finished MP3 to ``target``; return its measured loudness and the encoder's loss."""
    leveler = plan_gain(
        samples, rate, target_lufs=spec.target_lufs + encoder_loss_db, ceiling_dbtp=spec.ceiling_dbtp
    )
    integrated, peak = _encode(leveler, samples, target, spec, name)
    loss = leveler.stats.get("loudness", integrated) - integrated
    off_target = abs(integrated - spec.target_lufs) > TOLERANCE_LU
    over_peak = peak > spec.ceiling_dbtp
    if (off_target or over_peak) and np.isfinite(integrated):
        leveler = dataclasses.replace(
            leveler,
            gain_db=leveler.gain_db + spec.target_lufs - integrated,
            ceiling_dbtp=leveler.ceiling_dbtp - max(0.0, peak - spec.ceiling_dbtp) - (0.1 if over_peak else 0.0),
            stats={},
        )
        integrated, peak = _encode(leveler, samples, target, spec, name)
    report = Loudness(
        integrated_lufs=round(integrated, 2),
        true_peak_dbtp=round(peak, 2),
        gain_db=round(leveler.gain_db, 2),
        limited=len(leveler.analysis.peak_index) > 0,
    )
    return report, loss
