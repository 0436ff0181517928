"""The sound of the show: the speech chain, the music bed's ducking, room tone."""

from __future__ import annotations

import math
import wave
from pathlib import Path

import numpy as np
import pytest
from scipy import signal

from audioreview.errors import AudioError
from audioreview.model import Audio
from audioreview.render import bed as B
from audioreview.render import chain as C
from audioreview.render.loudness import integrated_loudness, plan_gain
from audioreview.render.roomtone import room_tone, tone_at

RATE = 22050
VOICES = Path(__file__).resolve().parent.parent / "voices"


def _db(x: np.ndarray) -> float:
    return 10 * math.log10(float(np.mean(np.asarray(x, dtype=np.float64) ** 2)))


def _band_db(x: np.ndarray, lo: float, hi: float) -> float:
    spec = np.abs(np.fft.rfft(x)) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / RATE)
    return 10 * math.log10(spec[(freqs >= lo) & (freqs < hi)].sum())


def _vowel(seconds: float, level: float = 0.3) -> np.ndarray:
    """A sustained vowel-like tone: harmonics of 120 Hz falling off, nothing above 3 kHz."""
    t = np.arange(int(seconds * RATE)) / RATE
    x = sum(np.sin(2 * np.pi * 120 * k * t) / k for k in range(1, 25))
    return (level * x / np.abs(x).max()).astype(np.float32)


