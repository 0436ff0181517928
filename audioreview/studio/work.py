"""What the studio's screens ask of the library: a review's script, one sentence spoken, a render.

Everything here calls the library's own functions (``ingest.load``,
``pipeline.plan_text``, ``finish_plan`` and ``produce``, ``SegmentCache``,
``synthesize_all`` and the engines); the routes only turn requests into these
calls and their results into pages.

The script screen opens on the text work alone (no synthesis): the short
version's picks and its estimated length need a few real takes to time the
voice, so they are an ``Estimate`` computed in the background and fetched by
the page when ready.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..engines.base import Engine, Voice, cache_key
from ..errors import AudioReviewError, ConfigError, EngineUnavailable, FileError
from ..model import Review, Segment
from ..render.synthesize import SegmentCache
from ..settings import Settings
from .workspace import Workspace, one_line

if TYPE_CHECKING:
    from ..pipeline import Text
    from ..render.synthesize import Cast

KEY = re.compile(r"^[0-9a-f]{16,128}$")
"""What a take's cache key looks like (anything else is never read)."""
KINDS = ("respelling", "phonemes")
"""How a writer can say a word should sound: a respelling any engine reads, or phonemes (Piper)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One sentence of the script screen."""

    index: int
    chapter: str
    written: str
    spoken: str
    voice: str
    marked: bool
    framing: bool
    """An intro or outro line the studio adds (not a sentence of the review)."""


@dataclass(frozen=True, slots=True)
class ScriptView:
    """A review's full script as rows, from the text work alone (nothing is synthesized for it)."""

    text: Text
    rows: tuple[Row, ...]
    segments: tuple[Segment, ...]
    target_ms: int

    @property
    def review(self) -> Review:
        return self.text.review

    @property
    def phonemes(self) -> bool:
        """Whether every engine of the cast takes phonemes (the lexicon's ``[phonemes]`` then apply)."""
        cast = self.text.cast
        return all(getattr(engine, "takes_phonemes", False) for engine, _ in (cast.narrator, cast.host))


@dataclass(frozen=True, slots=True)
class Estimate:
    """The short version as the CLI would pick it, timed on real takes of the voice."""

    short: tuple[bool, ...]
    """For each row, whether the short version keeps it."""
    scores: tuple[float | None, ...]
    short_ms: int | None
    target_ms: int
    summary: tuple[str, ...] = ()
    """The author's summary sentences, when the front matter's ``summary:`` makes the short version."""
    error: str = ""

    def as_json(self) -> dict[str, object]:
        return {"state": "failed" if self.error else "ready", "short": list(self.short), "scores": list(self.scores),
                "short_ms": self.short_ms, "target_ms": self.target_ms, "summary": list(self.summary),
                "error": self.error}  # fmt: skip


def load_review(ws: Workspace, relative: str, settings: Settings) -> Review:
    """The review file, read by the library's own reader."""
    from ..ingest import load

    return load(str(ws.review_file(relative)), settings=settings)


def script_view(ws: Workspace, relative: str, settings: Settings) -> ScriptView:
    """The full script, each sentence with its chapter, spoken text and short-version mark."""
    return view_of(plan_text(load_review(ws, relative, settings), settings), settings)


def plan_text(review: Review, settings: Settings) -> Text:
    """The library's text work for ``review`` (cleaning, voices, the full script)."""
    from ..pipeline import plan_text as library_plan_text

    return library_plan_text(review, settings)


def view_of(text: Text, settings: Settings) -> ScriptView:
    """The rows of ``text``'s full script."""
    rows: list[Row] = []
    segments: list[Segment] = []
    for section in text.full.sections:
        for seg in section.segments:
            rows.append(Row(
                index=len(rows), chapter=section.title, written=seg.display, spoken=seg.text, voice=seg.voice_role,
                marked=seg.marked_short, framing=seg.block_index < 0,
            ))  # fmt: skip
            segments.append(seg)
    return ScriptView(text, tuple(rows), tuple(segments), int(settings.short_seconds * 1000))


def estimate(view: ScriptView, settings: Settings, cache: SegmentCache) -> Estimate:
    """Which sentences the short version keeps, and how long it lasts (synthesizes a few takes, once)."""
    from ..pipeline import finish_plan

    try:
        p = finish_plan(view.text, settings.replace(versions=("full", "short")), cache)
    except AudioReviewError as exc:
        none = tuple(False for _ in view.rows)
        return Estimate(none, tuple(None for _ in view.rows), None, view.target_ms, error=one_line(str(exc)))
    picked: dict[str, float | None] = {}
    summary: tuple[str, ...] = ()
    short_ms = None
    if p.short is not None:
        body = [s for s in p.short.segments if s.block_index >= 0 or s.score is not None]
        picked = {s.display: s.score for s in body if s.block_index >= 0}
        if view.review.meta.summary:
            summary = tuple(s.display for s in body if s.block_index < 0)
        if p.rate is not None:
            short_ms = sum(p.rate.estimate_ms(s.text) + s.pause_after_ms for s in p.short.segments)
    short = tuple(not row.framing and row.written in picked for row in view.rows)
    scores = tuple(picked.get(row.written) if keep else None for row, keep in zip(view.rows, short, strict=True))
    return Estimate(short, scores, short_ms, view.target_ms, summary)


