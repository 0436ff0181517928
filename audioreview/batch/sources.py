"""Where a batch's entries come from: a feed (file or URL), a folder of posts, or a list of URLs.

``collect`` reads the source and returns entries plus the problems met on the
way (an entry with no content, a post with broken front matter, a page that
cannot be fetched): one bad entry never stops the others. It fetches pages
(URL lists, ``fetch_full``) so their digests reflect what they say, but it
loads no speech engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..errors import AudioReviewError, IngestError, LimitExceeded
from ..ingest.detect import format_from_name, is_url
from ..ingest.feed import FeedItem, looks_like_feed, parse_feed
from ..settings import Settings
from .entries import Entry, EntryProblem, digest_of, fallback_key, item_digest, review_digest
from .frontmatter import front_matter_data, strip_audio

POST_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".html", ".htm")
SKIPPED_NAMES = frozenset({"_index.md", "_index.markdown", "_index.html"})
SKIPPED_DIRS = frozenset({"_drafts", "node_modules"})
FETCH_THREADS = 8

Fetcher = Callable[[str], tuple[bytes, str | None, str]]
"""url -> (bytes, charset, reader format); raises FetchError."""


@dataclass(frozen=True, slots=True)
class Collected:
    """A source's entries, in source order, and the problems met while reading it."""

    kind: str
    """"feed", "folder" or "urls"."""
    entries: tuple[Entry, ...]
    problems: tuple[EntryProblem, ...]
    site_name: str | None = None
    """The feed's own title: the show name when none is configured."""


def _read_file(path: Path, limit: int) -> bytes:
    try:
        if path.stat().st_size > limit:
            raise LimitExceeded(f"{path}: file is over the {limit}-byte limit")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError(f"{path}: file not found") from exc
    except OSError as exc:
        raise IngestError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def default_fetcher(settings: Settings) -> Fetcher:
    """Fetch with ``ingest.fetch`` (private addresses refused unless allowed, timeouts, size cap)."""
    from ..ingest.detect import format_from_content_type, sniff_format
    from ..ingest.fetch import fetch_url

    def fetch(url: str) -> tuple[bytes, str | None, str]:
        got = fetch_url(url, settings)
        return got.data, got.charset, format_from_content_type(got.content_type) or sniff_format(got.data)

    return fetch


def collect(
    source: str,
    settings: Settings,
    *,
    fetch_full: bool = False,
    fetcher: Fetcher | None = None,
    exclude: Path | None = None,
) -> Collected:
    """Read ``source`` (feed file or URL, folder of posts, or text file of URLs) into entries.

    ``exclude`` is a folder left out of a folder scan (the output folder, when
    it sits inside the content). Raises IngestError when the source itself
    cannot be read (missing file, malformed feed, no entries); per-entry
    trouble goes into ``problems``.
    """
    fetch = fetcher or default_fetcher(settings)
    if is_url(source):
        data, _charset, _fmt = fetch(source)
        if not looks_like_feed(data):
            raise IngestError(f"{source}: not an RSS or Atom feed")
        return _from_feed(data, source, settings, fetch_full=fetch_full, fetch=fetch)
    path = Path(source)
    if path.is_dir():
        return _from_folder(path, settings, exclude)
    data = _read_file(path, settings.fetch_max_bytes)
    if looks_like_feed(data):
        return _from_feed(data, source, settings, fetch_full=fetch_full, fetch=fetch)
    return _from_url_list(data, source, settings, fetch=fetch)


# --- feeds -------------------------------------------------------------------


def link_stem(link: str | None) -> str | None:
    """The name a post's address gives it: ``.../reviews/quiet-harbour.html`` -> ``quiet-harbour``."""
    if not link:
        return None
    parts = [part for part in urlsplit(link).path.split("/") if part]
    while parts and parts[-1].lower().split(".")[0] in ("index", "default"):
        parts.pop()
    return parts[-1].rsplit(".", 1)[0] if parts else None


def feed_entry(item: FeedItem, feed_name: str, index: int) -> Entry | EntryProblem:
    """One feed item as an Entry (or a problem when it has nothing to say)."""
    key = item.id or item.link or fallback_key(item.title or "", item.content)
    title = item.title or (item.link or f"entry {index}")
    if not item.content.strip():
        return EntryProblem(key, title, "no content or summary")
    return Entry(
        key=key,
        title=title,
        slug_hint=item.title or link_stem(item.link) or title,
        source=f"{feed_name}#{index}",
        digest=item_digest(item),
        item=item,
        published=item.published,
        link=item.link,
    )


def _fetch_page(entry: Entry, settings: Settings, fetch: Fetcher) -> Entry | EntryProblem:
    """``entry`` with its linked page read in place of the feed's summary."""
    from dataclasses import replace

    from ..ingest import read_review_bytes
    from ..ingest.feed import with_item_metadata

    if entry.item is None or not entry.link:
        return entry
    try:
        data, charset, fmt = fetch(entry.link)
        review = read_review_bytes(data, name=entry.link, fmt=fmt if fmt != "url" else "html", charset=charset)
    except AudioReviewError as exc:
        return EntryProblem(entry.key, entry.title, f"cannot fetch the full text: {exc}")
    review = with_item_metadata(review, entry.item)
    return replace(entry, review=review, digest=review_digest(review))


