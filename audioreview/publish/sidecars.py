"""Sidecar files rendered to strings: captions, chapters, transcript.

Everything here is pure (values in, text out) so it is tested exactly; the
pipeline writes the strings with ``files.write_atomic``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from ..model import Chapter, Cue, Metadata, Script
from .captions import (
    SENTENCE_WIDTH,
    caption_lines,
    render_srt,
    render_vtt,
    sentence_tokens,
    srt_timestamp,
    vtt_timestamp,
)

CAPTION_LINE = SENTENCE_WIDTH
"""Longest line of a whole-sentence caption (see ``captions``)."""

__all__ = [
    "CAPTION_LINE", "caption_lines", "one_line_summary", "render_chapters_json", "render_json_transcript",
    "render_srt", "render_transcript", "render_vtt", "srt_timestamp", "synced_text", "vtt_timestamp",
]


def render_chapters_json(chapters: Iterable[Chapter], *, title: str | None = None, url: str | None = None) -> str:
    """Podcasting 2.0 JSON chapters, version 1.2.0."""
    items: list[dict[str, Any]] = []
    for ch in chapters:
        item: dict[str, Any] = {"startTime": round(ch.start_ms / 1000, 3), "title": ch.title}
        item["endTime"] = round(ch.end_ms / 1000, 3)
        if url:
            item["url"] = url
        items.append(item)
    doc: dict[str, Any] = {"version": "1.2.0", "chapters": items}
    if title:
        doc["title"] = title
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render_transcript(script: Script) -> str:
    """The transcript as read: the written sentences, a paragraph per section."""
    out = []
    for section in script.sections:
        text = " ".join(seg.display for seg in section.segments)
        if section.kind == "body":
            heading = section.title
            if section.segments and section.segments[0].display == heading:
                text = " ".join(seg.display for seg in section.segments[1:])
            out.append(f"{heading}\n\n{text}" if text else heading)
        else:
            out.append(text)
    return "\n\n".join(out).strip() + "\n"


def one_line_summary(meta: Metadata, script: Script, limit: int = 240) -> str:
    """A one-line description: the front matter's, or the review's first sentence."""
    if meta.description:
        text = meta.description
    else:
        body = [s for sec in script.sections if sec.kind == "body" for s in sec.segments if s.display != sec.title]
        text = body[0].display if body else meta.title
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def render_json_transcript(cues: Sequence[Cue], speakers: Sequence[str] | None = None) -> str:
    """The Podcasting 2.0 JSON transcript: a segment per word where words have times, else per sentence.

    ``speakers`` names who says each cue (the voice's role); without it, or
    when it does not match the cues one for one, every segment is the narrator's.
    """
    names = list(speakers) if speakers is not None and len(speakers) == len(cues) else ["Narrator"] * len(cues)
    segments: list[dict[str, Any]] = []
    for cue, speaker in zip(cues, names, strict=True):
        tokens = sentence_tokens(cue)
        spans = [(t.start_ms, t.end_ms, t.text) for t in tokens] or [(cue.start_ms, cue.end_ms, " ".join(cue.text.split()))]
        for start, end, body in spans:
            segments.append({"speaker": speaker, "startTime": round(start / 1000, 3),
                             "endTime": round(max(start, end) / 1000, 3), "body": body})
    return json.dumps({"version": "1.0.0", "segments": segments}, indent=1, ensure_ascii=False) + "\n"


def synced_text(cues: Sequence[Cue]) -> list[tuple[str, int]]:
    """(text, ms) pairs for an ID3 SYLT frame: a word each where words have times, else a sentence each.

    Following the ID3 convention, a new sentence starts with a newline and a
    word inside a sentence with a space, so players that join the pieces
    show the text as it reads.
    """
    out: list[tuple[str, int]] = []
    for cue in cues:
        tokens = sentence_tokens(cue)
        pieces = [(t.text, t.start_ms) for t in tokens] or [(" ".join(cue.text.split()), cue.start_ms)]
        for k, (text, start) in enumerate(pieces):
            lead = ("\n" if out else "") if k == 0 else " "
            out.append((lead + text, start))
    return out
