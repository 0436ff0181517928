"""Captions laid out at word times: split sentences, word timestamps, and the files read back."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from audioreview.model import Cue, Word
from audioreview.publish import captions as cap
from audioreview.publish import sidecars as sc

LONG = ("The Lantern Keeper is a small, careful film about a man who looks after a lighthouse. "
        "It is patient without being slow, and the photography is often beautiful; it rates 7.5/10 — a fine result.")


def timed(text: str, start: int = 1000, step: int = 300, gap: int = 50) -> Cue:
    """A cue whose every token is a word heard ``step`` ms after the last (dashes are not spoken)."""
    words, t = [], start
    for token in text.split():
        if token in ("—", "–"):
            continue
        words.append(Word(token, t, t + step - gap))
        t += step
    return Cue(start, t + 100, text, tuple(words))


def _cue_blocks(vtt: str) -> list[list[str]]:
    return [block.split("\n") for block in vtt.strip().split("\n\n")[1:]]


def test_a_cue_without_words_is_captioned_as_before() -> None:
    cues = [Cue(0, 1500, "Fish & chips <3"), Cue(1800, 4000, "word " * 20)]
    tagged, plain = sc.render_vtt(cues), sc.render_vtt(cues, words=False)
    assert tagged == plain
    assert tagged.startswith("WEBVTT\n\ns1\n00:00:00.000 --> 00:00:01.500\nFish &amp; chips &lt;3\n\ns2\n")
    assert [len(line) for line in _cue_blocks(tagged)[1][2:]] == [59, 39]  # wrapped at 62, as before
    assert sc.render_srt(cues).startswith("1\n00:00:00,000 --> 00:00:01,500\nFish & chips \u20393\n\n2\n")


def test_a_short_timed_sentence_is_one_cue_with_a_timestamp_before_each_later_word() -> None:
    cue = Cue(1000, 2400, "Fish & chips.", (Word("Fish", 1000, 1300), Word("&", 1350, 1500),
                                           Word("chips.", 1600, 2300)))
    assert sc.render_vtt([cue]) == ("WEBVTT\n\ns1\n00:00:01.000 --> 00:00:02.400\n"
                                    "Fish <00:00:01.350>&amp; <00:00:01.600>chips.\n")
    assert sc.render_vtt([cue], words=False) == "WEBVTT\n\ns1\n00:00:01.000 --> 00:00:02.400\nFish &amp; chips.\n"


def test_a_long_sentence_becomes_cues_of_two_short_lines_split_at_word_times() -> None:
    cue = timed(LONG)
    laid = cap.layout([cue])
    assert [c.ident for c in laid] == ["s1-1", "s1-2", "s1-3"]
    for c in laid:
        assert 1 <= len(c.lines) <= cap.CAPTION_LINES
        assert all(len(" ".join(t.text for t in row)) <= cap.CAPTION_WIDTH for row in c.lines)
    # Back to back, from the sentence's start to its end, each part starting with its first word.
    assert laid[0].start_ms == cue.start_ms and laid[-1].end_ms == cue.end_ms
    assert all(a.end_ms == b.start_ms == b.lines[0][0].start_ms for a, b in zip(laid, laid[1:], strict=False))
    # Every word once, in order; the split falls after a clause where one is in reach.
    assert " ".join(t.text for c in laid for row in c.lines for t in row) == LONG
    assert laid[1].lines[-1][-1].text == "slow,"
    two = cap.layout([timed("It is a film about a man who keeps a light, and about the sea around him and the town.")])
    assert [[" ".join(t.text for t in row) for row in c.lines] for c in two] == [
        ["It is a film about a", "man who keeps a light,"], ["and about the sea around him and the town."]]


def test_a_stop_after_an_abbreviation_is_no_place_to_split() -> None:
    token = cap.Token
    assert cap._break_cost(token("St.", 0, 0)) == cap._break_cost(token("Aldric", 0, 0)) > 0
    assert cap._break_cost(token("nowhere.", 0, 0)) == 0
    laid = cap.layout([timed("A subplot involving the St. Aldric Guild goes on for 120 pages and leads nowhere; "
                             "I would have cut it by half.")])
    assert all(row[-1].text != "St." for c in laid for row in c.lines)


def test_srt_and_plain_vtt_carry_the_same_cues_without_tags() -> None:
    cues = [timed(LONG), timed("And a short one.", start=20_000)]
    tagged, plain, srt = sc.render_vtt(cues), sc.render_vtt(cues, words=False), sc.render_srt(cues)
    assert re.sub(r"<[0-9:.]+>", "", tagged) == plain
    assert "<" not in plain.replace("&lt;", "") and "<" not in srt
    vtt_blocks, srt_blocks = _cue_blocks(plain), [b.split("\n") for b in srt.strip().split("\n\n")]
    assert len(vtt_blocks) == len(srt_blocks) == 4  # three parts and a short sentence
    for v, s in zip(vtt_blocks, srt_blocks, strict=True):
        assert v[1].replace(".", ",") == s[1] and v[2:] == s[2:]


def test_a_token_spoken_as_several_words_spans_them_and_a_silent_dash_follows_its_neighbour() -> None:
    cue = Cue(0, 4000, "It rates 7.5/10 — fine.", (
        Word("It", 0, 200), Word("rates", 250, 600), Word("7.5/10", 650, 2400), Word("fine.", 2500, 3000)))
    assert cap.sentence_tokens(cue) == (cap.Token("It", 0, 200), cap.Token("rates", 250, 600),
                                        cap.Token("7.5/10", 650, 2400), cap.Token("—", 650, 650),
                                        cap.Token("fine.", 2500, 3000))
    # Words finer than the tokens (a part of a slashed pair each) join into their token.
    pair = Cue(0, 1000, "musical/sport film", (Word("musical", 0, 300), Word("sport", 350, 600),
                                                Word("film", 650, 900)))
    assert cap.sentence_tokens(pair) == (cap.Token("musical/sport", 0, 600), cap.Token("film", 650, 900))


def test_words_that_do_not_match_the_text_leave_the_sentence_whole() -> None:
    cue = Cue(0, 1000, "Two words.", (Word("Three", 0, 400), Word("words.", 500, 900)))
    assert cap.sentence_tokens(cue) == ()
    assert sc.render_vtt([cue]) == "WEBVTT\n\ns1\n00:00:00.000 --> 00:00:01.000\nTwo words.\n"


def test_times_are_held_inside_the_cue_and_never_go_backwards() -> None:
    cue = Cue(1000, 2000, "a b c", (Word("a", 900, 1200), Word("b", 1100, 1500), Word("c", 1800, 2600)))
    assert [(t.start_ms, t.end_ms) for t in cap.sentence_tokens(cue)] == [(1000, 1200), (1100, 1500), (1800, 2000)]
    # Equal starts get no second timestamp (WebVTT wants them strictly rising).
    same = Cue(0, 1000, "in the end", (Word("in", 0, 300), Word("the", 300, 400), Word("end", 300, 900)))
    assert sc.render_vtt([same]).endswith("in <00:00:00.300>the end\n")


def test_read_sentences_gives_back_whole_sentences_with_their_word_starts() -> None:
    cues = [timed(LONG), timed("Short.", start=20_000), Cue(25_000, 26_000, "No words here.")]
    sentences = cap.read_sentences(cap.parse_vtt(sc.render_vtt(cues)))
    assert [s.text for s in sentences] == [LONG, "Short.", "No words here."]
    assert [(s.start_ms, s.end_ms) for s in sentences] == [(c.start_ms, c.end_ms) for c in cues]
    first = sentences[0]
    tokens = cap.sentence_tokens(cues[0])
    assert [w.text for w in first.words] == [t.text for t in tokens]
    # The first word starts with its cue; every later word where its timestamp says.
    assert [w.start_ms for w in first.words][1:] == [t.start_ms for t in tokens][1:]
    assert all(a.end_ms == b.start_ms for a, b in zip(first.words, first.words[1:], strict=False))
    assert sentences[1].words == (Word("Short.", 20_000, 20_400),)  # one word: no timestamp, still a word
    assert sentences[2].words == ()  # several words and not one timestamp: none known


def test_files_from_other_writers_read_as_a_sentence_a_cue_without_words() -> None:
    vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nOne.\n\n2\n00:00:02.000 --> 00:00:03.000\nTwo.\n"
    assert cap.read_sentences(cap.parse_vtt(vtt)) == [Cue(1000, 2000, "One."), Cue(2000, 3000, "Two.")]


def test_json_transcript_has_a_segment_per_word_or_per_sentence() -> None:
    cues = [Cue(1000, 2400, "Fish & chips.", (Word("Fish", 1000, 1300), Word("&", 1350, 1500),
                                             Word("chips.", 1600, 2300))),
            Cue(3000, 4000, "Whole.")]
    doc = json.loads(sc.render_json_transcript(cues, ["Host", "Narrator"]))
    assert doc == {"version": "1.0.0", "segments": [
        {"speaker": "Host", "startTime": 1.0, "endTime": 1.3, "body": "Fish"},
        {"speaker": "Host", "startTime": 1.35, "endTime": 1.5, "body": "&"},
        {"speaker": "Host", "startTime": 1.6, "endTime": 2.3, "body": "chips."},
        {"speaker": "Narrator", "startTime": 3.0, "endTime": 4.0, "body": "Whole."},
    ]}
    assert {s["speaker"] for s in json.loads(sc.render_json_transcript(cues))["segments"]} == {"Narrator"}


def test_synced_text_is_a_piece_per_word_with_newlines_between_sentences() -> None:
    cues = [Cue(0, 900, "One two.", (Word("One", 0, 300), Word("two.", 400, 800))), Cue(1000, 2000, "Three.")]
    assert sc.synced_text(cues) == [("One", 0), (" two.", 400), ("\nThree.", 1000)]


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz,.;", min_size=1, max_size=14)


def test_a_sentence_heard_in_one_instant_stays_one_cue_with_all_its_words() -> None:
    """Nothing is heard after its start: it cannot be split in time, so it is not cut into cues that would overlap."""
    words = [";", ";", ";" * 11, ";" * 12, ";" * 14, ";", ";", ";" * 6, ";" * 8, ";" * 8]
    cue = Cue(500, 501, " ".join(words), tuple(Word(w, 500, 500) for w in words))
    (laid,) = cap.layout([cue])
    assert (laid.start_ms, laid.end_ms) == (500, 501)
    assert " ".join(tok.text for row in laid.lines for tok in row) == cue.text
    assert all(len(" ".join(tok.text for tok in row)) <= cap.CAPTION_WIDTH for row in laid.lines)


@settings(max_examples=150, deadline=None)
@given(st.lists(_word, min_size=1, max_size=70), st.lists(st.integers(0, 400), min_size=70, max_size=70))
def test_any_timed_sentence_lays_out_within_the_rules(words: list[str], steps: list[int]) -> None:
    t, timed_words = 500, []
    for word, step in zip(words, steps, strict=False):
        timed_words.append(Word(word, t, t + step))
        t += step
    cue = Cue(500, t + 1, " ".join(words), tuple(timed_words))
    laid = cap.layout([cue])
    assert " ".join(tok.text for c in laid for row in c.lines for tok in row) == cue.text
    assert laid[0].start_ms == cue.start_ms and laid[-1].end_ms == cue.end_ms
    for c in laid:
        assert c.start_ms < c.end_ms
        assert all(len(" ".join(tok.text for tok in row)) <= cap.CAPTION_WIDTH for row in c.lines)
        splittable = any(c.start_ms < tok.start_ms < c.end_ms for row in c.lines for tok in row)
        # More lines only for words too long to share one, or when no word is heard inside the cue to split it at.
        assert len(c.lines) <= cap.CAPTION_LINES or all(len(row) == 1 for row in c.lines) or not splittable
    for block in _cue_blocks(sc.render_vtt([cue])):
        start, end = (cap._seconds(x) for x in block[1].split(" --> "))
        stamps = [cap._seconds(x) for x in re.findall(r"<([0-9:.]+)>", "\n".join(block[2:]))]
        assert all(start < s < end for s in stamps) and stamps == sorted(set(stamps))


def _reference_split(tokens: list[cap.Token], width: int, lines: int) -> tuple[int, float]:
    """The fewest chunks and the least cost, by trying every chunk (the plain quadratic search)."""
    def fits(i: int, j: int) -> bool:
        return j - i == 1 or len(cap._lines(tokens[i:j], width)) <= lines

    n = len(tokens)
    reach = {0: 0}  # fewest chunks to each end
    for j in range(1, n + 1):
        reach[j] = min(reach[i] + 1 for i in range(j) if i in reach and fits(i, j))
    fewest = reach[n]
    target = cap._length(tokens) / fewest
    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    for k in range(1, fewest + 1):
        for j in range(1, n + 1):
            costs = [best[k - 1, i] + (cap._length(tokens[i:j]) - target) ** 2
                     + (cap._break_cost(tokens[j - 1]) if j < n else 0)
                     for i in range(j) if (k - 1, i) in best and fits(i, j)]
            if costs:
                best[k, j] = min(costs)
    return fewest, best[fewest, n]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcdefgh,.", min_size=1, max_size=16), min_size=1, max_size=40),
       st.sampled_from([42, 20, 12]), st.sampled_from([1, 2, 3]))
def test_the_split_is_the_fewest_and_cheapest_chunks(texts: list[str], width: int, lines: int) -> None:
    tokens = [cap.Token(text, 0, 0) for text in texts]
    chunks = cap.split_sentence(tokens, width, lines)
    assert [t for chunk in chunks for t in chunk] == tokens
    assert all(len(c) == 1 or len(cap._lines(c, width)) <= lines for c in chunks)
    fewest, least = _reference_split(tokens, width, lines)
    target = cap._length(tokens) / fewest
    cost = sum((cap._length(c) - target) ** 2 for c in chunks) + sum(cap._break_cost(c[-1]) for c in chunks[:-1])
    assert len(chunks) == fewest and abs(cost - least) < 1e-6


def test_a_run_on_sentence_of_twenty_thousand_characters_is_split_whole() -> None:
    text = " ".join(["the keeper walks the quay, and the lighthouse"] * 440)
    cue = timed(text, start=0, step=200)
    laid = cap.layout([cue])
    assert len(text) > 20_000 and len(laid) > 200
    assert " ".join(t.text for c in laid for row in c.lines for t in row) == text
    assert all(len(c.lines) <= 2 for c in laid)
