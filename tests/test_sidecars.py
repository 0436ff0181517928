"""Sidecars rendered to exact strings."""

from __future__ import annotations

import json

from audioreview.model import (
    Chapter,
    Cue,
    Loudness,
    Metadata,
    Rating,
    Rendition,
    Script,
    Section,
    Segment,
    Timeline,
)
from audioreview.publish import sidecars as sc
from audioreview.publish.manifest import Manifest


def test_timestamps() -> None:
    assert sc.vtt_timestamp(0) == "00:00:00.000"
    assert sc.vtt_timestamp(3_723_456) == "01:02:03.456"
    assert sc.srt_timestamp(61_005) == "00:01:01,005"


def test_vtt_exact() -> None:
    cues = [Cue(0, 1500, "Fish & chips <3"), Cue(1800, 4000, "A second sentence.")]
    assert sc.render_vtt(cues) == (
        "WEBVTT\n\n"
        "s1\n00:00:00.000 --> 00:00:01.500\nFish &amp; chips &lt;3\n\n"
        "s2\n00:00:01.800 --> 00:00:04.000\nA second sentence.\n"
    )


def test_vtt_wraps_long_lines() -> None:
    text = "word " * 40
    out = sc.render_vtt([Cue(0, 1000, text)])
    lines = out.split("\n")[4:-1]
    assert len(lines) > 1 and all(len(line) <= sc.CAPTION_LINE for line in lines)


def test_srt_exact() -> None:
    assert sc.render_srt([Cue(0, 1500, "One.")]) == "1\n00:00:00,000 --> 00:00:01,500\nOne.\n"


def test_chapters_json_v12() -> None:
    doc = json.loads(sc.render_chapters_json([Chapter("Intro", 0, 7100), Chapter("Review", 7100, 20000)], title="T"))
    assert doc == {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0.0, "title": "Intro", "endTime": 7.1},
            {"startTime": 7.1, "title": "Review", "endTime": 20.0},
        ],
        "title": "T",
    }


def _script() -> Script:
    return Script(
        meta=Metadata(title="T"),
        sections=(
            Section("Intro", (Segment("x", "Show. T, by A."),), "intro"),
            Section("Plot", (Segment("x", "Plot"), Segment("x", "One."), Segment("x", "Two."))),
            Section("Outro", (Segment("x", "Bye."),), "outro"),
        ),
    )


def test_transcript() -> None:
    assert sc.render_transcript(_script()) == "Show. T, by A.\n\nPlot\n\nOne. Two.\n\nBye.\n"


def test_one_line_summary_uses_first_body_sentence() -> None:
    assert sc.one_line_summary(Metadata(title="T"), _script()) == "One."
    assert sc.one_line_summary(Metadata(title="T", description="Given."), _script()) == "Given."


def test_manifest_shape() -> None:
    r = Rendition(
        version="full",
        audio="t.mp3",
        duration_ms=20000,
        bytes=1234,
        loudness=Loudness(-16.02, -1.6),
        timeline=Timeline(20000, (Chapter("Intro", 0, 7100), Chapter("Review", 7100, 20000)), (Cue(0, 1, "x"),)),
        captions="t.vtt",
        transcript="t.txt",
        chapters_json="t.chapters.json",
        captions_plain="t.plain.vtt",
        transcript_json="t.transcript.json",
        words_engine=1,
    )
    meta = Metadata(title="T", author="A", rating=Rating(7.5, 10, "7.5/10"))
    manifest = Manifest.for_production(meta, slug="t", show="S", image="cover.jpg", renditions={"full": r})
    doc = json.loads(manifest.to_json())
    assert doc["versions"]["full"] == {
        "audio": "t.mp3",
        "duration_s": 20.0,
        "bytes": 1234,
        "loudness_lufs": -16.02,
        "true_peak_dbtp": -1.6,
        "chapters": [{"title": "Intro", "start_s": 0.0, "end_s": 7.1}, {"title": "Review", "start_s": 7.1, "end_s": 20.0}],
        "captions": "t.vtt",
        "captions_plain": "t.plain.vtt",
        "transcript": "t.txt",
        "transcript_json": "t.transcript.json",
        "chapters_json": "t.chapters.json",
        "sentences": 1,
        "words_engine": 1,
        "words_estimated": 0,
        "alignment_failures": 0,
    }
    assert doc["rating"] == {"value": 7.5, "scale": 10, "text": "7.5/10"}
    assert {k for k in doc} >= {"title", "author", "date", "url", "rating", "slug", "show", "versions"}
