"""Removing page clutter from a review while keeping the facts it carries.

Whole blocks are classified against the patterns in ``clutter.toml`` (see the
comments there for the kinds): bylines, date lines, share and comment
counters, "Read next" link lists, image captions, calls to action, newsletter
and cookie notices are dropped, and an author, date or rating they state
fills the review's metadata when it has none. A rating line is kept, with the
role "rating". Inside the blocks that stay, ``clean_inline`` removes URLs,
@handles, emoji, "[link]" markers and trailing hashtags.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import ConfigError, SpeechError
from ..model import Block, Metadata, Rating, Review
from ..values import parse_date, parse_rating
from .rails import rail_lines
from .regex_guard import nested_quantifier
from .speakable import has_words
from .tracked import squeeze, sub

KINDS = ("rating", "byline", "date", "section", "tail", "drop")
"""Pattern kinds, in the order a block is tested against them."""

SECTION_MAX_BLOCKS = 8
"""At most this many link-like blocks are dropped after a "Read next" lead-in."""

_VAR = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True, slots=True)
class Rule:
    """One named clutter pattern of a kind."""

    kind: str
    name: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class ClutterRules:
    """All clutter patterns, in testing order."""

    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class LineMatch:
    """What a block was recognized as, and the facts it states."""

    kind: str
    name: str
    facts: Mapping[str, str] = field(default_factory=dict)
    rating: Rating | None = None


def _expand(pattern: str, variables: Mapping[str, str]) -> str:
    return _VAR.sub(lambda m: variables.get(m.group(1), m.group(0)), pattern)


def parse_rules(data: Mapping[str, Any], extra_patterns: Sequence[str] = ()) -> ClutterRules:
    """Compile a clutter table (as in clutter.toml) plus extra drop patterns into rules."""
    variables: dict[str, str] = {}
    for key, value in dict(data.get("vars", {})).items():
        variables[key] = _expand(str(value), variables)
    rules: list[Rule] = []
    for kind in KINDS:
        for name, patterns in dict(data.get(kind, {})).items():
            for raw in patterns:
                try:
                    compiled = re.compile(_expand(str(raw), variables), re.IGNORECASE)
                except re.error as exc:
                    raise ConfigError(
                        f"clutter pattern {kind}.{name} is not a valid regular expression: {exc}"
                    ) from exc
                rules.append(Rule(kind, name, compiled))
        if kind == "drop":
            for raw in extra_patterns:
                if nested_quantifier(raw):
                    raise ConfigError(
                        f"clutter pattern {raw!r} repeats a repeat (nested quantifiers), which can take "
                        "exponential time: write it without the nesting"
                    )
                try:
                    rules.append(Rule("drop", "extra", re.compile(raw, re.IGNORECASE)))
                except re.error as exc:
                    raise ConfigError(
                        f"clutter pattern {raw!r} is not a valid regular expression: {exc}"
                    ) from exc
    return ClutterRules(tuple(rules))


@lru_cache(maxsize=16)
def load_rules(extra_patterns: tuple[str, ...] = ()) -> ClutterRules:
    """The built-in rules from clutter.toml, extended with ``extra_patterns`` (drop kind)."""
    text = resources.files("audioreview.speech").joinpath("clutter.toml").read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text), extra_patterns)


def _facts(match: re.Match[str]) -> tuple[dict[str, str], Rating | None] | None:
    """The facts a match states; None when a fact group holds no valid value."""
    facts: dict[str, str] = {}
    rating = None
    for key, value in match.groupdict().items():
        if value is None:
            continue
        if key in ("date", "updated"):
            parsed = parse_date(value)
            if parsed is None:
                return None
            facts[key] = parsed
        elif key == "rating":
            rating = parse_rating(value)
            if rating is None:
                return None
        elif key == "author":
            author = " ".join(value.split()).strip(" .,")
            if not author or len(author) > 60:
                return None
            facts[key] = author
    return facts, rating


def classify_line(text: str, rules: ClutterRules | None = None) -> LineMatch | None:
    """Recognize a block's text as clutter, a byline, a date or a rating line; None for review text."""
    text = " ".join(text.split())
    if not text:
        return None
    for rule in (rules or load_rules()).rules:
        match = rule.pattern.search(text)
        if not match:
            continue
        found = _facts(match)
        if found is None:
            continue
        facts, rating = found
        return LineMatch(kind=rule.kind, name=rule.name, facts=facts, rating=rating)
    return None


def rating_line(text: str) -> Rating | None:
    """The rating a line states when the whole line is a rating line ("Score: 8/10"), else None."""
    match = classify_line(text)
    return match.rating if match is not None and match.kind == "rating" else None


# --- inline clean-up -------------------------------------------------------------

