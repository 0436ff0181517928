"""Related-story rails found by their shape, not their words.

A rail is what a page prints beside or under an article to lead elsewhere:
teaser after teaser, each a headline and often a standfirst that repeats it.
Copied into a review (or let through by an extractor) it reads as a run of
short lines without sentence punctuation. Two shapes are recognized:

- "teaser_pair": a short headline followed by a standfirst that repeats it
  (equal to it, or starting with it), when two such pairs follow each other
  or the standfirst is the headline word for word;
- "link_run": ``LINK_RUN`` or more consecutive short headings or paragraphs
  without sentence punctuation (list items are not counted: pros and cons
  are short too; a heading that ends the run heads the text after it).

Rating lines never count as rail lines, and a run that holds a label of the
review's parts ("Pros", "Verdict") is not a rail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..model import Block

LINK_RUN = 3
"""This many short unpunctuated lines in a row are a rail."""
SHORT_WORDS = 14
"""A teaser headline has at most this many words."""
MIN_PREFIX_WORDS = 3
"""A standfirst that opens with the headline repeats it only for a headline this long."""

_SENTENCE_END = re.compile(r"[.!?…:;)\]»”\"']\s*$")


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _short_line(block: Block) -> bool:
    text = block.text.strip()
    return (
        block.kind in ("heading", "paragraph")
        and 0 < len(text.split()) <= SHORT_WORDS
        and not _SENTENCE_END.search(text)
    )


def _repeats(headline: Block, standfirst: Block) -> bool:
    """The standfirst is the headline, or opens with it (a headline of ``MIN_PREFIX_WORDS`` or more:
    a one-word "The" is not a headline that a sentence opening with "The" repeats)."""
    head, body = _fold(headline.text), _fold(standfirst.text)
    if not head:
        return False
    return body == head or (len(head.split()) >= MIN_PREFIX_WORDS and body.startswith(head + " "))


def teaser_pairs(blocks: Sequence[Block], is_rating: Callable[[str], bool]) -> set[int]:
    """Indices of headline + standfirst pairs (see the module docstring)."""
    pairs: list[int] = []
    for i in range(len(blocks) - 1):
        head, body = blocks[i], blocks[i + 1]
        if _short_line(head) and body.kind != "list_item" and _repeats(head, body) and not is_rating(body.text):
            pairs.append(i)
    found: set[int] = set()
    for i in pairs:
        exact = _fold(blocks[i].text) == _fold(blocks[i + 1].text)
        neighbour = (i + 2) in pairs or (i - 2) in pairs
        if exact or neighbour:
            found.update((i, i + 1))
    return found


def link_runs(
    blocks: Sequence[Block], is_rating: Callable[[str], bool], is_label: Callable[[str], bool]
) -> set[int]:
    """Indices of runs of ``LINK_RUN`` or more short unpunctuated lines.

    A run holding a label of the review's own parts ("Pros", "Verdict") is
    the review's structure written as plain lines, not a rail.
    """
    found: set[int] = set()
    run: list[int] = []
    for i, block in enumerate([*blocks, None]):
        if block is not None and _short_line(block) and not is_rating(block.text):
            run.append(i)
            continue
        if run and blocks[run[-1]].kind == "heading" and block is not None:
            run.pop()  # a heading that ends a run heads the text after it
        if len(run) >= LINK_RUN and not any(is_label(blocks[j].text) for j in run):
            found.update(run)
        run = []
    return found


def rail_lines(
    blocks: Sequence[Block], is_rating: Callable[[str], bool], is_label: Callable[[str], bool] = lambda _: False
) -> dict[int, str]:
    """The rail blocks of ``blocks``: index -> the shape that gave it away."""
    found = dict.fromkeys(link_runs(blocks, is_rating, is_label), "link_run")
    found.update(dict.fromkeys(teaser_pairs(blocks, is_rating), "teaser_pair"))
    return found
