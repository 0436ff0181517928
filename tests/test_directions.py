"""Authoring controls on the fake engine: what each is parsed into, and exactly how long it makes the audio."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from audioreview.errors import ConfigError, IngestError
from audioreview.ingest.directions import parse_comment, parse_duration, parse_rate
from audioreview.ingest.markdown import parse_markdown
from audioreview.model import Direction, Script, Segment, Timeline
from audioreview.pipeline import plan
from audioreview.render import assemble as asm
from audioreview.render.synthesize import SegmentCache, synthesize_all
from audioreview.settings import Settings

MS = 50  # the fake narrator: 50 ms a character
QUOTE_MS = 60  # fake-quote


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("audio: pause 2s", Direction("pause", ms=2000, line=3)),
        ("audio: pause 750ms", Direction("pause", ms=750, line=3)),
        (' audio: say "Koo-brick" ', Direction("say", value="Koo-brick", line=3)),
        ('audio: only "The rating follows."', Direction("only", value="The rating follows.", line=3)),
        ("audio: say-as characters", Direction("say_as", value="characters", line=3)),
        ("audio: rate 90%", Direction("rate", rate=0.9, line=3)),
        ("audio: voice joe-quote", Direction("voice", value="joe-quote", line=3)),
        ("audio: emphasis strong", Direction("emphasis", value="strong", line=3)),
        ("audio: skip", Direction("skip", line=3)),
    ],
)
def test_comments_read_into_directions(body: str, expected: Direction) -> None:
    command = parse_comment(body, source="r.md", line=3)
    assert command is not None and command.direction == expected


def test_other_comments_are_not_controls() -> None:
    assert parse_comment(" just a note ") is None
    assert parse_comment("/audio") is not None and parse_comment("/audio").closes  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("audio: pause two", "r.md:7: pause length 'two' is not a time"),
        ("audio: pause 30s", "r.md:7: a pause of 30s is longer than 10 s"),
        ("audio: whisper", "r.md:7: unknown control audio: whisper"),
        ("audio: say-as colour", "r.md:7: say-as 'colour' is not one of"),
        ("audio: rate 10%", "r.md:7: rate '10%' is not a pace"),
        ("audio: say", "r.md:7: audio: say needs the reading"),
    ],
)
def test_a_bad_control_is_one_error_naming_the_line(body: str, message: str) -> None:
    with pytest.raises(IngestError) as caught:
        parse_comment(body, source="r.md", line=7)
    assert str(caught.value).startswith(message)


def test_durations_and_rates() -> None:
    assert [parse_duration(t) for t in ("1s", "1.5 s", "250ms", "2")] == [1000, 1500, 250, 2000]
    assert [parse_rate(t) for t in ("90%", "+10%", "-20%", "slow", "1.25")] == [0.9, 1.1, 0.8, 0.8, 1.25]


DOC = """---
title: Directed
---

An opening line of plain words.

The film is *not* a comedy. It is <!-- audio: say "Koo-brick" -->Kubrick<!-- /audio -->'s film.

<!-- audio: pause 2s -->

<!-- audio: only "The rating follows." -->

<!-- audio: skip -->
Shown but never read.
<!-- /audio -->

Then <say-as interpret-as="characters">NASA</say-as> said <prosody rate="50%">slowly</prosody> so<break time="400ms"/> twice.

