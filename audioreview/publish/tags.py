"""ID3 tags with mutagen, written as ID3v2.3 (the version every player reads).

Title, author, show, date, genre, a one-line comment, the post URL, the
length, cover art, the full transcript, the transcript timed word by word
(SYLT, milliseconds), and chapters (CTOC + CHAP) whose times are where each
chapter's audio starts in the file. mutagen's own
exceptions never leave this module: they become ``PublishError``.

Two things mutagen leaves to its caller: a v2.3 tag has no ``TDRC`` (the
date goes into ``TYER``/``TDAT``/``TIME``, which ``ID3.update_to_v23`` makes
from it), and mutagen stores frames sorted by size, not in the order they
were added, while many players (and ffmpeg and eyeD3) list chapters in the
order the CHAP frames appear in the file. ``chapters_in_time_order`` puts
them back in time order in the written tag.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import PublishError
from ..model import Chapter
from ..values import primary_language


@dataclass(frozen=True, slots=True)
class TagSet:
    """Everything written into one MP3's tags."""

    title: str
    author: str | None
    show: str | None
    """The album tag (TALB); left out when there is no show name."""
    date: str | None
    comment: str
    url: str | None
    length_ms: int
    transcript: str
    chapters: tuple[Chapter, ...]
    language: str = "eng"
    cover: bytes | None = None
    cover_mime: str = "image/jpeg"
    guid: str | None = None
    synced: tuple[tuple[str, int], ...] = ()
    """(text, ms) pieces of the transcript for the SYLT frame, in time order (empty: no SYLT)."""


SYLT_MILLISECONDS = 2
"""SYLT's time stamp format for milliseconds (mutagen's default, 1, counts MPEG frames)."""
SYLT_LYRICS = 1
"""SYLT's content type for lyrics, the one players that show timed text read."""


def image_mime(data: bytes) -> str | None:
    """The MIME type of JPEG or PNG bytes, else None."""
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    return None


def iso639_2(language: str) -> str:
    """Three-letter language code ID3 wants, from a two-letter one (best effort)."""
    table = {"en": "eng", "fr": "fra", "de": "deu", "es": "spa", "it": "ita", "pt": "por", "nl": "nld", "ja": "jpn"}
    code = primary_language(language)
    return table.get(code, code if len(code) == 3 else "und")


def write_tags(path: Path, tags: TagSet) -> None:
    """Replace ``path``'s ID3 tags with ``tags`` (ID3v2.3)."""
    from mutagen import MutagenError
    from mutagen.id3 import (
        APIC,
        CHAP,
        COMM,
        CTOC,
        ID3,
        SYLT,
        TALB,
        TCON,
        TDRC,
        TGID,
        TIT2,
        TLAN,
        TLEN,
        TPE1,
        USLT,
        WOAR,
        CTOCFlags,
        PictureType,
    )

    lang = iso639_2(tags.language)
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=[tags.title]))
    if tags.author:
        id3.add(TPE1(encoding=3, text=[tags.author]))
    if tags.show:
        id3.add(TALB(encoding=3, text=[tags.show]))
    if tags.date:
        id3.add(TDRC(encoding=3, text=[tags.date[:10]]))
    id3.add(TCON(encoding=3, text=["Podcast"]))
    id3.add(TLAN(encoding=3, text=[lang]))
    id3.add(COMM(encoding=3, lang=lang, desc="", text=[tags.comment]))
    if tags.url:
        id3.add(WOAR(url=tags.url))
    if tags.guid:
        id3.add(TGID(encoding=3, text=[tags.guid]))
    id3.add(TLEN(encoding=3, text=[str(int(tags.length_ms))]))
    id3.add(USLT(encoding=3, lang=lang, desc="", text=tags.transcript))
    if tags.synced:
        id3.add(SYLT(encoding=3, lang=lang, format=SYLT_MILLISECONDS, type=SYLT_LYRICS, desc="",
                     text=[(text, int(ms)) for text, ms in tags.synced]))
    if tags.cover:
        id3.add(APIC(encoding=3, mime=tags.cover_mime, type=PictureType.COVER_FRONT, desc="Cover", data=tags.cover))
    ids = [f"ch{n}" for n in range(len(tags.chapters))]
    if tags.chapters:
        id3.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[TIT2(encoding=3, text=["Chapters"])],
            )
        )
        for element_id, ch in zip(ids, tags.chapters, strict=True):
            id3.add(
                CHAP(
                    element_id=element_id,
                    start_time=int(ch.start_ms),
                    end_time=int(ch.end_ms),
                    start_offset=0xFFFFFFFF,
                    end_offset=0xFFFFFFFF,
                    sub_frames=[TIT2(encoding=3, text=[ch.title])],
                )
            )
    id3.update_to_v23()  # TDRC becomes TYER/TDAT/TIME: v2.3 has no TDRC
    try:
        id3.save(str(path), v2_version=3)
        if len(tags.chapters) > 1:
            _reorder_chapters_in_place(path)
    except (MutagenError, OSError) as exc:
        raise PublishError(f"{path.name}: cannot write ID3 tags: {exc}") from exc


