"""Word times of a take: the engine's own, or an estimate, and the words a reader sees.

A take's spoken words (``speech.alignment.spoken_words`` of its text) get
times end to end over the whole take: from the engine when it knows them
(Piper's phoneme durations, see ``engines/phoneme_words.py``), else estimated
here from syllable counts within the stretch of the take that is not silence.
:class:`TakeWords` holds them with where they came from; it is cached beside
the take's audio, so a warm run recomputes nothing. :func:`display_words` then
gives each token the reader sees the span of the spoken words it became
(the segment's alignment), so "7.5/10" is one word lasting five.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..engines.base import Engine, TimedAudio, TimesWords, Voice
from ..model import Audio, Segment, Word, WordTiming
from ..speech.alignment import alignment_for, display_tokens, spoken_words

FRAME_MS = 10
"""The frame over which loudness is measured to find where speech starts and ends."""
SILENCE_DBFS = -45.0
"""Quieter than this is silence (as the assembler trims)."""
PAUSE_WEIGHT = {",": 0.6, ";": 0.8, ":": 0.8, ".": 1.2, "!": 1.2, "?": 1.2}
"""Extra syllables' worth of time a word ending in this mark is given (the pause after it)."""
SCHEMA = 1

_VOWELS = re.compile(r"[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ]+", re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")


@dataclass(frozen=True, slots=True)
class TakeWords:
    """The spoken words of one take, timed end to end over it, and where the times came from."""

    words: tuple[Word, ...]
    timing: WordTiming
    failures: int = 0
    """Engine sentences whose alignment failed (their words were estimated)."""

    def to_json(self) -> bytes:
        """The record as the cache stores it."""
        data = {
            "schema": SCHEMA,
            "timing": self.timing,
            "failures": self.failures,
            "words": [[w.text, w.start_ms, w.end_ms] for w in self.words],
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> TakeWords | None:
        """The record read back, or None when it is not one this version wrote."""
        try:
            raw = json.loads(data.decode("utf-8"))
            if raw.get("schema") != SCHEMA or raw.get("timing") not in ("engine", "estimated"):
                return None
            words = tuple(Word(str(t), int(a), int(b)) for t, a, b in raw["words"])
            return cls(words, raw["timing"], int(raw.get("failures", 0)))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def syllables(word: str) -> float:
    """About how many syllables ``word`` takes to say (at least one; letters of other scripts count a half each)."""
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return 1.0 if any(ch.isdigit() for ch in word) else 0.5
    latin = "".join(ch for ch in letters if _LATIN.match(ch))
    count = len(_VOWELS.findall(latin))
    if latin.lower().endswith("e") and count > 1 and not latin.lower().endswith(("le", "ee")):
        count -= 1  # a silent final e ("make")
    if len(latin) <= 3 and latin.isupper() and len(latin) > 1:
        count = len(latin)  # letters spelled out
    other = len(letters) - len(latin)
    return max(1.0, count + other / 2)


def speech_span(audio: Audio) -> tuple[int, int]:
    """Where speech starts and ends in ``audio`` (ms): the first and last frames louder than silence."""
    samples = np.frombuffer(audio.pcm, dtype="<i2").astype(np.float64)
    size = max(1, audio.sample_rate * FRAME_MS // 1000)
    frames = len(samples) // size
    total = audio.duration_ms
    if frames == 0:
        return 0, total
    rms = np.sqrt(np.mean(samples[: frames * size].reshape(frames, size) ** 2, axis=1))
    loud = np.nonzero(rms > 32768 * 10 ** (SILENCE_DBFS / 20))[0]
    if len(loud) == 0:
        return 0, total
    return int(loud[0]) * FRAME_MS, min(total, (int(loud[-1]) + 1) * FRAME_MS)


def _pause(word: str) -> float:
    """The pause a word's closing mark asks for, in syllables."""
    return PAUSE_WEIGHT.get(word.rstrip("'\")")[-1:], 0.0)


def estimate(words: Sequence[str], start_ms: int, end_ms: int, total_ms: int) -> tuple[Word, ...]:
    """``words`` timed by syllables within ``[start_ms, end_ms]``, end to end over ``[0, total_ms]``."""
    if not words:
        return ()
    weights = [syllables(w) + _pause(w) for w in words]
    weights[-1] = syllables(words[-1])  # the take's end is not a pause inside it
    whole = sum(weights)
    span = max(0, end_ms - start_ms)
    bounds = [0]
    done = 0.0
    for weight in weights[:-1]:
        done += weight
        bounds.append(start_ms + round(span * done / whole))
    bounds.append(total_ms)
    return tuple(Word(w, bounds[i], max(bounds[i], bounds[i + 1])) for i, w in enumerate(words))


def estimate_take(text: str, audio: Audio) -> tuple[Word, ...]:
    """The spoken words of ``text`` timed by syllables within the speech of ``audio``."""
    start, end = speech_span(audio)
    return estimate(spoken_words(text), start, end, audio.duration_ms)


def speak_timed(engine: Engine, voice: Voice, text: str, timed: bool = True) -> tuple[Audio, TakeWords | None]:
    """The engine's audio for ``text``, with its word times when ``timed`` (the engine's, else an estimate)."""
    if not timed:
        return engine.synthesize(text, voice), None
    if isinstance(engine, TimesWords):
        result: TimedAudio = engine.synthesize_timed(text, voice)
        audio = result.audio
        if result.words is not None and len(result.words) == len(spoken_words(text)):
            timing: WordTiming = "estimated" if result.failures else "engine"
            return audio, TakeWords(result.words, timing, result.failures)
        return audio, TakeWords(estimate_take(text, audio), "estimated", result.failures)
    audio = engine.synthesize(text, voice)
    return audio, TakeWords(estimate_take(text, audio), "estimated")


def display_words(segment: Segment, spoken: Sequence[Word]) -> tuple[Word, ...]:
    """Each token of ``segment.display`` with the span of the spoken words it became (take times).

    A token nothing was spoken for lasts no time, at the place it stands.
    """
    tokens = display_tokens(segment.display)
    if not tokens or not spoken:
        return ()
    alignment = alignment_for(segment.display, segment.text, segment.alignment)
    out = []
    for token, (a, b) in zip(tokens, alignment, strict=True):
        if b > a:
            out.append(Word(token, spoken[a].start_ms, spoken[b - 1].end_ms))
        else:
            at = spoken[a].start_ms if a < len(spoken) else spoken[-1].end_ms
            out.append(Word(token, at, at))
    return tuple(out)
