"""Word times on real Piper audio: the boundaries fall where the voice is silent, the spans add up to the take."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from audioreview.engines.base import EngineOptions, Voice
from audioreview.engines.piper import PiperEngine
from audioreview.model import Audio, Block, Metadata, Review, Segment
from audioreview.pipeline import produce
from audioreview.render.synthesize import Cast, SegmentCache, synthesize_all
from audioreview.settings import Settings
from audioreview.speech.alignment import spoken_words

pytestmark = pytest.mark.real

FRAME_MS = 10
QUIET = 0.05
"""A frame this far under the take's loud frames (90th percentile RMS) is a low-energy stretch."""

PAUSED = [
    "One. Two. Three. Four.",
    "Red, green, blue, yellow, purple.",
    "Monday. Tuesday. Wednesday.",
    "Apples, pears, plums, cherries.",
]
"""Sentences whose every word is followed by a pause (a stop or a comma)."""


@pytest.fixture(scope="module")
def engine() -> PiperEngine:
    return PiperEngine(EngineOptions(alignments=True))


VOICE = Voice("joe", "piper")


def _frames(audio: Audio) -> np.ndarray:
    x = np.frombuffer(audio.pcm, dtype="<i2").astype(np.float64)
    size = audio.sample_rate * FRAME_MS // 1000
    count = len(x) // size
    return np.sqrt((x[: count * size].reshape(count, size) ** 2).mean(axis=1))


def quiet_run(frames: np.ndarray, at_ms: int) -> tuple[int, int] | None:
    """The low-energy stretch (ms) holding ``at_ms``, the 10 ms frame on either side included; None if loud."""
    quiet = frames < QUIET * np.percentile(frames, 90)
    i = min(at_ms // FRAME_MS, len(frames) - 1)
    if not quiet[max(0, i - 1) : i + 2].all():
        return None
    lo = i
    while lo > 0 and quiet[lo - 1]:
        lo -= 1
    hi = i
    while hi + 1 < len(quiet) and quiet[hi + 1]:
        hi += 1
    return lo * FRAME_MS, (hi + 1) * FRAME_MS


@pytest.mark.parametrize("text", PAUSED)
def test_every_boundary_lies_in_a_low_energy_stretch(engine: PiperEngine, text: str) -> None:
    timed = engine.synthesize_timed(text, VOICE)
    assert timed.words is not None and timed.failures == 0
    assert [w.text for w in timed.words] == spoken_words(text)
    frames = _frames(timed.audio)
    for word in timed.words[1:]:
        run = quiet_run(frames, word.start_ms)
        assert run is not None, f"{word.text!r} starts at {word.start_ms} ms, where the voice is not quiet"
        # Not at the edge of the pause: well inside it.
        assert run[0] + FRAME_MS <= word.start_ms <= run[1] - FRAME_MS


def test_a_boundary_without_a_pause_is_between_the_words_sounds(engine: PiperEngine) -> None:
    """No pause to find, so the check is weaker: each word holds speech, none is empty."""
    timed = engine.synthesize_timed("The lantern keeper walked slowly home", VOICE)
    assert timed.words is not None
    frames = _frames(timed.audio)
    loud = np.percentile(frames, 90)
    for word in timed.words:
        inside = frames[word.start_ms // FRAME_MS : max(word.start_ms // FRAME_MS + 1, word.end_ms // FRAME_MS)]
        assert inside.max() > 0.3 * loud, f"{word.text!r} holds no speech"


@pytest.mark.parametrize("text", [*PAUSED, "I live in the city, musical/sport is fun; it's 7.5 out of 10."])
def test_the_word_spans_add_up_to_the_take(engine: PiperEngine, text: str) -> None:
    from piper import SynthesisConfig

    loaded = engine._voice(VOICE)
    chunks = list(loaded.synthesize(text, SynthesisConfig(), include_alignments=True))
    hop = int(loaded.config.hop_length)
    for chunk in chunks:  # the phonemes' sample counts are the audio's own length, within one frame
        assert chunk.phoneme_alignments is not None
        assert abs(sum(int(a.num_samples) for a in chunk.phoneme_alignments) - len(chunk.audio_int16_array)) < hop
    timed = engine.synthesize_timed(text, VOICE)
    assert timed.words is not None
    spans = sum(w.end_ms - w.start_ms for w in timed.words)
    frame_ms = hop * 1000 / loaded.config.sample_rate
    assert abs(spans - timed.audio.duration_ms) <= frame_ms
    assert all(a.end_ms == b.start_ms for a, b in zip(timed.words, timed.words[1:], strict=False))


def test_a_failed_alignment_falls_back_to_an_estimate_and_is_counted(engine: PiperEngine, tmp_path: Path) -> None:
    # "Ж" is no phoneme of the voice: Piper drops it from the ids, its alignment check fails
    # ("Phoneme alignment failed") and it gives no alignments for that sentence only.
    text = "Hello [[ hɛЖЖoʊ ]] there. And more words here."
    timed = engine.synthesize_timed(text, VOICE)
    assert (timed.sentences, timed.failures) == (2, 1)
    assert timed.words is not None and len(timed.words) == len(spoken_words(text))
    seg = Segment(text, text)
    takes, _ = synthesize_all([seg], Cast((engine, VOICE), (engine, VOICE)), SegmentCache(tmp_path))
    assert takes.take(seg).word_timing == "estimated"
    counts = takes.counts([seg])
    assert (counts.words_engine, counts.words_estimated, counts.alignment_failures) == (0, 1, 1)


def test_a_real_production_times_every_sentence_and_a_warm_run_recomputes_nothing(
    piper_settings: Settings,
) -> None:
    settings = piper_settings.replace(versions=("full",), bed="", intro_sting="", outro_sting="")
    body = "The film opens at 7:30 pm. It runs 2h 15m — too long. I gave it 7.5/10."
    review = Review(Metadata(title="Lanterns"), (Block("paragraph", body),))
    first = produce(review, settings).renditions[0]
    cues = first.timeline.cues
    assert first.words_engine == len(cues) and first.alignment_failures == 0
    score = next(c for c in cues if "7.5/10" in c.text)
    token = next(w for w in score.words if w.text.startswith("7.5/10"))
    assert token.end_ms - token.start_ms > 500  # five spoken words
    assert all(c.start_ms <= w.start_ms <= w.end_ms <= c.end_ms for c in cues for w in c.words)
    cache = Path(settings.cache_dir or "")
    stored = {p.name: p.read_bytes() for p in cache.rglob("words/*/*.json")}
    assert len(stored) == len(cues)
    again = produce(review, settings, force=True).renditions[0]
    assert (again.synthesized, again.cached) == (0, first.synthesized + first.cached)
    assert again.timeline.cues == first.timeline.cues
    assert {p.name: p.read_bytes() for p in cache.rglob("words/*/*.json")} == stored
    manifest = json.loads(Path(produce(review, settings).manifest).read_text(encoding="utf-8"))
    assert manifest["versions"]["full"]["words_engine"] == len(cues)
