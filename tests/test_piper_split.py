"""Over-long sentences cut for synthesis at clause boundaries, and the pieces joined without a seam."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audioreview.engines import piper_split as ps

RATE = 22050
LONG = (
    "Few run past a dozen pages, and Marwood closes most of them on an image rather than an event, "
    "so that the book moves like a tide coming in: nothing seems to change from one minute to the next, "
    "and then the water is at your feet."
)


def words(n: int, word: str = "word") -> str:
    return " ".join([word] * n)


def test_a_sentence_within_the_limit_is_one_piece() -> None:
    text = words(ps.MAX_WORDS) + "."
    assert ps.split_sentence(text) == [ps.Piece(text, None)]


def test_the_long_sentence_is_cut_at_its_colon_first() -> None:
    pieces = ps.split_sentence(LONG)
    assert len(pieces) >= 2
    assert all(ps.count_words(p.text) <= ps.MAX_WORDS for p in pieces)
    assert " ".join(p.text for p in pieces) == LONG  # nothing lost or added
    # The colon is the one strong boundary, and it balances the halves well enough to be taken.
    colon = next(i for i, p in enumerate(pieces) if p.text.endswith(":"))
    assert pieces[colon].boundary == ps.STRONG
    assert all(p.boundary in (ps.STRONG, ps.COMMA) for p in pieces[:-1])
    assert pieces[-1].boundary is None


def test_commas_come_before_conjunctions_and_conjunctions_before_spaces() -> None:
    comma = words(14) + ", " + words(14) + "."
    assert [p.boundary for p in ps.split_sentence(comma)] == [ps.COMMA, None]
    conj = words(14) + " and " + words(14) + "."
    pieces = ps.split_sentence(conj)
    assert [p.boundary for p in pieces] == [ps.CONJUNCTION, None]
    assert pieces[1].text.startswith("and ")
    bare = words(50) + "."
    pieces = ps.split_sentence(bare)
    assert {p.boundary for p in pieces[:-1]} == {ps.SPACE}
    assert all(ps.count_words(p.text) <= ps.MAX_WORDS for p in pieces)


def test_a_strong_boundary_too_near_an_end_is_passed_over_for_a_balanced_comma() -> None:
    text = "Yes: " + words(15) + ", " + words(15) + "."
    pieces = ps.split_sentence(text)
    assert pieces[0].text.endswith(",") and pieces[0].boundary == ps.COMMA


def test_phoneme_blocks_are_never_cut_and_count_as_one_word() -> None:
    block = "[[ tɕiwˈʌn  nˈa, mˈa ]]"
    text = words(12) + " " + block + " " + words(12) + ", " + words(6) + "."
    assert ps.count_words(block) == 1
    pieces = ps.split_sentence(text)
    assert any(block in p.text for p in pieces)
    assert all(p.text.count("[[") == p.text.count("]]") for p in pieces)


def test_splitting_off_returns_the_sentence_whole() -> None:
    assert len(ps.split_sentence(words(80), max_words=0)) == 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["word", "long", "a,", "b;", "and", "which", "c:", "—", "[[ ab ]]"]), min_size=1, max_size=120))
def test_pieces_always_rebuild_the_sentence_and_respect_the_limit(tokens: list[str]) -> None:
    text = " ".join(tokens)
    pieces = ps.split_sentence(text)
    assert " ".join(p.text for p in pieces) == text
    assert all(ps.count_words(p.text) <= ps.MAX_WORDS for p in pieces)
    assert all(p.text for p in pieces)


def speech(seconds: float, lead_s: float = 0.0, tail_s: float = 0.0, freq: float = 180.0) -> np.ndarray:
    """A loud harmonic tone standing for speech, with silent edges."""
    t = np.arange(int(seconds * RATE)) / RATE
    tone = 9000 * np.sin(2 * np.pi * freq * t) + 3000 * np.sin(2 * np.pi * 3 * freq * t)
    return np.concatenate([np.zeros(int(lead_s * RATE)), tone, np.zeros(int(tail_s * RATE))]).astype(np.int16)


def test_the_join_leaves_exactly_the_boundary_gap_between_the_speeches() -> None:
    a, b = speech(1.0, tail_s=0.5), speech(0.8, lead_s=0.1)
    joined = ps.join([a, b], [ps.COMMA, None], RATE)
    start, end = ps.speech_span(joined.samples, RATE)
    gap = ps.GAP_MS[ps.COMMA] * RATE // 1000
    frame = RATE * ps.FRAME_MS // 1000
    # A's speech ends at 1.0 s; B's begins the gap later and lasts its 0.8 s.
    assert end == pytest.approx(RATE * 1.0 + gap + RATE * 0.8, abs=2 * frame)
    assert start == 0
    # B's first sample lands where the offset says.
    assert joined.offsets[0] == 0
    b_speech = joined.offsets[1] + ps.speech_span(b, RATE)[0]
    assert b_speech == pytest.approx(RATE * 1.0 + gap, abs=frame)


def test_the_join_pads_with_silence_when_the_pieces_have_no_edges_to_spare() -> None:
    a, b = speech(0.5), speech(0.5)
    joined = ps.join([a, b], [ps.STRONG, None], RATE)
    gap = ps.GAP_MS[ps.STRONG] * RATE // 1000
    assert len(joined.samples) == pytest.approx(len(a) + gap + len(b), abs=2)
    middle = joined.samples[len(a) + 10 : len(a) + gap - 10]
    assert np.abs(middle).max() == 0


def level_jump_db(x: np.ndarray, at: int, window: int = 64) -> float:
    """How much louder the sample-to-sample steps around ``at`` are than the signal's own steepest steps elsewhere."""
    steps = np.abs(np.diff(x.astype(np.float64)))
    lo, hi = max(0, at - window), min(len(steps), at + window)
    near = steps[lo:hi].max(initial=0.0)
    rest = np.concatenate([steps[: max(0, lo - window)], steps[hi + window :]])
    return 20 * np.log10((near + 1) / (rest.max(initial=0.0) + 1))


