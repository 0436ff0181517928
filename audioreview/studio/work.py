"""What the studio's screens ask of the library: a review's script, one sentence spoken, a render.

Everything here calls the library's own functions (``ingest.load``,
``pipeline.plan`` and ``produce``, ``SegmentCache`` and the engines); the
routes only turn requests into these calls and their results into pages.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..engines.base import cache_key
from ..errors import AudioReviewError, ConfigError, FileError
from ..model import Review, Segment
from ..render.synthesize import SegmentCache
from ..settings import Settings
from ..speech.lexicon import Lexicon
from .workspace import Workspace, one_line

KEY = re.compile(r"^[0-9a-f]{16,128}$")
"""What a take's cache key looks like (anything else is never read)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One sentence of the script screen."""

    index: int
    chapter: str
    written: str
    spoken: str
    voice: str
    short: bool
    marked: bool
    score: float | None


@dataclass(frozen=True, slots=True)
class ScriptView:
    """A review's full script as rows, and what the short version is estimated to last."""

    review: Review
    rows: tuple[Row, ...]
    segments: tuple[Segment, ...]
    short_ms: int | None
    target_ms: int


def load_review(ws: Workspace, relative: str, settings: Settings) -> Review:
    """The review file, read by the library's own reader."""
    from ..ingest import load

    return load(str(ws.review_file(relative)), settings=settings)


def script_view(ws: Workspace, relative: str, settings: Settings, cache: SegmentCache) -> ScriptView:
    """The full script with, for each sentence, whether the short version keeps it and its score."""
    from ..pipeline import plan

    review = load_review(ws, relative, settings)
    p = plan(review, settings.replace(versions=("full", "short")), cache=cache)
    picked: dict[str, float | None] = {}
    short_ms = None
    if p.short is not None:
        picked = {seg.display: seg.score for seg in p.short.segments if seg.block_index >= 0 or seg.score is not None}
        if p.rate is not None:
            short_ms = sum(p.rate.estimate_ms(s.text) + s.pause_after_ms for s in p.short.segments)
    rows: list[Row] = []
    for section in p.full.sections:
        for seg in section.segments:
            index = len(rows)
            rows.append(Row(
                index=index, chapter=section.title, written=seg.display, spoken=seg.text, voice=seg.voice_role,
                short=seg.display in picked, marked=seg.marked_short, score=picked.get(seg.display),
            ))  # fmt: skip
    return ScriptView(review, tuple(rows), p.full.segments, short_ms, int(settings.short_seconds * 1000))


@dataclass(frozen=True, slots=True)
class Said:
    """One sentence spoken: its take's cache key, whether it came from the cache, its length."""

    key: str
    cached: bool
    duration_ms: int
    spoken: str


def say(segment: Segment, text: str, settings: Settings, cache: SegmentCache) -> Said:
    """Speak ``text`` in ``segment``'s voice, from the cache when it is there (stored when not)."""
    from ..pipeline import cast_voices
    from ..values import primary_language

    cast = cast_voices(settings, primary_language(settings.language or "en"))
    engine, voice = cast.for_segment(segment)
    key = cache_key(engine, voice, text)
    audio = cache.get(key)
    cached = audio is not None
    if audio is None:
        audio = engine.synthesize(text, voice)
        cache.put(key, audio)
    return Said(key=key, cached=cached, duration_ms=audio.duration_ms, spoken=text)


def respell(spoken: str, word: str, sounds: str) -> str:
    """The sentence as spoken with ``word`` said as ``sounds`` (the lexicon's own matching)."""
    word, sounds = " ".join(word.split()), " ".join(sounds.split())
    if not word or not sounds:
        raise ConfigError("say which word to fix and how it should sound")
    return Lexicon(words=((word, sounds),), source="the fix").apply(spoken)


def mentions(rows: tuple[Row, ...], word: str) -> list[int]:
    """The sentences a fix of ``word`` changes."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return [row.index for row in rows if pattern.search(row.spoken) or pattern.search(row.written)]


def take_path(cache: SegmentCache, key: str) -> Path | None:
    """The cached WAV of ``key`` when the key is well-formed and the take exists."""
    if not KEY.match(key) or cache.root is None:
        return None
    path = cache.root / key[:2] / f"{key}.wav"
    return path if path.is_file() else None


@dataclass
class Job:
    """One render of one review, running in a thread; the screen polls it."""

    review: str
    steps: list[str] = field(default_factory=list)
    state: str = "running"
    """running, done or failed."""
    error: str = ""
    slug: str = ""
    started: float = field(default_factory=time.monotonic)

    @property
    def percent(self) -> int:
        """A rough progress figure from the stages the pipeline reported."""
        if self.state != "running":
            return 100
        marks = ("reading", "synthesizing", "synthesized", "rendering")
        return min(90, 10 + 20 * sum(any(s.startswith(m) for s in self.steps) for m in marks))


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
                job.slug = work(job)
                job.state = "done"
            except AudioReviewError as exc:
                job.error, job.state = one_line(str(exc)), "failed"
            except Exception as exc:  # noqa: BLE001  (shown on the screen, not lost in a thread)
                job.error, job.state = one_line(f"internal error: {type(exc).__name__}: {exc}"), "failed"

        threading.Thread(target=run, name=f"render {review}", daemon=True).start()
        return job


def render_review(ws: Workspace, relative: str, settings: Settings, job: Job) -> str:
    """Render ``relative`` with ``pipeline.produce`` (which holds the production's folder lock)."""
    from ..pipeline import produce

    review = load_review(ws, relative, settings)
    production = produce(review, settings, progress=job.steps.append)
    return production.slug
