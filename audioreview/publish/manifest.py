"""The production manifest (``<slug>/<slug>.json``): owned here, and only here.

A ``Manifest`` says what a production is (title, author, rating, language,
show, cover) and, per version, which files it holds and what they measure
(duration, size, loudness, chapters). It is written once, when a production
is made, and read back by the up-to-date check, the listening page, the
podcast feed, the batch runner and ``convert --json``: every one of them goes
through :func:`read_manifest` / :meth:`Manifest.from_json`, and no other
module touches the JSON keys.

Reading is strict about what the readers rely on (a title, at least one
version, plain file names inside the production folder, numbers where
numbers belong) and lenient about the rest, so a hand-edited manifest that
lacks, say, a loudness figure still publishes. Every problem is one
``PublishError`` naming the file and the key.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PublishError
from ..model import VERSIONS, Chapter, Loudness, Metadata, Production, Rating, Rendition, Timeline, Version
from .values import file_name

SCHEMA = 1
"""The manifest's layout version; a reader refuses a newer one."""


@dataclass(frozen=True, slots=True)
class ChapterEntry:
    """A chapter as the manifest stores it, in seconds."""

    title: str
    start_s: float
    end_s: float


@dataclass(frozen=True, slots=True)
class VersionEntry:
    """One version's files and measurements."""

    audio: str
    """The MP3's file name in the production folder."""
    duration_s: float
    bytes: int = 0
    loudness_lufs: float | None = None
    true_peak_dbtp: float | None = None
    chapters: tuple[ChapterEntry, ...] = ()
    captions: str | None = None
    """The WebVTT file's name."""
    transcript: str | None = None
    chapters_json: str | None = None
    sentences: int = 0
    captions_plain: str | None = None
    """The WebVTT file without word timestamps."""
    transcript_json: str | None = None
    """The Podcasting 2.0 JSON transcript's name."""
    words_engine: int = 0
    """Sentences whose word times came from the engine's phoneme durations..."""
    words_estimated: int = 0
    """...and those whose word times are estimated (gTTS, a failed alignment, word_timings off: 0 and 0)."""
    alignment_failures: int = 0
    """Engine sentences whose phoneme alignment failed and were estimated instead."""

    @classmethod
    def from_rendition(cls, r: Rendition) -> VersionEntry:
        """The entry for a version just rendered."""
        return cls(
            audio=r.audio,
            duration_s=round(r.duration_ms / 1000, 3),
            bytes=r.bytes,
            loudness_lufs=r.loudness.integrated_lufs,
            true_peak_dbtp=r.loudness.true_peak_dbtp,
            chapters=tuple(
                ChapterEntry(c.title, round(c.start_ms / 1000, 3), round(c.end_ms / 1000, 3))
                for c in r.timeline.chapters
            ),
            captions=r.captions,
            transcript=r.transcript,
            chapters_json=r.chapters_json,
            sentences=len(r.timeline.cues),
            captions_plain=r.captions_plain or None,
            transcript_json=r.transcript_json or None,
            words_engine=r.words_engine,
            words_estimated=r.words_estimated,
            alignment_failures=r.alignment_failures,
        )

    @property
    def files(self) -> tuple[str, ...]:
        """Every file this version names."""
        names = (self.audio, self.captions, self.captions_plain, self.transcript, self.transcript_json,
                 self.chapters_json)
        return tuple(n for n in names if n)

    def rendition(self, version: Version) -> Rendition:
        """The version as a ``Rendition`` (its timeline has chapters but no cues)."""
        duration = round(self.duration_s * 1000)
        chapters = tuple(Chapter(c.title, round(c.start_s * 1000), round(c.end_s * 1000)) for c in self.chapters)
        return Rendition(
            version=version,
            audio=self.audio,
            duration_ms=duration,
            bytes=self.bytes,
            loudness=Loudness(self.loudness_lufs or 0.0, self.true_peak_dbtp or 0.0),
            timeline=Timeline(duration, chapters, ()),
            captions=self.captions or "",
            transcript=self.transcript or "",
            chapters_json=self.chapters_json or "",
            cached=self.sentences,
            captions_plain=self.captions_plain or "",
            transcript_json=self.transcript_json or "",
            words_engine=self.words_engine,
            words_estimated=self.words_estimated,
            alignment_failures=self.alignment_failures,
        )

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-able data, keys in their written order."""
        return {
            "audio": self.audio,
            "duration_s": self.duration_s,
            "bytes": self.bytes,
            "loudness_lufs": self.loudness_lufs,
            "true_peak_dbtp": self.true_peak_dbtp,
            "chapters": [{"title": c.title, "start_s": c.start_s, "end_s": c.end_s} for c in self.chapters],
            "captions": self.captions,
            "captions_plain": self.captions_plain,
            "transcript": self.transcript,
            "transcript_json": self.transcript_json,
            "chapters_json": self.chapters_json,
            "sentences": self.sentences,
            "words_engine": self.words_engine,
            "words_estimated": self.words_estimated,
            "alignment_failures": self.alignment_failures,
        }


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a production is and what each of its versions holds."""

    title: str
    slug: str = ""
    author: str | None = None
    date: str | None = None
    """ISO 8601 date or date-time, as the review gave it."""
    url: str | None = None
    """The written review's address."""
    rating: Rating | None = None
    show: str = ""
    language: str = "en"
    image: str | None = None
    """The cover's file name in the production folder."""
    guid: str | None = None
    description: str | None = None
    generator: str = "audioreview"
    versions: Mapping[str, VersionEntry] = field(default_factory=dict)
    """Each version made, in publishing order (full, then short)."""
    fingerprint: str | None = None
    """What the production was made from, hashed (see ``fingerprint.py``)."""
    schema: int = SCHEMA

    @classmethod
    def for_production(
        cls,
        meta: Metadata,
        *,
        slug: str,
        show: str,
        image: str | None,
        renditions: Mapping[Version, Rendition] | Mapping[str, Rendition],
        generator: str = "audioreview",
        fingerprint: str | None = None,
        previous_guid: str | None = None,
    ) -> Manifest:
        """The manifest of a production just made from ``meta``.

        Its ``guid`` is the post's own identity, so a retitled or renamed post
        stays the same episode: ``previous_guid`` (what this production was
        already published as), else the feed entry's guid or the front
        matter's ``guid``/``id``, else the canonical URL, else the slug.
        """
        return cls(
            title=meta.title,
            slug=slug,
            author=meta.author,
            date=meta.date,
            url=meta.url,
            rating=meta.rating,
            show=meta.show or show,
            language=meta.language,
            image=image,
            guid=previous_guid or meta.guid or meta.url or slug,
            description=meta.description,
            generator=generator,
            versions={name: VersionEntry.from_rendition(r) for name, r in renditions.items()},
            fingerprint=fingerprint,
        )

    def version(self, name: str) -> VersionEntry | None:
        """The entry of version ``name``, or None when the production does not have it."""
        return self.versions.get(name)

    def ordered(self, order: tuple[str, ...] = VERSIONS) -> list[tuple[str, VersionEntry]]:
        """The versions present, in ``order``."""
        return [(v, self.versions[v]) for v in order if v in self.versions]

    @property
    def files(self) -> tuple[str, ...]:
        """Every file the manifest names (the cover, then each version's files)."""
        names = [self.image] if self.image else []
        for entry in self.versions.values():
            names.extend(entry.files)
        return tuple(names)

    def to_dict(self) -> dict[str, Any]:
        """The manifest as JSON-able data, keys in their written order."""
        rating = None
        if self.rating is not None:
            rating = {"value": self.rating.value, "scale": self.rating.scale, "text": self.rating.text}
        doc: dict[str, Any] = {
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "url": self.url,
            "rating": rating,
            "slug": self.slug,
            "show": self.show,
            "language": self.language,
            "image": self.image,
            "guid": self.guid,
            "description": self.description,
            "generator": self.generator,
            "versions": {name: entry.to_dict() for name, entry in self.versions.items()},
        }
        if self.fingerprint is not None:
            doc["fingerprint"] = self.fingerprint
        doc["schema"] = self.schema
        return doc

    def to_json(self) -> str:
        """The manifest file's text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, source: str = "manifest") -> Manifest:
        """Parse a manifest file's text; ``source`` names it in errors."""
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PublishError(f"{source}: invalid manifest JSON: {exc}") from exc
        return cls.from_dict(doc, source)

    @classmethod
    def from_dict(cls, doc: Any, source: str = "manifest") -> Manifest:
        """Check and convert parsed manifest data; one ``PublishError`` naming the key for any problem."""
        if not isinstance(doc, Mapping):
            raise PublishError(f"{source}: manifest is not a JSON object")
        schema = doc.get("schema", SCHEMA)
        if not isinstance(schema, int) or isinstance(schema, bool) or schema > SCHEMA:
            raise PublishError(f"{source}: manifest schema {schema!r} is newer than this audioreview reads ({SCHEMA})")
        title = doc.get("title")
        if not isinstance(title, str) or not title.strip():
            raise PublishError(f"{source}: manifest has no title")
        raw_versions = doc.get("versions")
        if not isinstance(raw_versions, Mapping):
            raise PublishError(f"{source}: manifest has no 'versions' table")
        if not raw_versions:
            raise PublishError(f"{source}: manifest has no versions")
        versions: dict[str, VersionEntry] = {}
        for name in raw_versions:
            if name not in VERSIONS:
                raise PublishError(f"{source}: unknown version {name!r} (known: {', '.join(VERSIONS)})")
        for name in VERSIONS:
            if name in raw_versions:
                versions[name] = _version(raw_versions[name], f"versions.{name}", source)
        image = doc.get("image")
        return cls(
            title=title,
            slug=_text(doc, "slug", source) or "",
            author=_text(doc, "author", source),
            date=_text(doc, "date", source),
            url=_text(doc, "url", source),
            rating=_rating(doc.get("rating")),
            show=_text(doc, "show", source) or "",
            language=_text(doc, "language", source) or "en",
            image=None if image is None else file_name(image, "image", source),
            guid=_text(doc, "guid", source),
            description=_text(doc, "description", source),
            generator=_text(doc, "generator", source) or "audioreview",
            versions=versions,
            fingerprint=_text(doc, "fingerprint", source),
            schema=schema,
        )


