"""The podcast RSS feed: every production in a folder as one episode each.

``render_feed`` is pure (manifests + feed config -> bytes); ``write_feed`` does
the I/O: it reads the manifests (never the MP3s, only their sizes), makes the
channel cover when none is configured, and replaces ``feed.xml`` atomically.
The same folder always gives the same bytes: item order, guids and
``lastBuildDate`` (the newest episode's date) all come from the manifests.
"""

from __future__ import annotations

import html
import logging
import re
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urljoin, urlsplit

from feedgen.feed import FeedGenerator

from ..errors import ConfigError, PublishError
from ..files import write_if_changed
from ..settings import CONFIG_NAME, Settings, check_podcast_table, podcast_flag
from ..slugs import version_title
from ..speech.script import INTRO_TITLE, OUTRO_TITLE
from ..version import generator
from .cover import write_cover
from .manifest import ChapterEntry, Manifest, manifest_path, read_manifest
from .podcast_ns import (
    EXTENSION_NAME,
    Person,
    PodcastIndexEntryExtension,
    PodcastIndexExtension,
    Soundbite,
    Transcript,
    category_problem,
)
from .values import clock, whole_seconds

log = logging.getLogger(__name__)

FEED_NAME = "feed.xml"
COVER_NAME = "cover.jpg"
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
MAX_DESCRIPTION_BYTES = 4000
VERSIONS = ("full", "short")

_ORIGIN = f"{CONFIG_NAME} [podcast]"


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """Channel-level settings, validated (from the ``[podcast]`` table)."""

    title: str
    description: str
    author: str
    owner_name: str
    owner_email: str | None = None
    """Contact for itunes:owner and podcast:locked; both are left out without it."""
    link: str | None = None
    """The show's website; the base URL when None."""
    category: str = "Arts"
    subcategory: str | None = None
    explicit: bool = False
    type: Literal["episodic", "serial"] = "episodic"
    image: str | None = None
    """Channel art: an http(s) URL, or a file name under the base URL; generated when None."""
    locked: bool = False
    language: str = "en"
    guid: str | None = None
    """podcast:guid; derived from the feed URL when None (set it to keep it when the feed moves)."""


@dataclass(frozen=True, slots=True)
class ManifestRecord:
    """A production's manifest plus what the disk says about its files."""

    manifest: Manifest
    folder: str
    """Name of the production folder (the URL path segment under the base URL)."""
    source: str
    """The manifest's path, for messages."""
    mtime: float
    """The manifest file's modification time (the date when the manifest has none)."""
    sizes: Mapping[str, int]
    """Size in bytes of each file the manifest names that exists in the folder."""


@dataclass(frozen=True, slots=True)
class _Episode:
    guid: str
    title: str
    link: str
    published: datetime
    audio_url: str
    length: int
    duration_s: int
    description: str
    content: str
    author: str | None
    image: str | None
    transcripts: tuple[Transcript, ...]
    chapters_url: str | None
    soundbite: Soundbite | None = None


# -- configuration -------------------------------------------------------------


def feed_config(settings: Settings, *, default_title: str = "Podcast") -> FeedConfig:
    """Validate ``settings.podcast`` and fill in defaults.

    The title is ``[podcast] title``, else the show name, else
    ``default_title`` (``write_feed`` passes the productions' own show name,
    or the site's host name).
    """
    table = check_podcast_table(settings.podcast, _ORIGIN)
    title = _text(table, "title") or settings.show_name or default_title
    description = _text(table, "description") or f"{title}: reviews, read aloud."
    if len(description.encode("utf-8")) > MAX_DESCRIPTION_BYTES:
        raise ConfigError(f"{_ORIGIN}: description is {len(description.encode('utf-8'))} bytes, "
                          f"Apple allows {MAX_DESCRIPTION_BYTES}")
    author = _text(table, "author") or title
    category = _text(table, "category") or "Arts"
    subcategory = _text(table, "subcategory")
    problem = category_problem(category, subcategory)
    if problem:
        raise ConfigError(f"{_ORIGIN}: {problem[0]}", hint=problem[1])
    email = _text(table, "owner_email")
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise ConfigError(f"{_ORIGIN}: owner_email {email!r} is not an email address")
    kind = _text(table, "type") or "episodic"
    if kind not in ("episodic", "serial"):
        raise ConfigError(f"{_ORIGIN}: type {kind!r} must be 'episodic' or 'serial'")
    link = _text(table, "link")
    if link is not None:
        _check_http_url(link, "link")
    image = _text(table, "image")
    if image is not None:
        if "://" in image:
            _check_http_url(image, "image")
        if not urlsplit(image).path.lower().endswith((".jpg", ".jpeg", ".png")):
            raise ConfigError(f"{_ORIGIN}: image {image!r} must be a .jpg, .jpeg or .png file")
    return FeedConfig(
        title=title,
        description=description,
        author=author,
        owner_name=_text(table, "owner_name") or author,
        owner_email=email,
        link=link,
        category=category,
        subcategory=subcategory,
        explicit=podcast_flag(table.get("explicit", False), "explicit", _ORIGIN),
        type="serial" if kind == "serial" else "episodic",
        image=image,
        locked=podcast_flag(table.get("locked", False), "locked", _ORIGIN),
        language=_text(table, "language") or settings.language or "en",
        guid=_text(table, "guid"),
    )


