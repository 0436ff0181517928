"""Word timings: tracking through the text passes, alignment, estimates, the fake engine, the cache, the timeline."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audioreview.engines.base import Voice
from audioreview.engines.fake import FakeEngine, fake_word_times
from audioreview.model import Audio, Segment, Word
from audioreview.pipeline import produce
from audioreview.render.synthesize import Cast, SegmentCache, synthesize_all
from audioreview.render.words import TakeWords, display_words, estimate, speech_span, syllables
from audioreview.settings import Settings
from audioreview.speech import english, normalize
from audioreview.speech.alignment import align, guess_alignment, say, spoken_words, valid
from audioreview.speech.languages import normalizer_for
from audioreview.speech.languages.passes import ORDER
from audioreview.speech.languages.tables import TABLES
from audioreview.speech.prepare import load_lexicons, make_speaker
from audioreview.speech.tracked import Tracked, follow, sub, track

SENTENCES = [
    "I gave it 7.5/10 on March 3, 2024 — a US$76 million flop.",
    "Dr. Strange (2016) costs $9.99/mo & runs 2h 15m.",
    "The BBC's S02E05 aired at 7:30 pm, ★★★½!",
    "World War II, Henry VIII and the 1990s–2000s at 45% off.",
    "It's 6'2\" tall, weighs 12kg/kg, 1/4 mile, 10½ hours, ~20 fps at 1080p.",
    "Call 555-123-4567 or see pp. 12-14, e.g. the PG-13 cut (vs. R) in 4K.",
    "“Smart quotes” … and a footnote.[1] | A pipe *stars* _under_ #MeToo @handle https://x.example/a.",
    "Visit https://x.com now #ad #sponsored",
    "10/06/2005, 2024-03-03, Q2 2024, 340 AD and 2pm-5pm EST.",
]


def _speaker(language: str = "en") -> object:
    return make_speaker(language, load_lexicons([]))


@pytest.mark.parametrize("sentence", SENTENCES)
def test_the_english_passes_keep_origins_and_say_the_same_words(sentence: str) -> None:
    plain = english.normalize_english(sentence)
    tracked = english.normalize_english(Tracked(sentence))
    assert isinstance(tracked, Tracked)
    assert str(tracked) == plain
    assert all(0 <= a <= b <= len(sentence) for a, b in tracked.origin)


@pytest.mark.parametrize("step", english.PASSES + [english.tidy_punctuation], ids=lambda f: f.__name__)
def test_every_english_pass_tracks_what_it_changes(step: object) -> None:
    """Each built-in pass keeps origins itself: no pass falls back to the diff."""
    for sentence in SENTENCES:
        before = Tracked(sentence)
        after = step(before)  # type: ignore[operator]
        assert isinstance(after, Tracked), f"{step} lost the origins of {sentence!r}"
        assert str(after) == step(sentence)  # type: ignore[operator]


@pytest.mark.parametrize("language", sorted(TABLES))
def test_every_shared_language_pass_tracks(language: str) -> None:
    from audioreview.speech.languages import rules_for

    rules = rules_for(language)
    assert rules is not None
    for step in ORDER:
        for sentence in ["Le 3 mars 2024 : 7,5/10 & 45 % — 12 km, 1990er, 3.º", "Am 3. März 2024 um 19:30 Uhr 5 € + 2"]:
            after = step(rules, Tracked(sentence))
            assert isinstance(after, Tracked), f"{language} {step.__name__}"
            assert str(after) == step(rules, sentence)
    sentence = "Le film de 2024 coûte 12 € et dure 2 h."
    assert str(normalizer_for(language)(Tracked(sentence))) == normalizer_for(language)(sentence)


def test_the_lexicon_tracks_its_respellings() -> None:
    from audioreview.speech.lexicon import parse_lexicon

    lexicon = parse_lexicon('[words]\n"Kubrick" = "Koo-brick"\n[phonemes]\n"Ji-won" = "tɕiwˈʌn"\n')
    out = lexicon.apply(Tracked("Kubrick met Ji-won."), phonemes=True)
    assert isinstance(out, Tracked)
    assert str(out) == "Koo-brick met [[ tɕiwˈʌn ]]."
    assert out.span(0, len("Koo-brick")) == (0, len("Kubrick"))


@given(st.text(alphabet="ab x.,-7", max_size=30), st.sampled_from([r"a+", r"x?", r"\s+", r"(a)(b)?", r"", r"7|\."]))
@settings(max_examples=300, deadline=None)
def test_tracked_sub_is_the_plain_sub(text: str, pattern: str) -> None:
    compiled = re.compile(pattern)
    for repl in ("", "Z", r"[\1]" if "(" in pattern else "QQ", lambda m: m.group(0).upper() + "!"):
        out = sub(compiled, repl, Tracked(text))
        assert str(out) == compiled.sub(repl, text)
        assert isinstance(out, Tracked) and len(out.origin) == len(out)


def test_shared_words_keep_their_own_origin_inside_a_replacement() -> None:
    out = sub(re.compile(r"March 3"), "March third", Tracked("On March 3 then"))
    assert out.span(3, 8) == (3, 8)  # "March" is still "March"
    assert out.span(9, 14) == (9, 10)  # "third" stands for "3"


def test_follow_tracks_a_pass_that_returns_a_plain_string() -> None:
    before = track("one 2 three")
    after = follow(before, "one two three")
    assert isinstance(after, Tracked)
    assert after.span(4, 7) == (4, 5)


def _ranges(display: str) -> list[tuple[str, list[str]]]:
    text, alignment = say(_speaker(), display)  # type: ignore[arg-type]
    words = spoken_words(text)
    return [(tok, words[a:b]) for tok, (a, b) in zip(display.split(), alignment, strict=True)]


def test_a_score_is_one_token_spoken_as_six_words() -> None:
    got = dict(_ranges("I gave it 7.5/10 today."))
    assert got["7.5/10"] == ["seven", "point", "five", "out", "of", "ten"]
    assert got["today."] == ["today."]


def test_tokens_that_are_not_spoken_get_an_empty_range_where_they_stand() -> None:
    got = _ranges("It runs long — too long. https://x.example/a #ad")
    assert ("—", []) in got
    assert ("https://x.example/a", []) in got
    assert got[-1] == ("#ad", [])


def test_dates_times_and_money_map_token_by_token() -> None:
    got = dict(_ranges("On March 3, 2024 at 7:30 pm it cost $9.99/mo."))
    assert got["March"] == ["March"]
    assert got["3,"] == ["third,"]
    assert got["2024"] == ["twenty", "twenty-four"]
    assert got["7:30"] == ["seven", "thirty"]
    assert got["pm"] == ["PM"]
    assert got["$9.99/mo."] == ["nine", "dollars", "and", "ninety-nine", "cents", "per", "month."]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_alignments_cover_every_spoken_word_in_order(sentence: str) -> None:
    text, alignment = say(_speaker(), sentence)  # type: ignore[arg-type]
    assert valid(alignment, sentence, text)
    covered = [i for a, b in alignment for i in range(a, b)]
    assert sorted(set(covered)) == list(range(len(spoken_words(text))))


def test_a_guess_aligns_plain_strings() -> None:
    alignment = guess_alignment("I paid $5 today.", "I paid five dollars today.")
    assert alignment == ((0, 1), (1, 2), (2, 4), (4, 5))


def test_spoken_words_keep_phoneme_blocks_whole_and_skip_punctuation() -> None:
    assert spoken_words("Hello [[ tɕi wˈʌn ]]'s , there ...") == ["Hello", "[[ tɕi wˈʌn ]]'s", "there"]


def test_the_segment_alignment_does_not_change_equality() -> None:
    a = Segment("five", "5", alignment=((0, 1),))
    assert a == Segment("five", "5") and hash(a) == hash(Segment("five", "5"))


# --- estimates -------------------------------------------------------------------


def test_syllables_are_counted_roughly() -> None:
    assert [syllables(w) for w in ("cat", "make", "banana", "BBC", "strengths")] == [1, 1, 3, 3, 1]
    assert syllables("東京") == 1.0


def test_estimates_run_end_to_end_and_follow_the_syllables() -> None:
    words = estimate(["one,", "banana", "go."], 100, 900, 1000)
    assert words[0].start_ms == 0 and words[-1].end_ms == 1000
    assert all(a.end_ms == b.start_ms for a, b in zip(words, words[1:], strict=False))
    # one (1) + comma pause (0.6), banana (3), go (1): boundaries at 100 + 800 * 1.6/5.6 and * 4.6/5.6
    assert [w.end_ms for w in words[:2]] == [100 + round(800 * 1.6 / 5.6), 100 + round(800 * 4.6 / 5.6)]


def test_the_speech_span_skips_silence() -> None:
    import numpy as np

    rate = 16000
    tone = (0.3 * 32767 * np.sin(np.arange(rate // 2) / 3)).astype("<i2")
    pcm = np.concatenate([np.zeros(rate // 4, "<i2"), tone, np.zeros(rate // 4, "<i2")]).tobytes()
    assert speech_span(Audio(pcm, rate)) == (250, 750)


def test_display_words_span_the_spoken_words_of_each_token() -> None:
    seg = Segment("I paid five dollars .", "I paid $5 — .", alignment=((0, 1), (1, 2), (2, 4), (4, 4), (4, 4)))
    spoken = (Word("I", 0, 10), Word("paid", 10, 30), Word("five", 30, 50), Word("dollars", 50, 80))
    assert display_words(seg, spoken) == (
        Word("I", 0, 10), Word("paid", 10, 30), Word("$5", 30, 80), Word("—", 80, 80), Word(".", 80, 80),
    )  # fmt: skip


# --- the fake engine, the cache and the timeline --------------------------------


def test_the_fake_engine_times_words_exactly() -> None:
    assert fake_word_times("One, two three.", 10) == (Word("One,", 0, 50), Word("two", 50, 90), Word("three.", 90, 150))


def test_take_words_round_trip_through_json() -> None:
    words = TakeWords((Word("a", 0, 5), Word("b", 5, 9)), "engine", 1)
    assert TakeWords.from_json(words.to_json()) == words
    assert TakeWords.from_json(b"{") is None


def _cast(engine: FakeEngine) -> Cast:
    voice = Voice("v", "fake")
    return Cast(narrator=(engine, voice), host=(engine, voice))


def test_a_warm_run_reads_the_word_times_back(tmp_path: Path) -> None:
    seg = Segment("seven point five", "7.5", alignment=((0, 3),))
    engine = FakeEngine(ms_per_char=10)
    takes, stats = synthesize_all([seg], _cast(engine), SegmentCache(tmp_path))
    assert stats.synthesized == 1 and list((tmp_path / "words").rglob("*.json"))
    assert takes.take(seg).words == (Word("7.5", 0, 160),)
    again, stats = synthesize_all([seg], _cast(engine), SegmentCache(tmp_path))
    assert (stats.synthesized, stats.cached, len(engine.calls)) == (0, 1, 1)
    take = again.take(seg)
    assert take.words == (Word("7.5", 0, 160),) and take.word_timing == "engine"
    assert again.counts([seg]).words_engine == 1


def test_lost_word_times_are_made_again(tmp_path: Path) -> None:
    seg = Segment("one two", "one two")
    engine = FakeEngine(ms_per_char=10)
    synthesize_all([seg], _cast(engine), SegmentCache(tmp_path))
    for path in (tmp_path / "words").rglob("*.json"):
        path.write_bytes(b"damaged")
    takes, stats = synthesize_all([seg], _cast(engine), SegmentCache(tmp_path))
    assert stats.synthesized == 1  # an engine that times words speaks it again
    assert takes.take(seg).word_timing == "engine"


def test_an_engine_without_times_gets_estimates(tmp_path: Path) -> None:
    seg = Segment("one two", "one two")
    takes, stats = synthesize_all([seg], _cast(FakeEngine(ms_per_char=10, timed=False)), SegmentCache(tmp_path))
    take = takes.take(seg)
    assert take.word_timing == "estimated" and len(take.words) == 2
    counts = takes.counts([seg])
    assert (counts.words_engine, counts.words_estimated, counts.alignment_failures) == (0, 1, 0)


def test_the_timeline_carries_every_displayed_word(fake_settings: Settings) -> None:
    from audioreview.model import Block, Metadata, Review

    review = Review(Metadata(title="Film"), (Block("paragraph", "I gave it 7.5/10. Too long — sadly."),))
    production = produce(review, fake_settings)
    cues = production.renditions[0].timeline.cues
    cue = next(c for c in cues if c.text.startswith("I gave"))
    assert [w.text for w in cue.words] == ["I", "gave", "it", "7.5/10."]
    # The fake engine: 50 ms a character of "I gave it seven point five out of ten."; the take is trimmed by
    # the 40 ms it keeps of silence it does not have, so the words sit where the characters do.
    assert [(w.start_ms - cue.start_ms, w.end_ms - cue.start_ms) for w in cue.words] == [
        (0, 100), (100, 350), (350, 500), (500, len("I gave it seven point five out of ten.") * 50),
    ]  # fmt: skip
    assert cue.words[-1].end_ms == cue.end_ms and cue.word_timing == "engine"
    dash = next(c for c in cues if c.text.startswith("Too"))
    assert [w.text for w in dash.words] == ["Too", "long", "—", "sadly."]
    assert dash.words[2].start_ms == dash.words[2].end_ms == dash.words[3].start_ms
    entry = production.renditions[0]
    assert entry.words_engine == len(cues) and entry.words_estimated == 0


def test_word_timings_can_be_switched_off(fake_settings: Settings) -> None:
    from audioreview.model import Block, Metadata, Review

    review = Review(Metadata(title="Film"), (Block("paragraph", "One two three."),))
    production = produce(review, replace(fake_settings, word_timings=False))
    assert all(c.words == () for c in production.renditions[0].timeline.cues)
    assert production.renditions[0].words_engine == 0
    assert not list(Path(fake_settings.cache_dir or "").rglob("words/*/*.json"))


def test_normalize_keeps_tracking_through_the_registry() -> None:
    out = normalize.normalize(Tracked("I paid $5."), "en-GB")
    assert isinstance(out, Tracked) and str(out) == "I paid five dollars."
    assert align("I paid $5.", out) == ((0, 1), (1, 2), (2, 4))
