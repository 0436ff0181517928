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
