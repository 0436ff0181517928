"""End to end with the real parts: Piper, the bundled ffmpeg, mutagen."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.audio_checks import decoded_ms, ebur128
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from audioreview.ffmpeg import ffmpeg_exe

pytestmark = pytest.mark.real

REVIEW = """---
title: The Lantern Keeper
author: Priya Natt
date: 2024-05-01
rating: 8/10
url: https://example.org/reviews/lantern-keeper
---

The Lantern Keeper is a small, careful film about a man who looks after a lighthouse.
It is patient without being slow, and the photography is often beautiful.

## What works

The lead performance is quiet and precise. The sound design makes the sea a character.

## Verdict

It is the best film about solitude I have seen in years. I give it 8/10.
"""


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("piper")
    source = root / "the-lantern-keeper.md"
    source.write_text(REVIEW)
    env_config = root / "audioreview.toml"
    env_config.write_text(f'cache_dir = "{root / "cache"}"\nshort_seconds = 25\n')
    subprocess.run(
        [sys.executable, "-m", "audioreview", "--config", str(env_config), "convert", str(source), "-o", str(root / "out"), "-q"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return root / "out" / "the-lantern-keeper"


@pytest.mark.parametrize("stem", ["the-lantern-keeper", "the-lantern-keeper-short"])
def test_audio_decodes_with_the_manifest_duration(produced: Path, stem: str) -> None:
    manifest = json.loads((produced / "the-lantern-keeper.json").read_text())
    version = "short" if stem.endswith("short") else "full"
    entry = manifest["versions"][version]
    seconds = decoded_ms(produced / f"{stem}.mp3") / 1000
    assert seconds == pytest.approx(entry["duration_s"], abs=0.1)
    info = MP3(produced / f"{stem}.mp3").info
    assert info.sample_rate == 44100 and info.channels == 1 and abs(info.bitrate - 96000) <= 1


@pytest.mark.parametrize("stem", ["the-lantern-keeper", "the-lantern-keeper-short"])
def test_loudness_measured_by_ffmpeg(produced: Path, stem: str) -> None:
    integrated, peak = ebur128(produced / f"{stem}.mp3")
    assert integrated == pytest.approx(-16.0, abs=1.0)
    assert peak <= -1.0
    manifest = json.loads((produced / "the-lantern-keeper.json").read_text())
    entry = manifest["versions"]["short" if stem.endswith("short") else "full"]
    # What the manifest reports is the file's own loudness (ffmpeg rounds to 0.1).
    assert entry["loudness_lufs"] == pytest.approx(integrated, abs=0.06)
    assert entry["true_peak_dbtp"] == pytest.approx(peak, abs=0.06)


def test_tags_and_chapters_with_mutagen(produced: Path) -> None:
    id3 = ID3(produced / "the-lantern-keeper.mp3")
    assert id3.version[:2] == (2, 3)
    assert str(id3["TIT2"]) == "The Lantern Keeper"
    assert str(id3["TPE1"]) == "Priya Natt"
    assert str(id3["TCON"]) == "Podcast"
    assert id3.getall("WOAR")[0].url == "https://example.org/reviews/lantern-keeper"
    assert id3.getall("APIC") and id3.getall("USLT")
    toc = id3.getall("CTOC")[0]
    titles = [id3[f"CHAP:{cid}"].sub_frames["TIT2"].text[0] for cid in toc.child_element_ids]
    assert titles == ["Intro", "Opening", "What works", "Verdict", "Outro"]
    short = ID3(produced / "the-lantern-keeper-short.mp3")
    assert str(short["TIT2"]) == "The Lantern Keeper (Short version)"


def test_ffmpeg_reads_chapters_where_the_sentences_are(produced: Path) -> None:
    out = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(produced / "the-lantern-keeper.mp3"), "-f", "ffmetadata", "-"],
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    starts = {}
    for block in out.split("[CHAPTER]")[1:]:
        fields = dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line)
        starts[fields["title"]] = int(fields["START"])
    manifest = json.loads((produced / "the-lantern-keeper.json").read_text())
    for chapter in manifest["versions"]["full"]["chapters"]:
        assert abs(starts[chapter["title"]] - chapter["start_s"] * 1000) <= 30
    # The "Verdict" chapter starts on the cue of the spoken heading "Verdict".
    vtt = (produced / "the-lantern-keeper.vtt").read_text()
    match = re.search(r"(\d\d:\d\d:\d\d\.\d{3}) --> [\d:.]+\nVerdict\n", vtt)
    assert match is not None
    h, m, s = match.group(1).split(":")
    verdict_ms = (int(h) * 3600 + int(m) * 60 + float(s)) * 1000
    verdict = next(c for c in manifest["versions"]["full"]["chapters"] if c["title"] == "Verdict")
    assert verdict["start_s"] * 1000 == pytest.approx(verdict_ms, abs=1)


def test_vtt_cues_in_order_inside_the_audio(produced: Path) -> None:
    vtt = (produced / "the-lantern-keeper.vtt").read_text()
    assert vtt.startswith("WEBVTT\n")
    times = re.findall(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})", vtt)
    assert len(times) >= 8
    duration = decoded_ms(produced / "the-lantern-keeper.mp3")
    previous_end = 0
    for t in times:
        start = (int(t[0]) * 3600 + int(t[1]) * 60 + int(t[2])) * 1000 + int(t[3])
        end = (int(t[4]) * 3600 + int(t[5]) * 60 + int(t[6])) * 1000 + int(t[7])
        assert previous_end <= start < end <= duration
        previous_end = end


def test_second_run_is_cached(produced: Path) -> None:
    root = produced.parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "audioreview", "--config", str(root / "audioreview.toml"), "convert",
         str(root / "the-lantern-keeper.md"), "-o", str(root / "out")],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert "up to date: nothing to do" in result.stderr
    assert "the-lantern-keeper.mp3" in result.stdout
