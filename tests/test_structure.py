"""Rating line, verdict, pros and cons: which block plays which part."""

from __future__ import annotations

import pytest

from audioreview.model import Block, Metadata, Review
from audioreview.speech.structure import (
    assign_roles,
    has_judgement,
    inline_pros_cons,
    is_verdict_heading,
    mark_structure,
    opens_verdict,
    part_under,
    pros_cons_label,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Verdict", True),
        ("The Verdict", True),
        ("Our verdict:", True),
        ("Final verdict: a quiet triumph", True),
        ("Overall", True),
        ("Final thoughts", True),
        ("The bottom line", True),
        ("Conclusion", True),
        ("In conclusion", True),
        ("Should you watch it?", True),
        ("Should you buy Lanternfall?", True),
        ("Should you read it?", True),
        ("Is it worth it?", True),
        ("Is Quiet Harbour worth your time?", True),
        ("The performances", False),
        ("Overall design of the levels was clever", False),
        ("Where it drifts", False),
        ("Verdicts of history", False),
    ],
)
def test_is_verdict_heading(text: str, expected: bool) -> None:
    assert is_verdict_heading(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pros", "pros"),
        ("Pros:", "pros"),
        ("The good", "pros"),
        ("The Good", "pros"),
        ("What we liked", "pros"),
        ("What I loved:", "pros"),
        ("Highs", "pros"),
        ("Cons", "cons"),
        ("The bad", "cons"),
        ("What we didn't like", "cons"),
        ("What we didn’t like", "cons"),
        ("Lows:", "cons"),
        ("The good, the bad and the ugly", None),
        ("Goodbye", None),
        ("Proscenium", None),
    ],
)
def test_pros_cons_label(text: str, expected: str | None) -> None:
    assert pros_cons_label(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pros: great story, gorgeous art", "pros"),
        ("Cons: short, pricey", "cons"),
        ("The good: everything", "pros"),
        ("Pros and cons of streaming.", None),
        ("Pros:", None),
    ],
)
def test_inline_pros_cons(text: str, expected: str | None) -> None:
    assert inline_pros_cons(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Overall, a game worth your evenings.", True),
        ("In the end, it is a small triumph.", True),
        ("All in all, I liked it.", True),
        ("Verdict: see it.", True),
        ("Ultimately, the film works.", True),
        ("The bottom line: buy it.", True),
        ("Overall design is clever.", False),
        ("In the end credits there is a scene.", False),
        ("It is overall fine.", False),
    ],
)
def test_opens_verdict(text: str, expected: bool) -> None:
    assert opens_verdict(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I recommend it without hesitation.", True),
        ("It is well worth your time.", True),
        ("A must-see.", True),
        ("It's a slow grower, but one worth waiting for.", True),
        ("Skip it.", True),
        ("Seven and a half out of ten.", False),
        ("I give it 7.5/10.", True),
        ("Three and a half stars.", True),
        ("★★★★", True),
        ("Ruth counts coins for diesel.", False),
    ],
)
def test_has_judgement(text: str, expected: bool) -> None:
    assert has_judgement(text) is expected


def H(text: str, level: int = 2) -> Block:  # noqa: N802 - reads like the markup it stands for
    return Block("heading", text, level=level)


def P(text: str) -> Block:  # noqa: N802
    return Block("paragraph", text)


def LI(text: str) -> Block:  # noqa: N802
    return Block("list_item", text, level=1)


ROLE_CASES = {
    "verdict heading and what is under it": (
        [
            P("Intro."),
            H("Story"),
            P("Plot."),
            H("Verdict"),
            P("Good film."),
            P("Rating: 8/10"),
            H("Credits"),
            P("Cast list."),
        ],
        ["body", "body", "body", "verdict", "verdict", "rating", "body", "body"],
    ),
    "sub-headings stay under the verdict": (
        [
            P("Intro."),
            H("The bottom line", 2),
            H("Pros", 3),
            LI("Fun"),
            H("Cons", 3),
            LI("Short"),
            P("Buy it."),
        ],
        ["body", "verdict", "pros", "pros", "cons", "cons", "verdict"],
    ),
    "plain-text lead-in paragraph acts as a heading": (
        [P("Intro."), P("Middle."), P("Verdict"), P("A quiet triumph."), P("Another closing thought.")],
        ["body", "body", "verdict", "verdict", "verdict"],
    ),
    "opening words in the second half": (
        [
            P("Overall, the first act sets things up."),
            P("Middle."),
            P("More."),
            P("Overall, it is worth it."),
            P("Last."),
        ],
        ["body", "body", "body", "verdict", "body"],
    ),
    "closing paragraph with a judgement": (
        [P("Intro."), P("Middle."), P("I recommend it without hesitation."), P("★★★★")],
        ["body", "body", "verdict", "rating"],
    ),
    "closing paragraph without a judgement": (
        [P("Intro."), P("Middle."), P("The end credits roll over the sea.")],
        ["body", "body", "body"],
    ),
    "pros and cons under headings": (
        [
            P("Intro."),
            H("The good", 3),
            LI("Light"),
            LI("Score"),
            H("The bad", 3),
            LI("Puzzles"),
            P("Plain."),
        ],
        ["body", "pros", "pros", "pros", "cons", "cons", "body"],
    ),
    "pros and cons after lead-in paragraphs": (
        [
            P("Intro."),
            P("What we liked:"),
            LI("Light"),
            LI("Score"),
            P("Cons:"),
            LI("Puzzles"),
            P("Then prose."),
        ],
        ["body", "pros", "pros", "pros", "cons", "cons", "body"],
    ),
    "a lead-in with no list is not pros": (
        [P("Intro."), P("Pros:"), P("Prose, not a list.")],
        ["body", "body", "body"],
    ),
    "inline pros and cons paragraphs": (
        [P("Intro."), P("Pros: great story, gorgeous art"), P("Cons: too short")],
        ["body", "pros", "cons"],
    ),
    "rating found without the cleaner": (
        [P("Intro."), P("Score: ★★★½"), P("Middle.")],
        ["body", "rating", "body"],
    ),
}


@pytest.mark.parametrize(("blocks", "roles"), ROLE_CASES.values(), ids=ROLE_CASES.keys())
def test_assign_roles(blocks: list[Block], roles: list[str]) -> None:
    assert assign_roles(blocks) == roles


def test_role_already_rating_is_kept() -> None:
    blocks = [P("Intro."), Block("paragraph", "Seven and a half", role="rating")]
    assert assign_roles(blocks) == ["body", "rating"]


def test_part_under_stops_at_same_or_higher_level() -> None:
    blocks = [H("A", 2), P("x"), H("B", 3), P("y"), H("C", 2), P("z")]
    assert list(part_under(blocks, 0)) == [1, 2, 3]
    assert list(part_under(blocks, 2)) == [3]
    assert list(part_under(blocks, 4)) == [5]


def test_mark_structure_changes_only_roles() -> None:
    blocks = (P("Intro."), H("Verdict"), Block("paragraph", "Good.", marked_short=True))
    review = Review(meta=Metadata(title="T"), blocks=blocks, source="s")
    marked = mark_structure(review)
    assert [b.role for b in marked.blocks] == ["body", "verdict", "verdict"]
    assert [(b.kind, b.text, b.marked_short) for b in marked.blocks] == [
        (b.kind, b.text, b.marked_short) for b in blocks
    ]
    assert marked.meta == review.meta and marked.source == "s"
    assert mark_structure(marked) == marked


def test_empty_review() -> None:
    assert assign_roles([]) == []
