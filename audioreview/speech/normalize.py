"""Speech normalization: written text -> the words a voice should say.

One normalizer per language, looked up by the primary language subtag
("en-GB" and "en_US" both use "en"). English ships built in; other languages
are added with :func:`register`::

    from audioreview.speech import normalize

    normalize.register("fr", my_french_normalizer)
    normalize.normalize("Il a payé 5 €.", "fr-CA")

A normalizer is a pure ``str -> str`` function that never raises and returns
only speakable characters (see :func:`unspeakable`).
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import SpeechError
from ..values import primary_language
from .english import normalize_english
from .speakable import unspeakable

__all__ = ["Normalizer", "normalize", "primary_language", "register", "supported_languages", "unspeakable"]

Normalizer = Callable[[str], str]

_REGISTRY: dict[str, Normalizer] = {"en": normalize_english}


def register(language: str, normalizer: Normalizer) -> None:
    """Register (or replace) the normalizer for a primary language subtag."""
    key = primary_language(language)
    if not key:
        raise SpeechError(f"Cannot register a normalizer for language {language!r}: not a language tag")
    _REGISTRY[key] = normalizer


def supported_languages() -> tuple[str, ...]:
    """The primary language subtags that have a normalizer, sorted."""
    return tuple(sorted(_REGISTRY))


def normalize(text: str, language: str = "en") -> str:
    """Normalize ``text`` for speech in ``language`` (a BCP 47 tag such as "en-GB").

    Raises :class:`SpeechError` when no normalizer is registered for the
    language; never raises for any text.
    """
    normalizer = _REGISTRY.get(primary_language(language))
    if normalizer is None:
        supported = ", ".join(supported_languages())
        raise SpeechError(
            f"No speech normalizer for language {language!r} (supported: {supported})",
            hint="set the review's language or register a normalizer",
        )
    return normalizer(text)
