"""The whole pipeline with the fake engine: files, exact times, the cache."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from fixtures.audio_checks import decoded_ms

from audioreview.model import Block, Metadata, Review
from audioreview.pipeline import plan, produce
from audioreview.settings import Settings

BODY = (
    Block("paragraph", "The harbour scenes are lovely. The acting is strong and the pacing is patient."),
    Block("heading", "Problems", level=2),
    Block("paragraph", "The middle act drags badly. A subplot about a lighthouse goes nowhere."),
    Block("heading", "Verdict", level=2),
    Block("paragraph", "Overall, it is a quiet film worth seeing on a big screen."),
)


def _review(**meta: object) -> Review:
    return Review(Metadata(title="Quiet Harbour", author="Mara Quill", **meta), BODY, source="quiet-harbour.md")  # type: ignore[arg-type]


def _expected_cues(settings: Settings, review: Review) -> list[tuple[int, int]]:
    """Recompute every cue time from the script alone: durations are len(text) * ms_per_char."""
    script = plan(review, settings).full
    at, out = 0, []
    for index, section in enumerate(script.sections):
        for n, seg in enumerate(section.segments):
            ms = len(seg.text) * (40 if seg.voice_role == "host" else 50)
            out.append((at, at + ms))
            at += ms
            if n < len(section.segments) - 1:
                at += seg.pause_after_ms
        if section.kind == "intro":
            at += 700
        elif index < len(script.sections) - 1:
            at += section.segments[-1].pause_after_ms
    return out


def test_produce_writes_every_file(fake_settings: Settings) -> None:
    production = produce(_review(), fake_settings)
    folder = Path(production.folder)
    assert folder.name == "quiet-harbour"
    names = {p.name for p in folder.iterdir()}
    for suffix in (".mp3", ".vtt", ".srt", ".txt", ".chapters.json", ".json", ".html"):
        assert f"quiet-harbour{suffix}" in names
    assert "cover.jpg" in names
    assert not [n for n in names if n.startswith(".tmp-")]
    manifest = json.loads((folder / "quiet-harbour.json").read_text())
    full = manifest["versions"]["full"]
    assert manifest["title"] == "Quiet Harbour" and manifest["author"] == "Mara Quill"
    assert full["bytes"] == (folder / "quiet-harbour.mp3").stat().st_size
    assert [c["title"] for c in full["chapters"]] == ["Intro", "Opening", "Problems", "Verdict", "Outro"]
    assert abs(decoded_ms(folder / "quiet-harbour.mp3") - full["duration_s"] * 1000) < 60


def test_cue_and_chapter_times_are_exact(fake_settings: Settings) -> None:
    review = _review()
    production = produce(review, fake_settings)
    (full,) = production.renditions
    cues = [(c.start_ms, c.end_ms) for c in full.timeline.cues]
    assert cues == _expected_cues(fake_settings, review)
    # Each chapter starts exactly where its first sentence starts (the intro at 0).
    starts = [c.start_ms for c in full.timeline.chapters]
    assert starts[0] == 0
    heading_cues = [c.start_ms for c in full.timeline.cues if c.text in ("Problems", "Verdict")]
    assert starts[2:4] == heading_cues
    assert full.timeline.chapters[-1].end_ms == full.duration_ms


def test_second_run_synthesizes_nothing_and_an_edit_only_its_sentence(fake_settings: Settings) -> None:
    first = produce(_review(), fake_settings).renditions[0]
    assert first.synthesized > 0 and first.cached == 0
    second = produce(_review(), fake_settings, force=True).renditions[0]
    assert second.synthesized == 0 and second.cached == first.synthesized
    edited = replace(
        _review(), blocks=(*BODY[:2], Block("paragraph", "The middle act drags. A subplot about a lighthouse goes nowhere."), *BODY[3:])
    )
    third = produce(edited, fake_settings).renditions[0]
    assert third.synthesized == 1


def test_loudness_is_measured_and_reported(fake_settings: Settings) -> None:
    (full,) = produce(_review(), fake_settings).renditions
    assert full.loudness.integrated_lufs == pytest.approx(-16.0, abs=0.5)
    assert full.loudness.true_peak_dbtp <= -1.0


def test_short_version_lands_near_its_target(fake_settings: Settings) -> None:
    long_body = tuple(
        Block("paragraph", f"Paragraph {n} says the film is {'good' if n % 2 else 'slow'} in a new way, number {n}.")
        for n in range(40)
    )
    review = Review(Metadata(title="Long", author="A"), long_body, source="long.md")
    settings = replace(fake_settings, versions=("full", "short"), short_seconds=40.0)
    production = produce(review, settings)
    short = next(r for r in production.renditions if r.version == "short")
    cues = short.timeline.cues
    narration_ms = cues[-1].end_ms - cues[0].start_ms
    assert abs(narration_ms - 40_000) <= 0.15 * 40_000
    folder = Path(production.folder)
    manifest = json.loads((folder / "long.json").read_text())
    assert set(manifest["versions"]) == {"full", "short"}
    assert manifest["versions"]["short"]["audio"] == "long-short.mp3"


def test_no_stings_and_stings_change_the_length(fake_settings: Settings, tmp_path: Path) -> None:
    plain = produce(_review(), fake_settings).renditions[0]
    with_stings = replace(fake_settings, intro_sting="builtin:intro", outro_sting="builtin:outro", output_dir=str(tmp_path / "o2"))
    stung = produce(_review(), with_stings).renditions[0]
    assert stung.duration_ms > plain.duration_ms + 3000
    assert stung.timeline.chapters[0].start_ms == 0
    assert stung.timeline.cues[0].start_ms > 2000


def test_an_up_to_date_production_is_not_made_again(fake_settings: Settings) -> None:
    first = produce(_review(), fake_settings)
    folder = Path(first.folder)
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    messages: list[str] = []
    again = produce(_review(), fake_settings, progress=messages.append)
    assert messages == ["up to date: nothing to do"]
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamps
    assert [(c.title, c.start_ms) for c in again.renditions[0].timeline.chapters] == [
        (c.title, c.start_ms) for c in first.renditions[0].timeline.chapters
    ]
    # A changed setting, a missing file or a changed review means a new render.
    louder = replace(fake_settings, target_lufs=-14.0)
    assert produce(_review(), louder).renditions[0].loudness.integrated_lufs == pytest.approx(-14.0, abs=0.5)
    (folder / "quiet-harbour.vtt").unlink()
    messages.clear()
    produce(_review(), louder, progress=messages.append)
    assert "up to date: nothing to do" not in messages and (folder / "quiet-harbour.vtt").is_file()


@pytest.mark.parametrize(
    "source,expected",
    [
        (
            "---\ntitle: Marked\nsummary: The author wrote this. It is used word for word.\n---\n\n"
            + "\n\n".join(f"Paragraph {n} is about the film in some detail, number {n}." for n in range(30)),
            ["The author wrote this.", "It is used word for word."],
        ),
        (
            "---\ntitle: Marked\n---\n\n"
            + "\n\n".join(f"Paragraph {n} is about the film in some detail, number {n}." for n in range(12))
            + "\n\n<!-- short -->\nOnly this paragraph is short. And this sentence too.\n\n"
            + "\n\n".join(f"Paragraph {n} is about the film in some detail, number {n}." for n in range(12, 24)),
            ["Only this paragraph is short.", "And this sentence too."],
        ),
    ],
    ids=["front-matter-summary", "marked-paragraph"],
)
def test_author_overrides_choose_the_short_version(
    fake_settings: Settings, tmp_path: Path, source: str, expected: list[str]
) -> None:
    from audioreview.ingest import load

    path = tmp_path / "marked.md"
    path.write_text(source, encoding="utf-8")
    settings = replace(fake_settings, versions=("full", "short"))
    short = plan(load(str(path), settings=settings), settings).short
    assert short is not None
    body = [s.display for sec in short.sections if sec.kind == "body" for s in sec.segments]
    assert body == expected


def test_the_generated_cover_is_drawn_once_and_kept_in_the_cache(
    fake_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from audioreview.publish import cover as cover_module

    drawn: list[str] = []
    real = cover_module.render_cover

    def counting(show: str, title: str, rating: object, *args: object) -> bytes:
        drawn.append(title)
        return real(show, title, rating, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(cover_module, "render_cover", counting)
    first = produce(_review(), fake_settings)
    produce(_review(), fake_settings, force=True)
    assert drawn == ["Quiet Harbour"]
    assert (Path(first.folder) / "cover.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    produce(_review(), fake_settings, slug="renamed", force=True)
    produce(replace(_review(), meta=replace(_review().meta, title="Another Title")), fake_settings)
    assert drawn == ["Quiet Harbour", "Another Title"]


def test_a_failing_render_stops_the_other_and_its_error_comes_through(fake_settings: Settings) -> None:
    import threading
    import time

    from audioreview.errors import PublishError
    from audioreview.pipeline import render_together

    scripts = [plan(_review(), fake_settings).full] * 2
    stopped = threading.Event()

    def render(script: object, stop: threading.Event) -> object:
        if threading.current_thread().name.endswith("_0"):
            time.sleep(0.05)
            raise PublishError("disk full")
        assert stop.wait(5), "the other render was never told to stop"
        stopped.set()
        raise PublishError("stopped")

    with pytest.raises(PublishError, match="disk full"):
        render_together(scripts, render)  # type: ignore[arg-type]
    assert stopped.is_set()


def test_a_stopped_pcm_file_refuses_to_read(tmp_path: Path) -> None:
    import threading

    from audioreview.errors import AudioError
    from audioreview.render.pcm import PcmFile

    (tmp_path / "x.pcm").write_bytes(b"\x00\x01" * 100)
    stop = threading.Event()
    with PcmFile(tmp_path / "x.pcm", stop=stop) as pcm:
        assert len(pcm[0:10]) == 10
        stop.set()
        with pytest.raises(AudioError, match="stopped"):
            pcm[10:20]


def test_voices_are_released_after_synthesis_unless_kept(
    fake_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import audioreview.pipeline as pipeline_module

    released: list[bool] = []
    monkeypatch.setattr(pipeline_module, "release_engines", lambda: released.append(True))
    produce(_review(), fake_settings)
    assert released == [True]
    produce(_review(), fake_settings, force=True, keep_voices=True)
    assert released == [True]


def test_piper_release_unloads_its_voices() -> None:
    from audioreview.engines import piper
    from audioreview.engines.base import EngineOptions

    piper._load_voice.cache_clear()
    onnx, config = piper.model_files(piper.DEFAULT_MODEL)
    piper._load_voice(str(onnx), str(config), EngineOptions(threads=1), 0)
    assert piper._load_voice.cache_info().currsize == 1
    piper.PiperEngine().release()
    assert piper._load_voice.cache_info().currsize == 0


def test_a_sting_already_in_the_working_format_is_read_as_is(tmp_path: Path) -> None:
    import wave

    from audioreview.render.assemble import load_sting

    path = tmp_path / "s.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(bytes(range(256)) * 40)
    same = load_sting(str(path), 22050, tmp_path)
    assert same is not None and same.pcm == bytes(range(256)) * 40
    other = load_sting(str(path), 24000, tmp_path)  # another rate goes through ffmpeg
    assert other is not None and other.sample_rate == 24000
    assert abs(len(other.pcm) // 2 - round(5120 * 24000 / 22050)) <= 2


def test_a_kept_file_is_made_again_when_missing_or_empty(tmp_path: Path) -> None:
    from audioreview.render.synthesize import SegmentCache

    calls: list[int] = []

    def make() -> bytes:
        calls.append(1)
        return b"cover bytes"

    for cache in (SegmentCache(tmp_path / "cache"), SegmentCache(None)):
        calls.clear()
        assert cache.made("covers", "k.jpg", make) == b"cover bytes"
        assert cache.made("covers", "k.jpg", make) == b"cover bytes"
        assert len(calls) == 1
    (tmp_path / "cache" / "covers" / "k.jpg").write_bytes(b"")
    assert SegmentCache(tmp_path / "cache").made("covers", "k.jpg", make) == b"cover bytes"
    assert len(calls) == 2  # one from the in-memory round, one remade
