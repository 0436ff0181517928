"""English speech normalization: what a person reading the review aloud would say.

Normalization is an ordered list of small pure ``str -> str`` passes,
:data:`PASSES`, run one after another. A caller may change the list (insert a
pass, drop one) before normalizing; the order matters, the most specific forms
(episode codes, star ratings, times, dates, money) come before the general ones
(plain numbers, acronyms), and :func:`tidy_punctuation` always runs last so the
result holds only speakable characters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .english_dates import DATE_ORDERS, DATE_PASSES, expand_dates, expand_times
from .english_money import expand_money, expand_rates
from .english_numbers import (
    expand_codes,
    expand_decades,
    expand_numbers,
    expand_ordinals,
    expand_percentages,
    expand_ranges,
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
from .tracked import apply

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
    expand_codes,
    expand_dates,
    expand_rates,
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
"""The English passes, in order. Change the list (or pass one per call) to change normalization."""


def with_date_order(passes: Sequence[Pass], date_order: str) -> list[Pass]:
    """``passes`` with the date pass swapped for the one reading numeric dates in ``date_order``."""
    if date_order not in DATE_PASSES:
        raise ValueError(f"date order {date_order!r} is not one of {', '.join(DATE_ORDERS)}")
    date_passes = set(DATE_PASSES.values())
    return [DATE_PASSES[date_order] if step in date_passes else step for step in passes]


def normalize_english(text: str, passes: Sequence[Pass] | None = None, date_order: str | None = None) -> str:
    """Turn written English into the words to speak.

    Runs ``passes`` (default :data:`PASSES`, read at call time) and then
    :func:`tidy_punctuation`. ``date_order`` ("month-first", the default, or
    "day-first") says how numeric dates such as "10/06/2005" are read. The
    result contains only speakable characters and keeps at least one word of
    any input that has one.
    """
    steps: Sequence[Pass] = PASSES if passes is None else passes
    if date_order is not None:
        steps = with_date_order(steps, date_order)
    spoken = text
    for step in steps:
        spoken = apply(step, spoken)
    spoken = tidy_punctuation(spoken)
    if not has_words(spoken) and has_words(text):
        # A pass removed everything sayable (say, markup around a lone token):
        # fall back to the text itself, minus what cannot be spoken.
        spoken = tidy_punctuation(strip_unspeakable(text))
    return spoken
