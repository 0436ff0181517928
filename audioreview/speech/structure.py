"""Finding a review's parts: the rating line, the verdict, the pros and the cons.

``mark_structure`` sets ``Block.role``; it never adds, drops or rewrites a
block. Rules, strongest first:

- "rating": a whole-line rating ("Score: 8/10", "★★★½"), or a block the
  cleaner already marked so.
- "pros" / "cons": list items under a heading such as "Pros", "The good",
  "What we liked" / "Cons", "The bad", or after a lead-in paragraph saying
  only that ("Pros:"); the heading or lead-in itself too; and a single
  paragraph that starts "Pros:" / "Cons:".
- "verdict": a heading such as "Verdict", "Overall", "Final thoughts", "The
  bottom line", "Conclusion", "Should you watch it?" and every block under it
  (to the next heading of the same or a higher level). A short paragraph
  saying only "Verdict" counts as such a heading (plain-text reviews have no
  markup). Failing those, paragraphs in the second half that open with
  "Overall," / "In the end," / "All in all," / "Verdict:" and the like.
  Failing those too, the closing paragraph when it states a score or a
  judgement ("I recommend it", "worth your time", "a must-see").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..model import Block, BlockRole, Review
from .clean import rating_line

PSEUDO_HEADING_LEVEL = 7
"""A lead-in paragraph acts as a heading below every real heading level."""

_END_PUNCT = " \t.:!?…—–-"
_VERDICT_HEADING = re.compile(
    r"^(?:(?:the|our|my|final|critic'?s)\s+)*"
    r"(?:verdict|bottom\s+line|conclusions?|final\s+thoughts|closing\s+thoughts|final\s+word|overall|summary|"
    r"in\s+conclusion|in\s+summary|wrap(?:ping)?[-\s]?up|the\s+takeaway|takeaway)"
    r"(?:\s*[:–—-]\s*.{0,80})?$"
    r"|^should\s+you\s+(?:watch|buy|read|play|listen\s+to|listen|stream|see|get|pick\s+up)\b.{0,60}$"
    r"|^is\s+(?:it|this|\w+(?:\s+\w+){0,4})\s+worth\b.{0,60}$"
    r"|^worth\s+(?:watching|buying|reading|playing|a\s+listen|it)$",
    re.IGNORECASE,
)
_VERDICT_OPENING = re.compile(
    r"^(?:overall|in\s+the\s+end|all\s+in\s+all|all\s+told|in\s+conclusion|ultimately|to\s+sum\s+up|in\s+sum|"
    r"in\s+short|the\s+bottom\s+line(?:\s+is)?|bottom\s+line|(?:the\s+|my\s+|our\s+|final\s+)?verdict|final\s+thoughts)"
    r"\s*[,:—–-]",
    re.IGNORECASE,
)
_JUDGEMENT = re.compile(
    r"\b(?:recommend\w*|worth\s+(?:\w+\s+)?(?:watching|seeing|playing|reading|hearing|buying|waiting\s+for|a\s+listen|a\s+look|"
    r"your\s+time|the\s+(?:price|wait|ticket|money|trip)|it)|must[-\s](?:see|watch|play|read|listen|have|buy)|masterpiece|"
    r"(?:skip|avoid)\s+(?:it|this)|give\s+it\s+a\s+miss|don'?t\s+miss|disappoint\w*|triumph\w*|essential\s+(?:viewing|listening|reading|playing)|"
    r"not\s+worth|well\s+worth|easy\s+to\s+love|hard\s+to\s+love|a\s+(?:mess|letdown|delight|joy|gem))\b"
    r"|\d+(?:[.,]\d+)?\s*(?:/|out\s+of)\s*\d+|[★☆]"
    r"|\b(?:one|two|three|four|five|\d)(?:\s+and\s+a\s+half)?\s+stars?\b",
    re.IGNORECASE,
)
_PROS = re.compile(
    r"^(?:the\s+)?(?:pros|good|good\s+stuff|highs|high\s+points|positives|pluses|likes|hits|strengths|upsides|"
    r"what\s+(?:we|i)\s+(?:liked|loved|enjoyed)|what\s+works|what\s+worked|the\s+best\s+bits)$",
    re.IGNORECASE,
)
_CONS = re.compile(
    r"^(?:the\s+)?(?:cons|bad|bad\s+stuff|lows|low\s+points|negatives|minuses|dislikes|misses|weaknesses|downsides|"
    r"what\s+(?:we|i)\s+(?:didn[’']?t\s+like|disliked|hated|did\s+not\s+like)|what\s+doesn[’']?t\s+work|"
    r"what\s+didn[’']?t\s+work|ugly)$",
    re.IGNORECASE,
)
_INLINE_PROS_CONS = re.compile(
    r"^(?P<label>pros|cons|the\s+good|the\s+bad|likes|dislikes)\s*:\s*\S", re.IGNORECASE
)


def _label_text(text: str) -> str:
    return " ".join(text.split()).strip(_END_PUNCT)


def is_verdict_heading(text: str) -> bool:
    """True for a heading that opens the verdict ("Verdict", "The bottom line", "Should you play it?")."""
    return bool(_VERDICT_HEADING.match(_label_text(text)))


def pros_cons_label(text: str) -> BlockRole | None:
    """ "pros" or "cons" for a heading or lead-in naming that list ("What we liked:", "The bad"), else None."""
    label = _label_text(text)
    if _PROS.match(label):
        return "pros"
    if _CONS.match(label):
        return "cons"
    return None


def inline_pros_cons(text: str) -> BlockRole | None:
    """ "pros" or "cons" for a one-paragraph list such as "Pros: great story, gorgeous art"."""
    match = _INLINE_PROS_CONS.match(text.strip())
    if not match:
        return None
    label = match.group("label").lower()
    return "pros" if label in ("pros", "the good", "likes") else "cons"


def opens_verdict(text: str) -> bool:
    """True for a paragraph that opens like a verdict ("Overall, ...", "In the end, ...", "Verdict: ...")."""
    return bool(_VERDICT_OPENING.match(text.strip()))


def has_judgement(text: str) -> bool:
    """True when a paragraph states a score or an overall judgement."""
    return bool(_JUDGEMENT.search(text))


def _is_lead_in(block: Block) -> bool:
    return block.kind == "paragraph" and len(block.text) <= 40


def heading_level(block: Block) -> int | None:
    """The level a block opens a part at: its heading level, a lead-in's pseudo level, or None."""
    if block.kind == "heading":
        return block.level or 1
    if _is_lead_in(block) and (is_verdict_heading(block.text) or pros_cons_label(block.text)):
        return PSEUDO_HEADING_LEVEL
    return None


