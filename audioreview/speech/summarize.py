"""Choose the sentences of the short version: gist, judgements, verdict, rating.

Extractive. A sentence scores by its centrality in a sentence graph (TF-IDF
cosine similarity ranked by power iteration, as in LexRank), its position
(opening and closing paragraphs, paragraph leads) and review cues (judgement
words, verdict phrases, the verdict and rating roles). The rating, opening
claim, verdict and strongest praise and criticism go in first; maximal
marginal relevance fills the rest of the budget without near-repeats, and
swaps then bring the total close to the budget without passing it. A pick
that leans on the sentence before ("However, ...", "It ...") comes with that
sentence, loses its connective ("However, the score soars." -> "The score
soars."), or stays out. The TF-IDF is a few lines of numpy, not scikit-learn:
one review's vocabulary is small and the selection must take milliseconds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..errors import SpeechError
from ..model import BlockRole, Segment
from .rate import RateModel

_LAMBDA = 0.7  # MMR: weight of a sentence's score against its likeness to the picks
_NEAR_DUPLICATE = 0.7  # cosine similarity above which a sentence repeats a pick
_MIN_FILL_SCORE = 0.08  # below this a sentence never goes in just to fill the budget
_SWAP_RATIO = 0.4  # a swap brings in at least this share of the outgoing sentence's score
_FILL_TARGET = 0.03  # stop swapping once the gap to the budget is below this share of it
_MAX_SWAP_ROUNDS = 4
_MAX_CHAIN = 3  # at most this many sentences (a pick and its antecedents) go in together


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


_STOPWORDS = _words(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
    now of off on once only or other our ours out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours one ones it's i'm i've that's there's"""
)
_PRAISE = _words(
    """brilliant brilliantly stunning stunningly masterpiece masterful masterly superb excellent outstanding
    remarkable extraordinary beautiful beautifully gorgeous moving gripping compelling riveting delightful
    wonderful terrific triumph triumphant best finest worth recommend recommended essential memorable
    impressive accomplished assured elegant luminous exquisite rewarding satisfying thrilling inventive
    vivid lovely perfect perfectly flawless favourite favorite love loved great succeeds shines soars
    delight generous precise unforgettable standout tender fresh funny glorious haunting dazzling
    confident graceful sublime joyous nuanced rich richly affecting powerful lucid deft deftly good"""
)
_CRITICISM = _words(
    """disappointing disappoints disappointment worst flawed flaw flaws fails failure tedious boring dull
    weak weakest clumsy clumsily bland overlong bloated drags sags stilted forgettable mediocre messy
    muddled uneven awful terrible lazy shallow predictable cliched clichéd overwrought underdeveloped
    misstep missteps falters grating tiresome wearying pretentious overcooked undercooked lacks lacking
    frustrating unconvincing unearned limp soggy greasy lukewarm overpriced rubbery tepid sluggish
    monotonous indulgent thin problem problems annoying irritating fussy hollow wooden slog bad"""
)
_NEGATORS = _words("not no never hardly barely nor isn't wasn't doesn't don't didn't aren't can't cannot won't")
_VERDICT_PHRASES = re.compile(
    r"\b(?:in the end|overall|all told|ultimately|in short|bottom line|on balance|verdict|to sum up|"
    r"all in all|when all is said|for all its|in sum|go (?:and )?(?:read|see|eat|hear|listen))\b",
    re.IGNORECASE,
)
_RATING = re.compile(
    r"(?<![\d/])\d+(?:[.,]\d+)?\s*(?:/|out of)\s*(?:4|5|10|20|100)(?![\d/])|[★☆⭐]"
    r"|\b(?:\d|one|two|three|four|five)(?:\s*and a half|½|\.5)?\s*stars?\b",
    re.IGNORECASE,
)
# Connectives that can be dropped. Those in the first group are connectives with
# or without a comma; words in the second also start ordinary sentences ("However
# hard it tries", "Still waters"), so they only count with their comma.
_LOOSE = (
    "on the other hand|by contrast|in contrast|that said|having said that|even so|then again|of course|"
    "in fact|after all|in addition|and yet|but|and|yet|also|moreover|furthermore|nevertheless|"
    "nonetheless|similarly|likewise|conversely|consequently|therefore|thus|hence|admittedly|then"
)
_STRICT = (
    "worse still|better still|even better|even worse|however|still|again|plus|indeed|instead|otherwise|granted|"
    "meanwhile|besides|worse|better|finally|first|second|third|sadly|happily|alas|luckily|unfortunately"
)
_CONNECTIVE = re.compile(rf"^(?:(?:{_LOOSE})\b\s*,?|(?:{_STRICT})\s*,)\s*", re.IGNORECASE)
_LEANING = re.compile(
    r"^(?:this|that|these|those|it|its|it's|it’s|he|she|they|their|theirs|his|her|him|them|such|both|"
    r"neither|another|the latter|the former|the same|which|here)\b",
    re.IGNORECASE,
)
_OPEN_QUOTES = "\"'“‘«([ "
_TERMINAL = re.compile(r"[.!?…:;\"”’')\]]\s*$")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass(frozen=True, slots=True)
class Pick:
    """One sentence of the short version and why it was picked."""

    index: int
    """Position in the segments given (-1 for a sentence of the author's summary)."""
    text: str
    """What to say: the segment's text, or that text with its connective removed."""
    display: str
    """What to show in captions and the transcript, smoothed the same way."""
    score: float
    """The sentence's score, 0 to 1 (1.0 when the author chose it)."""
    reason: str
    """Why it is in: "opening claim", "rating", "verdict", "judgement 0.82"..."""


