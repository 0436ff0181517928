"""How `audioreview script` shows a script: text for people, JSON for tools."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .model import Part, Review, Script
from .speech.directed import delivery


def script_text(review: Review, script: Script) -> str:
    """Sections, sentences (as written and as spoken), pauses and metadata."""
    meta = review.meta
    lines = [f"# {meta.title}  [{script.version} version]"]
    facts = {
        "author": meta.author,
        "date": meta.date,
        "rating": f"{meta.rating.value:g}/{meta.rating.scale:g} ({meta.rating.text})" if meta.rating else None,
        "url": meta.url,
        "language": meta.language,
        "show": meta.show,
    }
    lines += [f"#   {k}: {v}" for k, v in facts.items() if v]
    lines += [f"#   warning: {note}" for note in script.notes]
    for section in script.sections:
        lines.append("")
        lines.append(f"== {section.title} ({section.kind})")
        for seg in section.segments:
            tag = f" [{seg.role}]" if seg.role != "body" else ""
            score = f" (score {seg.score:.2f})" if seg.score is not None else ""
            lines.append(f"  {seg.voice_role}{tag}{score}: {seg.text}")
            if seg.display != seg.text:
                lines.append(f"      written: {seg.display}")
            if seg.parts:
                lines.append("      parts: " + " | ".join(_part(p) for p in seg.parts))
            lines += [f"      * {note}" for note in seg.notes]
            lines.append(f"      ... {seg.pause_after_ms} ms")
    return "\n".join(lines) + "\n"


def _part(part: Part) -> str:
    """One part as the script shows it: its words, then how it is said."""
    how = delivery(part.length_scale, part.gain_db, part.voice, part.pause_after_ms)
    return part.text + (f" [{how}]" if how else "")


def script_json(review: Review, script: Script) -> dict[str, Any]:
    """The same as a JSON-ready dict."""
    return {
        "meta": asdict(review.meta),
        "version": script.version,
        "notes": list(script.notes),
        "sections": [
            {
                "title": sec.title,
                "kind": sec.kind,
                "segments": [
                    {
                        "text": seg.text,
                        "display": seg.display,
                        "voice": seg.voice_role,
                        "role": seg.role,
                        "pause_after_ms": seg.pause_after_ms,
                        "score": seg.score,
                        "parts": [asdict(p) for p in seg.parts],
                        "notes": list(seg.notes),
                    }
                    for seg in sec.segments
                ],
            }
            for sec in script.sections
        ],
    }
