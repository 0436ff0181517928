"""Synthesis: every segment spoken once, through a content-addressed cache.

A segment's cache key covers the engine, its version and model, the voice
parameters and the exact spoken text, so re-running an unchanged review
synthesizes nothing, and editing one sentence re-synthesizes only that one.
A directed sentence (``Segment.parts``) is one take per part, each keyed by
its own text, voice and pace: changing one emphasis re-synthesizes only the
parts of that sentence, and a pause, being silence laid between takes, is
never synthesized at all.
Cache entries are WAV files written to a temp name and renamed into place,
so a killed run never leaves a broken entry behind. Each entry also carries
the SHA-256 of its contents (a trailing RIFF chunk in a WAV, a trailer on
other kept files), checked on every read: an entry cut short, damaged or
replaced by anything else counts as missing and is made again.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import tempfile
import threading
import wave
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..engines.base import Engine, Voice, cache_key, with_speed
from ..errors import AudioReviewError, EngineError
from ..model import Audio, Part, Segment, Take


@dataclass(frozen=True, slots=True)
class Cast:
    """Which engine and voice speak each role, and the voices the controls name."""

    narrator: tuple[Engine, Voice]
    host: tuple[Engine, Voice]
    voices: Mapping[str, tuple[Engine, Voice]] = field(default_factory=dict)
    """Voices a ``voice`` control or ``quote_voice`` names, by profile name."""

    def for_segment(self, segment: Segment) -> tuple[Engine, Voice]:
        """The engine and voice for ``segment``'s role."""
        return self.host if segment.voice_role == "host" else self.narrator

    def for_part(self, segment: Segment, part: Part) -> tuple[Engine, Voice]:
        """The engine and voice for one part of ``segment``, at the part's pace."""
        engine, voice = self.voices[part.voice] if part.voice else self.for_segment(segment)
        return engine, with_speed(voice, 1 / part.length_scale) if part.length_scale != 1.0 else voice


@dataclass(frozen=True, slots=True)
class Unit:
    """One thing an engine is asked to say: a whole plain sentence, or one part of a directed one."""

    ident: tuple[str, str]
    engine: Engine
    voice: Voice
    text: str
    display: str


def units(cast: Cast, segment: Segment) -> list[Unit]:
    """The takes ``segment`` needs: one for a plain sentence, one per part for a directed one."""
    if not segment.parts:
        engine, voice = cast.for_segment(segment)
        return [Unit((voice.name, segment.text), engine, voice, segment.text, segment.display)]
    found = []
    for part in segment.parts:
        engine, voice = cast.for_part(segment, part)
        name = voice.name if part.length_scale == 1.0 else f"{voice.name}@{part.length_scale:g}"
        found.append(Unit((name, part.text), engine, voice, part.text, part.display))
    return found


def speak_unit(unit: Unit) -> Audio:
    """Synthesize ``unit`` with its voice, then the voice's effects (a second voice made from the first)."""
    audio = unit.engine.synthesize(unit.text, unit.voice)
    if unit.voice.effects and audio.frames:
        from .voicefx import apply_effects

        audio = apply_effects(audio, unit.voice.effects)
    return audio


_SUM_CHUNK = b"arsm"
"""A RIFF chunk after the WAV's data: the SHA-256 of its PCM."""
_KEPT_MAGIC = b"ARKEEP01"
"""Ends a kept file: its bytes, then their SHA-256, then this."""


