"""Directed blocks into segments: each control becomes parts, pauses and notes.

A block with spans (``Block.spans``, from any of the three markups) is split
into sentences as any block is; each sentence becomes one ``Segment`` whose
``parts`` say how each stretch is spoken: emphasis is a slower, louder part,
``rate`` a slower or faster one, ``voice`` another voice, ``say``/``say_as`` a
forced reading of the written words, ``only`` words heard but not shown and
``skip`` words shown but not heard. A pause inside a sentence is silence after
a part; a pause at a sentence's end overrides every pause setting there. Each
control leaves a note saying what it did, for ``audioreview script``. Pure
functions: the text pass is passed in as ``speak``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..model import Block, Direction, Part, Script, Segment, Span
from .clean import clean_inline
from .sayas import read_as
from .segment import bound_length, split_sentences

Speak = Callable[[str], str]

EMPHASIS_LENGTH_SCALE = 1.12
"""An emphasized part takes this much longer than the voice's pace (chosen by ear on the shipped voice)."""
EMPHASIS_GAIN_DB = 2.0
"""And is this much louder."""
_ALNUM = re.compile(r"\w", re.UNICODE)
_DIALOGUE = re.compile(r"\"[^\"]+\"|\u201c[^\u201d]+\u201d")
DIALOGUE_MIN_WORDS = 3
"""A quotation this long or longer is dialogue (shorter ones are scare quotes and titles)."""


@dataclass(frozen=True, slots=True)
class Directing:
    """How the controls sound, from the settings."""

    emphasis_length_scale: float = EMPHASIS_LENGTH_SCALE
    emphasis_gain_db: float = EMPHASIS_GAIN_DB
    emphasis_pause_ms: int = 0
    """Silence before an emphasized part (0: none)."""
    text_emphasis: bool = True
    """Markdown's ``*word*`` and ``**word**`` are spoken with emphasis."""
    quote_voice: str = ""
    """The voice profile for blockquotes ("" reads them in the narrator's voice)."""
    quote_dialogue: bool = False
    """Also read quoted dialogue (three words or more in quotation marks) in ``quote_voice``."""
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Style:
    """How a stretch is said."""

    length_scale: float = 1.0
    gain_db: float = 0.0
    voice: str = ""
    emphasis: bool = False


PLAIN = Style()


@dataclass(slots=True)
class _Piece:
    """A part being built."""

    text: str
    display: str
    style: Style
    pause_after_ms: int = 0


@dataclass(slots=True)
class _Sentence:
    """One sentence's pieces while they are built."""

    pieces: list[_Piece] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pause_before_ms: int | None = None
    pause_after_ms: int | None = None
    directed: bool = False


def quoted(text: str, limit: int = 50) -> str:
    """``text`` in quotation marks, cut to ``limit`` characters, for notes."""
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[: limit - 1] + "…"}"'


def quote_spans(block: Block, directing: Directing) -> Block:
    """``block`` with ``quote_voice`` over a blockquote, and over its dialogue when ``quote_dialogue`` is on."""
    voice = directing.quote_voice
    if not voice or block.kind == "heading":
        return block
    quote = Direction("voice", value=voice, implicit=True)
    spans = block.spans or (Span(block.text),)
    if block.kind == "quote":
        return replace(block, spans=tuple(Span(s.text, (quote, *s.directions)) if s.text else s for s in spans))
    if not directing.quote_dialogue:
        return block
    out: list[Span] = []
    for span in spans:
        at = 0
        for match in _DIALOGUE.finditer(span.text):
            if len(match.group(0).split()) < DIALOGUE_MIN_WORDS:
                continue
            if match.start() > at:
                out.append(Span(span.text[at : match.start()], span.directions))
            out.append(Span(match.group(0), (quote, *span.directions)))
            at = match.end()
        if at < len(span.text) or not span.text:
            out.append(Span(span.text[at:], span.directions))
    return block if len(out) == len(spans) else replace(block, spans=tuple(out))


def skipped(block: Block) -> bool:
    """Whether every written word of ``block`` is shown but not heard (and nothing in it is only heard)."""
    if not block.spans:
        return False
    for span in block.spans:
        kinds = {d.kind for d in span.directions}
        if "only" in kinds or (span.text.strip() and "skip" not in kinds):
            return False
    return True


