"""Selection of the short version: required sentences, budget, readability, overrides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import frontmatter
import pysbd
import pytest

from audioreview.errors import SpeechError
from audioreview.model import BlockRole, Segment
from audioreview.speech.rate import RateModel
from audioreview.speech.summarize import Pick, leans_on_previous, select_short, smooth_connective

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
RATE = RateModel(ms_per_char=55.0, ms_per_word=30.0, ms_fixed=200.0)
FLAT = RateModel(ms_per_char=50.0, ms_per_word=0.0, ms_fixed=0.0)
"""50 ms per letter or digit and nothing else: costs easy to reason about."""


def seg(text: str, block: int, role: BlockRole = "body", marked: bool = False) -> Segment:
    return Segment(text=text, display=text, block_index=block, role=role, marked_short=marked)


@dataclass(frozen=True)
class Example:
    """An example review as the full version's segments: one per heading or sentence."""

    segments: list[Segment]
    headings: frozenset[int]

    def previous_sentence(self, index: int) -> int | None:
        """The sentence spoken before ``index`` in the full version, headings aside."""
        return next((j for j in range(index - 1, -1, -1) if j not in self.headings), None)


def load_example(name: str) -> Example:
    post = frontmatter.load(EXAMPLES / name)
    splitter = pysbd.Segmenter(language="en", clean=False)
    segments: list[Segment] = []
    headings: set[int] = set()
    section: BlockRole = "body"
    blocks = [b.strip() for b in post.content.split("\n\n") if b.strip()]
    for index, block in enumerate(blocks):
        if block.startswith("#"):
            title = block.lstrip("#").strip()
            section = "verdict" if title.lower() == "verdict" else "body"
            headings.add(len(segments))
            segments.append(seg(title, index, section))
            continue
        role: BlockRole = "rating" if block.lower().startswith("rating:") else section
        segments.extend(seg(s.strip(), index, role) for s in splitter.segment(" ".join(block.split())) if s.strip())
    return Example(segments, frozenset(headings))


def cost(picks: Sequence[Pick], rate: RateModel = RATE, pause_ms: int = 350) -> int:
    return sum(rate.estimate_ms(p.text) + pause_ms for p in picks)


EXAMPLE_NAMES = ["long-novel-review.md", "album-review-headings.md", "no-rating-restaurant.md"]
BUDGETS = [20_000, 45_000, 60_000, 90_000]


@pytest.fixture(scope="module", params=EXAMPLE_NAMES)
def example(request: pytest.FixtureRequest) -> Example:
    return load_example(request.param)


def test_examples_are_long_enough_to_summarize(example: Example) -> None:
    segments = example.segments
    assert sum(RATE.estimate_ms(s.text) + 350 for s in segments) > max(BUDGETS)


@pytest.mark.parametrize("budget", BUDGETS)
def test_budget_is_respected_and_nearly_filled(example: Example, budget: int) -> None:
    segments = example.segments
    picks = select_short(segments, rate=RATE, budget_ms=budget)
    assert 0.9 * budget <= cost(picks) <= budget


@pytest.mark.parametrize("budget", BUDGETS)
def test_picks_keep_source_order_and_never_dangle(example: Example, budget: int) -> None:
    segments = example.segments
    picks = select_short(segments, rate=RATE, budget_ms=budget)
    indices = [p.index for p in picks]
    assert indices == sorted(set(indices))
    for pick in picks:
        assert 0 <= pick.score <= 1
        if leans_on_previous(pick.text):
            assert example.previous_sentence(pick.index) in indices, pick.text
        if pick.text != segments[pick.index].text:  # smoothed: the segment's own text, less its opening
            assert segments[pick.index].text.endswith(pick.text[1:])


@pytest.mark.parametrize("budget", BUDGETS)
def test_opening_claim_verdict_and_rating_are_kept(example: Example, budget: int) -> None:
    segments = example.segments
    picks = select_short(segments, rate=RATE, budget_ms=budget)
    reasons = {p.reason: p for p in picks}
    assert picks[0].index == 0 and picks[0].reason == "opening claim"
    rating = [i for i, s in enumerate(segments) if s.role == "rating"]
    if rating:
        assert reasons["rating"].index == rating[0]
    verdict_roles = [s for s in segments if s.role == "verdict"]
    if verdict_roles:
        assert any(segments[p.index].role == "verdict" for p in picks)
    else:
        last_paragraph = max(s.block_index for s in segments if s.role == "body")
        assert segments[reasons["verdict"].index].block_index == last_paragraph


