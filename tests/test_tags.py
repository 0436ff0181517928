"""ID3 tags written with mutagen and read back by mutagen and by ffmpeg."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from audioreview.ffmpeg import ffmpeg_exe
from audioreview.model import Chapter, Cue, Word
from audioreview.publish.sidecars import synced_text
from audioreview.publish.tags import (
    TagSet,
    chapters_in_time_order,
    read_chapters,
    read_synced_text,
    write_tags,
)
from audioreview.render.encode import encode_mp3


@pytest.fixture
def mp3(tmp_path: Path) -> Path:
    rate = 22050
    t = np.arange(rate * 6) / rate
    x = (np.sin(2 * np.pi * 330 * t) * 6000).astype(np.int16)
    path = tmp_path / "t.mp3"
    encode_mp3([x], rate, path, bitrate_kbps=96, sample_rate=44100, channels=1)
    return path


def _tags(**changes: object) -> TagSet:
    tags = TagSet(
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
    return replace(tags, **changes)  # type: ignore[arg-type]


# Titles of very different lengths: mutagen alone would store these CHAP frames by size.
_MANY = (
    Chapter("Intro", 0, 700), Chapter("A much longer opening chapter title", 700, 1500),
    Chapter("Plot", 1500, 2300), Chapter("Performances and the way the cast carries it", 2300, 3100),
    Chapter("Verdict", 3100, 3900), Chapter("Sound", 3900, 4700), Chapter("x", 4700, 5300),
    Chapter("Outro", 5300, 6000),
)


def _raw_chap_order(path: Path) -> list[str]:
    """Element ids of the CHAP frames in the order they are stored in the file (own frame walk)."""
    data = path.read_bytes()
    size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
    pos, ids = 10, []
    while pos + 10 <= 10 + size and data[pos:pos + 4].isalnum():
        length = int.from_bytes(data[pos + 4:pos + 8], "big")
        if data[pos:pos + 4] == b"CHAP":
            body = data[pos + 10:pos + 10 + length]
            ids.append(body[:body.index(b"\x00")].decode())
        pos += 10 + length
    return ids


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
    assert str(id3["TDRC"]) == "2024-03-03"  # mutagen reads v2.3's TYER + TDAT back as one date
    raw = ID3(mp3, translate=False)
    assert str(raw["TYER"]) == "2024" and str(raw["TDAT"]) == "0303" and "TDRC" not in raw
    assert read_chapters(mp3) == [("Intro", 0, 2000), ("Review", 2000, 5000), ("Outro", 5000, 6000)]
    assert MP3(mp3).info.length == pytest.approx(6.0, abs=0.06)


def test_the_transcript_is_timed_word_by_word_in_a_sylt_frame(mp3: Path) -> None:
    cues = [Cue(100, 1900, "Fish & chips, séance.", (Word("Fish", 100, 400), Word("&", 450, 600),
                                                          Word("chips,", 650, 1100), Word("séance.", 1200, 1800))),
            Cue(2500, 4000, "A sentence without words.")]
    write_tags(mp3, _tags(synced=tuple(synced_text(cues))))
    (frame,) = ID3(mp3).getall("SYLT")
    assert (frame.format, frame.type, frame.lang) == (2, 1, "eng")  # milliseconds, lyrics
    assert frame.text == [("Fish", 100), (" &", 450), (" chips,", 650), (" séance.", 1200),
                          ("\nA sentence without words.", 2500)]
    assert read_synced_text(mp3) == (2, frame.text)
    assert "".join(text for text, _ in frame.text) == "Fish & chips, séance.\nA sentence without words."
    # The chapters are still read back in order beside it.
    assert read_chapters(mp3) == [("Intro", 0, 2000), ("Review", 2000, 5000), ("Outro", 5000, 6000)]


def test_no_synced_text_writes_no_sylt(mp3: Path) -> None:
    write_tags(mp3, _tags())
    assert ID3(mp3).getall("SYLT") == [] and read_synced_text(mp3) == (0, [])


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


def test_chap_frames_are_stored_in_time_order(mp3: Path) -> None:
    write_tags(mp3, _tags(chapters=_MANY))
    assert _raw_chap_order(mp3) == [f"ch{n}" for n in range(len(_MANY))]
    assert read_chapters(mp3) == [(c.title, c.start_ms, c.end_ms) for c in _MANY]


def test_mutagen_alone_stores_chapters_by_size(mp3: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the reordering step the frames come out of time order (so the test above can fail)."""
    from audioreview.publish import tags as tags_module

    monkeypatch.setattr(tags_module, "chapters_in_time_order", lambda tag: tag)
    write_tags(mp3, _tags(chapters=_MANY))
    assert _raw_chap_order(mp3) != [f"ch{n}" for n in range(len(_MANY))]


def test_reordering_leaves_other_tags_alone() -> None:
    assert chapters_in_time_order(b"ID3\x04\x00\x00\x00\x00\x00\x00") == b"ID3\x04\x00\x00\x00\x00\x00\x00"
    assert chapters_in_time_order(b"not a tag") == b"not a tag"


def _eyed3_tag(path: Path) -> object:
    eyed3 = pytest.importorskip("eyed3", reason="eyeD3 is a dev dependency")
    audio = eyed3.load(str(path))
    assert audio is not None and audio.tag is not None
    return audio.tag


def test_eyed3_reads_the_date(mp3: Path) -> None:
    write_tags(mp3, _tags(date="2024-03-15"))
    tag = _eyed3_tag(mp3)
    assert tag.version[:2] == (2, 3)  # type: ignore[attr-defined]
    date = tag.getBestDate()  # type: ignore[attr-defined]
    assert date is not None and (date.year, date.month, date.day) == (2024, 3, 15)


def test_eyed3_reads_the_year_of_an_early_day(mp3: Path) -> None:
    """eyeD3 0.9.x drops a TDAT whose day is 1-9 (it parses "0303" as a year): the year still reads."""
    write_tags(mp3, _tags(date="2024-03-03"))
    date = _eyed3_tag(mp3).getBestDate()  # type: ignore[attr-defined]
    assert date is not None and date.year == 2024


def test_eyed3_lists_the_chapters_in_order(mp3: Path) -> None:
    write_tags(mp3, _tags(chapters=_MANY))
    tag = _eyed3_tag(mp3)
    assert [c.title for c in tag.chapters] == [c.title for c in _MANY]  # type: ignore[attr-defined]
    toc = list(tag.table_of_contents)  # type: ignore[attr-defined]
    assert len(toc) == 1 and [e.decode() for e in toc[0].child_ids] == [f"ch{n}" for n in range(len(_MANY))]


def test_no_show_writes_no_album(mp3: Path) -> None:
    write_tags(mp3, _tags(show=None))
    assert "TALB" not in ID3(mp3)


def test_ffmpeg_lists_the_chapters_in_time_order(mp3: Path) -> None:
    write_tags(mp3, _tags(chapters=_MANY))
    out = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(mp3), "-f", "ffmetadata", "-"], capture_output=True, text=True
    ).stdout
    titles = [line.split("=", 1)[1] for block in out.split("[CHAPTER]")[1:]
              for line in block.strip().splitlines() if line.startswith("title=")]
    assert titles == [c.title for c in _MANY]