> A quotation long enough to be heard in the second voice.
"""


def _review(text: str = DOC, name: str = "directed.md"):  # type: ignore[no-untyped-def]
    return parse_markdown(text, source=name)


def test_markdown_controls_become_spans_with_their_lines() -> None:
    blocks = _review().blocks
    assert [b.text for b in blocks] == [
        "An opening line of plain words.",
        "The film is not a comedy. It is Kubrick's film.",
        "",
        "Shown but never read.",
        "Then NASA said slowly so twice.",
        "A quotation long enough to be heard in the second voice.",
    ]
    assert blocks[0].spans == ()
    kinds = {d.kind: d.line for s in blocks[1].spans for d in s.directions}
    assert kinds == {"emphasis": 7, "say": 7, "pause": 9}
    assert blocks[2].spans[0].directions == (Direction("only", value="The rating follows.", line=11),)
    assert {d.kind for s in blocks[3].spans for d in s.directions} == {"skip"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Intro.\n\nA <!-- audio: say \"x\" -->word never closed.\n", "bad.md:3: this <!-- audio: ... --> control is never closed"),
        ("Intro.\n\n<!-- audio: skip -->\n\nMore.\n", "bad.md:3: this <!-- audio: ... --> control is never closed"),
        ("Intro.\n\nA word <!-- /audio --> closed.\n", "bad.md:3: <!-- /audio --> closes nothing"),
        ("---\ntitle: T\n---\n\nIntro.\n\nWait <!-- audio: pause 3 minutes --> here.\n", "bad.md:7: pause length"),
    ],
)
def test_malformed_markup_is_one_error_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(IngestError) as caught:
        _review(text, "bad.md")
    assert str(caught.value).startswith(message), str(caught.value)


def test_unknown_tags_are_read_as_text_never_spoken() -> None:
    blocks = _review("Intro.\n\nThe <blink>best</blink> film <foo bar=1/> of the year.\n").blocks
    assert blocks[1].text == "The best film of the year." and blocks[1].spans == ()


def _timeline(settings: Settings, review) -> tuple[Script, Timeline, SegmentCache]:  # type: ignore[no-untyped-def]
    p = plan(review, settings)
    cache = SegmentCache(settings.cache_dir)
    takes, _ = synthesize_all(p.full.segments, p.cast, cache)
    _, timeline = asm.assemble(p.full, takes.take, 16000, asm.Stings(None, None))
    return p.full, timeline, cache


def _cue(timeline: Timeline, text: str) -> tuple[int, int]:
    cue = next(c for c in timeline.cues if c.text == text)
    return cue.start_ms, cue.end_ms


def _gap_after(timeline: Timeline, text: str) -> int:
    cues = list(timeline.cues)
    n = next(i for i, c in enumerate(cues) if c.text == text)
    return cues[n + 1].start_ms - cues[n].end_ms


def _body(script: Script) -> list[Segment]:
    return [s for sec in script.sections if sec.kind == "body" for s in sec.segments]


def test_every_control_on_the_fake_engine_with_exact_times(fake_settings: Settings) -> None:
    settings = replace(fake_settings, quote_voice="fake-quote")
    script, timeline, _ = _timeline(settings, _review())
    body = {s.display: s for s in _body(script)}
    # Emphasis: "not" at 1.12 times the length, the rest at the voice's pace.
    film = body["The film is not a comedy."]
    assert [(p.text, p.length_scale, p.gain_db) for p in film.parts] == [
        ("The film is", 1.0, 0.0), ("not", 1.12, 2.0), ("a comedy.", 1.0, 0.0),
    ]  # fmt: skip
    start, end = _cue(timeline, "The film is not a comedy.")
    assert end - start == 11 * MS + round(3 * MS * 1.12) + 9 * MS
    # say: the reading is heard, the written word is shown.
    kubrick = body["It is Kubrick's film."]
    assert kubrick.text == "It is Koo-brick's film." and not kubrick.parts
    start, end = _cue(timeline, "It is Kubrick's film.")
    assert end - start == len("It is Koo-brick's film.") * MS
    # A pause written between blocks: exactly that silence after the block before.
    assert _gap_after(timeline, "It is Kubrick's film.") == 2000
    # only: heard (a cue of its own), in no block's written text.
    start, end = _cue(timeline, "The rating follows.")
    assert end - start == len("The rating follows.") * MS
    # skip: never heard.
    assert not [c for c in timeline.cues if "Shown but never read" in c.text]
    # say-as characters, prosody rate 50% (twice as long), a break of 400 ms inside the sentence.
    then = body["Then NASA said slowly so twice."]
    assert then.text == "Then en, ay, ess, ay said slowly so twice."
    assert [(p.text, p.length_scale, p.pause_after_ms) for p in then.parts] == [
        ("Then en, ay, ess, ay said", 1.0, 0), ("slowly", 2.0, 0), ("so", 1.0, 400), ("twice.", 1.0, 0),
    ]  # fmt: skip
    start, end = _cue(timeline, "Then NASA said slowly so twice.")
    assert end - start == len("Then en, ay, ess, ay said") * MS + 6 * MS * 2 + 2 * MS + 400 + 6 * MS
    # The blockquote in the second voice (60 ms a character).
    quote = "A quotation long enough to be heard in the second voice."
    assert [p.voice for p in body[quote].parts] == ["fake-quote"]
    start, end = _cue(timeline, quote)
    assert end - start == len(quote) * QUOTE_MS
    # Every control says what it did.
    notes = " | ".join(n for s in _body(script) for n in s.notes)
    for said in ("emphasis (moderate)", 'say: "Kubrick" -> "Koo-brick"', "pause 2000 ms", "heard, not shown",
                 "skipped (shown, not heard)", "say-as characters", "rate 50%", "pause 400 ms after", "quote voice fake-quote"):  # fmt: skip
        assert said in notes, said


def test_emphasis_from_the_text_can_be_turned_off(fake_settings: Settings) -> None:
    script, timeline, _ = _timeline(replace(fake_settings, emphasis_from_text=False), _review())
    film = next(s for s in _body(script) if s.display == "The film is not a comedy.")
    assert not film.parts
    start, end = _cue(timeline, "The film is not a comedy.")
    assert end - start == len("The film is not a comedy.") * MS


def test_emphasis_settings_change_length_gain_and_pause(fake_settings: Settings) -> None:
    settings = replace(fake_settings, emphasis_length_scale=1.5, emphasis_gain_db=4.0, emphasis_pause_ms=120)
    script, timeline, _ = _timeline(settings, _review())
    film = next(s for s in _body(script) if s.display == "The film is not a comedy.")
    assert [(p.length_scale, p.gain_db, p.pause_after_ms) for p in film.parts] == [(1.0, 0.0, 120), (1.5, 4.0, 0), (1.0, 0.0, 0)]
    start, end = _cue(timeline, "The film is not a comedy.")
    assert end - start == 11 * MS + 120 + round(3 * MS * 1.5) + 9 * MS


HEADED = """An opening line of plain words.

