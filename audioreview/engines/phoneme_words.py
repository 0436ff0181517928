"""Word times from Piper's phoneme alignments.

With alignments on, every sentence Piper speaks (an ``AudioChunk``) says how
many audio samples each of its phonemes took: ``phoneme_alignments``, a list
of (phoneme, ids, sample count) from the start mark ``^`` to the end mark
``$``, each count including the pad after it, summing to the chunk's length.
espeak-ng writes a space between words and keeps the punctuation, so the
phonemes group into phoneme words; a word's sound runs from its first phoneme
to its last, and the pause marks and spaces between two words are the gap
between them. The boundary between two words is put in the middle of their
gap, so the words' spans run end to end over the whole take (the first from
0, the last to the end) and every boundary sits where the voice is quietest.

espeak's words are not always the text's: "musical/sport" is three of them,
and a name in a ``[[ phonemes ]]`` block may be several. :func:`pair` matches
the text's spoken words to phoneme words in order, one to one when the counts
agree, else by a small dynamic programme over one-to-many and many-to-one
groups that compares each group's letters with its phonemes. A sentence whose
alignment failed (Piper logs "Phoneme alignment failed" and gives none) still
has its phonemes: their samples are spread evenly over its audio and it is
counted as a failure; when the words cannot be paired at all, the caller
estimates the take.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Word

BOUNDARY = frozenset("^$ ")
"""Phonemes that are never part of a word: the start and end marks, the space between words."""
PUNCTUATION = frozenset(".,;:!?¡¿-–—…\"'«»“”()[]")
"""Marks espeak-ng keeps in the phoneme string: pauses, never part of a word's sound."""
MARKS = frozenset("ˈˌːˑ")
"""Stress and length marks: they take samples in the word but are not phonemes to count."""
GUESS_WEIGHT = {" ": 0.5, "^": 1.0, "$": 1.0}
"""Relative samples per phoneme when a sentence's alignment failed (punctuation counts 2, others 1)."""
MERGE_COST = 0.7
"""What grouping more than one word on either side costs, against a letters-to-phonemes mismatch."""
WORST_MEAN_COST = 1.5
"""Above this mean cost per spoken word, the pairing is refused (the take is estimated)."""


@dataclass(frozen=True, slots=True)
class PhonemeWord:
    """One word as espeak-ng spoke it: its phonemes and where its sound is, in samples of the take."""

    phonemes: str
    start: int
    end: int

    @property
    def size(self) -> int:
        """How many phonemes it has (stress and length marks not counted)."""
        return sum(1 for p in self.phonemes if p not in MARKS)


def is_word_phoneme(phoneme: str) -> bool:
    """Whether a phoneme is part of a word's sound (not a space, a pause mark or a start/end mark)."""
    return phoneme not in BOUNDARY and phoneme not in PUNCTUATION


def guessed_alignment(phonemes: Sequence[str], samples: int) -> list[tuple[str, int]]:
    """(phoneme, samples) for a sentence whose alignment failed: its samples spread over its phonemes."""
    marks = ["^", *phonemes, "$"]
    weights = [GUESS_WEIGHT.get(p, 2.0 if p in PUNCTUATION else 1.0) for p in marks]
    whole = sum(weights)
    out, done, given = [], 0.0, 0
    for phoneme, weight in zip(marks, weights, strict=True):
        done += weight
        upto = round(samples * done / whole)
        out.append((phoneme, upto - given))
        given = upto
    return out


def phoneme_words(alignment: Sequence[tuple[str, int]], offset: int = 0) -> list[PhonemeWord]:
    """The words of one sentence's (phoneme, samples) list, their sound placed from ``offset``."""
    words: list[PhonemeWord] = []
    at = offset
    current: list[str] = []
    start = end = offset
    for phoneme, count in alignment:
        if is_word_phoneme(phoneme):
            if not current:
                start = at
            current.append(phoneme)
            end = at + count
        elif current:
            words.append(PhonemeWord("".join(current), start, end))
            current = []
        at += count
    if current:
        words.append(PhonemeWord("".join(current), start, end))
    return words


def letters(word: str) -> int:
    """How many letters and digits a spoken word has (a ``[[ ]]`` block: its phonemes)."""
    if word.startswith("[["):
        inside = word[2 : word.find("]]")] if "]]" in word else word[2:]
        return sum(1 for ch in inside if not ch.isspace() and ch not in MARKS and ch != "@")
    return sum(1 for ch in word if ch.isalnum())


_MOVES = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 3), (3, 2))


def pair(spoken: Sequence[str], heard: Sequence[PhonemeWord]) -> list[tuple[int, int, int, int]] | None:
    """Groups ``(spoken_lo, spoken_hi, heard_lo, heard_hi)`` pairing the text's words with espeak's, in order.

    One to one when the counts agree; otherwise the cheapest grouping, or None
    when no grouping fits well enough.
    """
    n, m = len(spoken), len(heard)
    if n == 0 or m == 0:
        return None
    if n == m:
        return [(i, i + 1, i, i + 1) for i in range(n)]
    sizes = [max(1, letters(w)) for w in spoken]
    heard_sizes = [max(1, h.size) for h in heard]
    scale = sum(heard_sizes) / sum(sizes)
    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            for a, b in _MOVES:
                if i + a > n or j + b > m:
                    continue
                expected = sum(sizes[i : i + a]) * scale
                got = sum(heard_sizes[j : j + b])
                step = abs(math.log((expected + 1) / (got + 1))) + MERGE_COST * (a + b - 2)
                if here + step < cost[i + a][j + b]:
                    cost[i + a][j + b] = here + step
                    back[i + a][j + b] = (a, b)
    if cost[n][m] == inf or cost[n][m] / n > WORST_MEAN_COST:
        return None
    groups = []
    i, j = n, m
    while i or j:
        move = back[i][j]
        if move is None:  # cannot happen for a reachable cell; refuse rather than guess
            return None
        a, b = move
        groups.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    return groups[::-1]


def word_times(
    spoken: Sequence[str], heard: Sequence[PhonemeWord], total: int, rate: int
) -> tuple[Word, ...] | None:
    """``spoken`` timed end to end over ``total`` samples from where espeak's words were heard (None: no pairing)."""
    groups = pair(spoken, heard)
    if groups is None:
        return None
    cores = [(heard[j0].start, heard[j1 - 1].end) for _, _, j0, j1 in groups]
    bounds = [0]
    for (_, end), (start, _) in zip(cores, cores[1:], strict=False):
        bounds.append(max(bounds[-1], (end + max(end, start)) // 2))
    bounds.append(total)
    edges: list[int] = []
    for (i0, i1, _, _), lo, hi in zip(groups, bounds, bounds[1:], strict=False):
        weights = [max(1, letters(w)) for w in spoken[i0:i1]]
        done = 0
        for weight in weights:
            edges.append(lo + (hi - lo) * done // sum(weights))
            done += weight
    edges.append(total)

    def ms(samples: int) -> int:
        return round(samples * 1000 / rate)

    return tuple(Word(w, ms(edges[k]), ms(edges[k + 1])) for k, w in enumerate(spoken))
