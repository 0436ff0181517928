"""The example reviews: clutter gone, facts found, review sentences intact."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from audioreview.ingest import load
from audioreview.model import Rating, Review
from audioreview.speech.clean import clean_review
from audioreview.speech.structure import mark_structure

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@dataclass(frozen=True)
class Example:
    path: str
    title: str
    author: str
    date: str
    rating: Rating
    in_passing: str
    """A real review sentence that names a streaming service or social network."""
    clutter: tuple[str, ...]
    """Bits of page clutter that must not be in the kept text."""
    verdict_starts: str


CASES = [
    Example(
        path="cluttered-film-review.txt",
        title="The Long Static review: a radio drama that finally finds its signal",
        author="Priya Raman",
        date="2025-02-14",
        rating=Rating(7.5, 10.0, "7.5/10"),
        in_passing="In a year when Netflix seems to drop a new true-crime series every Friday, it is a relief "
        "to find a mystery that trusts silence instead of cliffhangers.",
        clutter=(
            "Priya Raman",
            "Twitter | Instagram",
            "Published on",
            "0 comments",
            "flag",
            "Share this",
            "Share on",
            "Photo by",
            "Image credit",
            "Read Next",
            "Best Thrillers of the Decade",
            "Sound Designers Are the Real Stars",
            "Playing Alone for Six Weeks",
            "Watch The Long Static on Netflix",
            "No comments have been added yet",
            "Subscribe",
            "newsletter",
            "Sign up",
            "cookie",
        ),
        verdict_starts="But those are small complaints",
    ),
    Example(
        path="cluttered-game-review.html",
        title="Lanternfall review: a slow-burning delight",
        author="Marcus Hale",
        date="2025-05-09",
        rating=Rating(8.0, 10.0, "8/10"),
        in_passing="Within a day of launch, Twitter was full of clips of players getting hopelessly lost in the fog",
        clutter=(
            "Marcus Hale",
            "Mastodon",
            "Published on",
            "14 comments",
            "flag",
            "Share this",
            "Share on",
            "Copy link",
            "Image credit",
            "Home »",
            "Read next",
            "Tidewater review",
            "Why indie developers love fog",
            "Subscribe",
            "newsletter",
            "inbox",
            "Sign up",
            "Great review!",
            "Load more comments",
            "Follow us",
            "All rights reserved",
            "cookie",
            "Buy Lanternfall on Steam",
            "dataLayer",
            "News",
        ),
        verdict_starts="Verdict",
    ),
    Example(
        path="cluttered-album-review.txt",
        title="Paper Satellites by The Lowland Choir: a review",
        author="Tom Okafor",
        date="2024-06-03",
        rating=Rating(4.0, 5.0, "★★★★"),
        in_passing="When the lead single leaked on Twitter back in March, the replies were split down the middle "
        "between fans who missed the big choral swells of their last record and fans who thought the band had "
        "finally found its real voice.",
        clutter=(
            "Tom Okafor",
            "@tomokafor",
            "Posted",
            "12 shares",
            "Share this",
            "Cover art",
            "Ines Marr",
            "🎧",
            "#vinyl",
            "#newmusic",
            "Listen to Paper Satellites on Spotify",
            "Read next",
            "Ten Albums That Sound Like Winter",
            "Writing Songs at Sea",
            "Follow us",
            "Subscribe",
            "0 comments",
        ),
        verdict_starts="Still, this is the most personal",
    ),
]


def _prepared(example: Example) -> tuple[Review, Review]:
    raw = load(str(EXAMPLES / example.path))
    return raw, mark_structure(clean_review(raw))


@pytest.mark.parametrize("example", CASES, ids=[c.path for c in CASES])
def test_clutter_is_gone(example: Example) -> None:
    _, review = _prepared(example)
    kept = "\n".join(b.text for b in review.blocks)
    for bit in example.clutter:
        assert bit not in kept, f"{bit!r} survived in {example.path}"


@pytest.mark.parametrize("example", CASES, ids=[c.path for c in CASES])
def test_facts_are_found(example: Example) -> None:
    _, review = _prepared(example)
    assert review.meta.title == example.title
    assert review.meta.author == example.author
    assert review.meta.date == example.date
    assert review.meta.rating == example.rating


@pytest.mark.parametrize("example", CASES, ids=[c.path for c in CASES])
def test_sentence_mentioning_a_service_in_passing_survives(example: Example) -> None:
    _, review = _prepared(example)
    assert any(example.in_passing in b.text for b in review.blocks)


@pytest.mark.parametrize("example", CASES, ids=[c.path for c in CASES])
def test_rating_line_is_kept_and_verdict_found(example: Example) -> None:
    _, review = _prepared(example)
    roles = [(b.role, b.text) for b in review.blocks]
    assert [role for role, _ in roles].count("rating") == 1
    verdict = [text for role, text in roles if role == "verdict"]
    assert verdict and verdict[0].startswith(example.verdict_starts)


@pytest.mark.parametrize("example", CASES, ids=[c.path for c in CASES])
def test_review_is_long_enough_to_be_realistic(example: Example) -> None:
    _, review = _prepared(example)
    words = sum(len(b.text.split()) for b in review.blocks)
    assert 400 <= words <= 900, words


def test_game_review_pros_and_cons() -> None:
    _, review = _prepared(CASES[1])
    pros = [b.text for b in review.blocks if b.role == "pros" and b.kind == "list_item"]
    cons = [b.text for b in review.blocks if b.role == "cons" and b.kind == "list_item"]
    assert len(pros) == 3 and len(cons) == 2
    assert review.meta.language == "en-GB"
    assert review.meta.url == "https://pixelpost.example/reviews/lanternfall"


def test_demo_markdown_example() -> None:
    raw = load(str(EXAMPLES / "quiet-harbour.md"))
    review = mark_structure(clean_review(raw))
    meta = review.meta
    assert meta.title.startswith("Quiet Harbour")
    assert (meta.author, meta.date, meta.rating, meta.show) == (
        "Nora Lindqvist",
        "2025-03-14",
        Rating(4.0, 5.0, "4/5"),
        "The Short Audio Version",
    )
    # Nothing is dropped from a clean file.
    assert [b.text for b in review.blocks] == [b.text for b in raw.blocks]
    assert [b.text for b in review.blocks if b.kind == "heading"][-1] == "Verdict"
    assert {b.role for b in review.blocks} >= {"verdict", "rating"}
    assert not any(b.marked_short for b in review.blocks)  # the demo leaves the choice to the summarizer
    words = sum(len(b.text.split()) for b in review.blocks)
    assert 400 <= words <= 650, words