@dataclass(frozen=True, slots=True)
class _Sentence:
    index: int
    block: int
    role: BlockRole
    text: str
    display: str
    leans: bool
    """Starts with a connective or pronoun that needs the sentence before."""
    smooth_text: str | None
    smooth_display: str | None
    cost: int
    smooth_cost: int
    whole: bool = True
    """False for the first piece of a sentence cut in pieces: it needs the next."""


def smooth_connective(text: str) -> str | None:
    """Drop the leading connective of ``text`` ("However, x." -> "X.").

    Returns None when there is no connective to drop, or when what remains
    still leans on the sentence before ("But it drags." -> None).
    """
    rest = text.lstrip()
    if rest[:1].islower():
        return None  # the middle of a sentence cut in pieces, not a sentence
    for _ in range(3):
        match = _CONNECTIVE.match(rest)
        if match is None:
            break
        rest = rest[match.end() :]
    if rest == text.lstrip() or len(rest.split()) < 2 or _LEANING.match(rest.lstrip(_OPEN_QUOTES)):
        return None
    return rest[0].upper() + rest[1:]


def leans_on_previous(text: str) -> bool:
    """Tell whether ``text`` needs the sentence before it.

    True when it opens with a connective ("However,", "But") or a pronoun
    ("It", "This"), or with a small letter: the rest of a sentence cut in pieces.
    """
    head = text.lstrip(_OPEN_QUOTES)
    return bool(_CONNECTIVE.match(head) or _LEANING.match(head) or head[:1].islower())


def _tokens(text: str) -> list[str]:
    return [t.replace("’", "'") for t in _TOKEN.findall(text.lower())]


def _terms(tokens: Iterable[str]) -> list[str]:
    """Content terms for the similarity graph, with a light plural/possessive fold."""
    out = []
    for tok in tokens:
        if tok in _STOPWORDS or len(tok) < 2:
            continue
        tok = tok.removesuffix("'s")
        if len(tok) > 3 and tok.endswith("s") and not tok.endswith(("ss", "us", "is")):
            tok = tok[:-1]
        out.append(tok)
    return out


