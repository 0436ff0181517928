"""The produced sound end to end: real Piper, the default bed, speech chain and room tone, real ffmpeg."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from fixtures.audio_checks import decoded, ebur128

from audioreview.engines.base import builtin_voices_dir
from audioreview.ingest import load
from audioreview.pipeline import produce
from audioreview.render.assemble import STING_GAP_MS, load_sting
from audioreview.render.bed import INTRO
from audioreview.settings import Settings

pytestmark = pytest.mark.real

REVIEW = """---
title: The Salt Road
author: Ines Marr
rating: 4/5
---

The Salt Road follows a caravan across a desert that keeps changing its mind.
Its best scenes are silent, and its sharpest lines are whispered; the sound of sand
on canvas says more than the script does.

## Verdict

It is a slow, stubborn, beautiful film. Four stars.
"""


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("sound")
    source = root / "the-salt-road.md"
    source.write_text(REVIEW)
    settings = Settings(cache_dir=str(root / "cache"), output_dir=str(root / "out"), versions=("full",))
    production = produce(load(str(source), settings=settings), settings)
    (rendition,) = production.renditions
    folder = Path(production.folder)
    manifest = json.loads((folder / "the-salt-road.json").read_text())
    return folder / rendition.audio, {"rendition": rendition, "manifest": manifest}


def test_loudness_and_true_peak_on_target_with_the_whole_chain(made: tuple[Path, dict]) -> None:
    mp3, _ = made
    integrated, peak = ebur128(mp3)
    assert integrated == pytest.approx(-16.0, abs=0.35)
    assert peak <= -1.0


def test_the_host_speaks_over_the_bed_and_the_pauses_carry_room_tone(made: tuple[Path, dict]) -> None:
    mp3, info = made
    timeline = info["rendition"].timeline
    first = timeline.cues[0]
    assert first.start_ms >= INTRO.lead_ms  # the bed plays alone first
    x = decoded(mp3, 22050).astype(np.float64)
    at = lambda ms: int(ms * 22.05)  # noqa: E731
    lead = x[at(500) : at(first.start_ms - 400)]
    assert 20 * math.log10(np.sqrt(np.mean(lead**2))) > -35  # music, not silence
    # A pause between two narration sentences: room tone, not digital silence.
    body = [c for c in timeline.cues if c.start_ms > timeline.chapters[1].start_ms]
    gaps = [(a.end_ms, b.start_ms) for a, b in zip(body, body[1:], strict=False) if b.start_ms - a.end_ms >= 300]
    assert gaps
    a, b = gaps[0]
    pause = x[at(a + 80) : at(b - 80)]
    assert 20 * math.log10(np.sqrt(np.mean(pause**2))) == pytest.approx(-60.0, abs=3.0)


def test_without_bed_chain_or_room_tone_the_pauses_are_silent(made: tuple[Path, dict], tmp_path: Path) -> None:
    mp3, _ = made
    settings = Settings(
        cache_dir=str(mp3.parent.parent.parent / "cache"), output_dir=str(tmp_path), versions=("full",),
        bed="", speech_chain=False, room_tone=False,
    )  # fmt: skip
    source = tmp_path / "the-salt-road.md"
    source.write_text(REVIEW)
    production = produce(load(str(source), settings=settings), settings)
    (rendition,) = production.renditions
    plain = Path(production.folder) / rendition.audio
    timeline = rendition.timeline
    sting = load_sting("builtin:intro", 22050, builtin_voices_dir())
    assert sting is not None
    assert timeline.cues[0].start_ms == sting.duration_ms + STING_GAP_MS  # the sting, then the host, as before
    body = [c for c in timeline.cues if c.start_ms > timeline.chapters[1].start_ms]
    a, b = next((a.end_ms, b.start_ms) for a, b in zip(body, body[1:], strict=False) if b.start_ms - a.end_ms >= 300)
    x = decoded(plain, 22050).astype(np.float64)
    pause = x[int((a + 80) * 22.05) : int((b - 80) * 22.05)]
    assert np.sqrt(np.mean(pause**2)) < 10 ** (-80 / 20)
    integrated, peak = ebur128(plain)
    assert integrated == pytest.approx(-16.0, abs=0.35) and peak <= -1.0
