"""The program's version and the name it signs its files with.

A module of its own, below every stage, so that the pipeline, the
fingerprints and the publishers can all read it without importing the
package's ``__init__`` (and everything it re-exports).
"""

from __future__ import annotations

from importlib import metadata

__version__ = "0.1.0"


def generator() -> str:
    """``audioreview <installed version>``, for manifests, feeds and pages."""
    try:
        return f"audioreview {metadata.version('audioreview')}"
    except metadata.PackageNotFoundError:
        return "audioreview"
