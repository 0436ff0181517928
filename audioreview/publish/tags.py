"""ID3 tags with mutagen, written as ID3v2.3 (the version every player reads).

Title, author, show, date, genre, a one-line comment, the post URL, the
length, cover art, the full transcript, and chapters (CTOC + CHAP) whose
times are where each chapter's audio starts in the file. mutagen's own
exceptions never leave this module: they become ``PublishError``.
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
    show: str
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
    try:
        id3.save(str(path), v2_version=3)
    except (MutagenError, OSError) as exc:
        raise PublishError(f"{path.name}: cannot write ID3 tags: {exc}") from exc


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
