"""What a batch works on: entries (one post each) and the problems found while collecting them.

An Entry is plain, picklable data: the coordinator builds it, a worker turns
it into a Review (``entry_review``) and produces it. Its ``digest`` is a hash
of everything that will be spoken, so an unchanged entry can be skipped
without reading it any further.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace

from ..fingerprint import digest_of
from ..ingest.feed import FeedItem, item_review, with_item_metadata
from ..model import Review


@dataclass(frozen=True, slots=True)
class Entry:
    """One post to produce, with what is needed to decide about it and to read it."""

    key: str
    """Identity in the state store: the entry's guid/id, else its link, else a hash of title and text."""
    title: str
    slug_hint: str
    """The text the slug is made from (a title, a file name, a front-matter slug)."""
    source: str
    """Where it came from, for messages and ``Review.source``."""
    digest: str
    """Hash of what will be spoken: a change means the audio must be made again."""
    content: bytes = b""
    """Raw text for the worker to read ("" when ``item`` or ``review`` carries it)."""
    fmt: str = "html"
    """The reader for ``content``: "html", "md" or "txt"."""
    charset: str | None = None
    item: FeedItem | None = None
    """The feed item, whose metadata wins over what the text says."""
    review: Review | None = None
    """Already read (fetched pages are read once, to hash what they say, not their markup)."""
    published: str | None = None
    """ISO 8601 date or date-time, for ``--since``."""
    link: str | None = None
    path: str | None = None
    """The post file, for ``--update-front-matter`` (folder sources only)."""


@dataclass(frozen=True, slots=True)
class EntryProblem:
    """An entry that could not even be collected (no content, duplicate id, unreadable file...)."""

    key: str
    title: str
    reason: str


def item_digest(item: FeedItem) -> str:
    """Hash of a feed item's spoken parts (categories and the raw date text do not change the audio)."""
    return digest_of(
        "feed-item", item.content, item.content_type, item.title, item.author, item.published, item.link,
        item.image, item.id, item.language,
    )  # fmt: skip


def review_digest(review: Review) -> str:
    """Hash of an already read review (its source name aside)."""
    data = dataclasses.asdict(review)
    data.pop("source", None)
    for block in data["blocks"]:
        if not block["spans"]:
            del block["spans"]  # a block with no controls hashes as it did before controls existed
    return digest_of("review", data)


def fallback_key(title: str, content: str | bytes) -> str:
    """A key for an entry with neither id nor link: a hash of its title and text."""
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    return "sha256:" + digest_of(title, text)[:32]


def entry_review(entry: Entry) -> Review:
    """Read ``entry`` into a Review (in the worker); feed metadata wins over the text's."""
    from ..ingest import read_review_bytes

    if entry.review is not None:
        review = entry.review
    elif entry.item is not None and not entry.content:
        return item_review(entry.item, name=entry.source)
    else:
        review = read_review_bytes(entry.content, name=entry.source, fmt=entry.fmt, charset=entry.charset)
    if entry.item is not None:
        review = with_item_metadata(review, entry.item)
    return replace(review, source=entry.source)