def _text(table: Mapping[str, Any], key: str) -> str | None:
    """A text value of the (already type-checked) table, whitespace tidied."""
    value = table.get(key)
    if value is None:
        return None
    return " ".join(value.split()) if key != "description" else value.strip() or None


def _check_http_url(url: str, what: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{_ORIGIN}: {what} {url!r} must be an http or https URL")


def normalize_base_url(base_url: str) -> str:
    """Check that ``base_url`` is an http(s) URL and give it one trailing slash."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"base URL {base_url!r} must be an http or https URL")
    if parts.query or parts.fragment:
        raise ConfigError(f"base URL {base_url!r} must not have a query or fragment")
    return base_url.strip().rstrip("/") + "/"


def podcast_guid(feed_url: str) -> str:
    """The Podcasting 2.0 ``podcast:guid``: UUIDv5 of the feed URL without scheme and trailing slashes."""
    bare = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", feed_url.strip()).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def channel_image_url(config: FeedConfig, base_url: str) -> str | None:
    """The configured channel image as an absolute URL (None: generate one)."""
    if config.image is None:
        return None
    return urljoin(normalize_base_url(base_url), config.image)


# -- rendering -----------------------------------------------------------------


def render_feed(
    records: Sequence[ManifestRecord],
    config: FeedConfig,
    *,
    base_url: str,
    image_url: str,
    version: str = "full",
) -> bytes:
    """Render the RSS 2.0 podcast feed (UTF-8 bytes) for one version of every production.

    Productions without that version are left out; items are sorted newest
    first. ``image_url`` is the channel art's absolute URL.
    """
    if version not in VERSIONS:
        raise ConfigError(f"version {version!r} must be one of {', '.join(VERSIONS)}")
    base = normalize_base_url(base_url)
    feed_url = base + FEED_NAME
    episodes = [ep for ep in (_writable_episode(r, base, version) for r in records) if ep is not None]
    episodes.sort(key=lambda ep: (ep.published, ep.guid), reverse=True)
    link = config.link or base

    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension(EXTENSION_NAME, PodcastIndexExtension, PodcastIndexEntryExtension, atom=False)
    fg.title(config.title)
    fg.description(config.description)
    fg.link(href=feed_url, rel="self", type="application/rss+xml")
    fg.link(href=link, rel="alternate")
    fg.language(config.language)
    fg.generator(generator())
    fg.image(url=image_url, title=config.title, link=link)
    fg.podcast.itunes_author(config.author)
    fg.podcast.itunes_category({"cat": config.category, **({"sub": config.subcategory} if config.subcategory else {})})
    if config.owner_email:
        fg.podcast.itunes_owner(name=config.owner_name, email=config.owner_email)
    fg.podcast.itunes_type(config.type)
    channel: PodcastIndexExtension = getattr(fg, EXTENSION_NAME)
    channel.image = image_url
    channel.explicit = config.explicit
    channel.locked = config.locked
    channel.locked_owner = config.owner_email
    channel.guid = config.guid or podcast_guid(feed_url)
    if episodes:
        fg.lastBuildDate(episodes[0].published)
    else:
        channel.drop_last_build_date = True

    for ep in episodes:
        fe = fg.add_entry(order="append")
        fe.title(ep.title)
        fe.guid(ep.guid, permalink=False)
        fe.link(href=ep.link)
        fe.description(ep.description)
        fe.content(ep.content, type="CDATA")
        fe.enclosure(ep.audio_url, str(ep.length), "audio/mpeg")
        fe.pubDate(ep.published)
        fe.podcast.itunes_duration(ep.duration_s)
        fe.podcast.itunes_episode_type("full")
        if ep.author:
            fe.podcast.itunes_author(ep.author)
        item: PodcastIndexEntryExtension = getattr(fe, EXTENSION_NAME)
        item.image = ep.image
        item.transcripts = list(ep.transcripts)
        item.chapters = ep.chapters_url
        item.soundbites = [ep.soundbite] if ep.soundbite else []
        item.persons = [Person(ep.author)] if ep.author else []
    data: bytes = fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return data


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold."""


def _xml_problem(ep: _Episode) -> str | None:
    """The first field of ``ep`` holding a character XML cannot hold, described; None when all can."""
    texts: list[tuple[str, Any]] = [(name, getattr(ep, name)) for name in _Episode.__dataclass_fields__]
    texts += [("transcript", t.url) for t in ep.transcripts]
    for name, value in texts:
        if isinstance(value, str) and (bad := _NOT_XML.search(value)):
            return f"its {name} holds the control character U+{ord(bad.group()):04X}, which XML cannot hold"
    return None


def _writable_episode(record: ManifestRecord, base: str, version: str) -> _Episode | None:
    """The episode for ``record``, or None (with a warning naming it) when it cannot go into the feed."""
    try:
        ep = _episode(record, base, version)
    except PublishError as exc:
        log.warning("left out of the feed: %s", exc.message)
        return None
    problem = _xml_problem(ep) if ep is not None else None
    if problem:
        log.warning("%s: left out of the feed: %s", record.source, problem)
        return None
    return ep


def _episode(record: ManifestRecord, base: str, version: str) -> _Episode | None:
    m, source = record.manifest, record.source
    data = m.version(version)
    if data is None:
        return None
    folder_url = base + quote(record.folder) + "/"

    def url(name: str) -> str:
        return folder_url + quote(name)

    if data.audio not in record.sizes:
        raise PublishError(f"{source}: audio file {data.audio!r} is missing from {record.folder}/")

    def present(name: str | None) -> str | None:
        """The URL of a named file when it exists, else None."""
        return url(name) if name is not None and name in record.sizes else None

    # The plain text first and the timed captions last: feedparser (and the apps built on it)
    # keeps only an item's last podcast:transcript, so the best one must come last; readers of
    # the whole list (podcast-partytime, Apple) pick by type and rel, whatever the order. The
    # word times go in the JSON transcript; the captions listed are the WebVTT without word
    # timestamps when there is one, since apps parse captions with their own readers.
    captions = data.captions_plain if present(data.captions_plain) else data.captions
    transcripts = [
        Transcript(link, mime, rel, m.language)
        for name, mime, rel in ((data.transcript, "text/plain", None), (data.transcript_json, "application/json", None),
                                (captions, "text/vtt", "captions"))
        if (link := present(name)) is not None
    ]
    image = present(m.image)
    if image is not None and not image.lower().endswith((".jpg", ".jpeg", ".png")):
        image = None
    chapters = [(ch.start_s, ch.title) for ch in data.chapters]
    return _Episode(
        guid=f"{m.guid or m.slug or record.folder}#{version}",
        title=version_title(m.title.strip(), version),
        link=m.url or folder_url,
        published=_published(m.date, record.mtime, source),
        audio_url=url(data.audio),
        length=record.sizes[data.audio],
        duration_s=whole_seconds(data.duration_s),
        description=_truncate_utf8(show_notes_text(m, chapters, m.url), MAX_DESCRIPTION_BYTES),
        content=show_notes_html(m, chapters, m.url),
        author=m.author,
        image=image,
        transcripts=tuple(transcripts),
        chapters_url=present(data.chapters_json),
        soundbite=verdict_soundbite(data.chapters, data.duration_s),
    )


SOUNDBITE_MIN_S = 15.0
SOUNDBITE_MAX_S = 120.0
"""The soundbite lengths the Podcasting 2.0 namespace recommends."""


def verdict_soundbite(chapters: Sequence[ChapterEntry], duration_s: float) -> Soundbite | None:
    """The verdict as a ``podcast:soundbite``: its chapter, held to 15-120 s and inside the episode.

    The verdict is the chapter named for it (a "Verdict" heading or the
    section the review's verdict starts), else the last chapter before the
    outro. A verdict shorter than 15 s runs on into what follows (or starts
    earlier near the end); one longer than 120 s is cut at 120 s. None when
    the episode itself is under 15 s or has no such chapter.
    """
    if duration_s < SOUNDBITE_MIN_S:
        return None
    body = [ch for ch in chapters if ch.title not in (INTRO_TITLE, OUTRO_TITLE)]
    named = [ch for ch in body if "verdict" in ch.title.lower()]
    chosen = named[-1] if named else (body[-1] if body else None)
    if chosen is None:
        return None
    length = min(SOUNDBITE_MAX_S, max(SOUNDBITE_MIN_S, chosen.end_s - chosen.start_s))
    start = max(0.0, min(chosen.start_s, duration_s - length))
    length = min(length, duration_s - start)
    return Soundbite(round(start, 3), round(length, 3), chosen.title)


def _published(date: str | None, mtime: float, source: str) -> datetime:
    if not date:
        return datetime.fromtimestamp(int(mtime), UTC)
    try:
        parsed = datetime.fromisoformat(str(date))
    except ValueError as exc:
        raise PublishError(f"{source}: date {date!r} is not an ISO 8601 date") from exc
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def _rating_text(manifest: Manifest) -> str | None:
    rating = manifest.rating
    if rating is None:
        return None
    return rating.text or f"{float(rating.value):g}/{float(rating.scale):g}"


def show_notes_text(manifest: Manifest, chapters: Sequence[tuple[float, str]], post: str | None) -> str:
    """Plain-text show notes: summary, rating, author, the post link and the chapter list."""
    lines = [(manifest.description or manifest.title).strip()]
    facts = []
    if rating := _rating_text(manifest):
        facts.append(f"Rating: {rating}.")
    if manifest.author:
        facts.append(f"Review by {manifest.author}.")
    if facts:
        lines.append(" ".join(facts))
    if post:
        lines.append(f"Read the review: {post}")
    if chapters:
        lines.append("Chapters:\n" + "\n".join(f"({clock(start)}) {title}" for start, title in chapters))
    return "\n\n".join(line for line in lines if line)


def show_notes_html(manifest: Manifest, chapters: Sequence[tuple[float, str]], post: str | None) -> str:
    """HTML show notes for ``content:encoded`` (escaped; tags Apple accepts: p, a, ul, li, strong)."""
    esc = html.escape
    parts = [f"<p>{esc((manifest.description or manifest.title).strip())}</p>"]
    facts = []
    if rating := _rating_text(manifest):
        facts.append(f"Rating: <strong>{esc(rating)}</strong>")
    if manifest.author:
        facts.append(f"Review by {esc(manifest.author)}")
    if facts:
        parts.append(f"<p>{' · '.join(facts)}</p>")
    if post:
        parts.append(f'<p><a href="{esc(post)}">Read the full review</a></p>')
    if chapters:
        items = "".join(f"<li>({clock(start)}) {esc(title)}</li>" for start, title in chapters)
        parts.append(f"<p>Chapters:</p><ul>{items}</ul>")
    return "".join(parts)


def _truncate_utf8(text: str, limit: int) -> str:
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[: limit - 3].decode("utf-8", errors="ignore")
    return cut.rsplit(" ", 1)[0].rstrip() + "…"


# -- I/O -----------------------------------------------------------------------


def read_manifests(folder: Path) -> list[ManifestRecord]:
    """Read every ``<slug>/<slug>.json`` manifest under ``folder`` (sorted by folder name).

    Hidden folders (the private ``.audioreview/``, a killed run's ``.tmp-``
    staging folders) are never productions.
    """
    records = []
    for path in sorted(folder.glob("*/*.json")):
        if path != manifest_path(path.parent) or path.parent.name.startswith("."):
            continue
        manifest = read_manifest(path)
        try:
            mtime = path.stat().st_mtime
        except OSError as exc:
            raise PublishError(f"{path}: cannot read manifest: {exc.strerror or exc}") from exc
        records.append(ManifestRecord(manifest, path.parent.name, str(path), mtime, _sizes(path.parent, manifest)))
    return records


def _sizes(production: Path, manifest: Manifest) -> dict[str, int]:
    sizes = {}
    for name in manifest.files:
        try:
            sizes[name] = (production / name).stat().st_size
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise PublishError(f"{production / name}: cannot read: {exc.strerror or exc}") from exc
    return sizes


def _site_name(records: Sequence[ManifestRecord], base: str) -> str:
    """A title for a feed nobody named: the show its productions name most, else the site's host."""
    shows = Counter(r.manifest.show for r in records if r.manifest.show)
    if shows:
        return sorted(shows.items(), key=lambda item: (-item[1], item[0]))[0][0]
    host = urlsplit(base).hostname or "Podcast"
    return host.removeprefix("www.")


def write_feed(folder: Path, *, base_url: str, settings: Settings, version: str = "full") -> Path:
    """Write ``folder/feed.xml`` for every production in ``folder``; returns its path.

    ``base_url`` is where ``folder`` is published (the feed URL is
    ``base_url + "feed.xml"``). Without ``[podcast] image`` a channel cover is
    generated into ``folder/cover.jpg``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise PublishError(f"{folder}: not a folder")
    base = normalize_base_url(base_url)
    records = read_manifests(folder)
    config = feed_config(settings, default_title=_site_name(records, base))
    image_url = channel_image_url(config, base)
    if image_url is None:
        label = config.author if config.author != config.title else "Podcast"
        write_cover(folder / COVER_NAME, label, config.title, None)
        image_url = base + COVER_NAME
    data = render_feed(records, config, base_url=base, image_url=image_url, version=version)
    return write_if_changed(folder / FEED_NAME, data)