def test_a_join_cut_mid_sound_has_no_step() -> None:
    # The worst case: both pieces loud right to their cut edges (no silence to join in).
    a, b = speech(0.4, freq=220.0), speech(0.4, freq=150.0)
    joined = ps.join([a, b], [ps.SPACE, None], RATE)
    seam = joined.offsets[1]
    assert level_jump_db(joined.samples, seam) <= 0.5
    # A plain butt join of the same pieces does jump: the check can fail.
    butt = np.concatenate([a[: len(a) - 37], b[29:]])
    assert level_jump_db(butt, len(a) - 37) > 3.0


def test_join_of_one_piece_is_that_piece() -> None:
    a = speech(0.3, tail_s=0.2)
    joined = ps.join([a], [None], RATE)
    assert np.array_equal(joined.samples, a) and joined.offsets == (0,)


@pytest.mark.real
def test_a_long_sentence_is_timed_across_its_pieces() -> None:
    """Real Piper: the words of every piece are timed where that piece was put by the join."""
    import onnxruntime

    from audioreview.engines.base import EngineOptions, Voice
    from audioreview.engines.piper import PiperEngine
    from audioreview.speech.alignment import spoken_words

    engine = PiperEngine(EngineOptions(threads=1))
    voice = Voice("joe", "piper")
    onnxruntime.set_seed(3)
    timed = engine.synthesize_timed(LONG, voice)
    assert timed.words is not None
    pieces = ps.split_sentence(LONG)
    assert timed.sentences == len(pieces) > 1
    words = timed.words
    assert [w.text for w in words] == spoken_words(LONG)
    assert all(a.start_ms <= b.start_ms for a, b in zip(words, words[1:], strict=False))
    assert words[-1].end_ms == timed.audio.duration_ms
    # The first word after each cut starts after the pause the join left, not inside the piece before.
    samples = np.frombuffer(timed.audio.pcm, dtype="<i2")
    rate = timed.audio.sample_rate
    first = 0
    for piece in pieces[:-1]:
        first += len(spoken_words(piece.text))
        word = words[first]
        before = samples[: word.start_ms * rate // 1000]
        _, end_of_speech = ps.speech_span(before[-rate // 2 :], rate)
        silence_ms = (len(before[-rate // 2 :]) - end_of_speech) * 1000 // rate
        assert silence_ms >= 60, (piece.text, word)  # the pause lies before the next piece's first word
    assert len(engine.synthesize(LONG, voice).pcm) > 0  # the untimed path joins the same pieces
