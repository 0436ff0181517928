"""Speech normalization: written text -> the words a voice should say.

One normalizer per language, looked up by the primary language subtag
("en-GB" and "en_US" both use "en"). English has its own normalizer; German,
French, Spanish, Italian, Portuguese and Dutch share one table-driven
normalizer (:mod:`.languages`), which also says the numbers of every other
language num2words knows, and tidies the text of any language. A normalizer
can be added or replaced with :func:`register`::

    from audioreview.speech import normalize

    normalize.register("fr", my_french_normalizer)
    normalize.normalize("Il a payé 5 €.", "fr-CA")

A normalizer is a pure ``str -> str`` function that never raises and returns
only speakable characters (see :func:`unspeakable`). One registered with
``takes_date_order=True`` also receives ``date_order`` ("month-first" or
"day-first"): the caller's setting, else the usual order of the language tag's
region (month first for US English, day first for en-GB and most others).
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import SpeechError
from ..values import primary_language
from .english import normalize_english
from .english_dates import date_order_for
from .speakable import unspeakable

__all__ = ["Normalizer", "normalize", "primary_language", "register", "supported_languages", "unspeakable"]

Normalizer = Callable[[str], str]

_REGISTRY: dict[str, Normalizer] = {"en": normalize_english}
_TAKES_DATE_ORDER: set[str] = {"en"}


def register(language: str, normalizer: Normalizer, *, takes_date_order: bool = False) -> None:
    """Register (or replace) the normalizer for a primary language subtag."""
    key = primary_language(language)
    if not key:
        raise SpeechError(f"Cannot register a normalizer for language {language!r}: not a language tag")
    _REGISTRY[key] = normalizer
    if takes_date_order:
        _TAKES_DATE_ORDER.add(key)
    else:
        _TAKES_DATE_ORDER.discard(key)


def supported_languages() -> tuple[str, ...]:
    """The primary language subtags with their own rules (more than numbers), sorted."""
    from .languages import TABLES

    return tuple(sorted({*_REGISTRY, *TABLES}))


def normalize(text: str, language: str = "en", date_order: str | None = None) -> str:
    """Normalize ``text`` for speech in ``language`` (a BCP 47 tag such as "en-GB").

    ``date_order`` ("month-first" or "day-first") overrides the order the
    language tag implies for numeric dates.

    Every language gets a normalizer (see the module docstring); raises
    :class:`SpeechError` only when ``language`` is not a language tag, and
    never for any text.
    """
    key = primary_language(language)
    if not key:
        raise SpeechError(
            f"Cannot normalize for language {language!r}: not a language tag", hint="use a code such as en, de or pt-BR"
        )
    normalizer = _REGISTRY.get(key)
    if normalizer is None:
        from .languages import normalizer_for

        return normalizer_for(key)(text)
    if key in _TAKES_DATE_ORDER:
        return normalizer(text, date_order=date_order or date_order_for(language))  # type: ignore[call-arg]
    return normalizer(text)
