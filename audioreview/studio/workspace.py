"""The opened folder: which files the studio may touch, its reviews and their state.

Every path a request names is resolved here, and only a path that stays
inside the opened folder once symlinks are followed is ever read or written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import AudioReviewError, FileError
from ..settings import Settings, check_versions, load_settings

REVIEW_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
"""The files the studio lists as reviews."""
SKIPPED_DIRS = frozenset({"output", "cache", "voices", "node_modules", "__pycache__"})
"""Folders never searched for reviews (hidden ones neither)."""

State = Literal["not rendered", "up to date", "changed since rendering", "failed"]


class OutsideFolder(FileError):
    """A path that leaves the opened folder (by ``..``, an absolute path or a symlink)."""


@dataclass(frozen=True, slots=True)
class ReviewState:
    """One review of the folder as the reviews screen shows it."""

    path: str
    """Relative to the opened folder, with forward slashes."""
    title: str
    state: State
    slug: str = ""
    error: str = ""


def inside(root: Path, relative: str) -> Path:
    """``relative`` resolved under ``root``; ``OutsideFolder`` when it leaves it in any way."""
    if not relative or "\x00" in relative or Path(relative).is_absolute():
        raise OutsideFolder(f"{relative!r}: not a file of the opened folder")
    base = root.resolve()
    target = (base / relative).resolve()
    if target != base and base not in target.parents:
        raise OutsideFolder(f"{relative!r}: not a file of the opened folder")
    return target


@dataclass(frozen=True, slots=True)
class Workspace:
    """The folder (or single review file) the studio was opened on."""

    root: Path
    only: str | None = None
    """The one review file when the studio was opened on a file."""

    @classmethod
    def open(cls, target: str | Path) -> Workspace:
        """The workspace for a folder or one review file; ``FileError`` when it is neither."""
        path = Path(target).expanduser().resolve()
        if path.is_dir():
            return cls(root=path)
        if path.is_file():
            return cls(root=path.parent, only=path.name)
        raise FileError(f"{target}: no such folder or file")

    def settings(self) -> Settings:
        """The folder's settings (its ``audioreview.toml``), with folders relative to it."""
        settings = load_settings(cwd=self.root)
        output = Path(settings.output_dir)
        if not output.is_absolute():
            settings = settings.replace(output_dir=str(self.root / output))
        check_versions(settings.versions)
        return settings

    @property
    def config_path(self) -> Path:
        """The folder's ``audioreview.toml``."""
        return self.root / "audioreview.toml"

    def output_dir(self, settings: Settings) -> Path:
        """Where productions go; it must be inside the folder for the studio to show them."""
        return Path(settings.output_dir).resolve()

    def review_paths(self) -> list[str]:
        """The reviews of the folder, relative, sorted (one when opened on a file)."""
        if self.only:
            return [self.only]
        found: list[str] = []
        for folder, dirs, files in os.walk(self.root):  # symlinked folders are not followed
            dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
            for name in files:
                path = Path(folder) / name
                if path.suffix.lower() in REVIEW_SUFFIXES and not path.is_symlink() and path.is_file():
                    found.append(path.relative_to(self.root).as_posix())
        return sorted(found)

    def review_file(self, relative: str) -> Path:
        """A review named by a request: listed, and inside the folder."""
        if relative not in self.review_paths():
            raise OutsideFolder(f"{relative!r}: not a review of the opened folder")
        return inside(self.root, relative)


def review_state(ws: Workspace, relative: str, settings: Settings, failures: dict[str, str]) -> ReviewState:
    """The state of one review: not rendered, up to date, changed since rendering, or failed."""
    from ..fingerprint import production_fingerprint
    from ..ingest import load
    from ..publish.manifest import manifest_path, read_manifest, up_to_date
    from ..slugs import slug_for

    try:
        review = load(str(ws.review_file(relative)), settings=settings)
    except AudioReviewError as exc:
        return ReviewState(relative, relative, "failed", error=one_line(str(exc)))
    slug = slug_for(review)
    title = review.meta.title
    if relative in failures:
        return ReviewState(relative, title, "failed", slug, failures[relative])
    folder = ws.output_dir(settings) / slug
    if not manifest_path(folder).is_file():
        return ReviewState(relative, title, "not rendered", slug)
    fingerprint = production_fingerprint(review, settings)
    if up_to_date(folder, slug, fingerprint, check_versions(settings.versions)) is not None:
        return ReviewState(relative, title, "up to date", slug)
    try:
        read_manifest(manifest_path(folder))
    except AudioReviewError as exc:
        return ReviewState(relative, title, "failed", slug, one_line(str(exc)))
    return ReviewState(relative, title, "changed since rendering", slug)


def one_line(text: str) -> str:
    """A message on one line, as the command line prints it."""
    return " ".join(text.split())
