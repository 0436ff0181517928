"""The short version of every example, on real Piper audio: on target, rated, in order, no dangling openers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from audioreview.ingest import load
from audioreview.pipeline import plan, produce
from audioreview.settings import Settings
from audioreview.speech.summarize import _RATING, leans_on_previous

pytestmark = pytest.mark.real

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.*"))
TARGET_S = 75.0


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("short")
    return Settings(cache_dir=str(root / "cache"), output_dir=str(root / "out"), versions=("short",), short_seconds=TARGET_S)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_short_version_on_target(example: Path, settings: Settings) -> None:
    review = load(str(example), settings=settings)
    production = produce(review, settings)
    (short,) = production.renditions
    cues = short.timeline.cues
    narration_s = (cues[-1].end_ms - cues[0].start_ms) / 1000
    full_words = sum(len(b.text.split()) for b in review.blocks)
    script = plan(review, settings).short
    assert script is not None
    body = [s for sec in script.sections if sec.kind == "body" for s in sec.segments]
    if full_words > 250:  # a review shorter than the target is read whole
        assert abs(narration_s - TARGET_S) <= 0.15 * TARGET_S, narration_s
    # Source order: block indexes never go backwards.
    blocks = [s.block_index for s in body if s.block_index >= 0]
    assert blocks == sorted(blocks)
    # The rating, when the review has one, is always said.
    prepared = plan(review, replace(settings, versions=("full",))).review
    if prepared.meta.rating is not None:
        assert any(s.role == "rating" or _RATING.search(s.display) for s in body), [s.display for s in body]
    # No sentence opens on a connective or pronoun whose antecedent was dropped
    # (the review's own first sentence has nothing before it to lean on).
    full = plan(review, replace(settings, versions=("full",))).full
    full_body = [s.display for sec in full.sections if sec.kind == "body" for s in sec.segments]
    for prev, seg in zip([None, *body[:-1]], body, strict=True):
        if leans_on_previous(seg.display) and seg.display != full_body[0]:
            # Its antecedent is the sentence just before it in the full version, in this
            # paragraph or closing the one before; the short version must say that one first.
            antecedent = full_body[full_body.index(seg.display) - 1]
            assert prev is not None and prev.display == antecedent, seg.display
