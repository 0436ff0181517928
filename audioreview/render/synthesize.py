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

import contextlib
import hashlib
import io
import os
import struct
import tempfile
import threading
import wave
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..engines.base import Engine, SpeaksInParallel, TimesWords, Voice, cache_key, with_speed
from ..errors import AudioReviewError, EngineError
from ..model import Audio, Part, Segment, Take, Word, WordTiming
from ..speech.alignment import spoken_words
from .kept import MAGIC, copy_kept, store_file
from .lanes import lane_count, side_by_side
from .words import TakeWords, display_words, estimate_take, speak_timed


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
    return speak_unit_timed(unit, timed=False)[0]


def speak_unit_timed(unit: Unit, timed: bool = True) -> tuple[Audio, TakeWords | None]:
    """``speak_unit`` with the unit's word times when ``timed`` (the effects keep the length)."""
    audio, words = speak_timed(unit.engine, unit.voice, unit.text, timed)
    if unit.voice.effects and audio.frames:
        from .voicefx import apply_effects

        audio = apply_effects(audio, unit.voice.effects)
    return audio, words


_SUM_CHUNK = b"arsm"
"""A RIFF chunk after the WAV's data: the SHA-256 of its PCM."""
_KEPT_MAGIC = MAGIC
"""Ends a kept file: its bytes, then their SHA-256, then this (``render.kept`` streams the same layout)."""


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
        self._words: dict[str, TakeWords] = {}
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

    def _words_path(self, key: str) -> Path | None:
        return self.root / "words" / key[:2] / f"{key}.json" if self.root else None

    def get_words(self, key: str) -> TakeWords | None:
        """The word times kept with the take ``key``, or None (a damaged entry counts as missing)."""
        path = self._words_path(key)
        if path is None:
            return self._words.get(key)
        try:
            kept = read_kept_entry(path.read_bytes())
        except OSError:
            return None
        return TakeWords.from_json(kept) if kept else None

    def put_words(self, key: str, words: TakeWords) -> None:
        """Keep the word times of the take ``key`` beside its audio."""
        path = self._words_path(key)
        if path is None:
            self._words[key] = words
            return
        _store(path, kept_entry(words.to_json()))

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


    def made_file(self, kind: str, key: str, target: Path, make: Callable[[Path], bytes]) -> bytes:
        """A file made once and kept, however big: ``make(target)`` writes it and returns a one-line head.

        A kept copy is copied to ``target`` instead, and its head returned.
        Either way it passes through memory a block at a time (``render.kept``).
        """
        if self.root is None:
            name = f"{kind}/{key}"
            if name not in self._made:
                head = make(target)
                self._made[name] = head + b"\n" + target.read_bytes()
                return head
            head, _, body = self._made[name].partition(b"\n")
            target.write_bytes(body)
            return head
        path = self.root / kind / key
        kept = copy_kept(path, target)
        if kept is not None:
            return kept
        head = make(target)
        store_file(path, head, target)
        return head


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
    """How many sentences were synthesized and how many came from the cache, and how their words were timed."""

    synthesized: int
    cached: int
    words_engine: int = 0
    """Sentences whose words the engine timed..."""
    words_estimated: int = 0
    """...and those whose word times are estimated."""
    alignment_failures: int = 0
    """Engine sentences whose phoneme alignment failed (estimated instead)."""


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
    word_timings: bool = True
    """Whether takes carry word times."""
    _pinned: dict[str, Audio] = field(default_factory=dict)
    _pinned_words: dict[str, TakeWords] = field(default_factory=dict)
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
                    audio, words = speak_unit_timed(unit, self.word_timings)
                    self.keep(key, audio, words)
                    self.fresh.add(key)
        return audio

    def take(self, segment: Segment) -> Take:
        """The take for ``segment`` (its audio read back from the cache; a directed one's parts joined).

        With word timings, the take's words are the segment's displayed words, timed.
        """
        found = units(self.cast, segment)
        if not segment.parts:
            unit = found[0]
            audio = self.audio_of(unit)
            cached = self.keys[unit.ident] not in self.fresh
            if not self.word_timings:
                return Take(segment, audio, cached=cached)
            timed = self.words_of(self.keys[unit.ident], unit.text, audio)
            shown = display_words(segment, timed.words)
            return Take(segment, audio, cached=cached, words=shown, word_timing=timed.timing)
        from .parts import PartTake, join_parts

        pieces, timings = [], []
        for unit, part in zip(found, segment.parts, strict=True):
            audio = self.audio_of(unit)
            part_words = self.words_of(self.keys[unit.ident], unit.text, audio) if self.word_timings else None
            timings.append(part_words.timing if part_words else "estimated")
            words = part_words.words if part_words else ()
            pieces.append(PartTake(audio, gain_db=part.gain_db, pause_after_ms=part.pause_after_ms, words=words))
        audio, spoken = join_parts(pieces)
        cached = not any(self.keys[unit.ident] in self.fresh for unit in found)
        if not self.word_timings:
            return Take(segment, audio, cached=cached)
        timing: WordTiming = "engine" if all(t == "engine" for t in timings) else "estimated"
        shown = display_words(segment, _whole(spoken, segment.text, audio))
        return Take(segment, audio, cached=cached, words=shown, word_timing=timing)

    def words_of(self, key: str, text: str, audio: Audio) -> TakeWords:
        """The word times of take ``key`` (estimated now if the cache lost them)."""
        words = self._pinned_words.get(key) or self.cache.get_words(key)
        if words is None or len(words.words) != len(spoken_words(text)):
            words = TakeWords(estimate_take(text, audio), "estimated")
            self._pinned_words[key] = words
        return words

    def keep(self, key: str, audio: Audio, words: TakeWords | None) -> None:
        """Store a take just made (its word times too), pinning what the cache could not hold."""
        self.cache.put(key, audio)
        self.pin(key, audio)
        if words is not None:
            self.cache.put_words(key, words)
            if self.cache.get_words(key) is None:
                self._pinned_words[key] = words

    def counts(self, segments: Iterable[Segment]) -> SynthesisStats:
        """Of the distinct takes ``segments`` need: how many this run synthesized, how many came from the cache.

        With word timings, also how the sentences' words were timed (a directed
        sentence is timed by the engine when all its parts are).
        """
        segments = list(segments)
        keys = {self.keys[unit.ident] for seg in segments for unit in units(self.cast, seg)}
        fresh = len(keys & self.fresh)
        if not self.word_timings:
            return SynthesisStats(fresh, len(keys) - fresh)
        engine = estimated = failures = 0
        seen: set[tuple[str, ...]] = set()
        for seg in segments:
            own = tuple(self.keys[unit.ident] for unit in units(self.cast, seg))
            if own in seen:
                continue
            seen.add(own)
            timed = [self._pinned_words.get(key) or self.cache.get_words(key) for key in own]
            if all(t is not None and t.timing == "engine" for t in timed):
                engine += 1
            else:
                estimated += 1
            failures += sum(t.failures for t in timed if t is not None)
        return SynthesisStats(fresh, len(keys) - fresh, engine, estimated, failures)

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
    word_timings: bool = True,
) -> tuple[Takes, SynthesisStats]:
    """Speak every distinct (voice, text) not yet known; return where each take is.

    With ``word_timings`` every take also gets its word times, kept beside it.
    The takes to make are found first; an engine that speaks in parallel
    then speaks them on its lanes side by side (see ``lanes``), and each
    segment is recorded, and ``on_take`` called, in the segments' order once
    its own takes are made: the result is the same however many lanes spoke.
    """
    takes = takes or Takes(cast, cache, word_timings=word_timings)
    plan = _plan(segments, cast, takes)
    lanes = lane_count({id(job.unit.engine): job.unit.engine for job in plan.jobs}.values())
    serial = {id(job.unit.engine): threading.Lock() for job in plan.jobs}
    """An engine without lanes speaks one take at a time, even beside another's lanes."""

    def speak(job: _Job, lane: int) -> tuple[Audio, TakeWords | None]:
        engine = job.unit.engine
        if lanes > 1 and isinstance(engine, SpeaksInParallel):
            return _synthesize(replace(job.unit, engine=engine.lane(lane)), job.segment, takes.word_timings)
        with serial[id(engine)]:
            return _synthesize(job.unit, job.segment, takes.word_timings)

    made: set[str] = set()
    waiting = list(reversed(plan.segments))

    def record_ready() -> None:
        while waiting and all(key in made or key in waiting[-1].known for key in waiting[-1].keys.values()):
            ready = waiting.pop()
            takes.keys.update(ready.keys)
            if on_take:
                on_take(ready.segment, ready.hit)

    record_ready()
    with contextlib.closing(side_by_side(plan.jobs, lanes, speak)) as spoken:
        for index, (audio, words) in spoken:
            key = plan.jobs[index].key
            takes.keep(key, audio, words)
            takes.fresh.add(key)
            made.add(key)
            record_ready()
    return takes, SynthesisStats(len(plan.jobs), plan.cached)


