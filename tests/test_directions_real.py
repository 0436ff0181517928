"""Directing the narration on real Piper: speed, emphasis and the second voice, measured."""

from __future__ import annotations

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