def manifest_path(folder: Path) -> Path:
    """Where the manifest of the production in ``folder`` lives: ``<folder>/<folder name>.json``."""
    return folder / f"{folder.name}.json"


def read_manifest(path: Path) -> Manifest:
    """Read and check the manifest at ``path``; a missing or broken one is one ``PublishError``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PublishError(f"{path}: manifest not found") from exc
    except OSError as exc:
        raise PublishError(f"{path}: cannot read manifest: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise PublishError(f"{path}: invalid manifest JSON: {exc}") from exc
    return Manifest.from_json(text, str(path))


def _text(doc: Mapping[str, Any], key: str, source: str) -> str | None:
    value = doc.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise PublishError(f"{source}: {key} must be text, not {type(value).__name__}")


def _number(value: Any, key: str, source: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PublishError(f"{source}: {key} is missing or not a number")
    return value


def _rating(value: Any) -> Rating | None:
    """The rating when it is one (value and scale numbers); anything else is no rating."""
    if not isinstance(value, Mapping):
        return None
    number, scale = value.get("value"), value.get("scale")
    if not isinstance(number, int | float) or not isinstance(scale, int | float) or isinstance(number, bool) or isinstance(scale, bool):
        return None
    text = value.get("text")
    return Rating(value=number, scale=scale, text=text if isinstance(text, str) else "")


def _version(data: Any, key: str, source: str) -> VersionEntry:
    if not isinstance(data, Mapping):
        raise PublishError(f"{source}: {key} is not a table")

    def optional_file(name: str) -> str | None:
        value = data.get(name)
        return None if value is None else file_name(value, f"{key}.{name}", source)

    def optional_number(name: str) -> float | None:
        value = data.get(name)
        return None if value is None else _number(value, f"{key}.{name}", source)

    chapters = data.get("chapters") or []
    try:
        entries = tuple(
            ChapterEntry(str(ch["title"]), float(ch["start_s"]), float(ch["end_s"] if "end_s" in ch else ch["start_s"]))
            for ch in chapters
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PublishError(f"{source}: chapters must be a list of {{title, start_s, end_s}}") from exc
    size = data.get("bytes", 0)
    sentences = data.get("sentences", 0)
    return VersionEntry(
        audio=file_name(data.get("audio"), f"{key}.audio", source),
        duration_s=_number(data.get("duration_s"), f"{key}.duration_s", source),
        bytes=int(_number(size, f"{key}.bytes", source)),
        loudness_lufs=optional_number("loudness_lufs"),
        true_peak_dbtp=optional_number("true_peak_dbtp"),
        chapters=entries,
        captions=optional_file("captions"),
        transcript=optional_file("transcript"),
        chapters_json=optional_file("chapters_json"),
        sentences=int(_number(sentences, f"{key}.sentences", source)),
        captions_plain=optional_file("captions_plain"),
        transcript_json=optional_file("transcript_json"),
        words_engine=int(_number(data.get("words_engine", 0), f"{key}.words_engine", source)),
        words_estimated=int(_number(data.get("words_estimated", 0), f"{key}.words_estimated", source)),
        alignment_failures=int(_number(data.get("alignment_failures", 0), f"{key}.alignment_failures", source)),
    )


def published_guid(folder: Path) -> str | None:
    """The guid the production in ``folder`` was already published under, if any (it never changes)."""
    try:
        return read_manifest(manifest_path(folder)).guid
    except PublishError:
        return None


def up_to_date(folder: Path, slug: str, fingerprint: str, names: Sequence[str]) -> Production | None:
    """The production already in ``folder`` when it matches ``fingerprint`` and is whole, else None."""
    path = folder / f"{slug}.json"
    try:
        manifest = read_manifest(path)
    except PublishError:
        return None
    if manifest.fingerprint != fingerprint or set(manifest.versions) != set(names):
        return None
    for entry in manifest.versions.values():
        try:
            if (folder / entry.audio).stat().st_size != entry.bytes:
                return None
        except OSError:
            return None
        sidecars = (entry.captions, entry.transcript, entry.chapters_json)
        if not all(name and (folder / name).is_file() for name in sidecars):
            return None
        if not all((folder / name).is_file() for name in (entry.captions_plain, entry.transcript_json) if name):
            return None
    meta = Metadata(title=manifest.title, author=manifest.author, date=manifest.date, url=manifest.url)
    renditions = tuple(entry.rendition(name) for name, entry in manifest.ordered())  # type: ignore[arg-type]
    return Production(meta=meta, slug=slug, folder=str(folder), renditions=renditions, manifest=str(path))
