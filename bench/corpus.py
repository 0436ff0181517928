"""Generated reviews for the benchmarks: varied sentences from a small grammar.

Deterministic (seeded), so every benchmark run reads the same words.
"""

from __future__ import annotations

import random
from pathlib import Path

SUBJECTS = [
    "The lead performance", "The score", "The second act", "The photography", "The script",
    "The supporting cast", "The final scene", "The editing", "The production design", "The dialogue",
    "The opening chapter", "The mix", "The pacing", "The ending", "The central idea",
]
VERBS = [
    "carries", "undercuts", "lifts", "complicates", "rewards", "tests", "sharpens", "softens",
    "frames", "delays", "echoes", "earns",
]
OBJECTS = [
    "the quieter moments", "every argument between the brothers", "the long drive north",
    "the town's slow decline", "a story we think we know", "the patience it asks for",
    "the best scene of the year", "its own ambitions", "the weight of the final choice",
    "a genre that rarely tries this hard", "the small jokes along the way", "the heavy themes",
]
CODAS = [
    "and it mostly works.", "though not always.", "with real confidence.", "better than expected.",
    "in ways that linger.", "without much fuss.", "and the effect is striking.", "at a cost.",
]
JUDGEMENTS = [
    "It is a remarkable piece of work.", "It is flawed but worth your time.",
    "I recommend it without hesitation.", "It never quite comes together.",
    "This is the strongest release of the season.", "Some of it is tedious, most of it is not.",
]
HEADINGS = ["The story", "The performances", "The craft", "Where it falls short", "Verdict"]


def sentence(rng: random.Random) -> str:
    """One review-like sentence."""
    if rng.random() < 0.12:
        return rng.choice(JUDGEMENTS)
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}, {rng.choice(CODAS)}"


def body(rng: random.Random, words: int) -> str:
    """Markdown body of about ``words`` words, in paragraphs under headings."""
    out: list[str] = []
    count = 0
    section = 0
    while count < words:
        if count >= (section * words) // len(HEADINGS) and section < len(HEADINGS):
            out.append(f"## {HEADINGS[section]}\n")
            section += 1
        para = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        count += len(para.split())
        out.append(para + "\n")
    return "\n".join(out)


def make_review(path: Path, words: int, *, seed: int = 7, title: str | None = None) -> Path:
    """Write a Markdown review of about ``words`` words to ``path``."""
    rng = random.Random(seed)
    title = title or f"A review in {words} words"
    rating = rng.choice(["7/10", "8/10", "3.5/5", "4/5"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: {title}\nauthor: Bench Writer\ndate: 2025-01-{seed % 28 + 1:02d}\nrating: {rating}\n---\n\n"
        + body(rng, words)
        + f"\nRating: {rating}\n",
        encoding="utf-8",
    )
    return path


def make_posts(folder: Path, count: int, words: int = 160) -> list[Path]:
    """A static site's content folder of ``count`` short posts."""
    return [make_review(folder / f"post-{n:02d}.md", words, seed=n, title=f"Post number {n}") for n in range(count)]
