"""Assembly with the fake engine: every time is known exactly."""

from __future__ import annotations

import numpy as np
import pytest

from audioreview.engines.base import Voice
from audioreview.engines.fake import FakeEngine
from audioreview.model import Audio, Metadata, Script, Section, Segment
from audioreview.render import assemble as asm
from audioreview.render.synthesize import Cast, SegmentCache, synthesize_all

RATE = 16000
NARRATOR = Voice("fake", "fake", params={"ms_per_char": 50})
HOST = Voice("fake-host", "fake", roles=("host",), params={"ms_per_char": 40})


def _cast() -> Cast:
    engine = FakeEngine()
    return Cast(narrator=(engine, NARRATOR), host=(engine, HOST))


def _script() -> Script:
    return Script(
        meta=Metadata(title="T"),
        sections=(
            Section("Intro", (Segment("Show. T.", "Show. T.", "host", 300),), "intro"),
            Section("Review", (Segment("abcd", "Abcd.", pause_after_ms=200), Segment("ef", "Ef.", pause_after_ms=900))),
            Section("Verdict", (Segment("ghijk", "Ghijk.", pause_after_ms=900),)),
            Section("Outro", (Segment("Bye.", "Bye.", "host", 300),), "outro"),
        ),
    )


def test_timeline_is_exact_without_stings(tmp_path) -> None:
    cast = _cast()
    script = _script()
    takes, stats = synthesize_all(script.segments, cast, SegmentCache(None))
    assert stats.synthesized == 5
    samples, tl = asm.assemble(script, takes.take, RATE, asm.Stings(None, None))
    # intro "Show. T." = 8 chars * 40 ms = 320; gap 700; "abcd" 200 ms; pause 200; "ef" 100 ms;
    # section pause 900; "ghijk" 250; pause 900; "Bye." 4 * 40 = 160.
    assert [(c.start_ms, c.end_ms, c.text) for c in tl.cues] == [
        (0, 320, "Show. T."),
        (1020, 1220, "Abcd."),
        (1420, 1520, "Ef."),
        (2420, 2670, "Ghijk."),
        (3570, 3730, "Bye."),
    ]
    assert [(c.title, c.start_ms, c.end_ms) for c in tl.chapters] == [
        ("Intro", 0, 1020),
        ("Review", 1020, 2420),
        ("Verdict", 2420, 3570),
        ("Outro", 3570, 3730),
    ]
    assert tl.duration_ms == 3730
    assert len(samples) == 3730 * RATE // 1000


def test_stings_shift_everything_and_belong_to_intro_and_outro() -> None:
    cast = _cast()
    script = _script()
    takes, _ = synthesize_all(script.segments, cast, SegmentCache(None))
    tone = Audio((np.ones(RATE) * 1000).astype("<i2").tobytes(), RATE)  # 1000 ms
    samples, tl = asm.assemble(script, takes.take, RATE, asm.Stings(tone, tone))
    shift = 1000 + asm.STING_GAP_MS
    assert tl.chapters[0].start_ms == 0
    assert tl.cues[0].start_ms == shift
    assert tl.chapters[1].start_ms == 1020 + shift
    assert tl.chapters[-1].start_ms == 3570 + shift
    assert tl.duration_ms == 3730 + 2 * shift
    assert len(samples) == tl.duration_ms * RATE // 1000