def _tfidf(docs: Sequence[list[str]]) -> np.ndarray:
    """Rows: sentences, L2-normalized sublinear TF times smoothed IDF."""
    vocab: dict[str, int] = {}
    for doc in docs:
        for term in doc:
            vocab.setdefault(term, len(vocab))
    counts = np.zeros((len(docs), max(len(vocab), 1)))
    for row, doc in enumerate(docs):
        for term in doc:
            counts[row, vocab[term]] += 1.0
    present = counts > 0
    tf = np.where(present, 1.0 + np.log(np.where(present, counts, 1.0)), 0.0)
    idf = np.log((1.0 + len(docs)) / (1.0 + present.sum(axis=0))) + 1.0
    weights = tf * idf
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    return weights / np.where(norms > 0, norms, 1.0)


def _centrality(sim: np.ndarray, damping: float = 0.85) -> np.ndarray:
    """LexRank with continuous edge weights, scaled so the most central is 1."""
    n = sim.shape[0]
    sums = sim.sum(axis=1, keepdims=True)
    walk = np.where(sums > 0, sim / np.where(sums > 0, sums, 1.0), 1.0 / n)
    rank = np.full(n, 1.0 / n)
    for _ in range(200):
        nxt = (1.0 - damping) / n + damping * (walk.T @ rank)
        if np.abs(nxt - rank).sum() < 1e-10:
            rank = nxt
            break
        rank = nxt
    return rank / rank.max()


def _polarity(tokens: Sequence[str]) -> tuple[int, int]:
    """Count (praise, criticism) words, a negator just before flipping one."""
    praise = criticism = 0
    for i, tok in enumerate(tokens):
        positive, negative = tok in _PRAISE, tok in _CRITICISM
        if not (positive or negative):
            continue
        if any(t in _NEGATORS for t in tokens[max(0, i - 2) : i]):
            positive, negative = negative, positive
        praise += positive
        criticism += negative
    return praise, criticism


def _is_heading_like(seg: Segment, alone: bool) -> bool:
    """A short line alone in its block, without closing punctuation or a score: a heading."""
    if not alone or seg.role not in ("body", "verdict") or len(seg.display.split()) > 10:
        return False
    return not _TERMINAL.search(seg.display) and not _RATING.search(seg.display)


def _candidates(segments: Sequence[Segment], rate: RateModel, pause_ms: int) -> list[_Sentence]:
    sizes = Counter(seg.block_index for seg in segments)
    out = []
    for index, seg in enumerate(segments):
        cost = rate.estimate_ms(seg.text)
        if seg.block_index < 0 or cost == 0 or _is_heading_like(seg, sizes[seg.block_index] == 1):
            continue
        smooth_text, smooth_display = smooth_connective(seg.text), smooth_connective(seg.display)
        if smooth_text is None or smooth_display is None:
            smooth_text = smooth_display = None
        smooth_cost = rate.estimate_ms(smooth_text) + pause_ms if smooth_text else cost + pause_ms
        out.append(
            _Sentence(index, seg.block_index, seg.role, seg.text, seg.display, leans_on_previous(seg.text),
                      smooth_text, smooth_display, cost + pause_ms, smooth_cost)
        )
    for k in range(len(out) - 1):
        nxt = out[k + 1]
        continues = nxt.display.lstrip(_OPEN_QUOTES)[:1].islower()
        if continues and nxt.index == out[k].index + 1 and nxt.block == out[k].block:
            out[k] = replace(out[k], whole=False)
    return out


@dataclass(frozen=True, slots=True)
class _Scores:
    score: np.ndarray
    sim: np.ndarray
    praise: np.ndarray
    criticism: np.ndarray
    judgement: np.ndarray


def _paragraphs(cands: Sequence[_Sentence]) -> list[int]:
    """Blocks in order, less those that only hold the rating ("Rating: 8/10")."""
    prose = {c.block for c in cands if c.role != "rating" and not _RATING.search(c.display)}
    return list(dict.fromkeys(c.block for c in cands if c.block in prose))