def _reorder_chapters_in_place(path: Path) -> None:
    """Rewrite the ID3v2 tag at the start of ``path`` with its CHAP frames in time order (same size)."""
    with open(path, "r+b") as fh:
        header = fh.read(10)
        if len(header) < 10 or header[:3] != b"ID3":
            return
        size = _syncsafe(header[6:10])
        tag = header + fh.read(size)
        ordered = chapters_in_time_order(tag)
        if ordered != tag:
            fh.seek(0)
            fh.write(ordered)


def _syncsafe(data: bytes) -> int:
    return (data[0] << 21) | (data[1] << 14) | (data[2] << 7) | data[3]


def chapters_in_time_order(tag: bytes) -> bytes:
    """An ID3v2.3 tag (header included) with its CHAP frames sorted by start time.

    The CHAP frames take the places the CHAP frames had, so every other frame
    and the tag's size stay as they were. A tag this cannot walk safely (not
    v2.3, unsynchronised, with an extended header) is returned unchanged.
    """
    if len(tag) < 10 or tag[:3] != b"ID3" or tag[3] != 3 or tag[5] != 0:
        return tag
    end = min(len(tag), 10 + _syncsafe(tag[6:10]))
    frames: list[bytes] = []
    pos = 10
    while pos + 10 <= end and tag[pos:pos + 4].isalnum():
        length = int.from_bytes(tag[pos + 4:pos + 8], "big")
        if pos + 10 + length > end:
            return tag
        frames.append(tag[pos:pos + 10 + length])
        pos += 10 + length
    slots = [i for i, frame in enumerate(frames) if frame[:4] == b"CHAP"]
    chaps = sorted((frames[i] for i in slots), key=_chapter_start)
    for i, frame in zip(slots, chaps, strict=True):
        frames[i] = frame
    return tag[:10] + b"".join(frames) + tag[pos:]


def _chapter_start(frame: bytes) -> int:
    """The start time (ms) of a raw CHAP frame: after the NUL-terminated element id."""
    body = frame[10:]
    zero = body.find(b"\x00")
    return int.from_bytes(body[zero + 1:zero + 5], "big") if zero >= 0 else 0


def read_synced_text(path: Path) -> tuple[int, list[tuple[str, int]]]:
    """The time format and the (text, time) pieces of the first SYLT frame in ``path``'s tags."""
    from mutagen import MutagenError
    from mutagen.id3 import ID3

    try:
        frames = ID3(str(path)).getall("SYLT")
    except (MutagenError, OSError) as exc:
        raise PublishError(f"{path.name}: cannot read ID3 tags: {exc}") from exc
    if not frames:
        return 0, []
    return int(frames[0].format), [(str(text), int(ms)) for text, ms in frames[0].text]


def read_chapters(path: Path) -> list[tuple[str, int, int]]:
    """(title, start ms, end ms) of the chapters in ``path``'s tags, in CTOC order."""
    from mutagen import MutagenError
    from mutagen.id3 import ID3

    try:
        id3 = ID3(str(path))
    except (MutagenError, OSError) as exc:
        raise PublishError(f"{path.name}: cannot read ID3 tags: {exc}") from exc
    tocs = id3.getall("CTOC")
    if not tocs:
        return []
    chaps = {f.element_id: f for f in id3.getall("CHAP")}
    out = []
    for element_id in tocs[0].child_element_ids:
        chap = chaps[element_id]
        title = chap.sub_frames.get("TIT2")
        out.append((str(title.text[0]) if title else element_id, chap.start_time, chap.end_time))
    return out