def _hiss(seconds: float, level: float, seed: int = 3) -> np.ndarray:
    """Noise in 5.5-8.5 kHz: a synthetic "s"."""
    n = int(seconds * RATE)
    spec = np.fft.rfft(np.random.default_rng(seed).normal(size=n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    spec[(freqs < 5500) | (freqs > 8500)] = 0
    x = np.fft.irfft(spec, n)
    return (level * x / np.sqrt(np.mean(x * x))).astype(np.float32)


DEESS_ONLY = C.SpeechChain(highpass_hz=None, allpass_hz=None, compressor=None)


def test_the_deesser_leaves_a_vowel_untouched() -> None:
    vowel = _vowel(1.0)
    out = C.process(vowel, RATE, DEESS_ONLY)
    np.testing.assert_allclose(out, vowel, atol=2e-6)


def test_the_deesser_turns_a_sibilant_burst_down_and_not_the_vowel_before_it() -> None:
    vowel = _vowel(0.6)
    gap = np.zeros(int(0.3 * RATE), dtype=np.float32)
    hiss = _hiss(0.2, level=0.2)
    x = np.concatenate([vowel, gap, hiss, gap])
    out = C.process(x, RATE, DEESS_ONLY)
    a, b = len(vowel) + len(gap), len(vowel) + len(gap) + len(hiss)
    # The "s" is far louder than anything else at that moment: cut by the ratio, up to the maximum.
    cut = _band_db(x[a:b], 5000, 9000) - _band_db(out[a:b], 5000, 9000)
    assert 6.0 < cut <= C.DeEsser().max_cut_db + 0.5
    np.testing.assert_allclose(out[: len(vowel) - int(0.05 * RATE)], vowel[: -int(0.05 * RATE)], atol=2e-6)


def test_the_deesser_acts_only_where_the_band_exceeds_the_rest() -> None:
    # The same hiss under a vowel much louder than it: the band does not exceed the rest.
    vowel = _vowel(0.5, level=0.5)
    mixed = vowel + _hiss(0.5, level=0.02)
    out = C.process(mixed, RATE, DEESS_ONLY)
    np.testing.assert_allclose(out, mixed, atol=2e-6)


def test_the_highpass_is_a_4th_order_butterworth_at_75_hz() -> None:
    ours = C.highpass_sos(75.0, RATE)
    theirs = signal.butter(4, 75.0, btype="highpass", fs=RATE, output="sos")
    w = np.linspace(10, 10000, 400)
    _, h_ours = signal.sosfreqz(np.array(ours) / np.array(ours)[:, 3:4], worN=w, fs=RATE)
    _, h_theirs = signal.sosfreqz(theirs, worN=w, fs=RATE)
    np.testing.assert_allclose(np.abs(h_ours), np.abs(h_theirs), atol=1e-6)


def test_the_filters_cut_rumble_and_keep_the_voice_band() -> None:
    t = np.arange(RATE * 2) / RATE
    rumble = (0.3 * np.sin(2 * np.pi * 35 * t)).astype(np.float32)
    voice = (0.3 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    filters = C.SpeechChain(deesser=None, compressor=None)
    mid = slice(RATE // 2, 3 * RATE // 2)
    assert _db(C.process(rumble, RATE, filters)[mid]) - _db(rumble[mid]) < -24
    assert _db(C.process(voice, RATE, filters)[mid]) - _db(voice[mid]) == pytest.approx(0.0, abs=0.05)


def test_the_compressor_evens_out_a_loud_syllable_and_leaves_the_rest() -> None:
    quiet = _vowel(0.8, level=0.05)
    loud = _vowel(0.4, level=0.5)
    x = np.concatenate([quiet, loud, quiet])
    out = C.process(x, RATE, C.SpeechChain(highpass_hz=None, allpass_hz=None, deesser=None))
    a, b = len(quiet), len(quiet) + len(loud)
    inner = slice(a + int(0.05 * RATE), b - int(0.05 * RATE))
    reduction = _db(x[inner]) - _db(out[inner])
    assert 2.0 < reduction < 10.0  # 2:1 above the threshold: gentle, not a limiter
    edge = int(0.1 * RATE)
    assert _db(out[: a - edge]) == pytest.approx(_db(x[: a - edge]), abs=0.05)


def test_the_chain_keeps_length_and_silence() -> None:
    assert len(C.process(np.zeros(0, dtype=np.float32), RATE, C.SpeechChain())) == 0
    silence = np.zeros(5000, dtype=np.float32)
    np.testing.assert_array_equal(C.process(silence, RATE, C.SpeechChain()), silence)
    x = _vowel(0.37)
    assert len(C.process(x, RATE, C.SpeechChain())) == len(x)
    assert C.process_pcm(b"\x01\x00", RATE, None) == b"\x01\x00"


def test_fft_sizes_are_smooth_and_large_enough() -> None:
    for n in (1, 7, 1000, 93_000, 131_073):
        size = C.fft_size(n)
        assert size >= n and size <= 1.125 * n + 2
        m = size
        for p in (2, 3, 5):
            while m % p == 0:
                m //= p
        assert m == 1


def _key(before: float, speaking: float, after: float) -> np.ndarray:
    parts = [np.zeros(int(before * RATE)), 0.1 * _vowel(speaking, level=1.0), np.zeros(int(after * RATE))]
    return np.concatenate(parts).astype(np.float32)


def test_the_bed_dips_by_its_depth_under_the_voice_and_comes_back() -> None:
    ducking = B.Ducking(attack_ms=300, release_ms=1000, depth_db=15)
    key = _key(2.0, 3.0, 3.0)
    gain_db = 20 * np.log10(B.duck_gain(key, RATE, ducking))
    at = lambda s: float(gain_db[int(s * RATE)])  # noqa: E731
    assert at(1.0) == pytest.approx(0.0, abs=1e-6)  # the bed alone
    assert at(2.0) == pytest.approx(-15.0, abs=0.1)  # already down at the first word (look-ahead)
    assert at(1.85) == pytest.approx(-7.5, abs=1.0)  # half way down, 150 ms before it
    assert at(3.5) == pytest.approx(-15.0, abs=1e-6)
    assert at(5.0 + B.HOLD_MS / 1000 - 0.05) == pytest.approx(-15.0, abs=1e-6)  # held over a pause
    assert at(5.0 + B.HOLD_MS / 1000 + 0.5) == pytest.approx(-7.5, abs=1.0)  # swelling back
    assert at(7.9) == pytest.approx(0.0, abs=1e-6)


def test_ducking_measured_on_the_mix_bed_level_under_speech_against_bed_alone() -> None:
    # A 200 Hz bed under a "voice" with nothing at 200 Hz: the mix's 200 Hz level is the bed's.
    t = np.arange(10 * RATE) / RATE
    music = (0.2 * np.sin(2 * np.pi * 200 * t) * 32767).astype("<i2")
    voice = np.sin(2 * np.pi * 1500 * t[: 4 * RATE]) * 0.3
    speech = (voice * 32767).astype(np.int16)
    bed = B.Bed(Audio(music.tobytes(), RATE), B.Ducking(depth_db=12))
    layout = B.Layout(lead_ms=2500, tail_ms=3000, fade_ms=1000)
    mix, start = B.mix_under(speech, bed, RATE, layout)
    assert start == 2500 * RATE // 1000
    assert len(mix) == start + len(speech) + 3000 * RATE // 1000
    x = mix.astype(np.float64) / 32768
    alone = _band_db(x[RATE // 2 : 2 * RATE], 190, 210) - _band_db(np.ones(int(1.5 * RATE)), 0, 1)
    under = _band_db(x[start + RATE : start + int(2.5 * RATE)], 190, 210) - _band_db(np.ones(int(1.5 * RATE)), 0, 1)
    assert alone - under == pytest.approx(12.0, abs=0.3)
    # The bed alone sits BED_LEVEL_LU under the voice, whatever the file's own level.
    voice_lufs = B.loudness_of(voice.astype(np.float32), RATE)
    bed_lufs = B.loudness_of(x[RATE // 2 : 2 * RATE].astype(np.float32), RATE)
    assert bed_lufs - voice_lufs == pytest.approx(B.BED_LEVEL_LU, abs=0.5)
    assert mix[-1] == 0  # faded out


def test_builtin_beds_loop_without_a_seam_and_last_20_to_40_seconds() -> None:
    for name in ("warm", "bright"):
        path = B.bed_path(f"builtin:{name}", VOICES)
        assert path is not None
        with wave.open(str(path), "rb") as w:
            x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
            seconds = w.getnframes() / w.getframerate()
        assert 20 <= seconds <= 40
        steps = np.abs(np.diff(x))
        assert abs(x[0] - x[-1]) <= np.percentile(steps, 99.9)  # the wrap is an ordinary step


def test_a_missing_or_empty_bed_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="music bed not found"):
        B.bed_path(str(tmp_path / "nope.wav"), tmp_path)
    with pytest.raises(AudioError, match="music bed not found"):
        B.bed_path("builtin:nope", VOICES)
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(AudioError, match="music bed file is empty"):
        B.bed_path(str(empty), tmp_path)
    assert B.bed_path("", tmp_path) is None and B.bed_path(None, tmp_path) is None


def test_room_tone_sits_at_its_level_and_loops_seamlessly() -> None:
    tone = room_tone(RATE, -60.0)
    assert _db(tone) == pytest.approx(-60.0, abs=0.01)
    wrapped = tone_at(tone, len(tone) - 100, 200)
    np.testing.assert_array_equal(wrapped[100:], tone[:100])
    assert abs(float(tone[-1]) - float(tone[0])) < 6 * float(np.abs(np.diff(tone)).mean())
    assert _db(room_tone(RATE, -50.0)) == pytest.approx(-50.0, abs=0.01)


def _speech_with_pauses() -> np.ndarray:
    parts = []
    for n in range(8):
        parts += [(_vowel(1.2, level=0.5) * 32767).astype(np.int16), np.zeros(int(0.7 * RATE), np.int16)]
        parts[-2][n * 97 % 1000] = 32000  # a peak for the limiter
    return np.concatenate(parts)


def test_room_tone_fills_the_pauses_after_the_gain_and_never_counts_toward_loudness() -> None:
    import dataclasses

    x = _speech_with_pauses()
    leveler = plan_gain(x, RATE, target_lufs=-16.0, ceiling_dbtp=-1.0)
    plain = np.concatenate(list(leveler.blocks(x)))
    toned = np.concatenate(list(dataclasses.replace(leveler, tone=room_tone(RATE, -60.0)).blocks(x)))
    pause = slice(int(1.3 * RATE), int(1.8 * RATE))
    assert np.all(plain[pause] == 0)
    assert _db(toned[pause]) == pytest.approx(-60.0, abs=1.0)  # its level in the file, whatever the gain
    as_int = lambda y: np.clip(np.round(y * 32768), -32768, 32767).astype(np.int16)  # noqa: E731
    assert integrated_loudness(as_int(toned), RATE) == pytest.approx(integrated_loudness(as_int(plain), RATE), abs=0.01)