@dataclass(frozen=True, slots=True)
class _Job:
    """One take to speak, and the segment it is for (named when the engine fails)."""

    unit: Unit
    key: str
    segment: Segment


@dataclass(frozen=True, slots=True)
class _Pending:
    """A segment with takes this run adds: the cache keys of its units, and whether all came from the cache."""

    segment: Segment
    keys: dict[tuple[str, str], str]
    known: frozenset[str]
    """Of its keys, those the cache already holds."""
    hit: bool


@dataclass(frozen=True, slots=True)
class _Plan:
    segments: list[_Pending]
    jobs: list[_Job]
    """The takes to speak, each once, in the order the segments first need them."""
    cached: int


def _plan(segments: Iterable[Segment], cast: Cast, takes: Takes) -> _Plan:
    """What ``synthesize_all`` must speak and what the cache already holds, segment by segment."""
    pending: list[_Pending] = []
    jobs: dict[str, _Job] = {}
    planned: set[tuple[str, str]] = set()
    cached = 0
    for segment in segments:
        needed = [unit for unit in units(cast, segment) if unit.ident not in takes.keys and unit.ident not in planned]
        if not needed:
            continue
        keys: dict[tuple[str, str], str] = {}
        known: set[str] = set()
        hit = True
        for unit in needed:
            if unit.ident in keys:  # said twice in one sentence
                continue
            key = keys[unit.ident] = cache_key(unit.engine, unit.voice, unit.text)
            if key in jobs:  # the same sound as a take already to be spoken (a voice under another name)
                cached += 1
            elif takes.cache.has(key) and _words_kept(takes, unit, key):
                cached += 1
                known.add(key)
            else:
                jobs[key] = _Job(unit, key, segment)
                hit = False
        planned.update(keys)
        pending.append(_Pending(segment, keys, frozenset(known), hit))
    return _Plan(pending, list(jobs.values()), cached)