## The middle

A middle line.

## Verdict

It is worth seeing.
"""


def test_heading_and_verdict_pauses_are_settings(fake_settings: Settings) -> None:
    settings = replace(fake_settings, heading_pause_before_ms=1500, heading_pause_after_ms=900, verdict_pause_before_ms=2500)
    _, timeline, _ = _timeline(settings, _review(HEADED, "headed.md"))
    assert _gap_after(timeline, "An opening line of plain words.") == 1500
    assert _gap_after(timeline, "The middle") == 900
    assert _gap_after(timeline, "A middle line.") == 2500  # before the verdict's heading: the larger one
    assert _gap_after(timeline, "Verdict") == 900


def test_a_written_pause_overrides_any_pause_setting(fake_settings: Settings) -> None:
    text = HEADED.replace("A middle line.", "A middle line. <!-- audio: pause 300ms -->").replace("## The middle", "<!-- audio: pause 2.5s -->\n\n## The middle")
    _, timeline, _ = _timeline(fake_settings, _review(text, "headed.md"))
    assert _gap_after(timeline, "An opening line of plain words.") == 2500
    assert _gap_after(timeline, "A middle line.") == 300


def test_a_pause_change_resynthesizes_nothing_and_an_emphasis_change_only_its_sentence(fake_settings: Settings) -> None:
    _, _, cache = _timeline(fake_settings, _review())
    review = _review(DOC.replace("pause 2s", "pause 3s").replace("<break time=\"400ms\"/>", "<break time=\"900ms\"/>"))
    p = plan(review, fake_settings)
    _, stats = synthesize_all(p.full.segments, p.cast, cache)
    assert stats.synthesized == 0
    moved = _review(DOC.replace("*not* a comedy", "not a *comedy*"))
    p = plan(moved, fake_settings)
    _, stats = synthesize_all(p.full.segments, p.cast, cache)
    # "The film is not a" and "comedy" are new; nothing outside that sentence is.
    assert stats.synthesized == 2


def test_an_unknown_voice_names_its_line(fake_settings: Settings) -> None:
    review = _review("Intro.\n\nSay <!-- audio: voice nobody -->this<!-- /audio --> please.\n", "v.md")
    with pytest.raises(ConfigError, match=r"v.md:3: unknown voice 'nobody'"):
        plan(review, fake_settings)


def test_dialogue_in_the_second_voice_when_asked(fake_settings: Settings) -> None:
    text = 'Intro.\n\nShe said "we will meet at the harbour" and left. Then a "word" alone.\n'
    settings = replace(fake_settings, quote_voice="fake-quote", quote_dialogue=True)
    script, timeline, _ = _timeline(settings, _review(text, "d.md"))
    said = next(s for s in _body(script) if s.display.startswith("She said"))
    assert [p.voice for p in said.parts] == ["", "fake-quote", ""]
    start, end = _cue(timeline, said.display)
    assert end - start == len("She said") * MS + len('"we will meet at the harbour"') * QUOTE_MS + len("and left.") * MS
    alone = next(s for s in _body(script) if s.display.startswith("Then"))
    assert not alone.parts  # a one-word quotation is no dialogue


def test_speed_scales_every_take(fake_settings: Settings) -> None:
    _, slow, _ = _timeline(replace(fake_settings, speed=1.0), _review(HEADED, "headed.md"))
    _, fast, _ = _timeline(replace(fake_settings, speed=1.25, cache_dir=str(Path(fake_settings.cache_dir) / "fast")), _review(HEADED, "headed.md"))
    for a, b in zip(slow.cues, fast.cues, strict=True):
        assert b.end_ms - b.start_ms == round((a.end_ms - a.start_ms) / 1.25)


def test_join_parts_lays_parts_end_to_end_with_gain_pauses_and_word_times() -> None:
    import numpy as np

    from audioreview.model import Audio, Word
    from audioreview.render.parts import PartTake, apply_gain, join_parts

    tone = (0.3 * np.sin(np.arange(8000) / 5) * 32767).astype("<i2").tobytes()  # 500 ms at 16 kHz, no silence
    a, b = Audio(tone, 16000), Audio(tone[:8000], 16000)  # 500 ms and 250 ms
    audio, words = join_parts([
        PartTake(a, pause_after_ms=300, words=(Word("one", 0, 200), Word("two", 200, 500))),
        PartTake(b, gain_db=6.0, words=(Word("three", 10, 240),)),
    ])  # fmt: skip
    assert audio.duration_ms == 500 + 300 + 250
    assert words == (Word("one", 0, 200), Word("two", 200, 500), Word("three", 810, 1040))
    louder = np.abs(np.frombuffer(apply_gain(b, 6.0).pcm, dtype="<i2")).max() / np.abs(np.frombuffer(b.pcm, dtype="<i2")).max()
    assert louder == pytest.approx(10 ** (6 / 20), rel=0.01)


def test_an_engine_with_one_pace_keeps_pauses_and_readings_and_notes_the_rest(fake_settings: Settings) -> None:
    from audioreview.speech.directed import unpaced

    script = plan(_review(), replace(fake_settings, quote_voice="fake-quote")).full
    plain = unpaced(script, {"narrator"}, "gtts", speed=1.15)
    body = {s.display: s for s in _body(plain)}
    assert not body["The film is not a comedy."].parts
    assert body["The film is not a comedy."].text == "The film is not a comedy."
    then = body["Then NASA said slowly so twice."]
    assert [(p.text, p.pause_after_ms) for p in then.parts] == [("Then en, ay, ess, ay said slowly so", 400), ("twice.", 0)]
    assert body["It is Kubrick's film."].text == "It is Koo-brick's film."
    assert "ignored with gtts: emphasis" in " ".join(body["The film is not a comedy."].notes)
    assert any("3 ignored" in n for n in plain.notes), plain.notes
    assert any("speed 1.15 is not applied" in n for n in plain.notes)


EXAMPLE = Path(__file__).parent.parent / "examples" / "lantern-keeper-directed.md"


def test_the_example_uses_every_control_and_script_shows_each(fake_settings: Settings, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from audioreview.cli import main

    config = tmp_path / "audioreview.toml"
    config.write_text(f'narrator = "fake"\nhost = "fake-host"\nvoices_dir = "{fake_settings.voices_dir}"\nversions = ["full"]\n'
                      f'cache_dir = "{tmp_path / "cache"}"\n')  # fmt: skip
    text = EXAMPLE.read_text().replace("voice joe-quote", "voice fake-quote")
    review = tmp_path / EXAMPLE.name
    review.write_text(text)
    result = CliRunner().invoke(main, ["--config", str(config), "script", str(review)])
    assert result.exit_code == 0, result.output
    out = result.output
    for shown in (
        "heard, not shown:", "emphasis (strong)", "emphasis (moderate)", "pause 1500 ms after this sentence",
        'say: "Eva Lundqvist" -> "Ee-vah Lund-kvist"', "skipped (shown, not heard)", 'say-as characters: "BBC"',
        'say: "84" -> "eighty-four"', "pause 800 ms", "rate 85%", "voice fake-quote", "pause 2000 ms",
        "parts: ", "[x1.24, +3.0 dB]",
    ):  # fmt: skip
        assert shown in out, shown
    assert "Share this review" not in "\n".join(line for line in out.splitlines() if line.startswith("  narrator"))


def test_a_control_at_the_start_of_a_paragraph_line_keeps_the_paragraph_whole() -> None:
    text = (
        "Intro.\n\nThe film is long.\n<!-- audio: pause 1s --> Its director,\n"
        '<!-- audio: say "Ee-vah" -->Eva<!-- /audio -->, shot it in winter.\n\n'
        "<!-- audio: emphasis -->See it<!-- /audio --> soon,\nand stay for the credits.\n"
    )
    blocks = _review(text, "l.md").blocks
    assert [b.text for b in blocks] == [
        "Intro.", "The film is long. Its director, Eva, shot it in winter.", "See it soon, and stay for the credits.",
    ]  # fmt: skip
    assert {d.kind: d.line for s in blocks[1].spans for d in s.directions} == {"pause": 4, "say": 5}
    assert {d.kind for s in blocks[2].spans for d in s.directions} == {"emphasis"}