@pytest.mark.parametrize("name", ["long-novel-review.md", "album-review-headings.md"])
def test_without_roles_the_rating_line_and_closing_paragraph_are_found(name: str) -> None:
    example = load_example(name)
    segments = [replace(s, role="body") for s in example.segments]
    rating_line = max(i for i, s in enumerate(example.segments) if s.role == "rating")
    closing = max(s.block_index for s in example.segments if s.role != "rating")
    picks = select_short(segments, rate=RATE, budget_ms=45_000)
    reasons = {p.reason: p.index for p in picks}
    assert reasons["rating"] == rating_line
    assert segments[reasons["verdict"]].block_index == closing
    assert reasons["opening claim"] == 0


def test_headings_are_never_picked(example: Example) -> None:
    segments = example.segments
    if not example.headings:
        pytest.skip("this example has no headings")
    for budget in [*BUDGETS, 10_000_000]:
        assert not example.headings & {p.index for p in select_short(segments, rate=RATE, budget_ms=budget)}


def test_selection_is_deterministic(example: Example) -> None:
    segments = example.segments
    first = select_short(segments, rate=RATE, budget_ms=50_000)
    assert all(select_short(list(segments), rate=RATE, budget_ms=50_000) == first for _ in range(3))


def test_praise_and_criticism_are_both_kept() -> None:
    segments = [
        seg("The Quiet Hours follows a lighthouse keeper through one long winter on the coast.", 0),
        *[seg(f"On day {n} the keeper checks the lamp, logs the wind and walks the cliff path.", 1) for n in range(8)],
        seg("The cinematography is stunning, a brilliant and beautiful triumph.", 2),
        *[seg(f"Scene {n} shows the supply boat arriving late with letters and tinned food.", 3) for n in range(8)],
        seg("The dialogue is tedious, clumsy and flawed from start to finish.", 4),
        *[seg(f"Week {n} brings another storm and another repair to the old generator.", 5) for n in range(8)],
    ]
    picks = select_short(segments, rate=FLAT, budget_ms=16_000, pause_ms=0)
    texts = [p.text for p in picks]
    assert segments[9].text in texts and segments[18].text in texts
    assert all(p.reason.startswith(("opening claim", "judgement", "central", "verdict")) for p in picks)


def test_rating_in_prose_is_kept() -> None:
    filler = [seg(f"Track {n} is a slow instrumental with brushed drums and a bass line.", 1) for n in range(12)]
    segments = [
        seg("Fenwick Hale's fourth album is his most patient record so far.", 0),
        *filler,
        seg("Dated 12/10/2024, this pressing is the second one.", 2),
        seg("I give it 4/5 and will keep it close.", 3),
    ]
    picks = select_short(segments, rate=FLAT, budget_ms=8_000, pause_ms=0)
    assert [p.reason for p in picks if p.index == 14] == ["rating"]


def test_a_rating_line_without_a_rating_role_is_kept() -> None:
    filler = [seg(f"Track {n} is a slow instrumental with brushed drums and a bass line.", 1) for n in range(12)]
    segments = [seg("Fenwick Hale's fourth album is his most patient record so far.", 0), *filler]
    segments.append(seg("Rating: ★★★½", 2))  # alone in its block and unpunctuated, like a heading
    picks = select_short(segments, rate=FLAT, budget_ms=6_000, pause_ms=0)
    assert [p.reason for p in picks if p.index == 13] == ["rating"]


def test_opening_claim_skips_a_fragment() -> None:
    segments = [
        seg("Wow.", 0),
        seg("This record is a brave, strange and rewarding turn for the band.", 0),
        *[seg(f"Song {n} has a long intro on organ and a chorus that returns three times.", 1) for n in range(10)],
    ]
    picks = select_short(segments, rate=FLAT, budget_ms=6_000, pause_ms=0)
    assert ("opening claim", 1) in [(p.reason, p.index) for p in picks]


NEUTRAL = [seg(f"In chapter {n} the family moves the boxes from the cellar to the loft.", 1) for n in range(10)]
OPENING = seg("The Salt Ledger is a novel about a town that writes everything down.", 0)
ANTECEDENT = seg("The score was written by a cellist from Bergen during one winter.", 2)
CLOSING = [seg(f"In the epilogue the boxes number {n} are carried back down the stairs.", 9) for n in range(3)]