def _synthesize(unit: Unit, segment: Segment, timed: bool) -> tuple[Audio, TakeWords | None]:
    name = unit.engine.name
    try:
        audio, words = speak_unit_timed(unit, timed)
    except AudioReviewError:
        raise
    except Exception as exc:  # an engine bug must not become a traceback
        raise EngineError(f"{name} failed on {(unit.display or segment.display)[:60]!r}: {exc}") from exc
    if audio.frames == 0:
        raise EngineError(f"{name} produced no audio for {(unit.display or segment.display)[:60]!r}")
    return audio, words


def _words_kept(takes: Takes, unit: Unit, key: str) -> bool:
    """Whether a cached take has what this run needs besides its audio.

    Its word times are kept beside it; when they are lost, an engine that
    times words speaks the take again, and for the others they are estimated
    from the cached audio.
    """
    if not takes.word_timings or takes.cache.get_words(key) is not None:
        return True
    if isinstance(unit.engine, TimesWords):
        return False
    audio = takes.cache.get(key)
    if audio is None:
        return False
    takes.cache.put_words(key, TakeWords(estimate_take(unit.text, audio), "estimated"))
    return True


def _whole(spoken: tuple[Word, ...], text: str, audio: Audio) -> tuple[Word, ...]:
    """A joined take's spoken words, or an estimate over it when the parts' words do not add up to the text's."""
    if len(spoken) == len(spoken_words(text)):
        return spoken
    return estimate_take(text, audio)


def working_rate(takes: Takes, segments: Sequence[Segment]) -> int:
    """The rate to assemble at: the highest any voice speaks at (Piper 22.05 kHz, gTTS 24 kHz)."""
    first: dict[str, Unit] = {}
    for seg in segments:
        for unit in units(takes.cast, seg):
            first.setdefault(unit.voice.name, unit)
    return max(takes.audio_of(unit).sample_rate for unit in first.values())
