"""Deciding what a batch run does, as pure functions over entries, state rows and settings.

- ``decide``: render or skip one entry, and why;
- ``settings_fingerprint``: a hash of every setting that changes the audio
  (plus the voices' and lexicons' contents, read by ``fingerprint_inputs``);
- ``find_duplicates``, ``select``: which entries a run looks at;
- ``assign_slugs``: stable, unique, safe slugs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..fingerprint import digest_of, settings_fingerprint
from ..slugs import is_safe_slug, make_slug, unique_slug
from .entries import Entry, EntryProblem
from .state import StateRow

__all__ = ["Action", "assign_slugs", "decide", "find_duplicates", "select", "settings_fingerprint"]

Reason = Literal["new", "content changed", "settings changed", "output missing", "forced", "unchanged"]


@dataclass(frozen=True, slots=True)
class Action:
    """What to do with one entry, and why."""

    render: bool
    reason: Reason


def decide(entry: Entry, row: StateRow | None, fingerprint: str, *, output_present: bool, force: bool = False) -> Action:
    """Render ``entry`` or skip it, given its state row and the current settings fingerprint."""
    if row is None or row.content_hash is None:
        return Action(True, "new")
    if row.content_hash != entry.digest:
        return Action(True, "content changed")
    if row.settings_hash != fingerprint:
        return Action(True, "settings changed")
    if not output_present:
        return Action(True, "output missing")
    if force:
        return Action(True, "forced")
    return Action(False, "unchanged")


def find_duplicates(entries: Sequence[Entry]) -> tuple[list[Entry], list[EntryProblem]]:
    """Keep the first entry of each key; later ones become "duplicate id" problems.

    Disambiguating them by position instead would hand an entry's audio to
    another one whenever the feed is reordered, so a repeated id is an error.
    """
    seen: dict[str, Entry] = {}
    kept: list[Entry] = []
    problems: list[EntryProblem] = []
    for entry in entries:
        first = seen.get(entry.key)
        if first is not None:
            reason = f"duplicate id {entry.key!r}: {entry.source} repeats {first.source}"
            problems.append(EntryProblem(entry.key, entry.title, reason))
            continue
        seen[entry.key] = entry
        kept.append(entry)
    return kept, problems


def matches_only(entry: Entry, only: Iterable[str], slug: str | None) -> bool:
    """True when ``entry``'s key, link, slug or source path is one of ``only``."""
    wanted = set(only)
    return bool(wanted & {entry.key, entry.link, slug, entry.path, entry.source} - {None})


def since_ok(entry: Entry, since: str | None) -> bool:
    """True when ``entry`` was published on or after ``since`` (YYYY-MM-DD); undated entries pass."""
    if not since or not entry.published:
        return True
    return entry.published[:10] >= since[:10]


def select(
    entries: Sequence[Entry], rows: Mapping[str, StateRow], *, only: Sequence[str] = (), since: str | None = None
) -> list[Entry]:
    """The entries a run looks at, in source order."""
    chosen = []
    for entry in entries:
        row = rows.get(entry.key)
        if only and not matches_only(entry, only, row.slug if row else None):
            continue
        if since_ok(entry, since):
            chosen.append(entry)
    return chosen


def assign_slugs(entries: Sequence[Entry], rows: Mapping[str, StateRow]) -> dict[str, str]:
    """A slug per entry key: the stored one when there is one, else a new unique one."""
    slugs = {e.key: rows[e.key].slug for e in entries if e.key in rows}
    taken = {row.slug for row in rows.values()} | set(slugs.values())
    for entry in entries:
        if entry.key in slugs:
            continue
        base = make_slug(entry.slug_hint or entry.title)
        if not is_safe_slug(base):
            base = "entry-" + digest_of(entry.key)[:10]
        slug = unique_slug(base, taken)
        taken.add(slug)
        slugs[entry.key] = slug
    return slugs
