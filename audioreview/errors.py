"""The whole error hierarchy.

Every error the library raises on purpose is an ``AudioReviewError``; third
party exceptions are converted at the edge with ``raise ... from exc``. The
message says what failed, on which input, and the probable cause, in one line.
"""

from __future__ import annotations


class AudioReviewError(Exception):
    """Base class: a failure the user can act on."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        text = " ".join(self.message.split())
        if self.hint:
            text += f" ({' '.join(self.hint.split())})"
        return text


class ConfigError(AudioReviewError):
    """Bad settings, config file, voice profile or lexicon."""


class IngestError(AudioReviewError):
    """The input could not be read or holds no review."""


class FetchError(IngestError):
    """A URL could not be fetched (or must not be)."""


class SpeechError(AudioReviewError):
    """The text could not be turned into a script."""


class EngineError(AudioReviewError):
    """A speech engine failed."""


class EngineUnavailable(EngineError):
    """An engine cannot run here (package missing, no network)."""


class AudioError(AudioReviewError):
    """Assembling, measuring or encoding audio failed."""


class PublishError(AudioReviewError):
    """Writing tags, sidecars, pages or feeds failed."""


class FileError(AudioReviewError):
    """A file or folder could not be written, read or locked (disk full, permissions, busy)."""


class LimitExceeded(AudioReviewError):
    """An input or output is over a configured limit."""


class BatchError(AudioReviewError):
    """A batch run could not start or its state is unusable."""
