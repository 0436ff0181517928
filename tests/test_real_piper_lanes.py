"""Real Piper on two lanes: the takes have the structure one session gives, and one sentence loads one session."""

from __future__ import annotations

import pytest

from audioreview.engines import piper
from audioreview.engines.base import EngineOptions, Voice
from audioreview.engines.piper import PiperEngine
from audioreview.model import Segment
from audioreview.render.synthesize import Cast, SegmentCache, synthesize_all

pytestmark = pytest.mark.real

VOICE = Voice("joe", "piper")
SAID = [
    "The harbour was quiet that night.",
    "Nobody in the village spoke of the lighthouse, not even the keeper's daughter.",
    "It rained.",
    "By the third act the film had found its nerve, and the ending earns every minute.",
    "I gave it seven out of ten.",
]
TOLERANCE = 0.25
"""How far a take's length may differ between two runs (Piper's durations are drawn, not fixed)."""


def _takes(engine: PiperEngine) -> list[tuple[int, str, int]]:
    segments = [Segment(text, text) for text in SAID]
    takes, stats = synthesize_all(segments, Cast((engine, VOICE), (engine, VOICE)), SegmentCache(None))
    assert stats.synthesized == len(SAID)
    found = []
    for segment in segments:
        take = takes.take(segment)
        assert take.word_timing == "engine"
        assert [w.text for w in take.words] == segment.display.split()
        found.append((len(take.words), takes.keys[(VOICE.name, segment.text)], take.audio.duration_ms))
    return found


def test_two_lanes_give_the_takes_one_session_gives_and_load_lazily() -> None:
    piper._load_voice.cache_clear()
    try:
        two = PiperEngine(EngineOptions(sessions=2))
        one = [Segment("A single sentence is spoken.", "A single sentence is spoken.")]
        synthesize_all(one, Cast((two, VOICE), (two, VOICE)), SegmentCache(None))
        assert piper._load_voice.cache_info().currsize == 1  # one sentence: the first lane only
        side = _takes(two)
        assert piper._load_voice.cache_info().currsize == 2
        assert two.lane(0)._voice(VOICE).session is two.lane(1)._voice(VOICE).session  # the weights held once
        alone = _takes(PiperEngine(EngineOptions(sessions=1)))
        assert [(n, key) for n, key, _ms in side] == [(n, key) for n, key, _ms in alone]
        for (_, _, a), (_, _, b) in zip(side, alone, strict=True):
            assert abs(a - b) <= TOLERANCE * max(a, b)
        two.release()
        assert piper._load_voice.cache_info().currsize == 0  # every lane unloaded
    finally:
        piper._load_voice.cache_clear()