_MARKERS = re.compile(
    r"\[(?:link|links|url|source|video|embed|embedded content|photo|image|tweet|via|ad)\]"
    r"|\((?:opens|open) in (?:a )?new (?:tab|window)\)",
    re.IGNORECASE,
)
_URL = re.compile(r"<?(?:https?://|www\.)[^\s<>\"]+>?", re.IGNORECASE)
_URL_TRAIL = ".,;:!?)]}'\"’”"
_HANDLE = re.compile(r"\(\s*@\w{1,30}\s*\)|(?<![\w@.])@\w{1,30}\b")
_TRAILING_TAGS = re.compile(r"(?:\s*(?<![\w&])#[^\W\d_]\w*)+\s*$")
_HASHTAG = re.compile(r"(?<![\w&#])#([^\W\d_]\w*)")
_EMOJI = re.compile(
    "["
    "\U0001f000-\U0001faff"
    "\u2600-\u2604\u2607-\u26ff"
    "\u2700-\u2728\u2730-\u27bf"
    "\u231a\u231b\u23e9-\u23fa\u2b1b\u2b1c\u2b55"
    "\ufe0e\ufe0f\u200d\u20e3"
    "\U000e0020-\U000e007f"
    "]+"
)
_EMPTY_BRACKETS = re.compile(r"\(\s*[,;:|/-]*\s*\)|\[\s*\]")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?)\]])")
_EDGE_SEPARATORS = re.compile(r"^[\s|•·,;–—-]+|[\s|•·,;:–—-]+$")


def _strip_url(match: re.Match[str]) -> str:
    """Remove a URL but keep the sentence punctuation after it."""
    url = match.group(0)
    if url.startswith("<"):
        return ""
    core = url.rstrip(_URL_TRAIL)
    tail = url[len(core) :]
    while tail.startswith(")") and core.count("(") > core.count(")"):
        core, tail = core + ")", tail[1:]  # the URL's own bracket, as in .../Film_(2024)
    return tail


def clean_inline(text: str) -> str:
    """Remove URLs, @handles, emoji, "[link]" markers and hashtags from kept text.

    A run of hashtags at the end of a block is removed; a hashtag inside a
    sentence keeps its word ("the #MeToo era" -> "the MeToo era"). Rating stars
    (★☆½) are not emoji and stay.
    """
    original = squeeze(text)
    cleaned = sub(_MARKERS, " ", original)
    cleaned = sub(_URL, _strip_url, cleaned)
    cleaned = sub(_HANDLE, " ", cleaned)
    cleaned = sub(_TRAILING_TAGS, "", cleaned)
    cleaned = sub(_HASHTAG, r"\1", cleaned)
    cleaned = sub(_EMOJI, " ", cleaned)
    if cleaned == original:
        return original
    cleaned = sub(_EMPTY_BRACKETS, " ", cleaned)
    cleaned = squeeze(cleaned)
    cleaned = sub(_SPACE_BEFORE_PUNCT, r"\1", cleaned)
    cleaned = sub(_EDGE_SEPARATORS, "", cleaned)
    return cleaned


# --- whole review ------------------------------------------------------------------


def _link_like(block: Block) -> bool:
    """A block that looks like one entry of a link list: a list item or a short headline."""
    if block.kind == "list_item":
        return True
    text = block.text.strip()
    return len(text) <= 120 and not text.endswith(".") and rating_line(text) is None


def _section_continues(block: Block, lead: Block, taken: int) -> bool:
    if taken >= SECTION_MAX_BLOCKS or not _link_like(block):
        return False
    if block.kind == "heading":
        return lead.kind == "heading" and block.level > lead.level
    return True


def _merge_meta(meta: Metadata, facts: Mapping[str, str], rating: Rating | None) -> Metadata:
    changes: dict[str, Any] = {}
    if not meta.author and facts.get("author"):
        changes["author"] = facts["author"]
    if not meta.date and (facts.get("date") or facts.get("updated")):
        changes["date"] = facts.get("date") or facts.get("updated")
    if meta.rating is None and rating is not None:
        changes["rating"] = rating
    return replace(meta, **changes) if changes else meta


@dataclass(frozen=True, slots=True)
class Dropped:
    """A block (or the end of one) that was removed, and the rule that removed it."""

    index: int
    text: str
    rule: str
    """``kind.name`` of the pattern ("drop.share"), or ``rail.<shape>``, ``title``, ``empty``."""


@dataclass(frozen=True, slots=True)
class Cleaning:
    """What cleaning decided for a review's blocks."""

    kept: list[Block]
    facts: dict[str, str]
    rating: Rating | None
    dropped: list[Dropped]


_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=\S)")