@dataclass(frozen=True, slots=True)
class Said:
    """One sentence spoken: its take's cache key, whether it came from the cache, its length."""

    key: str
    cached: bool
    duration_ms: int
    spoken: str
    synth_ms: int = 0
    """How long the engine took (0 when the take came from the cache)."""


def say(cast: Cast, segment: Segment, cache: SegmentCache) -> Said:
    """Speak ``segment`` as a render would, from the cache when it is there (stored when not).

    A plain sentence is one take, served under its own cache key. A directed
    one (``Segment.parts``: emphasis, a second voice, pauses inside it) is a
    take per part, joined by the library as the render joins them; the
    joined audio is kept in the cache too, under a key made of its parts'.
    """
    from ..render.synthesize import Takes, synthesize_all, units

    found = units(cast, segment)
    keys = [cache_key(unit.engine, unit.voice, unit.text) for unit in found]
    key = keys[0] if not segment.parts else _joined_key(keys, segment)
    audio = cache.get(key)
    if audio is not None:
        return Said(key=key, cached=True, duration_ms=audio.duration_ms, spoken=segment.text)
    start = time.perf_counter()
    takes, _ = synthesize_all([segment], cast, cache, takes=Takes(cast, cache))
    audio = takes.take(segment).audio
    took = int((time.perf_counter() - start) * 1000)
    if segment.parts:
        cache.put(key, audio)
    return Said(key=key, cached=False, duration_ms=audio.duration_ms, spoken=segment.text, synth_ms=took)


def _joined_key(keys: list[str], segment: Segment) -> str:
    """The cache key of a directed sentence's joined take: its parts' keys, gains and pauses."""
    how = [(part.gain_db, part.pause_after_ms) for part in segment.parts]
    return hashlib.sha256(json.dumps(["studio joined take", keys, how]).encode()).hexdigest()


def fix_lexicon(word: str, sounds: str, kind: str) -> str:
    """A one-entry lexicon (TOML) saying ``word`` as ``sounds`` (a respelling or phonemes)."""
    from .edits import set_phonemes, set_word

    if kind not in KINDS:
        raise ConfigError(f"kind {kind!r}: choose respelling or phonemes")
    return set_phonemes("", word, sounds) if kind == "phonemes" else set_word("", word, sounds)


def voice_phonemes(engine: Engine, voice: Voice) -> frozenset[str] | None:
    """The phonemes ``voice`` knows (its ``.onnx.json`` phoneme_id_map), or None when its engine takes none."""
    if not getattr(engine, "takes_phonemes", False):
        return None
    from ..engines.piper import DEFAULT_MODEL, model_files

    try:
        _, config = model_files(str(voice.params.get("model", DEFAULT_MODEL)))
        known = json.loads(config.read_text(encoding="utf-8"))["phoneme_id_map"]
    except (OSError, ValueError, KeyError, TypeError, EngineUnavailable) as exc:
        raise ConfigError(f"cannot read the phonemes of voice {voice.name}: {exc}") from exc
    return frozenset(str(p) for p in known)


def check_phonemes(phonemes: str, voices: list[tuple[Engine, Voice]]) -> None:
    """ConfigError naming the symbols of ``phonemes`` that a voice cannot say (or a voice that takes none)."""
    for engine, voice in voices:
        known = voice_phonemes(engine, voice)
        if known is None:
            raise ConfigError(f"voice {voice.name} ({engine.name}) takes no phonemes: type a respelling instead")
        unknown = sorted({ch for ch in phonemes if ch not in known and not ch.isspace()})
        if unknown:
            sample = "".join(sorted(p for p in known if len(p) == 1 and not p.isascii()))[:40]
            raise ConfigError(
                f"voice {voice.name} has no phoneme {', '.join(repr(ch) for ch in unknown)}: "
                f"use espeak-ng IPA symbols it knows, such as {sample}"
            )


def changed_rows(before: ScriptView, after: ScriptView) -> list[int]:
    """The sentences whose spoken text differs between two plans of the same review."""
    if len(before.rows) != len(after.rows):
        return [row.index for row in after.rows]
    return [a.index for a, b in zip(after.rows, before.rows, strict=True) if a.spoken != b.spoken]


def take_path(cache: SegmentCache, key: str) -> Path | None:
    """The cached WAV of ``key`` when the key is well-formed and the take exists."""
    if not KEY.match(key) or cache.root is None:
        return None
    path = cache.root / key[:2] / f"{key}.wav"
    return path if path.is_file() else None