def part_under(blocks: Sequence[Block], index: int) -> range:
    """Indices of the blocks under the heading (or lead-in) at ``index``, itself excluded."""
    level = heading_level(blocks[index]) or PSEUDO_HEADING_LEVEL
    end = index + 1
    while end < len(blocks):
        other = heading_level(blocks[end])
        if other is not None and other <= level:
            break
        end += 1
    return range(index + 1, end)


def pros_cons_roles(blocks: Sequence[Block]) -> dict[int, BlockRole]:
    """Roles for pros and cons: list items under such a heading or lead-in, and the label itself."""
    roles: dict[int, BlockRole] = {}
    for index, block in enumerate(blocks):
        label = pros_cons_label(block.text) if heading_level(block) is not None else None
        if label is None:
            inline = inline_pros_cons(block.text) if block.kind in ("paragraph", "list_item") else None
            if inline:
                roles[index] = inline
            continue
        items = [i for i in part_under(blocks, index) if blocks[i].kind == "list_item"]
        if block.kind != "heading":
            # A lead-in covers the list that follows it directly.
            items = []
            for i in range(index + 1, len(blocks)):
                if blocks[i].kind != "list_item":
                    break
                items.append(i)
        if items:
            roles[index] = label
            roles.update(dict.fromkeys(items, label))
    return roles


def verdict_indices(blocks: Sequence[Block], rating_at: set[int]) -> set[int]:
    """Indices of the verdict's blocks, by heading, then opening words, then the closing paragraph."""
    found: set[int] = set()
    for index, block in enumerate(blocks):
        if heading_level(block) is not None and is_verdict_heading(block.text):
            found.add(index)
            found.update(part_under(blocks, index))
    if found:
        return found
    half = len(blocks) / 2
    found = {i for i, b in enumerate(blocks) if b.kind == "paragraph" and i >= half and opens_verdict(b.text)}
    if found:
        return found
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if index in rating_at or block.kind != "paragraph":
            continue
        return {index} if has_judgement(block.text) else set()
    return set()


def assign_roles(blocks: Sequence[Block]) -> list[BlockRole]:
    """The role of every block (see the module docstring for the rules)."""
    rating_at = {i for i, b in enumerate(blocks) if b.role == "rating" or rating_line(b.text) is not None}
    pros_cons = pros_cons_roles(blocks)
    verdict = verdict_indices(blocks, rating_at)
    roles: list[BlockRole] = []
    for index in range(len(blocks)):
        if index in rating_at:
            roles.append("rating")
        elif index in pros_cons:
            roles.append(pros_cons[index])
        elif index in verdict:
            roles.append("verdict")
        else:
            roles.append("body")
    return roles


def mark_structure(review: Review) -> Review:
    """Set each block's role: "rating", "verdict", "pros", "cons" or "body"."""
    roles = assign_roles(review.blocks)
    blocks = tuple(
        b if b.role == r else replace(b, role=r) for b, r in zip(review.blocks, roles, strict=True)
    )
    return replace(review, blocks=blocks)
