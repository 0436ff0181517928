"""Scoring extracted text against a page's expected text: token precision, recall and F1.

Tokens are lower-cased runs of letters and digits, counted with multiplicity
(a word said twice where the article says it once costs precision).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from audioreview.ingest import read_review_bytes
from audioreview.model import Review
from audioreview.speech.clean import clean_review
from audioreview.speech.lexicon import default_lexicon
from audioreview.speech.prepare import make_speaker

HERE = Path(__file__).resolve().parent
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
SPOKEN_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")
"""Languages scored on the spoken text (every corpus language: each has its normalization)."""


@dataclass(frozen=True)
class Score:
    """Token precision, recall and F1 of one page."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def tokens(text: str) -> Counter[str]:
    """The text's tokens, lower-cased, with counts."""
    return Counter(t.casefold() for t in _TOKEN.findall(text))


def score(got: str, expected: str) -> Score:
    """Precision and recall of ``got``'s tokens against ``expected``'s."""
    a, b = tokens(got), tokens(expected)
    common = sum((a & b).values())
    return Score(common / sum(a.values()) if a else 0.0, common / sum(b.values()) if b else 0.0)


@dataclass(frozen=True)
class Page:
    """A corpus page and its expected text."""

    slug: str
    html: bytes
    expected: str

    @property
    def lang(self) -> str:
        return self.slug.split("-", 1)[0]


def pages(folder: Path = HERE) -> list[Page]:
    """Every page of the corpus, sorted by name."""
    return [
        Page(p.stem, p.read_bytes(), p.with_suffix(".txt").read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.html"))
    ]


def extract(page: Page) -> Review:
    """The page as our HTML reader reads it (no clutter removed yet)."""
    return read_review_bytes(page.html, name=f"{page.slug}.html", fmt="html")


def _speaker(lang: str) -> Callable[[str], str]:
    if lang in SPOKEN_LANGUAGES:
        return make_speaker(lang, default_lexicon())
    return lambda text: text


def as_heard(lang: str, lines: Iterable[str]) -> str:
    """Lines as they are scored: spoken for the languages in SPOKEN_LANGUAGES, else as written."""
    speak = _speaker(lang)
    return "\n".join(speak(line) for line in lines if line.strip())


def ours(page: Page, *, clean: bool = True) -> str:
    """What audioreview reads of the page (cleaned unless ``clean`` is False), as scored."""
    review = extract(page)
    if clean:
        review = clean_review(review)
    return as_heard(page.lang, [b.text for b in review.blocks])


def expected(page: Page) -> str:
    """The page's expected text, as scored."""
    return as_heard(page.lang, page.expected.splitlines())