def _from_feed(data: bytes, name: str, settings: Settings, *, fetch_full: bool, fetch: Fetcher) -> Collected:
    feed = parse_feed(data, name=name)
    entries: list[Entry] = []
    problems: list[EntryProblem] = []
    for index, item in enumerate(feed.items, 1):
        made = feed_entry(item, name, index)
        (problems if isinstance(made, EntryProblem) else entries).append(made)  # type: ignore[arg-type]
    if fetch_full:
        wanting = [e for e in entries if e.item is not None and not e.item.full and e.link]
        fetched = dict(zip((e.key for e in wanting), _threaded(lambda e: _fetch_page(e, settings, fetch), wanting), strict=True))
        merged: list[Entry] = []
        for entry in entries:
            got = fetched.get(entry.key, entry)
            if isinstance(got, EntryProblem):
                problems.append(got)
            else:
                merged.append(got)
        entries = merged
    return Collected("feed", tuple(entries), tuple(problems), site_name=" ".join((feed.title or "").split()) or None)


def _threaded(fn: Callable[[Entry], Entry | EntryProblem], entries: Sequence[Entry]) -> list[Entry | EntryProblem]:
    if not entries:
        return []
    with ThreadPoolExecutor(max_workers=min(FETCH_THREADS, len(entries))) as pool:
        return list(pool.map(fn, entries))


# --- folders of posts ----------------------------------------------------------


def post_files(root: Path, exclude: Path | None = None) -> list[Path]:
    """Markdown and HTML posts under ``root``, sorted.

    Left out: section indexes (``_index.md``), ``_drafts``, dot-files and
    dot-folders, and ``exclude`` (with everything under it).
    """
    skip = exclude.resolve() if exclude is not None else None
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in rel.parts):
            continue
        if skip is not None and (path.resolve() == skip or skip in path.resolve().parents):
            continue
        if path.is_file() and path.suffix.lower() in POST_SUFFIXES and path.name not in SKIPPED_NAMES:
            found.append(path)
    return found


def is_draft(data: dict[str, object]) -> bool:
    """Hugo's ``draft: true`` or Jekyll's ``published: false``."""
    return data.get("draft") is True or data.get("published") is False


def post_entry(path: Path, root: Path, settings: Settings) -> Entry | EntryProblem | None:
    """One post file as an Entry; None for a draft."""
    from ..values import parse_date

    rel = path.relative_to(root).as_posix()
    stem = path.parent.name if path.stem in ("index", "_index") and path.parent != root else path.stem
    try:
        raw = _read_file(path, settings.max_input_bytes)
    except AudioReviewError as exc:
        return EntryProblem(rel, stem, str(exc))
    fmt = format_from_name(path.name) or "md"
    if fmt != "md":
        return Entry(key=rel, title=stem, slug_hint=stem, source=str(path), digest=digest_of(fmt, raw), content=raw, fmt=fmt, path=str(path))
    text = raw.decode("utf-8", "replace")
    try:
        data = front_matter_data(text)
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return EntryProblem(rel, stem, f"{path}: invalid YAML front matter: {first}")
    if is_draft(data):
        return None
    key = str(data.get("guid") or data.get("id") or rel)
    title = " ".join(str(data.get("title") or stem).split())
    return Entry(
        key=key,
        title=title,
        slug_hint=str(data.get("slug") or stem),
        source=str(path),
        digest=digest_of("md", strip_audio(text)),
        content=raw,
        fmt="md",
        published=parse_date(data.get("date")),
        link=str(data["url"]) if data.get("url") else None,
        path=str(path),
    )


def _from_folder(root: Path, settings: Settings, exclude: Path | None) -> Collected:
    entries: list[Entry] = []
    problems: list[EntryProblem] = []
    for path in post_files(root, exclude):
        made = post_entry(path, root, settings)
        if isinstance(made, EntryProblem):
            problems.append(made)
        elif made is not None:
            entries.append(made)
    if not entries and not problems:
        raise IngestError(f"{root}: no posts found (Markdown or HTML files, drafts left out)")
    return Collected("folder", tuple(entries), tuple(problems))


# --- lists of URLs ---------------------------------------------------------------


def url_lines(text: str, *, name: str) -> tuple[list[str], list[EntryProblem]]:
    """The URLs in a list (one per line; blank lines and ``#`` comments ignored) and the bad lines.

    Raises IngestError when no line holds a URL: that is not a list of URLs at all.
    """
    urls: list[str] = []
    problems: list[EntryProblem] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if is_url(stripped) and not any(c.isspace() for c in stripped):
            urls.append(stripped)
        else:
            problems.append(EntryProblem(f"{name}:{number}", stripped[:80], f"line {number} is not an http(s) URL"))
    if not urls:
        raise IngestError(f"{name}: no URLs listed (nor is it an RSS or Atom feed)")
    return urls, problems


def _page_entry(url: str, fetch: Fetcher) -> Entry | EntryProblem:
    from ..ingest import read_review_bytes

    try:
        data, charset, fmt = fetch(url)
        review = read_review_bytes(data, name=url, fmt=fmt if fmt != "url" else "html", charset=charset)
    except AudioReviewError as exc:
        return EntryProblem(url, url, str(exc))
    return Entry(
        key=url,
        title=review.meta.title,
        slug_hint=review.meta.title,
        source=url,
        digest=review_digest(review),
        review=review,
        published=review.meta.date,
        link=url,
    )


def _from_url_list(data: bytes, name: str, settings: Settings, *, fetch: Fetcher) -> Collected:
    text = data.decode("utf-8", "replace")
    urls, problems = url_lines(text, name=name)
    made = _threaded_urls(urls, fetch)
    entries = [m for m in made if isinstance(m, Entry)]
    problems += [m for m in made if isinstance(m, EntryProblem)]
    return Collected("urls", tuple(entries), tuple(problems))


def _threaded_urls(urls: Iterable[str], fetch: Fetcher) -> list[Entry | EntryProblem]:
    urls = list(urls)
    with ThreadPoolExecutor(max_workers=max(1, min(FETCH_THREADS, len(urls)))) as pool:
        return list(pool.map(lambda u: _page_entry(u, fetch), urls))