def _fixture(praise: str) -> list[Segment]:
    return [OPENING, *NEUTRAL, ANTECEDENT, seg(praise, 2), *CLOSING]


def test_dangling_pick_is_kept_with_its_antecedent() -> None:
    segments = _fixture("It is stunning, brilliant and the best score of the year.")
    budget = sum(FLAT.estimate_ms(s.text) for s in (OPENING, ANTECEDENT, segments[12])) + 500
    picks = select_short(segments, rate=FLAT, budget_ms=budget, pause_ms=0)
    by_index = {p.index: p for p in picks}
    assert by_index[12].text == segments[12].text
    assert by_index[11].reason == "context"


def test_dangling_connective_is_smoothed_when_the_antecedent_does_not_fit() -> None:
    segments = _fixture("However, the score is stunning, brilliant and the best of the year.")
    smoothed = "The score is stunning, brilliant and the best of the year."
    budget = FLAT.estimate_ms(OPENING.text) + FLAT.estimate_ms(smoothed) + 500
    picks = select_short(segments, rate=FLAT, budget_ms=budget, pause_ms=0)
    by_index = {p.index: p for p in picks}
    assert 11 not in by_index
    assert (by_index[12].text, by_index[12].display) == (smoothed, smoothed)
    assert by_index[12].reason.startswith("judgement")


def test_dangling_pronoun_is_skipped_when_the_antecedent_does_not_fit() -> None:
    segments = _fixture("But it is stunning, brilliant and the best score of the year.")
    budget = FLAT.estimate_ms(OPENING.text) + FLAT.estimate_ms(segments[12].text) + 500
    picks = select_short(segments, rate=FLAT, budget_ms=budget, pause_ms=0)
    assert 12 not in {p.index for p in picks}
    assert not any(leans_on_previous(p.text) for p in picks)


def test_dangling_pick_without_antecedent_in_its_paragraph_is_smoothed() -> None:
    segments = [OPENING, *NEUTRAL, seg("Still, the ending is a stunning, brilliant triumph of tone.", 2), *CLOSING]
    budget = FLAT.estimate_ms(OPENING.text) + FLAT.estimate_ms(segments[11].text)
    picks = select_short(segments, rate=FLAT, budget_ms=budget, pause_ms=0)
    assert [p.text for p in picks if p.index == 11] == ["The ending is a stunning, brilliant triumph of tone."]


def test_a_sentence_cut_in_pieces_is_picked_whole_or_not_at_all() -> None:
    head = seg("The closing chapter is a stunning, brilliant and moving piece of writing,", 2)
    tail = seg("which gathers every thread of the book into a single afternoon.", 2)
    segments = [OPENING, *NEUTRAL, head, tail, *CLOSING]
    roomy = FLAT.estimate_ms(OPENING.text + head.text + tail.text) + 500
    picks = select_short(segments, rate=FLAT, budget_ms=roomy, pause_ms=0)
    assert {11, 12} <= {p.index for p in picks}
    tight = FLAT.estimate_ms(OPENING.text + head.text) + 500
    picks = select_short(segments, rate=FLAT, budget_ms=tight, pause_ms=0)
    assert {11, 12}.isdisjoint(p.index for p in picks)


def test_swaps_bring_the_total_close_to_the_budget() -> None:
    family = "Every family in the town keeps a ledger, and every ledger ends up in the archive above harbour"
    segments = [
        OPENING,
        *[seg(f"{family} number {n}.", 1) for n in range(6)],
        seg("The archive keeps each town ledger.", 2),  # picked first: central, and short
        seg("A ferry pilot brings oranges to the town archive each spring, packed in a ledger crate.", 3),
        *[seg(f"{family} number {n}.", 4) for n in range(2)],
    ]
    budget = FLAT.estimate_ms(OPENING.text) + FLAT.estimate_ms(segments[8].text) + 300
    picks = select_short(segments, rate=FLAT, budget_ms=budget, pause_ms=0)
    assert [p.index for p in picks] == [0, 8]
    assert 0.9 * budget <= cost(picks, FLAT, 0) <= budget