def split_rating_tail(text: str, rules: ClutterRules) -> tuple[str, list[tuple[str, LineMatch]]]:
    """A rating line without the clutter sentences that share its line ("Rating: 8/10. Watch it on X").

    Returns the kept text and each removed sentence with what matched it.
    """
    sentences = _SENTENCES.split(text)
    removed: list[tuple[str, LineMatch]] = []
    while len(sentences) > 1:
        match = classify_line(sentences[-1], rules)
        if match is None or match.kind != "drop":
            break
        removed.insert(0, (sentences.pop(), match))
    return " ".join(sentences), removed


def decide(blocks: Sequence[Block], title: str = "", rules: ClutterRules | None = None) -> Cleaning:
    """Which blocks are clutter and why; the facts they state; the first rating found."""
    rules = rules or load_rules()
    kept: list[Block] = []
    dropped: list[Dropped] = []
    facts: dict[str, str] = {}
    rating: Rating | None = None
    lead: Block | None = None
    taken = 0
    from .structure import is_verdict_heading, pros_cons_label  # it reads rating_line from here

    rails = rail_lines(
        blocks,
        lambda text: rating_line(text) is not None,
        lambda text: is_verdict_heading(text) or pros_cons_label(text) is not None,
    )
    for index, block in enumerate(blocks):
        if block.spans and not block.text.strip():
            kept.append(block)  # words only heard: nothing written to clean
            continue
        if lead is not None:
            if _section_continues(block, lead, taken):
                taken += 1
                dropped.append(Dropped(index, block.text, "section.continued"))
                continue
            lead = None
        cleaned = clean_inline(block.text)
        match = classify_line(block.text, rules)
        if match is None and cleaned and cleaned != block.text:
            match = classify_line(cleaned, rules)
        if match is not None:
            for key, value in match.facts.items():
                facts.setdefault(key, value)
            rating = rating or match.rating
            if match.kind == "rating":
                text, tail = split_rating_tail(cleaned or block.text, rules)
                kept.append(replace(block, text=text, role="rating"))
                dropped.extend(Dropped(index, t, f"rating_tail.{m.kind}.{m.name}") for t, m in tail)
                continue
            dropped.append(Dropped(index, block.text, f"{match.kind}.{match.name}"))
            if match.kind == "section":
                lead, taken = block, 0
            elif match.kind == "tail" and index >= len(blocks) / 2:
                dropped.extend(Dropped(i, b.text, f"tail.{match.name}.after") for i, b in enumerate(blocks) if i > index)
                break
            continue
        if index in rails:
            dropped.append(Dropped(index, block.text, f"rail.{rails[index]}"))
            continue
        if not cleaned:
            dropped.append(Dropped(index, block.text, "empty"))
            continue
        if index < 3 and title and cleaned.casefold() == " ".join(title.split()).casefold():
            dropped.append(Dropped(index, block.text, "title"))  # the title repeated as the first lines
            continue
        kept.append(replace(block, text=cleaned))
    return Cleaning(kept, facts, rating, dropped)


def clean_blocks(
    blocks: Sequence[Block], title: str = "", rules: ClutterRules | None = None
) -> tuple[list[Block], dict[str, str], Rating | None]:
    """Drop clutter blocks; returns the kept blocks, the facts found, and the first rating."""
    cleaning = decide(blocks, title, rules)
    return cleaning.kept, cleaning.facts, cleaning.rating


def explain_review(review: Review, extra_patterns: Sequence[str] = ()) -> list[str]:
    """One line per dropped block: the rule that dropped it and the text (for ``script --explain``)."""
    cleaning = decide(review.blocks, review.meta.title, load_rules(tuple(extra_patterns)))
    width = max((len(d.rule) for d in cleaning.dropped), default=0)
    lines = [f"# clutter: {len(cleaning.dropped)} lines dropped from {len(review.blocks)} blocks"]
    lines += [f"#   {d.rule:<{width}}  {' '.join(d.text.split())}" for d in cleaning.dropped]
    return lines


def clean_review(review: Review, extra_patterns: Sequence[str] = ()) -> Review:
    """Drop page clutter from a review and move the facts it carried into the metadata.

    ``extra_patterns`` (settings.clutter_patterns) are more regular expressions
    for blocks to drop, matched case-insensitively with ``re.search``. Raises
    SpeechError when nothing of the review is left.
    """
    rules = load_rules(tuple(extra_patterns))
    kept, facts, rating = clean_blocks(review.blocks, review.meta.title, rules)
    if review.blocks and not kept:
        if not any(has_words(b.text) for b in review.blocks):
            raise SpeechError(f"{review.source}: the review has no words to read aloud, only symbols or emoji")
        raise SpeechError(f"{review.source}: nothing is left of the review after removing page clutter")
    meta = _merge_meta(review.meta, facts, rating)
    return replace(review, meta=meta, blocks=tuple(kept))
