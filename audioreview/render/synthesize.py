"""Synthesis: every segment spoken once, through a content-addressed cache.

A segment's cache key covers the engine, its version and model, the voice
parameters and the exact spoken text, so re-running an unchanged review
synthesizes nothing, and editing one sentence re-synthesizes only that one.
Cache entries are WAV files written to a temp name and renamed into place,
so a killed run never leaves a broken entry behind.
"""

from __future__ import annotations

import io
import os
import tempfile
import wave
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..engines.base import Engine, Voice, cache_key
from ..errors import AudioReviewError, EngineError
from ..model import Audio, Segment, Take


@dataclass(frozen=True, slots=True)
class Cast:
    """Which engine and voice speak each role."""

    narrator: tuple[Engine, Voice]
    host: tuple[Engine, Voice]

    def for_segment(self, segment: Segment) -> tuple[Engine, Voice]:
        """The engine and voice for ``segment``'s role."""
        return self.host if segment.voice_role == "host" else self.narrator


class SegmentCache:
    """Content-addressed store of synthesized sentences (WAV files)."""

    def __init__(self, root: str | Path | None) -> None:
        self.root = Path(root) if root else None

    def _path(self, key: str) -> Path | None:
        return self.root / key[:2] / f"{key}.wav" if self.root else None

    def get(self, key: str) -> Audio | None:
        """The cached audio for ``key``, or None (a damaged entry counts as missing)."""
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            with wave.open(str(path), "rb") as w:
                if w.getsampwidth() != 2 or w.getnchannels() != 1:
                    return None
                return Audio(w.readframes(w.getnframes()), w.getframerate())
        except (OSError, EOFError, wave.Error):
            return None

    def put(self, key: str, audio: Audio) -> None:
        """Store ``audio`` under ``key`` atomically; a failure only costs the cache."""
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            buf = io.BytesIO()
            with wave.open(buf, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(audio.sample_rate)
                w.writeframes(audio.pcm)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".wav")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(buf.getvalue())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass


@dataclass(frozen=True, slots=True)
class SynthesisStats:
    """How many sentences were synthesized and how many came from the cache."""

    synthesized: int
    cached: int


def synthesize_all(
    segments: Iterable[Segment],
    cast: Cast,
    cache: SegmentCache,
    *,
    on_take: Callable[[Take], None] | None = None,
) -> tuple[dict[tuple[str, str], Take], SynthesisStats]:
    """Speak every distinct (voice, text) once; return takes keyed by (voice name, text)."""
    takes: dict[tuple[str, str], Take] = {}
    synthesized = cached = 0
    for segment in segments:
        engine, voice = cast.for_segment(segment)
        ident = (voice.name, segment.text)
        if ident in takes:
            continue
        key = cache_key(engine, voice, segment.text)
        audio = cache.get(key)
        if audio is not None:
            take = Take(segment, audio, cached=True)
            cached += 1
        else:
            try:
                audio = engine.synthesize(segment.text, voice)
            except AudioReviewError:
                raise
            except Exception as exc:  # an engine bug must not become a traceback
                raise EngineError(f"{engine.name} failed on {segment.display[:60]!r}: {exc}") from exc
            if audio.frames == 0:
                raise EngineError(f"{engine.name} produced no audio for {segment.display[:60]!r}")
            cache.put(key, audio)
            take = Take(segment, audio)
            synthesized += 1
        takes[ident] = take
        if on_take:
            on_take(take)
    return takes, SynthesisStats(synthesized, cached)


def voice_name_for(segment: Segment, cast: Cast) -> str:
    """The voice name that speaks ``segment`` (the first half of a take's key)."""
    return cast.for_segment(segment)[1].name


def take_for(segment: Segment, cast: Cast, takes: dict[tuple[str, str], Take]) -> Take:
    """Look up the take for ``segment``."""
    return takes[(voice_name_for(segment, cast), segment.text)]


def all_segments(*groups: Sequence[Segment]) -> list[Segment]:
    """Concatenate segment sequences (for synthesizing several versions at once)."""
    return [seg for group in groups for seg in group]