def test_near_duplicates_are_not_both_picked() -> None:
    repeat = "The prose is precise, cold and beautifully controlled throughout."
    segments = [OPENING, *NEUTRAL[:5], seg(repeat, 2), *NEUTRAL[5:], seg(repeat, 3), *CLOSING]
    picks = select_short(segments, rate=FLAT, budget_ms=20_000, pause_ms=0)
    assert [p.text for p in picks].count(repeat) == 1


def test_a_short_review_is_returned_whole() -> None:
    segments = [
        Segment(text="Intro line by the host.", display="Intro line by the host.", block_index=-1),
        seg("Short and sweet", 0),  # a heading
        seg("A small book with a big heart.", 1),
        seg("However, it is too short.", 1),
        seg("Rating: 4/5", 2, "rating"),
    ]
    picks = select_short(segments, rate=FLAT, budget_ms=60_000)
    assert [(p.index, p.text, p.reason) for p in picks] == [
        (2, "A small book with a big heart.", "whole review"),
        (3, "However, it is too short.", "whole review"),
        (4, "Rating: 4/5", "whole review"),
    ]


def test_author_marked_sentences_are_taken_exactly() -> None:
    segments = [seg(f"Sentence {n} of the review, long enough to matter.", n // 3) for n in range(12)]
    marked = [4, 5, 9]
    segments = [seg(s.text, s.block_index, marked=i in marked) for i, s in enumerate(segments)]
    picks = select_short(segments, rate=FLAT, budget_ms=1_000)
    assert [(p.index, p.reason) for p in picks] == [(i, "author-marked") for i in marked]


def test_author_summary_wins_and_is_used_verbatim() -> None:
    segments = [seg("A sentence the author marked.", 0, marked=True), seg("Another.", 0)]
    summary = "A patient, brilliant novel.\nIts middle sags, but Aud is unforgettable. Eight out of ten."
    picks = select_short(segments, rate=FLAT, budget_ms=1_000, summary=summary)
    assert picks == (
        Pick(-1, "A patient, brilliant novel.", "A patient, brilliant novel.", 1.0, "author summary"),
        Pick(-1, "Its middle sags, but Aud is unforgettable.", "Its middle sags, but Aud is unforgettable.",
             1.0, "author summary"),
        Pick(-1, "Eight out of ten.", "Eight out of ten.", 1.0, "author summary"),
    )


def test_blank_summary_is_ignored() -> None:
    segments = [seg("A sentence the author marked.", 0, marked=True)]
    assert [p.reason for p in select_short(segments, rate=FLAT, budget_ms=1_000, summary="  \n")] == ["author-marked"]


def test_nothing_to_pick() -> None:
    assert select_short([], rate=FLAT, budget_ms=10_000) == ()
    framing = [Segment(text="Welcome to the show.", display="Welcome to the show.")]
    assert select_short(framing, rate=FLAT, budget_ms=10_000) == ()


@pytest.mark.parametrize("budget", [0, -100])
def test_budget_must_be_positive(budget: int) -> None:
    with pytest.raises(SpeechError):
        select_short([seg("A sentence.", 0)], rate=FLAT, budget_ms=budget)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("However, the score soars.", "The score soars."),
        ("But the ending lands.", "The ending lands."),
        ("And yet the ending lands.", "The ending lands."),
        ("Still, the desserts rescued the evening.", "The desserts rescued the evening."),
        ("That said, the cast is superb.", "The cast is superb."),
        ("Also worth a mention: the cover.", "Worth a mention: the cover."),
        ("On the other hand, the lyrics are sharp.", "The lyrics are sharp."),
        ("But it drags.", None),
        ("However, this is where it falls apart.", None),
        ("The score soars.", None),
        ("Still waters run deep in this book.", None),
        ("However hard it tries, the film never lands.", None),
        ("But.", None),
        ("and then the rest of a long sentence.", None),
    ],
)
def test_smooth_connective(text: str, expected: str | None) -> None:
    assert smooth_connective(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This is the problem.", True),
        ("It drags.", True),
        ("They never quite land.", True),
        ("Its middle sags.", True),
        ("However, the score soars.", True),
        ("But the ending lands.", True),
        ("“It is a triumph,” she said.", True),
        ("which gathers every thread.", True),
        ("The score soars.", False),
        ("Italy is the setting.", False),
        ("There is a scene in the second act.", False),
        ("Butter is everywhere on this menu.", False),
        ("I recommend it.", False),
    ],
)
def test_leans_on_previous(text: str, expected: bool) -> None:
    assert leans_on_previous(text) is expected
