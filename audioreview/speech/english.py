"""English speech normalization: what a person reading the review aloud would say.

Normalization is an ordered list of small pure ``str -> str`` passes,
:data:`PASSES`, run one after another. A caller may change the list (insert a
pass, drop one) before normalizing; the order matters, the most specific forms
(episode codes, star ratings, times, dates, money) come before the general ones
(plain numbers, acronyms), and :func:`tidy_punctuation` always runs last so the
result holds only speakable characters.
"""

from __future__ import annotations

from collections.abc import Callable

from .english_numbers import (
    expand_dates,
    expand_decades,
    expand_money,
    expand_numbers,
    expand_ordinals,
    expand_percentages,
    expand_ranges,
    expand_times,
    expand_units,
)
from .english_ratings import (
    expand_episodes,
    expand_fractions,
    expand_grades,
    expand_scores,
    expand_slash_scores,
    expand_stars,
)
from .english_text import (
    expand_abbreviations,
    expand_acronyms,
    expand_alphanumerics,
    expand_approximations,
    expand_roman_numerals,
    expand_symbols,
    fold_typography,
    strip_markup,
    tidy_punctuation,
)
from .speakable import has_words, strip_unspeakable

Pass = Callable[[str], str]

PASSES: list[Pass] = [
    fold_typography,
    strip_markup,
    expand_episodes,
    expand_stars,
    expand_fractions,
    expand_times,
    expand_abbreviations,
    expand_approximations,
    expand_dates,
    expand_money,
    expand_percentages,
    expand_slash_scores,
    expand_scores,
    expand_grades,
    expand_units,
    expand_decades,
    expand_ranges,
    expand_symbols,
    expand_ordinals,
    expand_roman_numerals,
    expand_alphanumerics,
    expand_numbers,
    expand_acronyms,
]
"""The English passes, in order. Change the list to change normalization."""


def normalize_english(text: str, passes: list[Pass] | None = None) -> str:
    """Turn written English into the words to speak.

    Runs ``passes`` (default :data:`PASSES`, read at call time) and then
    :func:`tidy_punctuation`. The result contains only speakable characters and
    keeps at least one word of any input that has one.
    """
    spoken = text
    for step in PASSES if passes is None else passes:
        spoken = step(spoken)
    spoken = tidy_punctuation(spoken)
    if not has_words(spoken) and has_words(text):
        # A pass removed everything sayable (say, markup around a lone token):
        # fall back to the text itself, minus what cannot be spoken.
        spoken = tidy_punctuation(strip_unspeakable(text))
    return spoken
