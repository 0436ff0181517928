"""Which spoken words each written token became.

A segment's ``display`` is what the reader sees, split at whitespace into
tokens; its ``text`` is what the voice says, split into spoken words
(:func:`spoken_words`). :func:`align` reads the origins a :class:`Tracked`
spoken text carries and gives, for every displayed token, the range of spoken
words it produced: "7.5/10" -> the five words of "seven point five out of
ten". A token that is not spoken (a dash, a stray symbol) gets an empty range
where it stands. Ranges never go backwards: words a pass reordered across
tokens ("US$5 million" -> "five million US dollars") are shared by the tokens
involved, in order.

:func:`guess_alignment` makes the same map from two plain strings (a word
diff), for a segment whose spoken text was made without tracking.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from .tracked import Tracked

Range = tuple[int, int]
"""Spoken words ``[start, end)`` a displayed token produced."""

_SPOKEN = re.compile(r"\[\[.*?\]\]\S*|\S+")
_WORDLIKE = re.compile(r"\w")
_DISPLAY = re.compile(r"\S+")


def _is_word(token: str) -> bool:
    return token.startswith("[[") or _WORDLIKE.search(token) is not None


def spoken_spans(text: str) -> list[tuple[int, int]]:
    """Where each spoken word of ``text`` is: runs of non-space holding a letter or digit, or a ``[[ ]]`` block."""
    return [m.span() for m in _SPOKEN.finditer(text) if _is_word(m.group(0))]


def spoken_words(text: str) -> list[str]:
    """The spoken words of ``text`` (see :func:`spoken_spans`)."""
    return [text[a:b] for a, b in spoken_spans(text)]


def display_spans(display: str) -> list[tuple[int, int]]:
    """Where each displayed token of ``display`` is (runs of non-space)."""
    return [m.span() for m in _DISPLAY.finditer(display)]


def display_tokens(display: str) -> list[str]:
    """The tokens a reader sees: ``display`` split at whitespace."""
    return display.split()


def align(display: str, spoken: Tracked) -> tuple[Range, ...]:
    """For each token of ``display``, the range of ``spoken``'s words it produced.

    ``spoken`` must be tracked from ``display`` itself (offsets into it).
    """
    tokens = display_spans(display)
    words = spoken_spans(spoken)
    starts = [a for a, _ in tokens]
    links: list[tuple[int, int] | None] = []
    for a, b in words:
        # The letters and digits of a word say where it came from; its punctuation
        # only when it has nothing else ("twenty-four," may take its comma from a dash).
        chars = [k for k in range(a, b) if spoken[k].isalnum()] or range(a, b)
        touched: set[int] = set()
        for k in chars:
            start, end = spoken.origin[k]
            touched.update(_tokens_in(tokens, starts, start, end))
        links.append((min(touched), max(touched)) if touched else None)
    return _ranges(len(tokens), links)


def _tokens_in(tokens: Sequence[tuple[int, int]], starts: Sequence[int], start: int, end: int) -> range:
    """Indexes of the tokens overlapping ``[start, end)`` (a zero-width span counts the token holding it)."""
    first = max(0, bisect.bisect_right(starts, start) - 1)
    if first < len(tokens) and tokens[first][1] <= start:
        first += 1  # ``start`` is in the space after token ``first``
    last = first
    while last < len(tokens) and tokens[last][0] < max(end, start + 1):
        last += 1
    return range(first, last)


def _ranges(n_tokens: int, links: Sequence[tuple[int, int] | None]) -> tuple[Range, ...]:
    """Token ranges from each spoken word's (first, last) token, made monotone by merging crossings."""
    # Clusters: [token_lo, token_hi, word_lo, word_hi) built in spoken order.
    clusters: list[list[int]] = []
    for index, link in enumerate(links):
        if link is None:
            if clusters:
                clusters[-1][3] = index + 1
            else:
                clusters.append([0, 0, index, index + 1])
            continue
        lo, hi = link
        cluster = [lo, hi, index, index + 1]
        while clusters and clusters[-1][1] >= cluster[0]:
            last = clusters.pop()
            cluster = [min(last[0], cluster[0]), max(last[1], cluster[1]), last[2], cluster[3]]
        clusters.append(cluster)
    ranges: list[Range | None] = [None] * n_tokens
    for t_lo, t_hi, w_lo, w_hi in clusters:
        count = t_hi - t_lo + 1
        words = w_hi - w_lo
        for k in range(count):
            a = w_lo + (k * words) // count
            b = w_lo + ((k + 1) * words) // count
            if b <= a:  # more tokens than words: tokens share a word
                a = min(w_lo + (k * words) // count, w_hi - 1)
                b = a + 1
            if 0 <= t_lo + k < n_tokens:
                ranges[t_lo + k] = (a, b)
    # Tokens no spoken word came from: an empty range where they stand.
    out: list[Range] = []
    next_start = [0] * (n_tokens + 1)
    following = len(links)
    for i in range(n_tokens - 1, -1, -1):
        current = ranges[i]
        if current is not None:
            following = current[0]
        next_start[i] = following
    previous_end = 0
    for i in range(n_tokens):
        current = ranges[i]
        if current is None:
            at = max(previous_end, min(next_start[i], len(links)))
            out.append((at, at))
        else:
            out.append(current)
            previous_end = current[1]
    return tuple(out)


def guess_alignment(display: str, spoken: str) -> tuple[Range, ...]:
    """:func:`align` for an untracked spoken text: a word diff of display against speech."""
    from .tracked import follow

    return align(display, follow(Tracked(display), spoken))  # type: ignore[arg-type]


def valid(alignment: Sequence[Range], display: str, spoken: str) -> bool:
    """Whether ``alignment`` fits ``display`` and ``spoken`` (one range a token, in order, in bounds)."""
    n = len(spoken_spans(spoken))
    if len(alignment) != len(display_spans(display)):
        return False
    previous = (0, 0)
    for a, b in alignment:
        if not (0 <= a <= b <= n) or a < previous[0] or b < previous[1]:
            return False
        previous = (a, b)
    return True


def alignment_for(display: str, spoken: str, alignment: Sequence[Range] = ()) -> tuple[Range, ...]:
    """``alignment`` when it fits the texts, else a guess (a segment whose text was replaced)."""
    if alignment and valid(alignment, display, spoken):
        return tuple(alignment)
    return guess_alignment(display, spoken)


def say(speak: Callable[[str], str], display: str) -> tuple[str, tuple[Range, ...]]:
    """``speak(display)`` as a plain string, with the alignment of ``display``'s tokens to its words."""
    spoken = speak(display)
    if isinstance(spoken, Tracked):
        return str(spoken), align(display, spoken)
    return spoken, guess_alignment(display, spoken)
