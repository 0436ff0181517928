"""What the listening page and the podcast feed both need from a production's manifest."""

from __future__ import annotations

from typing import Any

from ..errors import PublishError


def file_name(value: Any, key: str, source: str) -> str:
    """Check that a manifest entry is a plain file name (no folders, not hidden)."""
    if not isinstance(value, str) or not value or "/" in value or "\\" in value or value.startswith("."):
        raise PublishError(f"{source}: {key} = {value!r} is not a file name in the production folder")
    return value


def clock(seconds: float) -> str:
    """A timestamp as podcast apps show them: ``m:ss`` or ``h:mm:ss``."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def whole_seconds(seconds: float) -> int:
    """A duration in whole seconds, the fraction dropped: the one rule for every duration shown.

    The page, the snippet, the command line and the feed's ``itunes:duration``
    all use it, and it is what audio players show for the same file (they
    drop the fraction too), so a 159.6 s file is 2:39 (159 s) everywhere. A
    file under a second still counts as one.
    """
    return max(1, int(seconds)) if seconds > 0 else 0


def duration_clock(seconds: float) -> str:
    """A duration as ``m:ss`` (or ``h:mm:ss``), rounded by ``whole_seconds``."""
    return clock(whole_seconds(seconds))
