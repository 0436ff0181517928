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
from .alignment import say
from .directed import Directing, directed_segments, quote_spans, quoted, skipped
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
    """Silence after a sentence, a paragraph and a section, in ms, and around headings and the verdict."""

    sentence: int = 350
    paragraph: int = 700
    section: int = 1200
    before_heading: int | None = None
    """Before a heading (None: the section pause)."""
    after_heading: int | None = None
    """After a heading (None: the paragraph pause)."""
    before_verdict: int = 0
    """At least this much before the verdict's first sentence."""

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
        Segment(text=text, display=s, voice_role="host", pause_after_ms=pauses.sentence, alignment=alignment)
        for s in sentences
        for text, alignment in [say(speak, s)]
    )
    return Section(title=title, segments=segments, kind=kind)  # type: ignore[arg-type]


def _sentences_of(
    block: Block, index: int, *, speak: Speak, pauses: Pauses, language: str, limit: int, directing: Directing,
    before: dict[int, int], notes: list[str],
) -> list[Segment]:  # fmt: skip
    block = quote_spans(block, directing)
    if block.spans:
        template = Segment(
            text="", display="", pause_after_ms=pauses.sentence, block_index=index, role=block.role,
            marked_short=block.marked_short,
        )  # fmt: skip
        directed = directed_segments(block, template, speak=speak, directing=replace(directing, language=language), limit=limit)
        if directed.pause_before_ms is not None:
            before[index] = directed.pause_before_ms
        notes.extend(directed.notes)
        out = list(directed.segments)
        if out and notes:
            out[0] = replace(out[0], notes=(*notes, *out[0].notes))
            notes.clear()
        return _end_block(out, block, pauses)
    sentences = [block.text.strip()] if block.kind == "heading" else split_sentences(block.text, language)
    out = []
    for sentence in sentences:
        for piece in bound_length(sentence, limit):
            spoken, alignment = say(speak, piece)
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
                    alignment=alignment,
                )
            )
    if out and notes:
        out[0] = replace(out[0], notes=(*notes, *out[0].notes))
        notes.clear()
    return _end_block(out, block, pauses)


def _end_block(out: list[Segment], block: Block, pauses: Pauses) -> list[Segment]:
    """The block's last sentence with the pause that ends its kind of block."""
    if out:
        after_heading = pauses.paragraph if pauses.after_heading is None else pauses.after_heading
        end = {"heading": after_heading, "list_item": pauses.list_item}.get(block.kind, pauses.paragraph)
        out[-1] = replace(out[-1], pause_after_ms=end)
    return out


def body_sections(
    blocks: Sequence[Block], *, speak: Speak, pauses: Pauses, language: str, limit: int = MAX_SEGMENT_CHARS,
    directing: Directing | None = None,
) -> tuple[Section, ...]:  # fmt: skip
    """Group the body into sections: headings start them; a verdict paragraph may too.

    Blocks an author skipped whole are left out (their note goes on the next
    sentence); pauses the author set win over the pause settings.
    """
    directing = directing or Directing()
    notes: list[str] = []
    heard = [(index, block) for index, block in enumerate(blocks)]
    has_headings = any(b.kind == "heading" and not skipped(b) for _, b in heard)
    sections: list[tuple[str, list[Segment], bool]] = []
    current_title = OPENING_TITLE if has_headings else NO_HEADING_TITLE
    current: list[Segment] = []
    current_headed = False
    in_verdict = False
    before: dict[int, int] = {}
    for index, block in heard:
        if skipped(block):
            notes.append(f"skipped (shown, not heard): {quoted(block.text)}")
            continue
        starts_verdict = block.role == "verdict" and not in_verdict and block.kind != "heading"
        if block.kind == "heading" or (starts_verdict and not has_headings and current):
            if current:
                sections.append((current_title, current, current_headed))
            current = []
            current_headed = block.kind == "heading"
            current_title = block.text.strip() if block.kind == "heading" else VERDICT_TITLE
            in_verdict = block.role == "verdict"
            if block.kind != "heading":
                in_verdict = True
        elif block.role == "verdict":
            in_verdict = True
        current.extend(
            _sentences_of(
                block, index, speak=speak, pauses=pauses, language=language, limit=limit, directing=directing,
                before=before, notes=notes,
            )
        )  # fmt: skip
    if current:
        sections.append((current_title, current, current_headed))
    kept = [
        (title, segments, headed)
        for title, segments, headed in sections
        # A section that is only its heading says nothing: fold it away.
        if not (all(s.display == title for s in segments) and len(sections) > 1)
    ]
    out = []
    for n, (title, segments, _) in enumerate(kept):
        heading_next = n + 1 < len(kept) and kept[n + 1][2]
        between = pauses.before_heading if heading_next and pauses.before_heading is not None else pauses.section
        segments[-1] = replace(segments[-1], pause_after_ms=between)
        out.append(Section(title=title, segments=tuple(segments)))
    return directed_pauses(tuple(out), before, pauses.before_verdict)


def directed_pauses(sections: tuple[Section, ...], before: dict[int, int], before_verdict: int) -> tuple[Section, ...]:
    """The pause before the verdict made at least ``before_verdict``, then every pause the author set.

    ``before`` maps a block index to a pause the author wrote before that block;
    it becomes the pause after the sentence before the block.
    """
    flat = [seg for sec in sections for seg in sec.segments]
    verdict = next((i for i, seg in enumerate(flat) if seg.role == "verdict"), None)
    if verdict is not None and verdict > 0 and before_verdict:
        flat[verdict - 1] = replace(flat[verdict - 1], pause_after_ms=max(flat[verdict - 1].pause_after_ms, before_verdict))
    for i, seg in enumerate(flat):
        if i > 0 and seg.block_index in before and flat[i - 1].block_index != seg.block_index:
            flat[i - 1] = replace(flat[i - 1], pause_override_ms=before[seg.block_index])
    flat = [replace(seg, pause_after_ms=seg.pause_override_ms) if seg.pause_override_ms is not None else seg for seg in flat]
    out, at = [], 0
    for sec in sections:
        out.append(replace(sec, segments=tuple(flat[at : at + len(sec.segments)])))
        at += len(sec.segments)
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
    directing: Directing | None = None,
) -> Script:
    """The full version's script: intro, the body in sections, outro."""
    language = review.meta.language
    body = body_sections(review.blocks, speak=speak, pauses=pauses, language=language, limit=limit, directing=directing)
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
