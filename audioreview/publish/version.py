"""Writing a rendered version's files: its ID3 tags and its sidecars.

The audio was computed by ``render.version``; here it gets its title,
chapters, cover, transcript and timed text (SYLT) as tags, and its captions
(WebVTT with word timestamps, plain WebVTT and SRT), transcripts (plain text
and Podcasting 2.0 JSON) and JSON chapters beside it. The result is the ``Rendition`` the
manifest records.
"""

from __future__ import annotations

from pathlib import Path

from ..files import write_atomic
from ..model import Rendition, Script
from ..render.synthesize import SynthesisStats
from ..render.version import RenderedVersion
from ..slugs import version_title
from . import sidecars
from .cover import Cover
from .tags import TagSet, write_tags


def publish_version(rendered: RenderedVersion, *, cover: Cover, stem: str, counts: SynthesisStats) -> Rendition:
    """Tag ``rendered.audio`` and write its sidecars beside it as ``<stem>.*``."""
    script, timeline = rendered.script, rendered.timeline
    meta = script.meta
    folder: Path = rendered.audio.parent
    title = version_title(meta.title, script.version)
    transcript = sidecars.render_transcript(script)
    write_tags(
        rendered.audio,
        TagSet(
            title=title,
            author=meta.author,
            show=meta.show or "",
            date=meta.date,
            comment=sidecars.one_line_summary(meta, script),
            url=meta.url,
            length_ms=timeline.duration_ms,
            transcript=transcript,
            chapters=timeline.chapters,
            language=meta.language,
            cover=cover.data,
            cover_mime=cover.mime,
            guid=meta.guid,
            synced=tuple(sidecars.synced_text(timeline.cues)),
        ),
    )
    write_atomic(folder / f"{stem}.vtt", sidecars.render_vtt(timeline.cues))
    write_atomic(folder / f"{stem}.plain.vtt", sidecars.render_vtt(timeline.cues, words=False))
    write_atomic(folder / f"{stem}.srt", sidecars.render_srt(timeline.cues))
    write_atomic(folder / f"{stem}.txt", transcript)
    write_atomic(folder / f"{stem}.transcript.json", sidecars.render_json_transcript(timeline.cues, speakers(script)))
    write_atomic(folder / f"{stem}.chapters.json", sidecars.render_chapters_json(timeline.chapters, title=title))
    return Rendition(
        version=script.version,
        audio=rendered.audio.name,
        duration_ms=timeline.duration_ms,
        bytes=rendered.audio.stat().st_size,
        loudness=rendered.loudness,
        timeline=timeline,
        captions=f"{stem}.vtt",
        transcript=f"{stem}.txt",
        chapters_json=f"{stem}.chapters.json",
        synthesized=counts.synthesized,
        cached=counts.cached,
        captions_plain=f"{stem}.plain.vtt",
        transcript_json=f"{stem}.transcript.json",
        words_engine=counts.words_engine,
        words_estimated=counts.words_estimated,
        alignment_failures=counts.alignment_failures,
    )


SPEAKERS = {"host": "Host", "narrator": "Narrator"}


def speakers(script: Script) -> list[str]:
    """Who says each sentence, in speaking order (one name per cue of the version)."""
    return [SPEAKERS.get(segment.voice_role, segment.voice_role.title()) for segment in script.segments]