def _position(cands: Sequence[_Sentence]) -> np.ndarray:
    body = _paragraphs(cands) or [cands[0].block]
    first, last = body[0], body[-1]
    weights = np.zeros(len(cands))
    for k, c in enumerate(cands):
        lead = k == 0 or cands[k - 1].block != c.block
        if c.block == first:
            weights[k] = 1.0 if lead else 0.6
        elif c.block == last:
            weights[k] = 0.6
        elif lead:
            weights[k] = 0.25
    return weights


def _score(cands: Sequence[_Sentence]) -> _Scores:
    tokens = [_tokens(c.text) for c in cands]
    vectors = _tfidf([_terms(t) for t in tokens])
    sim = vectors @ vectors.T
    np.fill_diagonal(sim, 0.0)
    central = _centrality(sim)
    polarity = np.array([_polarity(t) for t in tokens], dtype=float).reshape(len(cands), 2)
    verdictish = np.array([bool(_VERDICT_PHRASES.search(c.text)) for c in cands], dtype=float)
    judgement = np.minimum(1.0, polarity.sum(axis=1) / 2.0 + 0.5 * verdictish)
    role = np.array([{"verdict": 0.3, "rating": 0.3, "pros": 0.1, "cons": 0.1}.get(c.role, 0.0) for c in cands])
    length = np.array([min(1.0, len(t) / 6.0) for t in tokens])
    raw = (0.35 * central + 0.2 * _position(cands) + 0.45 * judgement + role) * length
    score = raw / raw.max() if raw.max() > 0 else raw
    return _Scores(score, sim, polarity[:, 0], polarity[:, 1], judgement)


class _Plan:
    """The picks so far and their cost; every pick is kept readable."""

    def __init__(self, cands: Sequence[_Sentence], budget_ms: int) -> None:
        self.cands = cands
        self.budget = budget_ms
        self.chosen: set[int] = set()
        self.used = 0
        self.reasons: dict[int, str] = {}
        self.min_cost = np.array([min(c.cost, c.smooth_cost) for c in cands])

    def needs_help(self, k: int, chosen: set[int]) -> bool:
        """Sentence ``k`` leans on the one before, and that one is not among ``chosen``."""
        return self.cands[k].leans and k > 0 and (k - 1) not in chosen

    def cost(self, k: int, chosen: set[int]) -> int | None:
        """Cost of sentence ``k`` among ``chosen``; None if it would dangle."""
        cand = self.cands[k]
        if not cand.whole and (k + 1) not in chosen:
            return None
        if not self.needs_help(k, chosen):
            return cand.cost
        return cand.smooth_cost if cand.smooth_text is not None else None

    def total(self, chosen: set[int]) -> int | None:
        """Cost of a whole set of picks; None if one of them would dangle."""
        costs = [self.cost(k, chosen) for k in chosen]
        return None if None in costs else sum(c for c in costs if c is not None)

    def options(self, k: int, chosen: set[int]) -> list[tuple[int, ...]]:
        """Ways to add ``k``: with its antecedents in the paragraph, or alone."""
        if not self.needs_help(k, chosen):
            return [(k,)]
        opts: list[tuple[int, ...]] = []
        chain = [k]
        while len(chain) < _MAX_CHAIN and self.cands[chain[-1] - 1].block == self.cands[k].block:
            chain.append(chain[-1] - 1)
            if not self.needs_help(chain[-1], chosen):
                opts.append(tuple(reversed(chain)))
                break
        if self.cands[k].smooth_text is not None:
            opts.append((k,))
        return opts

    def delta(self, opt: tuple[int, ...], chosen: set[int]) -> int | None:
        """Extra cost of adding ``opt`` to ``chosen`` (the next pick may stop needing smoothing)."""
        new = chosen | set(opt)
        costs = [self.cost(k, new) for k in opt]
        if None in costs:
            return None
        extra = sum(c for c in costs if c is not None)
        nxt = opt[-1] + 1
        if nxt in chosen:
            extra += (self.cost(nxt, new) or 0) - (self.cost(nxt, chosen) or 0)
        return extra

    def try_add(self, k: int, reason: str) -> tuple[int, ...] | None:
        """Add ``k`` (and what it leans on) if it fits the budget; return what was added."""
        if not self.cands[k].whole and k + 1 < len(self.cands):
            return self.try_add(k + 1, reason)  # its continuation brings it along
        if k in self.chosen or self.used + self.min_cost[k] > self.budget:
            return None
        for opt in self.options(k, self.chosen):
            extra = self.delta(opt, self.chosen)
            if extra is not None and self.used + extra <= self.budget:
                self.chosen.update(opt)
                self.used += extra
                for j in opt:
                    self.reasons[j] = reason if j == k else "context"
                return opt
        return None


