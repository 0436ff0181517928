"""ID3 tags written with mutagen and read back by mutagen and by ffmpeg."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from audioreview.ffmpeg import ffmpeg_exe
from audioreview.model import Chapter
from audioreview.publish.tags import TagSet, read_chapters, write_tags
from audioreview.render.encode import encode_mp3


@pytest.fixture
def mp3(tmp_path: Path) -> Path:
    rate = 22050
    t = np.arange(rate * 6) / rate
    x = (np.sin(2 * np.pi * 330 * t) * 6000).astype(np.int16)
    path = tmp_path / "t.mp3"
    encode_mp3([x], rate, path, bitrate_kbps=96, sample_rate=44100, channels=1)
    return path


def _tags() -> TagSet:
    return TagSet(
        title="Quiet Harbour",
        author="Mara Quill",
        show="The Show",
        date="2024-03-03",
        comment="A one-line summary.",
        url="https://example.org/r",
        length_ms=6000,
        transcript="Full transcript.\n\nSecond paragraph.",
        chapters=(Chapter("Intro", 0, 2000), Chapter("Review", 2000, 5000), Chapter("Outro", 5000, 6000)),
        cover=b"\xff\xd8\xff\xe0" + b"\x00" * 100,
        guid="quiet-harbour",
    )


def test_encode_is_cbr_44k_mono(mp3: Path) -> None:
    info = MP3(mp3).info
    assert info.sample_rate == 44100 and info.channels == 1
    assert abs(info.bitrate - 96000) <= 1
    from mutagen.mp3 import BitrateMode

    assert info.bitrate_mode in (BitrateMode.CBR, BitrateMode.UNKNOWN)
    assert info.length == pytest.approx(6.0, abs=0.06)


def test_tags_round_trip_with_mutagen(mp3: Path) -> None:
    write_tags(mp3, _tags())
    id3 = ID3(mp3)
    assert id3.version[:2] == (2, 3)
    assert str(id3["TIT2"]) == "Quiet Harbour"
    assert str(id3["TPE1"]) == "Mara Quill"
    assert str(id3["TALB"]) == "The Show"
    assert str(id3["TCON"]) == "Podcast"
    assert id3.getall("WOAR")[0].url == "https://example.org/r"
    assert id3.getall("COMM")[0].text == ["A one-line summary."]
    assert id3.getall("USLT")[0].text.startswith("Full transcript.")
    assert id3.getall("APIC")[0].type == 3
    assert str(id3["TLEN"]) == "6000"
    assert "2024" in str(id3.get("TYER", id3.get("TDRC")))
    assert read_chapters(mp3) == [("Intro", 0, 2000), ("Review", 2000, 5000), ("Outro", 5000, 6000)]
    assert MP3(mp3).info.length == pytest.approx(6.0, abs=0.06)


def test_ffmpeg_reads_the_chapters(mp3: Path) -> None:
    write_tags(mp3, _tags())
    out = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(mp3), "-f", "ffmetadata", "-"], capture_output=True, text=True
    ).stdout
    chapters = []
    for block in out.split("[CHAPTER]")[1:]:
        fields = dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line)
        chapters.append((fields["title"], int(fields["START"]), int(fields["END"])))
    chapters.sort(key=lambda c: c[1])
    # ffmpeg counts from the first decoded sample, after the encoder's priming delay (~25 ms).
    assert [c[0] for c in chapters] == ["Intro", "Review", "Outro"]
    for (_, start, end), (s, e) in zip(chapters, [(0, 2000), (2000, 5000), (5000, 6000)], strict=True):
        assert abs(start - s) <= 30 and abs(end - e) <= 30
    assert "title=Quiet Harbour" in out and "artist=Mara Quill" in out
