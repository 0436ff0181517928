"""The short version's script: its own framing lines around the picked sentences.

Pure functions. The pipeline times the voice on real takes, asks
``summarize.select_short`` for the picks within the time budget, and hands
them here to be grouped into chapters: a minute of audio wants few of them,
so the picks become "Highlights", then the "Verdict".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..model import Metadata, Script, Section, Segment
from .alignment import alignment_for, say
from .script import VERDICT_TITLE, Pauses, Speak, frame
from .summarize import Pick

SHORT_INTRO = "{show}. The short version of {title}, by {author}."
SHORT_OUTRO = "That was the short version. The full review of {title} is on the site."
SUMMARY_TITLE = "Highlights"


def narration(script: Script) -> list[Segment]:
    """The body's segments (no intro or outro)."""
    return [seg for sec in script.sections if sec.kind == "body" for seg in sec.segments]


def short_shell(meta: Metadata, *, speak: Speak, show: str, pauses: Pauses) -> Script:
    """The short version with its framing lines and no body yet (timed before the body is picked)."""
    return frame(
        meta, (), speak=speak, show=show, intro_text=SHORT_INTRO, outro_text=SHORT_OUTRO, pauses=pauses,
        version="short",
    )  # fmt: skip


def short_script(shell: Script, body: Sequence[Segment], picks: Sequence[Pick], *, speak: Speak, pauses: Pauses) -> Script:
    """``shell`` with the picked sentences in between, grouped into Highlights and Verdict chapters.

    A pick with an index is that sentence of ``body`` (its text possibly
    smoothed); one without (an author's summary sentence) is spoken fresh.
    """
    groups: list[tuple[str, list[Segment]]] = []
    for pick in picks:
        if pick.index >= 0:
            source = body[pick.index]
            pause = pauses.sentence if source.pause_override_ms is None else source.pause_override_ms
            seg = replace(source, text=pick.text, display=pick.display, score=pick.score, pause_after_ms=pause)
            if source.parts and pick.text != source.text:  # smoothed: its parts no longer say it
                seg = replace(seg, parts=(), notes=(*seg.notes, "controls left out: the sentence is smoothed here"))
            seg = replace(seg, alignment=alignment_for(seg.display, seg.text, seg.alignment))
        else:
            text, alignment = say(speak, pick.display)
            seg = Segment(
                text=text, display=pick.display, score=pick.score, pause_after_ms=pauses.sentence, alignment=alignment
            )
        title = VERDICT_TITLE if seg.role in ("verdict", "rating") else SUMMARY_TITLE
        if not seg.text.strip():
            continue
        if groups and groups[-1][0] == title:
            groups[-1][1].append(seg)
        else:
            groups.append((title, [seg]))
    sections = tuple(
        Section(title=title, segments=(*segs[:-1], replace(segs[-1], pause_after_ms=pauses.section)))
        for title, segs in groups
    )
    intro = [s for s in shell.sections if s.kind == "intro"]
    outro = [s for s in shell.sections if s.kind == "outro"]
    return Script(meta=shell.meta, sections=(*intro, *sections, *outro), version="short")
