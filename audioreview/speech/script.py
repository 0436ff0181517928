"""From a Review to a Script: what will be spoken, in sections, with pauses.

Pure functions: the caller passes ``speak``, the text pass (clean, normalize,
lexicon) that turns a written sentence into what the engine is asked to say.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..errors import SpeechError
from ..model import Block, Metadata, Review, Script, Section, Segment, VoiceRole
from .languages.framing import localized
from .segment import MAX_SEGMENT_CHARS, bound_length, split_sentences

Speak = Callable[[str], str]

NO_HEADING_TITLE = "Review"
OPENING_TITLE = "Opening"
VERDICT_TITLE = "Verdict"
INTRO_TITLE = "Intro"
OUTRO_TITLE = "Outro"


@dataclass(frozen=True, slots=True)
class Pauses:
    """Silence after a sentence, a paragraph and a section, in ms."""

    sentence: int = 350
    paragraph: int = 700
    section: int = 1200

    @property
    def list_item(self) -> int:
        """Between list items: more than a sentence, less than a paragraph."""
        return (self.sentence + self.paragraph) // 2


_FIELD = re.compile(r"\{(\w+)\}")


def fill_template(template: str, values: dict[str, str | None]) -> str:
    """Fill ``{field}``s; a clause whose field is missing is dropped with it.

    ``"{show}. {title}, by {author}."`` with no author gives ``"{show}. {title}."``.
    """
    text = template
    for name in _FIELD.findall(template):
        if not values.get(name):
            text = re.sub(r"[,;]?\s*[^,.;:!?{}]*\{" + name + r"\}[^,.;:!?{}]*", "", text)
    text = _FIELD.sub(lambda m: str(values.get(m.group(1)) or ""), text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([.!?])[.,;:]+", r"\1", text)
    text = re.sub(r"^[\s.,;:]+", "", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def template_values(meta: Metadata, show: str) -> dict[str, str | None]:
    """The fields intro and outro templates can use."""
    rating = None
    if meta.rating is not None:
        value = f"{meta.rating.value:g}"
        rating = f"{value} out of {meta.rating.scale:g}"
    return {"show": meta.show or show, "title": meta.title, "author": meta.author, "date": meta.date, "rating": rating}


def framing_section(
    text: str, *, kind: str, title: str, speak: Speak, pauses: Pauses, language: str
) -> Section | None:
    """The spoken intro or outro, in the host voice."""
    sentences = split_sentences(text, language)
    if not sentences:
        return None
    segments = tuple(
        Segment(text=speak(s), display=s, voice_role="host", pause_after_ms=pauses.sentence) for s in sentences
    )
    return Section(title=title, segments=segments, kind=kind)  # type: ignore[arg-type]


def _sentences_of(block: Block, index: int, *, speak: Speak, pauses: Pauses, language: str, limit: int) -> list[Segment]:
    sentences = [block.text.strip()] if block.kind == "heading" else split_sentences(block.text, language)
    out: list[Segment] = []
    for sentence in sentences:
        for piece in bound_length(sentence, limit):
            spoken = speak(piece)
            if not spoken.strip():
                continue
            out.append(
                Segment(
                    text=spoken,
                    display=piece,
                    voice_role="narrator",
                    pause_after_ms=pauses.sentence,
                    block_index=index,
                    role=block.role,
                    marked_short=block.marked_short,
                )
            )
    if out:
        end = {"heading": pauses.paragraph, "list_item": pauses.list_item}.get(block.kind, pauses.paragraph)
        out[-1] = replace(out[-1], pause_after_ms=end)
    return out


def body_sections(
    blocks: Sequence[Block], *, speak: Speak, pauses: Pauses, language: str, limit: int = MAX_SEGMENT_CHARS
) -> tuple[Section, ...]:
    """Group the body into sections: headings start them; a verdict paragraph may too."""
    has_headings = any(b.kind == "heading" for b in blocks)
    sections: list[tuple[str, list[Segment]]] = []
    current_title = OPENING_TITLE if has_headings else NO_HEADING_TITLE
    current: list[Segment] = []
    in_verdict = False
    for index, block in enumerate(blocks):
        starts_verdict = block.role == "verdict" and not in_verdict and block.kind != "heading"
        if block.kind == "heading" or (starts_verdict and not has_headings and current):
            if current:
                sections.append((current_title, current))
            current = []
            current_title = block.text.strip() if block.kind == "heading" else VERDICT_TITLE
            in_verdict = block.role == "verdict"
            if block.kind != "heading":
                in_verdict = True
        elif block.role == "verdict":
            in_verdict = True
        current.extend(_sentences_of(block, index, speak=speak, pauses=pauses, language=language, limit=limit))
    if current:
        sections.append((current_title, current))
    out = []
    for title, segments in sections:
        # A section that is only its heading says nothing: fold it away.
        if all(s.display == title for s in segments) and len(sections) > 1:
            continue
        segments[-1] = replace(segments[-1], pause_after_ms=pauses.section)
        out.append(Section(title=title, segments=tuple(segments)))
    return tuple(out)


def build_script(
    review: Review,
    *,
    speak: Speak,
    show: str,
    intro_text: str,
    outro_text: str,
    pauses: Pauses = Pauses(),
    limit: int = MAX_SEGMENT_CHARS,
) -> Script:
    """The full version's script: intro, the body in sections, outro."""
    language = review.meta.language
    body = body_sections(review.blocks, speak=speak, pauses=pauses, language=language, limit=limit)
    if not body:
        raise SpeechError(f"{review.source}: nothing to read aloud", hint="the review has no sentences with words")
    return frame(review.meta, body, speak=speak, show=show, intro_text=intro_text, outro_text=outro_text, pauses=pauses)


def frame(
    meta: Metadata,
    body: tuple[Section, ...],
    *,
    speak: Speak,
    show: str,
    intro_text: str,
    outro_text: str,
    pauses: Pauses = Pauses(),
    version: str = "full",
) -> Script:
    """Put the spoken intro and outro around ``body``."""
    values = template_values(meta, show)
    language = meta.language
    intro_text, outro_text = localized(intro_text, language), localized(outro_text, language)
    intro = framing_section(
        fill_template(intro_text, values), kind="intro", title=INTRO_TITLE, speak=speak, pauses=pauses, language=language
    )
    outro = framing_section(
        fill_template(outro_text, values), kind="outro", title=OUTRO_TITLE, speak=speak, pauses=pauses, language=language
    )
    sections = tuple(s for s in (intro, *body, outro) if s is not None)
    return Script(meta=replace(meta, show=meta.show or show), sections=sections, version=version)  # type: ignore[arg-type]


def voice_roles(script: Script) -> set[VoiceRole]:
    """The roles a script needs voices for."""
    return {seg.voice_role for seg in script.segments}