def _flatten(spans: Sequence[Span]) -> tuple[str, list[tuple[int, int, Span]]]:
    """The spans' cleaned texts joined (whitespace tidied) and where each one lies in it."""
    text = ""
    placed: list[tuple[int, int, Span]] = []
    for span in spans:
        cleaned = clean_inline(span.text) if span.text.strip() else ""
        piece = (" " if span.text[:1].isspace() else "") + cleaned + (" " if span.text[-1:].isspace() and cleaned else "")
        if (not text or text.endswith(" ")) and piece.startswith(" "):
            piece = piece[1:]
        start = len(text)
        text += piece
        placed.append((start, len(text), span))
    return text, placed


def _style(directions: Sequence[Direction], directing: Directing) -> tuple[Style, list[str]]:
    """The style a stretch's directions give it, and a note for each."""
    length, gain, voice, emphasis = 1.0, 0.0, "", False
    notes: list[str] = []
    for d in directions:
        if d.kind == "emphasis" and d.value != "none" and (directing.text_emphasis or not d.implicit):
            step = {"strong": 2.0, "moderate": 1.0, "reduced": 0.0}.get(d.value, 1.0)
            length *= 1 + (directing.emphasis_length_scale - 1) * step
            gain += directing.emphasis_gain_db * {"strong": 1.5, "moderate": 1.0, "reduced": -1.0}.get(d.value, 1.0)
            emphasis = d.value != "reduced"
            notes.append(f"emphasis ({d.value})")
        elif d.kind == "rate" and d.rate != 1.0:
            length /= d.rate
            notes.append(f"rate {d.rate:.0%}")
        elif d.kind == "voice" and d.value:
            voice = d.value
            notes.append(f"{'quote voice' if d.implicit else 'voice'} {d.value}")
    return Style(round(length, 6), round(gain, 3), voice, emphasis), notes


def delivery(length_scale: float = 1.0, gain_db: float = 0.0, voice: str = "", pause_after_ms: int = 0) -> str:
    """How a stretch is said, for people: ``"x1.24, +3.0 dB, voice joe-quote, then 800 ms"`` ("" when plainly)."""
    bits = []
    if length_scale != 1.0:
        bits.append(f"x{length_scale:.2f}")
    if gain_db:
        bits.append(f"{gain_db:+.1f} dB")
    if voice:
        bits.append(f"voice {voice}")
    if pause_after_ms:
        bits.append(f"then {pause_after_ms} ms")
    return ", ".join(bits)


def _style_note(style: Style) -> str:
    said = delivery(style.length_scale, style.gain_db, style.voice)
    return f" ({said})" if said else ""


def _text_piece(sentence: _Sentence, written: str, directions: Sequence[Direction], speak: Speak, directing: Directing) -> None:
    """A stretch of written text, said as its directions ask."""
    kinds = {d.kind for d in directions}
    display = written
    if "skip" in kinds:
        if written.strip():
            sentence.notes.append(f"skipped (shown, not heard): {quoted(written)}")
        sentence.directed = True
        sentence.pieces.append(_Piece("", "", PLAIN))  # keeps a pause before it where it belongs
        return
    style, notes = _style(directions, directing)
    reading: str | None = None
    for d in directions:
        if d.kind == "say":
            reading = d.value
            notes.append(f"say: {quoted(written)} -> {quoted(speak(reading))}")
        elif d.kind == "say_as" and reading is None:
            reading = read_as(d.value, written.strip(), directing.language)
            notes.append(f"say-as {d.value}: {quoted(written)} -> {quoted(speak(reading))}")
    # What is spoken keeps the written text's spaces around a forced reading, so
    # neighbours said alike can be joined back and spoken (punctuation and all) at once.
    source = written if reading is None else _spaced(written, reading)
    if style != PLAIN and source.strip():
        described = [n for n in notes if not n.startswith(("say", "say-as"))]
        sentence.notes.append(f"{', '.join(described)}: {quoted(written)}{_style_note(style)}")
        notes = [n for n in notes if n.startswith(("say", "say-as"))]
    sentence.notes.extend(notes)
    if directions:
        sentence.directed = True
    if style.emphasis and directing.emphasis_pause_ms and sentence.pieces:
        sentence.pieces[-1].pause_after_ms += directing.emphasis_pause_ms
    sentence.pieces.append(_Piece(source, display, style))


def _spaced(written: str, reading: str) -> str:
    """``reading`` with the spaces ``written`` has at its ends."""
    lead = written[: len(written) - len(written.lstrip())]
    trail = written[len(written.rstrip()) :]
    return lead + reading.strip() + trail