def test_takes_are_trimmed_and_faded() -> None:
    silence = np.zeros(RATE // 2, dtype="<i2")
    voice = (np.sin(np.arange(RATE) / 5) * 8000).astype("<i2")
    audio = Audio(np.concatenate([silence, voice, silence]).tobytes(), RATE)
    trimmed = asm.trim(asm.to_segment(audio))
    assert abs(len(trimmed) - (1000 + 2 * asm.KEEP_SILENCE_MS)) <= 10
    raw = np.frombuffer(trimmed.raw_data, dtype="<i2")
    assert abs(int(raw[0])) < 50 and abs(int(raw[-1])) < 50
    assert asm.spoken_ms(audio) == len(trimmed)


def test_resample_changes_rate_and_keeps_duration() -> None:
    audio = Audio((np.sin(np.arange(24000) / 7) * 8000).astype("<i2").tobytes(), 24000)
    out = asm.resample(audio, 22050)
    assert out.sample_rate == 22050
    assert out.frames == 22050


def test_missing_or_bad_sting_is_a_clear_error(tmp_path) -> None:
    from audioreview.errors import AudioError

    with pytest.raises(AudioError, match="not found"):
        asm.load_sting(str(tmp_path / "nope.wav"), RATE, tmp_path)
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(AudioError, match="empty"):
        asm.load_sting(str(empty), RATE, tmp_path)
    bad = tmp_path / "bad.mp3"
    bad.write_bytes(b"this is not audio at all" * 10)
    with pytest.raises(AudioError, match="bad.mp3"):
        asm.load_sting(str(bad), RATE, tmp_path)
    assert asm.load_sting(None, RATE, tmp_path) is None
    assert asm.load_sting("", RATE, tmp_path) is None


def test_builtin_stings_load() -> None:
    from audioreview.engines.base import builtin_voices_dir

    intro = asm.load_sting("builtin:intro", 22050, builtin_voices_dir())
    assert intro is not None and 1500 < intro.duration_ms < 4000


def test_a_damaged_cache_entry_is_spoken_again(tmp_path) -> None:
    cast = _cast()
    script = _script()
    cache = SegmentCache(tmp_path)
    takes, _ = synthesize_all(script.segments, cast, cache)
    for wav in tmp_path.rglob("*.wav"):
        wav.write_bytes(b"RIFF broken")
    fresh, stats = synthesize_all(script.segments, cast, cache)
    assert (stats.synthesized, stats.cached) == (5, 0)  # the true count: every entry was made again
    take = fresh.take(script.segments[1])
    assert take.audio.duration_ms == 200 and not take.cached


def test_a_bed_replaces_the_stings_and_shifts_the_framing_by_its_layout() -> None:
    from audioreview.render.bed import INTRO, OUTRO, Bed

    cast = _cast()
    script = _script()
    takes, _ = synthesize_all(script.segments, cast, SegmentCache(None))
    tone = Audio((np.ones(RATE) * 1000).astype("<i2").tobytes(), RATE)
    t = np.arange(3 * RATE) / RATE
    music = Audio((np.sin(2 * np.pi * 220 * t) * 6000).astype("<i2").tobytes(), RATE)
    samples, tl = asm.assemble(script, takes.take, RATE, asm.Stings(tone, tone), asm.Sound(bed=Bed(music)))
    # Intro: lead-in, "Show. T." (320 ms), the bed's tail, then a short gap before the narration.
    intro_end = INTRO.lead_ms + 320 + INTRO.tail_ms + asm.BED_GAP_MS
    assert tl.chapters[0].start_ms == 0
    assert tl.cues[0].start_ms == INTRO.lead_ms
    assert tl.cues[1].start_ms == intro_end
    assert tl.chapters[1].start_ms == intro_end
    # The narration is laid down as before; the outro starts after its lead-in and ends with the bed's tail.
    body_end = intro_end + (3570 - 1020)
    assert tl.chapters[-1].start_ms == body_end
    assert tl.cues[-1].start_ms == body_end + OUTRO.lead_ms
    assert tl.duration_ms == body_end + OUTRO.lead_ms + 160 + OUTRO.tail_ms
    assert len(samples) == tl.duration_ms * RATE // 1000
    x = samples.astype(np.float64)
    lead = x[: INTRO.lead_ms * RATE // 1000]
    assert np.sqrt(np.mean(lead**2)) > 100  # the bed plays before the host; no sting (a constant) is heard
    assert np.all(np.diff(lead[RATE // 10 : RATE // 2]) != 0)


def test_the_speech_chain_runs_on_the_takes_only() -> None:
    from audioreview.render.chain import SpeechChain

    cast = _cast()
    script = _script()
    takes, _ = synthesize_all(script.segments, cast, SegmentCache(None))
    tone = Audio((np.ones(RATE) * 1000).astype("<i2").tobytes(), RATE)
    plain, tl = asm.assemble(script, takes.take, RATE, asm.Stings(tone, tone))
    treated, tl2 = asm.assemble(script, takes.take, RATE, asm.Stings(tone, tone), asm.Sound(chain=SpeechChain()))
    assert tl2 == tl
    sting = slice(0, RATE // 2)
    np.testing.assert_array_equal(treated[sting], plain[sting])  # the music is not processed
    first = slice(tl.cues[0].start_ms * RATE // 1000, tl.cues[0].end_ms * RATE // 1000)
    assert not np.array_equal(treated[first], plain[first])


def test_a_cache_entry_cut_short_or_flipped_is_spoken_again(tmp_path) -> None:
    cast = _cast()
    script = _script()
    cache = SegmentCache(tmp_path)
    synthesize_all(script.segments, cast, cache)
    wavs = sorted(tmp_path.rglob("*.wav"))
    cut, flipped = wavs[0], wavs[1]
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size // 2])  # a valid header over half the samples
    data = bytearray(flipped.read_bytes())
    data[60] ^= 0xFF
    flipped.write_bytes(bytes(data))
    _, stats = synthesize_all(script.segments, cast, cache)
    assert (stats.synthesized, stats.cached) == (2, len(wavs) - 2)
    for wav in wavs:
        assert cache.get(wav.stem) is not None  # made again, whole


def test_a_kept_file_that_is_not_what_was_stored_is_made_again(tmp_path) -> None:
    cache = SegmentCache(tmp_path)
    assert cache.made("covers", "a.jpg", lambda: b"first") == b"first"
    (tmp_path / "covers" / "a.jpg").write_bytes(b"garbage someone left here")
    assert cache.made("covers", "a.jpg", lambda: b"second") == b"second"
    assert cache.made("covers", "a.jpg", lambda: b"third") == b"second"


def _longer_script() -> Script:
    body = tuple(Segment(f"sentence {i} " + "x" * (3 + 7 * i % 40), f"S{i}.", pause_after_ms=(0, 60, 350, 900)[i % 4]) for i in range(12))
    return Script(
        meta=Metadata(title="T"),
        sections=(
            Section("Intro", (Segment("Show. T.", "Show. T.", "host", 300),), "intro"),
            Section("Review", body),
            Section("Outro", (Segment("Bye now.", "Bye now.", "host", 300),), "outro"),
        ),
    )


@pytest.mark.parametrize("sound", ["plain", "chain", "bed"])
def test_laid_takes_are_kept_and_the_pieces_compose_the_narrations_loudness(tmp_path, sound, monkeypatch) -> None:
    import io

    from audioreview.render.bed import Bed
    from audioreview.render.chain import SpeechChain
    from audioreview.render.energy import composed_loudness
    from audioreview.render.loudness import integrated_loudness

    cast = _cast()
    script = _longer_script()
    cache = SegmentCache(tmp_path)
    takes, _ = synthesize_all(script.segments, cast, cache)
    tone = Audio((np.sin(np.arange(RATE) / 7) * 3000).astype("<i2").tobytes(), RATE)
    t = np.arange(3 * RATE) / RATE
    music = Audio((np.sin(2 * np.pi * 220 * t) * 6000).astype("<i2").tobytes(), RATE)
    chosen = {"plain": asm.PLAIN, "chain": asm.Sound(chain=SpeechChain()), "bed": asm.Sound(bed=Bed(music))}[sound]

    def run() -> tuple[np.ndarray, object, asm.Pieces]:
        buf = io.BytesIO()
        timeline, pieces = asm.assemble_measured(buf, script, takes.take, RATE, asm.Stings(tone, tone), chosen, cache)
        return np.frombuffer(buf.getbuffer(), dtype="<i2").copy(), timeline, pieces

    first, timeline, pieces = run()
    plain_samples, plain_timeline = asm.assemble(script, takes.take, RATE, asm.Stings(tone, tone), chosen)
    np.testing.assert_array_equal(first, plain_samples)  # keeping takes changes nothing that is heard
    assert timeline == plain_timeline
    measured = integrated_loudness(first, RATE)
    assert composed_loudness(pieces, len(first), RATE) == pytest.approx(measured, abs=0.05)

    laid: list[int] = []
    real = asm.lay
    monkeypatch.setattr(asm, "lay", lambda *a: laid.append(1) or real(*a))
    again, timeline2, pieces2 = run()
    assert laid == []  # every take came from the cache, laid down already
    np.testing.assert_array_equal(again, first)
    assert timeline2 == timeline
    assert composed_loudness(pieces2, len(again), RATE) == pytest.approx(measured, abs=0.05)
