"""Sidecar files rendered to strings: captions, chapters, transcript.

Everything here is pure (values in, text out) so it is tested exactly; the
pipeline writes the strings with ``files.write_atomic``.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from typing import Any

from ..model import Chapter, Cue, Metadata, Script

CAPTION_LINE = 62
"""Longest caption line (WebVTT practice: about 65 characters at most)."""


def _clock(ms: int, sep: str = ".", hours: bool = True) -> str:
    ms = max(0, int(ms))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    if hours or h:
        return f"{h:02d}:{m:02d}:{s:02d}{sep}{milli:03d}"
    return f"{m:02d}:{s:02d}{sep}{milli:03d}"


def vtt_timestamp(ms: int) -> str:
    """``hh:mm:ss.ttt`` for WebVTT."""
    return _clock(ms, ".")


def srt_timestamp(ms: int) -> str:
    """``HH:MM:SS,mmm`` for SRT."""
    return _clock(ms, ",")


def _escape_vtt(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("-->", "--&gt;")


def caption_lines(text: str, width: int = CAPTION_LINE) -> list[str]:
    """Wrap a sentence into caption lines of at most ``width`` characters."""
    return textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True, break_on_hyphens=False) or [""]


def render_vtt(cues: Iterable[Cue]) -> str:
    """WebVTT captions, one cue per sentence.

    The signature line stands alone: WebVTT has no language header (an old
    draft's ``Language:`` line fails the W3C parser); the language goes on the
    page's ``<track srclang>`` and the feed's ``podcast:transcript``.
    """
    out = ["WEBVTT", ""]
    for n, cue in enumerate(cues, 1):
        out.append(f"s{n}")
        out.append(f"{vtt_timestamp(cue.start_ms)} --> {vtt_timestamp(cue.end_ms)}")
        out.extend(_escape_vtt(line) for line in caption_lines(cue.text))
        out.append("")
    return "\n".join(out)


def _neutral_srt(text: str) -> str:
    """A caption line SRT readers cannot mistake for markup or timing.

    SRT has no escaping: angle brackets become single guillemets (so neither
    ``<script>`` nor ``-->`` survives), and ``{\\`` (an override tag to some
    players) loses its backslash.
    """
    return text.replace("<", "\u2039").replace(">", "\u203a").replace("{\\", "{")


def render_srt(cues: Iterable[Cue]) -> str:
    """SRT captions, numbered from 1 (caption text neutralized: see ``_neutral_srt``)."""
    out = []
    for n, cue in enumerate(cues, 1):
        out.append(str(n))
        out.append(f"{srt_timestamp(cue.start_ms)} --> {srt_timestamp(cue.end_ms)}")
        out.extend(_neutral_srt(line) for line in caption_lines(cue.text))
        out.append("")
    return "\n".join(out)


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