@dataclass
class Job:
    """One render of one review, running in a thread; the screen follows it by events or polling."""

    review: str
    steps: list[str] = field(default_factory=list)
    state: str = "running"
    """running, done or failed."""
    error: str = ""
    slug: str = ""
    done: int = 0
    """Sentences spoken so far (from the cache or the engine)."""
    total: int = 0
    """Sentences to speak (0 until known)."""
    version: int = 0
    """Goes up with every change, so a listener knows when to send an event."""
    started: float = field(default_factory=time.monotonic)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def note(self, step: str | None = None, *, done: int | None = None, total: int | None = None) -> None:
        """Record progress: a step the pipeline reported, or a count of sentences spoken."""
        with self._lock:
            if step is not None:
                self.steps.append(step)
            if done is not None:
                self.done = done
            if total is not None:
                self.total = total
            self.version += 1

    def finish(self, state: str, *, slug: str = "", error: str = "") -> None:
        """The render ended: done with its production's slug, or failed with a one-line error."""
        with self._lock:
            self.state, self.slug, self.error = state, slug, error
            self.version += 1

    @property
    def percent(self) -> int:
        """Progress: 5 % reading, up to 85 % speaking sentence by sentence, then rendering, 100 % done."""
        if self.state != "running":
            return 100
        if self.total:
            spoken = 5 + 80 * min(self.done, self.total) // self.total
            return min(95, spoken + 10 * any(s.startswith("rendering") for s in self.steps))
        return 5 if self.steps else 0

    def as_json(self) -> dict[str, object]:
        """What the screen shows of this render."""
        with self._lock:
            return {"state": self.state, "percent": self.percent, "steps": list(self.steps), "error": self.error,
                    "done": self.done, "total": self.total, "version": self.version,
                    "page": f"/out/{self.slug}/index.html" if self.slug else None}  # fmt: skip


class Renders:
    """The renders of this studio: one at a time per review (the CLI's folder locks hold across processes)."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def get(self, review: str) -> Job | None:
        """The latest render of ``review``, running or finished."""
        with self._lock:
            return self._jobs.get(review)

    def failures(self) -> dict[str, str]:
        """The one-line error of each review whose latest render failed."""
        with self._lock:
            return {name: job.error for name, job in self._jobs.items() if job.state == "failed"}

    def start(self, review: str, work: Callable[[Job], str]) -> Job:
        """Start ``work`` for ``review`` in a thread; FileError while one is running."""
        with self._lock:
            current = self._jobs.get(review)
            if current is not None and current.state == "running":
                raise FileError(f"{review}: a render of this review is already running")
            job = self._jobs[review] = Job(review)

        def run() -> None:
            try:
                job.finish("done", slug=work(job))
            except AudioReviewError as exc:
                job.finish("failed", error=one_line(str(exc)))
            except Exception as exc:  # noqa: BLE001  (shown on the screen, not lost in a thread)
                job.finish("failed", error=one_line(f"internal error: {type(exc).__name__}: {exc}"))

        threading.Thread(target=run, name=f"render {review}", daemon=True).start()
        return job


def render_review(ws: Workspace, relative: str, settings: Settings, job: Job) -> str:
    """Render ``relative`` as ``batch`` and ``convert`` do, reporting each sentence spoken.

    The takes are spoken first through ``synthesize_all`` (into the take cache,
    one progress step per sentence), then ``pipeline.produce`` finds them all
    cached and renders; it holds the production's folder lock, so a batch and
    the studio never write the same production at once.
    """
    from ..files import refuse_if_busy
    from ..fingerprint import production_fingerprint
    from ..pipeline import finish_plan, produce
    from ..publish.manifest import up_to_date
    from ..render.synthesize import synthesize_all
    from ..settings import check_versions
    from ..slugs import slug_for

    job.note("reading")
    review = load_review(ws, relative, settings)
    folder = Path(settings.output_dir) / slug_for(review)
    fresh = up_to_date(folder, slug_for(review), production_fingerprint(review, settings),
                       check_versions(settings.versions)) is None  # fmt: skip
    if fresh:
        refuse_if_busy(folder)  # a batch writing this production: say so now, not after speaking every sentence
        p = finish_plan(plan_text(review, settings), settings, SegmentCache(settings.cache_dir))
        names = check_versions(settings.versions)
        scripts = [s for s in (p.full if "full" in names else None, p.short) if s is not None]
        wanted = list({(s.voice_role, s.text): s for script in scripts for s in script.segments}.values())
        job.note(f"speaking {len(wanted)} sentences", done=0, total=len(wanted))
        count = 0

        def spoken(_segment: Segment, _hit: bool) -> None:
            nonlocal count
            count += 1
            job.note(done=count)

        synthesize_all(wanted, p.cast, SegmentCache(settings.cache_dir), on_take=spoken)
    production = produce(review, settings, progress=job.note)
    return production.slug