def _rating_pick(cands: Sequence[_Sentence]) -> list[int]:
    rated = [k for k, c in enumerate(cands) if c.role == "rating"]
    if rated:
        return sorted(rated, key=lambda k: not _RATING.search(cands[k].display))[:1]
    return [k for k, c in enumerate(cands) if _RATING.search(c.display)][-1:]


def _opening_pick(cands: Sequence[_Sentence]) -> list[int]:
    opening = _paragraphs(cands)[:1]
    first = [k for k, c in enumerate(cands) if c.block in opening]
    substantive = [k for k in first[:3] if len(cands[k].text.split()) >= 6]
    return (substantive or first)[:1]


def _verdict_picks(cands: Sequence[_Sentence], scores: _Scores) -> list[int]:
    ranked = sorted(range(len(cands)), key=lambda k: -scores.score[k])
    verdict = [k for k in ranked if cands[k].role == "verdict"]
    if verdict:
        return verdict
    closing = _paragraphs(cands)[-1:]
    return [k for k in ranked if cands[k].block in closing and scores.judgement[k] > 0]


def _judgement_picks(scores: _Scores, mine: np.ndarray, theirs: np.ndarray) -> list[int]:
    ranked = sorted(range(len(mine)), key=lambda k: -scores.score[k])
    return [k for k in ranked if mine[k] > 0 and mine[k] >= theirs[k]][:3]


def _add_required(plan: _Plan, scores: _Scores) -> None:
    """The rating, opening claim, verdict and strongest praise and criticism, in that priority."""
    cands = plan.cands
    for reason, tries in (
        ("rating", _rating_pick(cands)),
        ("opening claim", _opening_pick(cands)),
        ("verdict", _verdict_picks(cands, scores)),
        ("judgement", _judgement_picks(scores, scores.praise, scores.criticism)),
        ("judgement", _judgement_picks(scores, scores.criticism, scores.praise)),
    ):
        for k in tries:
            if k in plan.chosen or plan.try_add(k, reason):
                break


def _fill(plan: _Plan, scores: _Scores) -> None:
    """Greedy maximal marginal relevance until nothing more fits."""
    picked = sorted(plan.chosen)
    likeness = scores.sim[:, picked].max(axis=1) if picked else np.zeros(len(plan.cands))
    while True:
        mmr = _LAMBDA * scores.score - (1.0 - _LAMBDA) * likeness
        added = None
        for k in np.argsort(-mmr, kind="stable").tolist():
            if k not in plan.chosen and likeness[k] < _NEAR_DUPLICATE and scores.score[k] >= _MIN_FILL_SCORE:
                added = plan.try_add(k, "fill")
                if added:
                    break
        if not added:
            return
        likeness = np.maximum(likeness, scores.sim[:, list(added)].max(axis=1))