def _point(sentence: _Sentence, direction: Direction, speak: Speak, *, at_end: bool) -> None:
    """A point in the text: a pause, or words only heard."""
    sentence.directed = True
    if direction.kind == "pause":
        if at_end:
            sentence.pause_after_ms = direction.ms
            sentence.notes.append(f"pause {direction.ms} ms after this sentence (set by the author)")
        elif any(p.text for p in sentence.pieces):
            last = next(p for p in reversed(sentence.pieces) if p.text)
            last.pause_after_ms += direction.ms
            said = " ".join("".join(p.display or p.text for p in sentence.pieces).split()[-4:])
            sentence.notes.append(f"pause {direction.ms} ms after {quoted(said)}")
        else:
            sentence.pause_before_ms = direction.ms
            sentence.notes.append(f"pause {direction.ms} ms before this sentence (set by the author)")
    elif direction.kind == "only":
        sentence.notes.append(f"heard, not shown: {quoted(direction.value)}")
        sentence.pieces.append(_Piece(f" {direction.value.strip()} ", "", PLAIN))


def _merge(pieces: list[_Piece]) -> list[_Piece]:
    """Neighbours said alike with no pause between become one; a piece with nothing speakable joins a neighbour.

    Piece texts are still as written (or the forced reading, with the written spaces), so joining is concatenating.
    """
    out: list[_Piece] = []
    for piece in pieces:
        last = out[-1] if out else None
        if last is not None and (
            not _ALNUM.search(piece.text) or (last.style == piece.style and not last.pause_after_ms)
        ):
            last.text += piece.text
            last.display += piece.display
            last.pause_after_ms += piece.pause_after_ms
            continue
        out.append(piece)
    if len(out) > 1 and not _ALNUM.search(out[0].text):
        first = out.pop(0)
        out[0].text = first.text + out[0].text
        out[0].display = first.display + out[0].display
    return out


