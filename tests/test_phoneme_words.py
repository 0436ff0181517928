"""Grouping Piper's phoneme sample counts into words, and pairing them with the text's words."""

from __future__ import annotations

from audioreview.engines.phoneme_words import PhonemeWord, guessed_alignment, pair, phoneme_words, word_times
from audioreview.model import Word

# "Red, green." as Piper aligns it: start mark, phonemes (each with its pad), end mark.
RED_GREEN = [
    ("^", 100), ("ɹ", 50), ("ˈ", 10), ("ɛ", 60), ("d", 80), (",", 300), (" ", 100),
    ("ɡ", 40), ("ɹ", 40), ("ˈ", 10), ("i", 50), ("ː", 30), ("n", 70), (".", 200), ("$", 60),
]  # fmt: skip


def test_phonemes_group_into_words_at_spaces_and_marks() -> None:
    words = phoneme_words(RED_GREEN, offset=1000)
    assert words == [PhonemeWord("ɹˈɛd", 1100, 1300), PhonemeWord("ɡɹˈiːn", 1700, 1940)]
    assert [w.size for w in words] == [3, 4]


def test_boundaries_sit_in_the_middle_of_the_pause_and_spans_run_end_to_end() -> None:
    heard = phoneme_words(RED_GREEN)
    total = sum(n for _, n in RED_GREEN)
    words = word_times(["Red,", "green."], heard, total, rate=1000)
    assert words == (Word("Red,", 0, 500), Word("green.", 500, total))


def test_equal_counts_pair_one_to_one() -> None:
    heard = [PhonemeWord("a", 0, 1), PhonemeWord("b", 1, 2)]
    assert pair(["x", "y"], heard) == [(0, 1, 0, 1), (1, 2, 1, 2)]


def test_a_word_espeak_splits_takes_all_its_pieces() -> None:
    # "musical/sport" -> "mjˈuːzɪkəl slˈæʃ spˈɔːɹt"
    heard = [PhonemeWord(p, i * 10, i * 10 + 8) for i, p in enumerate(["aɪ", "lˈaɪk", "mjˈuːzɪkəl", "slˈæʃ", "spˈɔːɹt", "tˈuː"])]
    groups = pair(["I", "like", "musical/sport", "too"], heard)
    assert groups == [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 5), (3, 4, 5, 6)]


def test_words_espeak_merges_share_its_word() -> None:
    heard = [PhonemeWord(p, i * 100, i * 100 + 80) for i, p in enumerate(["ʃiː", "wɛntʊðə", "pˈɑːɹk"])]
    groups = pair(["she", "went", "to", "the", "park"], heard)
    assert groups == [(0, 1, 0, 1), (1, 4, 1, 2), (4, 5, 2, 3)]
    words = word_times(["she", "went", "to", "the", "park"], heard, 300, rate=1000)
    assert words is not None
    assert [w.text for w in words] == ["she", "went", "to", "the", "park"]
    # "went to the" share 90..190 (from mid-gap to mid-gap) by their letters 4:2:3.
    assert [(w.start_ms, w.end_ms) for w in words[1:4]] == [(90, 134), (134, 156), (156, 190)]


def test_a_pairing_that_does_not_fit_is_refused() -> None:
    heard = [PhonemeWord("a", 0, 1)]
    assert pair(["one", "two", "three", "four", "five"], heard) is None
    assert pair([], heard) is None


def test_a_failed_sentence_spreads_its_samples_over_its_phonemes() -> None:
    guessed = guessed_alignment(list("ab, c."), 1000)
    assert sum(n for _, n in guessed) == 1000
    assert [p for p, _ in guessed] == ["^", "a", "b", ",", " ", "c", ".", "$"]
    counts = dict(zip(range(8), (n for _, n in guessed), strict=True))
    assert counts[3] > counts[1] > counts[4]  # a pause mark longer than a phoneme, a space shorter
