"""Slugs: safe, readable, stable file names for productions, and the names of a version.

A production is the folder ``<slug>/``; its full version is ``<slug>.mp3``
(with its sidecars), the short one ``<slug>-short.mp3``, titled "<title>
(Short version)". Those two rules live here and nowhere else.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .model import Review, Version

MAX_SLUG = 80
RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
_SAFE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SHORT_SUFFIX = " (Short version)"
"""Added to the title of the short version (tags, feed items)."""


def make_slug(title: str, *, fallback: str = "review", max_length: int = MAX_SLUG) -> str:
    """A lowercase ASCII slug for ``title`` (transliterated), safe as a file name.

    Never empty, never ``.``/``..``, never a Windows device name, at most
    ``max_length`` characters, cut at a word boundary. A title with nothing
    to transliterate gets ``fallback`` plus a short hash of the title, so
    different titles still get different slugs.
    """
    from slugify import slugify

    text = unicodedata.normalize("NFKC", title.replace("\x00", " "))
    slug = slugify(text, max_length=max_length, word_boundary=True, save_order=True, lowercase=True)
    slug = slug.strip("-")
    if not slug:
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        slug = f"{fallback}-{digest}" if text.strip() else fallback
    if slug in RESERVED or slug.split("-")[0] in RESERVED and "-" not in slug:
        slug = f"{slug}-review"
    return slug


def is_safe_slug(slug: str) -> bool:
    """True when ``slug`` is a plain, portable file name component."""
    return bool(_SAFE.match(slug)) and len(slug) <= MAX_SLUG + 12 and slug not in RESERVED


def unique_slug(slug: str, taken: Iterable[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... whichever is not taken."""
    used = set(taken)
    if slug not in used:
        return slug
    n = 2
    while f"{slug}-{n}" in used:
        n += 1
    return f"{slug}-{n}"


def slug_for(review: Review) -> str:
    """The production's slug: the author's own, else the file's name, else the title."""
    if review.meta.slug:
        return make_slug(review.meta.slug)
    source = review.source
    if source not in ("-", "<input>", "") and "://" not in source:
        path = Path(source)
        # A page bundle (content/reviews/quiet-harbour/index.md) is named by its folder.
        stem = path.parent.name if path.stem in ("index", "_index", "README") else path.stem
        if stem:
            return make_slug(stem)
    return make_slug(review.meta.title)


def version_stem(slug: str, version: Version | str) -> str:
    """The file stem of a version: ``<slug>`` for the full one, ``<slug>-short`` for the short one."""
    return slug if version == "full" else f"{slug}-{version}"


def version_title(title: str, version: Version | str) -> str:
    """The title a version is published under: the review's, plus " (Short version)" for the short one."""
    return title + SHORT_SUFFIX if version == "short" else title