def wav_entry(audio: Audio) -> bytes:
    """``audio`` as a 16-bit mono WAV followed by a chunk holding the PCM's SHA-256."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(audio.sample_rate)
        w.writeframes(audio.pcm)
    data = bytearray(buf.getvalue())
    data += _SUM_CHUNK + struct.pack("<I", 32) + hashlib.sha256(audio.pcm).digest()
    data[4:8] = struct.pack("<I", len(data) - 8)
    return bytes(data)


def read_wav_entry(data: bytes) -> Audio | None:
    """The audio of a cache entry made by ``wav_entry``, or None when it is incomplete or damaged."""
    trailer = data[-40:]
    if len(data) < 84 or trailer[:8] != _SUM_CHUNK + struct.pack("<I", 32):
        return None
    try:
        with wave.open(io.BytesIO(data[:-40]), "rb") as w:
            if w.getsampwidth() != 2 or w.getnchannels() != 1:
                return None
            pcm = w.readframes(w.getnframes())
            rate = w.getframerate()
    except (EOFError, wave.Error, struct.error):
        return None
    if hashlib.sha256(pcm).digest() != trailer[8:]:
        return None
    return Audio(pcm, rate)


def kept_entry(data: bytes) -> bytes:
    """``data`` with its SHA-256 and a marker appended (a kept file as stored)."""
    return data + hashlib.sha256(data).digest() + _KEPT_MAGIC


def read_kept_entry(stored: bytes) -> bytes | None:
    """The bytes of a kept file made by ``kept_entry``, or None when incomplete or damaged."""
    if len(stored) <= 40 or not stored.endswith(_KEPT_MAGIC):
        return None
    data, digest = stored[:-40], stored[-40:-8]
    return data if hashlib.sha256(data).digest() == digest else None


class SegmentCache:
    """Content-addressed store of synthesized sentences (WAV files).

    It also keeps the few other things a run makes that the next run can
    reuse as they are (a generated cover). With no folder it keeps them in
    memory (tests, short runs).
    """

    def __init__(self, root: str | Path | None) -> None:
        self.root = Path(root) if root else None
        self._memory: dict[str, Audio] = {}
        self._made: dict[str, bytes] = {}

    def _path(self, key: str) -> Path | None:
        return self.root / key[:2] / f"{key}.wav" if self.root else None

    def get(self, key: str) -> Audio | None:
        """The cached audio for ``key``, or None (a damaged entry counts as missing)."""
        path = self._path(key)
        if path is None:
            return self._memory.get(key)
        try:
            return read_wav_entry(path.read_bytes())
        except OSError:
            return None

    def has(self, key: str) -> bool:
        """Whether ``key`` is stored whole (its checksum is verified)."""
        path = self._path(key)
        return key in self._memory if path is None else self.get(key) is not None

    def put(self, key: str, audio: Audio) -> None:
        """Store ``audio`` under ``key`` atomically; a failure only costs the cache."""
        path = self._path(key)
        if path is None:
            self._memory[key] = audio
            return
        _store(path, wav_entry(audio))

    def made(self, kind: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes ``make()`` returns for ``key``, made once and kept (``kind`` names a subfolder)."""
        if self.root is None:
            name = f"{kind}/{key}"
            if name not in self._made:
                self._made[name] = make()
            return self._made[name]
        path = self.root / kind / key
        try:
            kept = read_kept_entry(path.read_bytes())
        except OSError:
            kept = None
        if kept:
            return kept
        data = make()
        _store(path, kept_entry(data))
        return data


