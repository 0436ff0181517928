"""audioreview: turn a written review into a narrated, podcast-ready MP3.

The stages, each its own subpackage: ingest (source -> Review), speech
(Review -> Script), engines + render (Script -> audio), publish (tags,
sidecars, feed, page). ``pipeline.produce`` runs them in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    AudioError,
    AudioReviewError,
    BatchError,
    ConfigError,
    EngineError,
    EngineUnavailable,
    FetchError,
    FileError,
    IngestError,
    LimitExceeded,
    PublishError,
    SpeechError,
)
from .model import Block, Metadata, Production, Rating, Review, Script, Section, Segment
from .settings import Settings, load_settings
from .version import __version__

if TYPE_CHECKING:
    from .pipeline import plan, produce


def __getattr__(name: str) -> Any:
    # The pipeline pulls in numpy, Pillow and the speech stack: import it only when asked for.
    if name in ("produce", "plan"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)


__all__ = [
    "AudioError",
    "AudioReviewError",
    "BatchError",
    "Block",
    "ConfigError",
    "EngineError",
    "EngineUnavailable",
    "FetchError",
    "FileError",
    "IngestError",
    "LimitExceeded",
    "Metadata",
    "Production",
    "PublishError",
    "Rating",
    "Review",
    "Script",
    "Section",
    "Segment",
    "Settings",
    "SpeechError",
    "__version__",
    "load_settings",
    "plan",
    "produce",
]