def _best_swap(plan: _Plan, scores: _Scores, fixed: set[int]) -> tuple[int, tuple[int, ...], int] | None:
    """The one-for-one swap that brings the total closest to the budget."""
    best: tuple[int, float, int, tuple[int, ...]] | None = None
    for out in sorted(plan.chosen - fixed):
        rest = plan.chosen - {out}
        base = plan.total(rest)
        if base is None:
            continue
        room = plan.budget - base
        likeness = scores.sim[:, sorted(rest)].max(axis=1) if rest else np.zeros(len(plan.cands))
        for into in np.flatnonzero(plan.min_cost <= room).tolist():
            floor = max(_MIN_FILL_SCORE, _SWAP_RATIO * scores.score[out])
            if into in plan.chosen or scores.score[into] < floor or likeness[into] >= _NEAR_DUPLICATE:
                continue
            for opt in plan.options(into, rest):
                extra = plan.delta(opt, rest)
                if extra is None or not plan.used < base + extra <= plan.budget:
                    continue
                key = (base + extra, scores.score[into] - scores.score[out])
                if best is None or key > best[:2]:
                    best = (base + extra, key[1], out, opt)
    return None if best is None else (best[2], best[3], best[0])


def _improve(plan: _Plan, scores: _Scores) -> None:
    """Swap picks for longer ones, then fill again, until close to the budget."""
    # Required picks stay, and so do context sentences and the picks they were brought in for.
    fixed = {k for k, r in plan.reasons.items() if r != "fill" or plan.reasons.get(k - 1) == "context"}
    for _ in range(_MAX_SWAP_ROUNDS):
        if plan.budget - plan.used <= _FILL_TARGET * plan.budget:
            return
        swap = _best_swap(plan, scores, fixed)
        if swap is None:
            return
        out, opt, used = swap
        plan.chosen.discard(out)
        plan.reasons.pop(out)
        plan.chosen.update(opt)
        plan.used = used
        for j in opt:
            plan.reasons[j] = "fill" if j == opt[-1] else "context"
        fixed.update(j for j in opt if j != opt[-1])
        _fill(plan, scores)


def _picks(plan: _Plan, scores: _Scores) -> tuple[Pick, ...]:
    out = []
    for k in sorted(plan.chosen):
        cand, reason = plan.cands[k], plan.reasons[k]
        if reason in ("fill", "judgement"):
            reason = f"{'judgement' if scores.judgement[k] > 0 else 'central'} {scores.score[k]:.2f}"
        smoothed = plan.needs_help(k, plan.chosen)  # a pick that needs help is kept only smoothed
        text = cand.smooth_text if smoothed and cand.smooth_text else cand.text
        display = cand.smooth_display if smoothed and cand.smooth_display else cand.display
        out.append(Pick(cand.index, text, display, round(float(scores.score[k]), 3), reason))
    return tuple(out)


def _split_summary(summary: str) -> list[str]:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return [s.strip() for s in segmenter.segment(" ".join(summary.split())) if s.strip()]


def select_short(
    segments: Sequence[Segment],
    *,
    rate: RateModel,
    budget_ms: int,
    pause_ms: int = 350,
    summary: str | None = None,
) -> tuple[Pick, ...]:
    """Pick the sentences of the short version, in the review's order.

    ``segments`` are the full version's narration segments; framing lines
    (``block_index`` -1) and heading-like lines are never picked. Each pick
    costs ``rate.estimate_ms(text) + pause_ms`` and the total stays within
    ``budget_ms``. An author's ``summary`` wins over everything (its
    sentences come back verbatim with index -1), then segments the author
    marked for the short version (exactly those). A review whose sentences
    all fit in the budget comes back whole.
    """
    if budget_ms <= 0:
        raise SpeechError(f"the short version needs a positive time budget, not {budget_ms} ms")
    if summary and summary.strip():
        return tuple(Pick(-1, s, s, 1.0, "author summary") for s in _split_summary(summary))
    marked = [Pick(i, s.text, s.display, 1.0, "author-marked") for i, s in enumerate(segments) if s.marked_short]
    if marked:
        return tuple(marked)
    cands = _candidates(segments, rate, pause_ms)
    if not cands:
        return ()
    if sum(c.cost for c in cands) <= budget_ms:
        return tuple(Pick(c.index, c.text, c.display, 1.0, "whole review") for c in cands)
    scores = _score(cands)
    plan = _Plan(cands, budget_ms)
    _add_required(plan, scores)
    _fill(plan, scores)
    _improve(plan, scores)
    return _picks(plan, scores)