def _store(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; a failure only costs the cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
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


@dataclass(slots=True)
class Takes:
    """Where each spoken sentence's audio is: keys into the cache, loaded on demand.

    Holding keys instead of audio keeps memory flat however long the review.
    """

    cast: Cast
    cache: SegmentCache
    keys: dict[tuple[str, str], str] = field(default_factory=dict)
    fresh: set[str] = field(default_factory=set)
    """Keys synthesized in this run (the rest came from the cache)."""
    _pinned: dict[str, Audio] = field(default_factory=dict)
    _speaking: threading.Lock = field(default_factory=threading.Lock)

    def ident(self, segment: Segment) -> tuple[str, str]:
        """(voice name, spoken text): what makes two plain segments sound the same."""
        return (self.cast.for_segment(segment)[1].name, segment.text)

    def __contains__(self, segment: Segment) -> bool:
        return all(unit.ident in self.keys for unit in units(self.cast, segment))

    def audio_of(self, unit: Unit) -> Audio:
        """The audio of one unit (from memory, the cache, or spoken again when its entry is gone)."""
        key = self.keys[unit.ident]
        audio = self._pinned.get(key) or self.cache.get(key)
        if audio is None:
            # A damaged or vanished cache entry: speak it again (one version at a
            # time: the versions are rendered in threads, an engine is not).
            with self._speaking:
                audio = self._pinned.get(key) or self.cache.get(key)
                if audio is None:
                    audio = speak_unit(unit)
                    self.cache.put(key, audio)
                    self.pin(key, audio)
                    self.fresh.add(key)
        return audio

    def take(self, segment: Segment) -> Take:
        """The take for ``segment`` (its audio read back from the cache; a directed one's parts joined)."""
        found = units(self.cast, segment)
        if not segment.parts:
            return Take(segment, self.audio_of(found[0]), cached=self.keys[found[0].ident] not in self.fresh)
        from .parts import PartTake, join_parts

        pieces = [
            PartTake(self.audio_of(unit), gain_db=part.gain_db, pause_after_ms=part.pause_after_ms)
            for unit, part in zip(found, segment.parts, strict=True)
        ]
        audio, words = join_parts(pieces)
        cached = not any(self.keys[unit.ident] in self.fresh for unit in found)
        return Take(segment, audio, cached=cached, words=words)

    def counts(self, segments: Iterable[Segment]) -> SynthesisStats:
        """Of the distinct takes ``segments`` need: how many this run synthesized, how many came from the cache."""
        keys = {self.keys[unit.ident] for seg in segments for unit in units(self.cast, seg)}
        fresh = len(keys & self.fresh)
        return SynthesisStats(fresh, len(keys) - fresh)

    def pin(self, key: str, audio: Audio) -> None:
        """Keep ``audio`` in memory when the cache cannot hold it (a write failed)."""
        if not self.cache.has(key):
            self._pinned[key] = audio


def synthesize_all(
    segments: Iterable[Segment],
    cast: Cast,
    cache: SegmentCache,
    *,
    takes: Takes | None = None,
    on_take: Callable[[Segment, bool], None] | None = None,
) -> tuple[Takes, SynthesisStats]:
    """Speak every distinct (voice, text) not yet known; return where each take is."""
    takes = takes or Takes(cast, cache)
    synthesized = cached = 0
    for segment in segments:
        needed = [unit for unit in units(cast, segment) if unit.ident not in takes.keys]
        if not needed:
            continue
        hit = True
        for unit in needed:
            if unit.ident in takes.keys:  # said twice in one sentence
                continue
            key = cache_key(unit.engine, unit.voice, unit.text)
            if cache.has(key):
                cached += 1
            else:
                audio = _synthesize(unit, segment)
                cache.put(key, audio)
                takes.pin(key, audio)
                takes.fresh.add(key)
                synthesized += 1
                hit = False
            takes.keys[unit.ident] = key
        if on_take:
            on_take(segment, hit)
    return takes, SynthesisStats(synthesized, cached)


def _synthesize(unit: Unit, segment: Segment) -> Audio:
    name = unit.engine.name
    try:
        audio = speak_unit(unit)
    except AudioReviewError:
        raise
    except Exception as exc:  # an engine bug must not become a traceback
        raise EngineError(f"{name} failed on {(unit.display or segment.display)[:60]!r}: {exc}") from exc
    if audio.frames == 0:
        raise EngineError(f"{name} produced no audio for {(unit.display or segment.display)[:60]!r}")
    return audio


def working_rate(takes: Takes, segments: Sequence[Segment]) -> int:
    """The rate to assemble at: the highest any voice speaks at (Piper 22.05 kHz, gTTS 24 kHz)."""
    first: dict[str, Unit] = {}
    for seg in segments:
        for unit in units(takes.cast, seg):
            first.setdefault(unit.voice.name, unit)
    return max(takes.audio_of(unit).sample_rate for unit in first.values())
