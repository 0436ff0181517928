"""Directing the narration on real Piper: speed, emphasis and the second voice, measured."""

from __future__ import annotations

from dataclasses import replace

import pytest

from audioreview.engines import get_engine
from audioreview.engines.base import load_voices, with_speed
from audioreview.render import assemble as asm

pytestmark = pytest.mark.real

SENTENCE = "The lighthouse keeper walks the stairs every night, counting the steps out loud."


@pytest.fixture(scope="module")
def joe():  # type: ignore[no-untyped-def]
    return load_voices()["joe"]


def test_speed_is_applied_at_synthesis(joe) -> None:  # type: ignore[no-untyped-def]
    engine = get_engine("piper")
    spoken = {speed: asm.spoken_ms(engine.synthesize(SENTENCE, with_speed(joe, speed))) for speed in (0.8, 1.0, 1.3)}
    # Length scale is the inverse of speed: the spoken time scales with 1/speed, within the voice's own jitter.
    assert spoken[1.3] / spoken[1.0] == pytest.approx(1 / 1.3, rel=0.08), spoken
    assert spoken[0.8] / spoken[1.0] == pytest.approx(1 / 0.8, rel=0.08), spoken


WORDS = ["beautiful", "character", "silence", "triumph"]


def _rms_db(audio) -> float:  # type: ignore[no-untyped-def]
    import numpy as np

    seg = asm.trim(asm.to_segment(audio))
    x = np.frombuffer(seg.raw_data, dtype="<i2").astype(np.float64) / 32768
    return float(20 * np.log10(np.sqrt(np.mean(x**2))))


def test_emphasis_is_a_slower_louder_take(joe) -> None:  # type: ignore[no-untyped-def]
    from audioreview.render.parts import apply_gain
    from audioreview.speech.directed import EMPHASIS_GAIN_DB, EMPHASIS_LENGTH_SCALE

    engine = get_engine("piper")
    # Without the voice's noise, so a word's length is the same on every run: with it, the mean
    # over these four words ranges from 1.04x to 1.14x from run to run, the length scale's own effect
    # drowned in the jitter of the durations Piper draws.
    steady = replace(joe, params={**joe.params, "noise_scale": 0.0, "noise_w_scale": 0.0})
    ratios, gains = [], []
    for word in WORDS:
        plain = engine.synthesize(word, steady)
        stressed = apply_gain(engine.synthesize(word, with_speed(steady, 1 / EMPHASIS_LENGTH_SCALE)), EMPHASIS_GAIN_DB)
        ratios.append(asm.spoken_ms(stressed) / asm.spoken_ms(plain))
        gains.append(_rms_db(stressed) - _rms_db(plain))
    mean_ratio = sum(ratios) / len(ratios)
    assert 1.05 <= mean_ratio <= 1.20, ratios
    assert 1.0 <= sum(gains) / len(gains) <= 3.0, gains


def test_the_second_voice_is_level_with_the_narrator_and_clearly_lower(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from audioreview.render.loudness import integrated_loudness
    from audioreview.render.synthesize import Unit, speak_unit

    sys_path = __import__("sys").path
    sys_path.insert(0, str(__import__("pathlib").Path(__file__).parent.parent / "bench"))
    from directions import median_pitch  # the bench's own measure

    voices = load_voices()
    engine = get_engine("piper")
    lines = [SENTENCE, "It is patient without being slow, and the photography is often beautiful."]
    measured = {}
    for name in ("joe", "joe-quote"):
        takes = [speak_unit(Unit((name, s), engine, voices[name], s, s)) for s in lines]
        joined = np.concatenate([np.frombuffer(a.pcm, dtype="<i2") for a in takes])
        measured[name] = (integrated_loudness(joined, takes[0].sample_rate), np.median([median_pitch(a) for a in takes]))
    (narrator_lufs, narrator_hz), (quote_lufs, quote_hz) = measured["joe"], measured["joe-quote"]
    assert abs(quote_lufs - narrator_lufs) <= 1.0, measured
    assert quote_hz / narrator_hz < 0.9, measured  # three semitones down: about 0.84
