"""Speech normalization for languages other than English, from one table each.

:func:`normalizer_for` gives the ``str -> str`` normalizer of any primary
language subtag: German, French, Spanish, Italian, Portuguese and Dutch have
full tables (:mod:`.tables`: dates, times, money, ratings, ordinals,
abbreviations, units); any other language num2words knows gets its numbers
said; any other still gets typography folded and unspeakable characters
removed, leaving digits for the voice to read.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial

from ..english_text import fold_typography, strip_markup, tidy_punctuation
from ..speakable import has_words, strip_unspeakable
from ..tracked import apply
from .passes import Pass, expand_abbreviations, expand_ordinals, passes_for
from .rules import LanguageRules
from .tables import TABLES

__all__ = ["LanguageRules", "TABLES", "has_number_words", "normalizer_for", "rules_for"]


@lru_cache(maxsize=1)
def _num2words_languages() -> frozenset[str]:
    from num2words import CONVERTER_CLASSES

    return frozenset(code.split("_")[0] for code in CONVERTER_CLASSES)


def has_number_words(language: str) -> bool:
    """Whether num2words can say numbers in ``language`` (a primary subtag)."""
    return language in _num2words_languages()


def rules_for(language: str) -> LanguageRules | None:
    """The rules for a primary subtag: its table, numbers-only rules, or None."""
    if language in TABLES:
        return TABLES[language]
    if has_number_words(language):
        return LanguageRules(code=language, decimal_mark=",", thousands=". \u00a0\u202f")
    return None


def _run(early: list[Pass], passes: list[Pass], text: str) -> str:
    spoken = text
    for step in early:  # before folding turns "nº" and "2.ª" into plain letters
        spoken = apply(step, spoken)
    spoken = strip_markup(fold_typography(spoken))
    for step in passes:
        spoken = apply(step, spoken)
    spoken = tidy_punctuation(spoken)
    if not has_words(spoken) and has_words(text):
        spoken = tidy_punctuation(strip_unspeakable(text))
    return spoken


@lru_cache(maxsize=64)
def normalizer_for(language: str) -> Callable[[str], str]:
    """The normalizer for a primary language subtag (never raises for any text)."""
    rules = rules_for(language)
    passes = passes_for(rules) if rules is not None else []
    early: list[Pass] = []
    if rules is not None:
        # Folding makes "nº" and "2.ª" plain letters: expand them first.
        early.append(partial(expand_abbreviations, rules))
        if "ª" in rules.ordinal_pattern:
            early.append(partial(expand_ordinals, rules))

    def normalize(text: str) -> str:
        return _run(early, passes, text)

    normalize.__doc__ = f"Normalize text for speech in {language!r}."
    return normalize
