"""The speech stage composed: clean the review, mark its structure, and build
the text pass that turns a written sentence into what a voice should say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..errors import LimitExceeded, SpeechError
from ..model import Review, Script, Section
from ..values import primary_language
from .bounds import bound_review
from .clean import clean_inline, clean_review
from .language import review_language
from .lexicon import Lexicon, default_lexicon, load_lexicon
from .normalize import normalize, unspeakable
from .script import Pauses, Speak, build_script, frame
from .structure import mark_structure
from .tracked import squeeze, sub, track


def prepare_review(review: Review, extra_clutter: Sequence[str] = ()) -> Review:
    """Drop page clutter (keeping its facts) and mark rating, verdict, pros and cons.

    Tokens and paragraphs are first cut to safe lengths (speech/bounds.py), so
    no later pass does more than linear work on any input; and cut again once
    cleaned, as removing clutter between two long tokens can join them.
    """
    cleaned = bound_review(clean_review(bound_review(review), extra_clutter))
    if not any(b.text.strip() for b in cleaned.blocks):
        raise SpeechError(f"{review.source}: nothing left to read once page clutter is removed")
    return mark_structure(cleaned)


def check_language(language: str, source: str) -> str:
    """The primary subtag of ``language`` (which :func:`.language.review_language` chose); SpeechError if not a tag.

    Every language gets speech rules (see :mod:`.normalize`); whether a voice
    speaks it is the cast's question.
    """
    primary = primary_language(language or "en")
    if not primary:
        raise SpeechError(f"{source}: {language!r} is not a language tag", hint="use a code such as en, de or pt-BR")
    return primary


SECONDS_PER_WORD_ESTIMATE = 0.42
"""Used only for the length check before synthesis (about 140 words a minute)."""


def check_length(script: Script, max_seconds: float, extra_seconds: float = 0.0) -> None:
    """Refuse, before any synthesis, a script that would run longer than ``max_seconds``
    (``extra_seconds``: what plays besides the script, the stings)."""
    words = sum(len(seg.text.split()) for seg in script.segments)
    estimate = words * SECONDS_PER_WORD_ESTIMATE + extra_seconds
    if estimate > max_seconds:
        raise LimitExceeded(
            f"{script.meta.title!r} would run about {_span(estimate)}, over the "
            f"{_span(max_seconds)} limit (max_audio_seconds)",
            hint="raise max_audio_seconds in audioreview.toml",
        )


def check_written_length(review: Review, max_seconds: float) -> None:
    """Refuse at once a review whose written words alone would run longer than ``max_seconds``.

    A cheap lower bound (numbers and symbols only add words when spoken), so a
    review far over the limit is refused before any text pass or voice loads.
    """
    words = sum(len(block.text.split()) for block in review.blocks)
    estimate = words * SECONDS_PER_WORD_ESTIMATE
    if estimate > max_seconds:
        raise LimitExceeded(
            f"{review.meta.title!r} would run about {_span(estimate)}, over the "
            f"{_span(max_seconds)} limit (max_audio_seconds)",
            hint="raise max_audio_seconds in audioreview.toml",
        )


def _span(seconds: float) -> str:
    """A length for messages: "40 seconds", "12 minutes"."""
    return f"{seconds:.0f} seconds" if seconds < 120 else f"{seconds / 60:.0f} minutes"


def load_lexicons(paths: Sequence[str]) -> Lexicon:
    """The built-in lexicon merged with each of ``paths`` in order (later wins)."""
    lexicon = default_lexicon()
    for path in paths:
        lexicon = lexicon.merge(load_lexicon(path))
    return lexicon


_PHONEME_BLOCK = re.compile(r"(\[\[.*?\]\])")
_SPEAKABLE_OR_BLOCK = re.compile(r"\[\[.*?\]\]|.", re.DOTALL)


def _blank_unspeakable(match: re.Match[str]) -> str:
    """A phoneme block as it is; a character a voice cannot say as a space."""
    text = match.group(0)
    return text if len(text) > 1 or not unspeakable(text) else " "


def make_speaker(language: str, lexicon: Lexicon, date_order: str | None = None, phonemes: bool = False) -> Speak:
    """The text pass: inline clutter out, words for numbers and symbols, lexicon.

    With ``phonemes`` (every engine of the run takes them) the lexicon's phoneme
    entries become ``[[ ... ]]`` blocks, kept as they are.
    """

    def speak(sentence: str) -> str:
        text = lexicon.apply(normalize(clean_inline(track(sentence)), language, date_order), language, phonemes)
        if unspeakable(_PHONEME_BLOCK.sub("", text)):
            text = sub(_SPEAKABLE_OR_BLOCK, _blank_unspeakable, text)
        return squeeze(text)

    return speak


__all__ = [
    "Pauses",
    "Script",
    "Section",
    "build_script",
    "check_language",
    "review_language",
    "check_length",
    "frame",
    "load_lexicons",
    "make_speaker",
    "prepare_review",
    "replace",
]
