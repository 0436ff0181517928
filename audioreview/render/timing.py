"""How long the voice really takes: measured on synthesized takes, for the short version's budget.

This is the one place where audio feeds back into the text work: the short
version's sentences are picked against a speaking-rate model fitted to real
takes of the review's own sentences, and against the measured length of its
framing lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Script, Segment
from ..speech.rate import RateModel, fit_rate
from . import assemble as asm
from .synthesize import Cast, SegmentCache, synthesize_all

CALIBRATION_SENTENCES = 12
"""How many of the review's sentences the rate model is fitted on."""


def calibrate(cast: Cast, cache: SegmentCache, segments: Sequence[Segment], word_timings: bool = True) -> RateModel:
    """Fit the narrator's speaking rate to real synthesized takes of ``segments`` (timing their words when asked)."""
    sample = [s for s in segments if len(s.text.split()) >= 3][:CALIBRATION_SENTENCES] or list(segments)[:3]
    takes, _ = synthesize_all(sample, cast, cache, word_timings=word_timings)
    pairs = [(s.text, asm.spoken_ms(takes.take(s).audio)) for s in sample]
    return fit_rate(pairs)


def framing_ms(script: Script, cast: Cast, cache: SegmentCache, section_pause_ms: int, word_timings: bool = True) -> int:
    """How long ``script``'s intro and outro take, with their pauses, measured on real takes."""
    framing = [seg for sec in script.sections if sec.kind != "body" for seg in sec.segments]
    takes, _ = synthesize_all(framing, cast, cache, word_timings=word_timings)
    spoken = sum(asm.spoken_ms(takes.take(s).audio) for s in framing)
    pauses = sum(s.pause_after_ms for s in framing) + asm.INTRO_GAP_MS + section_pause_ms
    return spoken + pauses
