"""Synthesis: every segment spoken once, through a content-addressed cache.

A segment's cache key covers the engine, its version and model, the voice
parameters and the exact spoken text, so re-running an unchanged review
synthesizes nothing, and editing one sentence re-synthesizes only that one.
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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
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
        """(voice name, spoken text): what makes two segments sound the same."""
        return (self.cast.for_segment(segment)[1].name, segment.text)

    def __contains__(self, segment: Segment) -> bool:
        return self.ident(segment) in self.keys

    def take(self, segment: Segment) -> Take:
        """The take for ``segment`` (its audio read back from the cache)."""
        key = self.keys[self.ident(segment)]
        audio = self._pinned.get(key) or self.cache.get(key)
        if audio is None:
            # A damaged or vanished cache entry: speak it again (one version at a
            # time: the versions are rendered in threads, an engine is not).
            with self._speaking:
                audio = self._pinned.get(key) or self.cache.get(key)
                if audio is None:
                    engine, voice = self.cast.for_segment(segment)
                    audio = engine.synthesize(segment.text, voice)
                    self.cache.put(key, audio)
                    self.pin(key, audio)
                    self.fresh.add(key)
        return Take(segment, audio, cached=key not in self.fresh)

    def counts(self, segments: Iterable[Segment]) -> SynthesisStats:
        """Of the distinct takes ``segments`` need: how many this run synthesized, how many came from the cache."""
        keys = {self.keys[self.ident(seg)] for seg in segments}
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
        ident = takes.ident(segment)
        if ident in takes.keys:
            continue
        engine, voice = cast.for_segment(segment)
        key = cache_key(engine, voice, segment.text)
        if cache.has(key):
            cached += 1
            hit = True
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
            takes.pin(key, audio)
            takes.fresh.add(key)
            synthesized += 1
            hit = False
        takes.keys[ident] = key
        if on_take:
            on_take(segment, hit)
    return takes, SynthesisStats(synthesized, cached)


def working_rate(takes: Takes, segments: Sequence[Segment]) -> int:
    """The rate to assemble at: the highest any voice speaks at (Piper 22.05 kHz, gTTS 24 kHz)."""
    first: dict[str, Segment] = {}
    for seg in segments:
        first.setdefault(takes.ident(seg)[0], seg)
    return max(takes.take(seg).audio.sample_rate for seg in first.values())