def _segment(sentence: _Sentence, template: Segment, limit: int, speak: Speak) -> Segment | None:
    """The finished segment for one sentence (None when nothing in it is heard)."""
    pieces = _merge(sentence.pieces)
    for p in pieces:
        p.text = speak(p.text) if _ALNUM.search(p.text) else ""
    spoken = [p for p in pieces if p.text.strip()]
    if not spoken:
        return None
    parts: list[Part] = []
    for p in spoken:
        texts = bound_length(p.text, limit) if len(p.text) > limit else [p.text]
        for n, text in enumerate(texts):
            last = n == len(texts) - 1
            parts.append(
                Part(
                    text=text, display=" ".join(p.display.split()) if n == 0 else "", length_scale=p.style.length_scale,
                    gain_db=p.style.gain_db, voice=p.style.voice, emphasis=p.style.emphasis,
                    pause_after_ms=p.pause_after_ms if last else 0,
                )
            )  # fmt: skip
    # The sentence's own pause follows its last part: not a pause inside it.
    parts[-1] = replace(parts[-1], pause_after_ms=0)
    text = " ".join(p.text for p in parts)
    display = " ".join("".join(p.display for p in pieces).split())
    single = len(parts) == 1 and parts[0].length_scale == 1.0 and not parts[0].gain_db and not parts[0].voice
    return replace(
        template, text=text, display=display or text, parts=() if single else tuple(parts),
        pause_override_ms=sentence.pause_after_ms, notes=tuple(sentence.notes),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Directed:
    """A directed block's segments, a pause the author set before it, and notes no segment carries."""

    segments: tuple[Segment, ...]
    pause_before_ms: int | None = None
    notes: tuple[str, ...] = ()
    """What the controls did where nothing is heard (a skipped block), for the next segment to carry."""


def _ranges(text: str, kind: str, language: str) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` lies (a heading is one)."""
    sentences = ([text.strip()] if text.strip() else []) if kind == "heading" else split_sentences(text, language)
    ranges: list[tuple[int, int]] = []
    at = 0
    for sentence in sentences:
        start = text.find(sentence, at)
        if start < 0:  # the splitter tidied something: read the block as one sentence
            return [(0, len(text))]
        ranges.append((start, start + len(sentence)))
        at = start + len(sentence)
    return ranges or [(0, len(text))]


def directed_segments(block: Block, template: Segment, *, speak: Speak, directing: Directing, limit: int) -> Directed:
    """The segments of a block with spans.

    ``template`` carries what every segment of the block shares (role, block
    index, the sentence pause).
    """
    text, placed = _flatten(block.spans)
    text = text.rstrip()
    ranges = _ranges(text, block.kind, directing.language)
    built = [_Sentence() for _ in ranges]
    before = _Sentence()
    for start, end, span in placed:
        if not span.text:
            owner = max((i for i, (a, _) in enumerate(ranges) if a < start), default=None)
            for direction in span.directions:
                if direction.kind == "pause" and owner is None:
                    _point(before, direction, speak, at_end=False)
                elif direction.kind == "pause" and owner is not None:
                    _point(built[owner], direction, speak, at_end=start >= ranges[owner][1])
                elif direction.kind == "only":
                    _point(built[owner or 0], direction, speak, at_end=False)
            continue
        for i, (a, b) in enumerate(ranges):
            lo, hi = max(start, a), min(end, b)
            if lo < hi:
                _text_piece(built[i], text[lo:hi], span.directions, speak, directing)
    segments: list[Segment] = []
    pause_before = before.pause_before_ms
    carried: list[str] = list(before.notes)
    for sentence in built:
        if sentence.pause_before_ms is not None:
            if segments:
                segments[-1] = replace(segments[-1], pause_override_ms=sentence.pause_before_ms)
            else:
                pause_before = sentence.pause_before_ms
        segment = _segment(sentence, template, limit, speak)
        if segment is None:
            carried.extend(sentence.notes)
            if sentence.pause_after_ms is not None and segments:
                segments[-1] = replace(segments[-1], pause_override_ms=sentence.pause_after_ms)
            continue
        if carried:
            segment = replace(segment, notes=(*carried, *segment.notes))
            carried = []
        segments.append(segment)
    if carried and segments:
        segments[-1] = replace(segments[-1], notes=(*segments[-1].notes, *carried))
        carried = []
    return Directed(tuple(segments), pause_before, tuple(carried))


def _plain_part(part: Part) -> Part:
    return replace(part, length_scale=1.0, gain_db=0.0, voice="", emphasis=False)


def _collapse(parts: Sequence[Part]) -> tuple[Part, ...]:
    """Neighbouring parts said alike with no pause between them, as one; () when one plain part is left."""
    out: list[Part] = []
    for part in parts:
        last = out[-1] if out else None
        same = last is not None and (last.length_scale, last.gain_db, last.voice) == (part.length_scale, part.gain_db, part.voice)
        if last is not None and same and not last.pause_after_ms:
            out[-1] = replace(
                last, text=f"{last.text} {part.text}".strip(), display=f"{last.display} {part.display}".strip(),
                pause_after_ms=part.pause_after_ms, emphasis=last.emphasis or part.emphasis,
            )  # fmt: skip
        else:
            out.append(part)
    if len(out) == 1 and out[0].length_scale == 1.0 and not out[0].gain_db and not out[0].voice:
        return ()
    return tuple(out)


def unpaced(script: Script, roles: set[str], engine: str, speed: float = 1.0) -> Script:
    """``script`` for an engine with one pace (gTTS): emphasis, rate and voice controls out, each noted.

    Pauses, forced readings and words only heard or only shown still work.
    """
    ignored = 0
    sections = []
    for section in script.sections:
        segments = []
        for seg in section.segments:
            styled = [p for p in seg.parts if p.length_scale != 1.0 or p.gain_db or p.voice]
            if seg.voice_role in roles and styled:
                ignored += len(styled)
                parts = _collapse([_plain_part(p) for p in seg.parts])
                what = sorted({"emphasis" if p.emphasis else "voice" if p.voice else "rate" for p in styled})
                note = f"ignored with {engine}: {', '.join(what)} (it has one voice and one pace)"
                seg = replace(seg, parts=parts, text=" ".join(p.text for p in parts) if parts else seg.text, notes=(*seg.notes, note))
            segments.append(seg)
        sections.append(replace(section, segments=tuple(segments)))
    notes = list(script.notes)
    if ignored:
        notes.append(f"{engine} cannot follow emphasis, rate or voice controls: {ignored} ignored (pauses and forced readings work)")
    if speed != 1.0:
        notes.append(f"{engine} has a normal and a slow pace only: speed {speed:g} is {'its slow pace' if speed <= 0.8 else 'not applied'}")
    return replace(script, sections=tuple(sections), notes=tuple(notes))
