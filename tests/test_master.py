"""Mastering: the encoding call measures the file it writes, and a miss is encoded once more."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
from fixtures.audio_checks import decoded, ebur128

from audioreview.render import master as M
from audioreview.render.encode import encode_mp3, parse_measurement

RATE = 22050


def _speechlike(seconds: float, seed: int = 1, level: float = 0.12) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    envelope = (np.sin(2 * np.pi * 2.3 * t) > -0.2) * (0.3 + 0.7 * np.abs(np.sin(2 * np.pi * 0.7 * t)))
    x = rng.normal(0, level, n) * envelope
    x[rng.integers(0, n, 40)] = 0.98
    return (np.clip(x, -1, 1) * 32767).astype(np.int16)


def test_encoding_call_measures_what_it_wrote(tmp_path: Path) -> None:
    path = tmp_path / "x.mp3"
    x = _speechlike(20.0)
    integrated, peak = encode_mp3(
        [x[:100_000], x[100_000:]], RATE, path, bitrate_kbps=96, sample_rate=44100, channels=1
    )
    theirs_i, theirs_peak = ebur128(path)  # a separate run over the finished file
    assert integrated == pytest.approx(theirs_i, abs=0.06)
    assert peak == pytest.approx(theirs_peak, abs=0.06)
    assert integrated == pytest.approx(pyloudnorm.Meter(44100).integrated_loudness(decoded(path)), abs=0.2)


def test_parse_measurement_reads_the_last_frame() -> None:
    text = (
        "frame:0 pts:0 pts_time:0\nlavfi.r128.I=-70.000\nlavfi.r128.true_peaks_ch0=0.100\n"
        "frame:1 pts:4410 pts_time:0.1\nlavfi.r128.M=-20.5\nlavfi.r128.I=-18.250\n"
        "lavfi.r128.true_peaks_ch0=0.500\nlavfi.r128.true_peaks_ch1=0.891\nlavfi.r128.true_peak=0.891\n"
    )
    integrated, peak = parse_measurement(text)
    assert integrated == -18.25
    assert peak == pytest.approx(20 * math.log10(0.891))


@pytest.mark.parametrize(
    "text",
    ["", "no frames at all", "frame:0 pts:0\nlavfi.r128.I=-70.000\nlavfi.r128.true_peaks_ch0=0.000\n"],
)
def test_silence_or_nothing_measures_minus_infinity(text: str) -> None:
    assert parse_measurement(text) == (-math.inf, -math.inf)


def test_silent_file_measures_minus_infinity(tmp_path: Path) -> None:
    result = encode_mp3(
        [np.zeros(RATE, dtype=np.int16)], RATE, tmp_path / "s.mp3", bitrate_kbps=96, sample_rate=44100, channels=1
    )
    assert result == (-math.inf, -math.inf)


@pytest.mark.parametrize("level", [0.03, 0.12, 0.5])
def test_master_lands_on_target_under_the_ceiling(tmp_path: Path, level: float) -> None:
    spec = M.MasterSpec(target_lufs=-16.0, ceiling_dbtp=-1.0)
    report = M.master(_speechlike(15.0, 2, level), RATE, tmp_path / "m.mp3", spec, name="m.mp3")
    integrated, peak = ebur128(tmp_path / "m.mp3")
    assert abs(integrated - spec.target_lufs) <= M.TOLERANCE_LU + 0.05
    assert peak <= spec.ceiling_dbtp
    assert report.integrated_lufs == pytest.approx(integrated, abs=0.06)


def test_a_miss_is_encoded_once_more(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[float, float]] = []
    real = M.encode_mp3

    def counting(*args: object, **kwargs: object) -> tuple[float, float]:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(result)
        return result

    monkeypatch.setattr(M, "encode_mp3", counting)
    monkeypatch.setattr(M, "initial_encoder_loss", lambda _kbps: -2.0)  # a bad first guess
    spec = M.MasterSpec()
    report = M.master(_speechlike(15.0, 3), RATE, tmp_path / "m.mp3", spec, name="m.mp3")
    assert len(calls) == 2
    assert abs(calls[0][0] - spec.target_lufs) > M.TOLERANCE_LU
    assert abs(report.integrated_lufs - spec.target_lufs) <= M.TOLERANCE_LU
