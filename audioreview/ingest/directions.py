"""Authoring controls: one small markup, three ways in, read into the same ``Direction`` values.

- Markdown: ``<!-- audio: pause 2s -->``, ``<!-- audio: skip -->`` ... ``<!-- /audio -->``,
  ``<!-- audio: say "Koo-brick" -->Kubrick<!-- /audio -->``, ``<!-- audio: only "The rating follows." -->``,
  ``<!-- audio: emphasis -->``, ``<!-- audio: rate 90% -->``, ``<!-- audio: voice joe-quote -->``,
  ``<!-- audio: say-as characters -->``, and ``*word*`` / ``**word**`` as emphasis;
- HTML: the SSML subset as elements (``<break time="1s"/>``, ``<emphasis>``, ``<say-as
  interpret-as="characters">``, ``<sub alias="...">``, ``<prosody rate="90%">``, ``<voice name="...">``)
  or as ``data-`` attributes on ordinary elements, and ``class="no-audio"`` / ``data-audio="skip"``;
- a whole SSML document (``<speak>...</speak>``, see ``ingest.ssml``).

Inside the ingest stage a direction rides in the block's text as a sentinel that
survives the HTML extractor: ``[[ar:N]]`` ... ``[[/ar]]`` around a span, ``[[ar:N/]]`` at a
point, N indexing a table of directions; ``spans_from_marked`` turns such a text into
the block's text and its ``Span`` values. Nothing downstream ever sees markup.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import IngestError
from ..model import Block, Direction, Span

MAX_PAUSE_MS = 10_000
"""Longest pause one control may ask for (SSML engines cap a break at 10 s too)."""

SAY_AS = ("characters", "spell-out", "digits", "date", "telephone", "ordinal", "cardinal")
"""The ``say-as`` interpretations that are read; ``spell-out`` is the same as ``characters``."""
EMPHASIS_LEVELS = ("strong", "moderate", "reduced", "none")
STRENGTHS: Mapping[str, int] = {"none": 0, "x-weak": 150, "weak": 300, "medium": 500, "strong": 1000, "x-strong": 1500}
"""Pauses for SSML's ``<break strength="...">``."""
RATES: Mapping[str, float] = {"x-slow": 0.6, "slow": 0.8, "medium": 1.0, "default": 1.0, "fast": 1.2, "x-fast": 1.4}
"""Paces for SSML's rate words, as fractions of the voice's own."""

_MARK = re.compile(r"\[\[(?:ar:(\d+)(/?)|/ar)\]\]")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?)?\s*$", re.IGNORECASE)
_RATE = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(%?)\s*$")
_COMMENT = re.compile(r"^\s*(/?)\s*audio\s*(?::\s*(.*?))?\s*$", re.IGNORECASE | re.DOTALL)


class DirectionError(IngestError):
    """A control written wrong (bad length, unknown command, unclosed span); names the line."""


def where(source: str, line: int) -> str:
    """``source:line`` for messages (just ``source`` when the line is not known)."""
    return f"{source}:{line}" if line > 0 else source


def parse_duration(text: str, *, source: str = "<input>", line: int = 0) -> int:
    """A pause length ("2s", "500ms", "1.5 s", a bare number of seconds) in ms; DirectionError if bad or over 10 s."""
    match = _DURATION.match(text or "")
    if not match:
        raise DirectionError(f"{where(source, line)}: pause length {text!r} is not a time", hint='write e.g. "2s" or "500ms"')
    number, unit = float(match.group(1)), (match.group(2) or "s").lower()
    ms = round(number if unit == "ms" else number * 1000)
    if ms > MAX_PAUSE_MS:
        raise DirectionError(f"{where(source, line)}: a pause of {text.strip()} is longer than {MAX_PAUSE_MS // 1000} s")
    return ms


def parse_rate(text: str, *, source: str = "<input>", line: int = 0) -> float:
    """A pace ("90%", "+10%", "slow", "1.2") as a fraction of the voice's own; DirectionError if bad."""
    word = (text or "").strip().lower()
    if word in RATES:
        return RATES[word]
    match = _RATE.match(word)
    if match:
        number = float(match.group(1))
        relative = match.group(1)[0] in "+-"
        rate = (1 + number / 100 if relative else number / 100) if match.group(2) else number
        if 0.5 <= rate <= 2.0:
            return rate
    raise DirectionError(
        f"{where(source, line)}: rate {text!r} is not a pace between 50% and 200%",
        hint="write e.g. 90%, +10%, slow or fast",
    )


def say_as(kind: str, *, source: str = "<input>", line: int = 0) -> str:
    """A checked ``say-as`` interpretation; DirectionError for one that is not read."""
    word = (kind or "").strip().lower()
    if word == "spell-out":
        word = "characters"
    if word not in SAY_AS:
        raise DirectionError(
            f"{where(source, line)}: say-as {kind!r} is not one of {', '.join(SAY_AS)}",
        )
    return word


def emphasis_level(level: str | None, *, source: str = "<input>", line: int = 0) -> str:
    """A checked emphasis level (moderate when none is given)."""
    word = (level or "moderate").strip().lower()
    if word not in EMPHASIS_LEVELS:
        raise DirectionError(f"{where(source, line)}: emphasis level {level!r} is not one of {', '.join(EMPHASIS_LEVELS)}")
    return word


@dataclass(frozen=True, slots=True)
class Command:
    """One ``<!-- audio: ... -->`` comment, read: a span to open, a point, or the closing of a span."""

    direction: Direction | None
    opens: bool = False
    """The direction covers what follows, until ``<!-- /audio -->``."""
    closes: bool = False


def parse_comment(body: str, *, source: str = "<input>", line: int = 0) -> Command | None:
    """The control an HTML comment's body holds, or None when it is no ``audio:`` comment.

    DirectionError (naming the line) for an ``audio:`` comment that cannot be read.
    """
    match = _COMMENT.match(body)
    if not match:
        return None
    if match.group(1):
        return Command(None, closes=True)
    here = where(source, line)
    try:
        words = shlex.split(match.group(2) or "")
    except ValueError as exc:
        raise DirectionError(f"{here}: cannot read <!-- audio: {match.group(2)} -->: {exc}") from exc
    if not words:
        raise DirectionError(f"{here}: <!-- audio: --> says nothing", hint="e.g. audio: pause 2s")
    command, args = words[0].lower().replace("_", "-"), words[1:]
    arg = " ".join(args)

    def need(what: str) -> str:
        if not arg.strip():
            raise DirectionError(f"{here}: audio: {command} needs {what}")
        return arg

    if command in ("pause", "break"):
        return Command(Direction("pause", ms=parse_duration(need("a length, e.g. 2s"), source=source, line=line), line=line))
    if command == "skip":
        return Command(Direction("skip", line=line), opens=True)
    if command in ("say", "sub", "alias"):
        return Command(Direction("say", value=need('the reading, e.g. "Koo-brick"'), line=line), opens=True)
    if command == "only":
        return Command(Direction("only", value=need('the words to say, e.g. "The rating follows."'), line=line))
    if command in ("say-as", "sayas"):
        return Command(Direction("say_as", value=say_as(need("an interpretation"), source=source, line=line), line=line), opens=True)
    if command == "emphasis":
        return Command(Direction("emphasis", value=emphasis_level(arg or None, source=source, line=line), line=line), opens=True)
    if command in ("rate", "speed", "prosody"):
        return Command(Direction("rate", rate=parse_rate(need("a pace, e.g. 90%"), source=source, line=line), line=line), opens=True)
    if command == "voice":
        return Command(Direction("voice", value=need("a voice profile"), line=line), opens=True)
    raise DirectionError(
        f"{here}: unknown control audio: {command}",
        hint="known: pause, skip, say, say-as, only, emphasis, rate, voice",
    )


def element_direction(tag: str, attrib: Mapping[str, str], *, source: str = "<input>", line: int = 0) -> Direction | None:
    """The direction an SSML element (or an HTML element's ``data-`` attributes) asks for, or None.

    ``<sub>`` without ``alias`` is HTML's subscript, not a control.
    """
    tag = tag.lower().rsplit("}", 1)[-1]
    if tag == "break":
        if "time" in attrib:
            return Direction("pause", ms=parse_duration(attrib["time"], source=source, line=line), line=line)
        strength = attrib.get("strength", "medium").strip().lower()
        if strength not in STRENGTHS:
            raise DirectionError(f"{where(source, line)}: break strength {strength!r} is not one of {', '.join(STRENGTHS)}")
        return Direction("pause", ms=STRENGTHS[strength], line=line)
    if tag == "emphasis":
        return Direction("emphasis", value=emphasis_level(attrib.get("level"), source=source, line=line), line=line)
    if tag == "say-as":
        kind = attrib.get("interpret-as") or attrib.get("interpret_as") or ""
        return Direction("say_as", value=say_as(kind, source=source, line=line), line=line)
    if tag == "sub" and "alias" in attrib:
        return Direction("say", value=attrib["alias"], line=line)
    if tag == "prosody" and "rate" in attrib:
        return Direction("rate", rate=parse_rate(attrib["rate"], source=source, line=line), line=line)
    if tag == "voice" and attrib.get("name"):
        return Direction("voice", value=attrib["name"].strip(), line=line)
    return None


def data_directions(attrib: Mapping[str, str], classes: str = "", *, source: str = "<input>", line: int = 0) -> list[Direction]:
    """The directions an ordinary HTML element asks for through ``data-`` attributes or ``class="no-audio"``."""
    found: list[Direction] = []
    audio = attrib.get("data-audio", "").strip().lower()
    if audio == "skip" or "no-audio" in classes.split():
        found.append(Direction("skip", line=line))
    if "data-emphasis" in attrib:
        found.append(Direction("emphasis", value=emphasis_level(attrib["data-emphasis"] or None, source=source, line=line), line=line))
    if "data-say-as" in attrib:
        found.append(Direction("say_as", value=say_as(attrib["data-say-as"], source=source, line=line), line=line))
    for key in ("data-sub", "data-alias", "data-say"):
        if attrib.get(key):
            found.append(Direction("say", value=attrib[key], line=line))
            break
    for key in ("data-rate", "data-prosody-rate"):
        if attrib.get(key):
            found.append(Direction("rate", rate=parse_rate(attrib[key], source=source, line=line), line=line))
            break
    if attrib.get("data-voice"):
        found.append(Direction("voice", value=attrib["data-voice"].strip(), line=line))
    return found


@dataclass(slots=True)
class Marker:
    """Builds marked text: collects the directions and writes their sentinels."""

    table: list[Direction] = field(default_factory=list)

    def _index(self, direction: Direction) -> int:
        self.table.append(direction)
        return len(self.table) - 1

    def open(self, direction: Direction) -> str:
        """The sentinel that opens a span under ``direction``."""
        return f"[[ar:{self._index(direction)}]]"

    def point(self, direction: Direction) -> str:
        """The sentinel for a point (a pause, words only heard)."""
        return f"[[ar:{self._index(direction)}/]]"

    @staticmethod
    def close() -> str:
        """The sentinel that closes the innermost open span."""
        return "[[/ar]]"

    def wrap(self, direction: Direction, text: str) -> str:
        """``text`` as a span under ``direction``."""
        return self.open(direction) + text + self.close()


def has_marks(text: str) -> bool:
    """Whether ``text`` holds any direction sentinel."""
    return "[[ar:" in text or "[[/ar]]" in text


def strip_marks(text: str) -> str:
    """``text`` without its sentinels."""
    return _MARK.sub("", text)


def spans_from_marked(text: str, table: Sequence[Direction]) -> tuple[str, tuple[Span, ...]]:
    """The plain text of a marked text and its spans (no spans when it holds no direction).

    Whitespace is tidied as block texts are (runs become one space, none at the ends),
    neighbouring spans under the same directions are merged, a stray closing sentinel
    is ignored and an unclosed span ends with the text (the extractor may have cut it).
    """
    raw: list[Span] = []
    stack: list[Direction] = []
    pos = 0
    for match in _MARK.finditer(text):
        if match.start() > pos:
            raw.append(Span(text[pos : match.start()], tuple(stack)))
        if match.group(1) is not None and int(match.group(1)) >= len(table):
            continue  # not a sentinel of ours: the text's own words
        if match.group(1) is None:
            if stack:
                stack.pop()
        elif match.group(2):
            raw.append(Span("", (table[int(match.group(1))],)))
        else:
            stack.append(table[int(match.group(1))])
        pos = match.end()
    if pos < len(text):
        raw.append(Span(text[pos:], tuple(stack)))
    return tidy_spans(raw)


def tidy_spans(raw: Sequence[Span]) -> tuple[str, tuple[Span, ...]]:
    """``raw`` with whitespace tidied and like neighbours merged; (plain text, spans or () when undirected)."""
    spans: list[Span] = []
    joined = ""
    for span in raw:
        piece = re.sub(r"\s+", " ", span.text)
        if (not joined or joined.endswith(" ")) and piece.startswith(" "):
            piece = piece[1:]
        if not piece and span.text:
            continue  # only whitespace, already there
        if spans and spans[-1].directions == span.directions and piece:
            spans[-1] = Span(spans[-1].text + piece, span.directions)
        else:
            spans.append(Span(piece, span.directions))
        joined += piece
    # No space at the very end.
    while spans and spans[-1].text.endswith(" "):
        spans[-1] = Span(spans[-1].text.rstrip(), spans[-1].directions)
        if not spans[-1].text and not spans[-1].directions:
            spans.pop()
    spans = [s for s in spans if s.text or s.directions]
    plain = "".join(s.text for s in spans)
    if not any(s.directions for s in spans):
        return plain, ()
    return plain, tuple(spans)


def directed_block(block: Block, marked: str, table: Sequence[Direction]) -> Block | None:
    """``block`` with the text and spans of ``marked`` (None when nothing is left of it)."""
    from dataclasses import replace

    text, spans = spans_from_marked(marked, table)
    if not text and not any(d.kind == "only" for s in spans for d in s.directions):
        return None
    return replace(block, text=text, spans=spans)


def with_direction(block: Block, direction: Direction) -> Block:
    """``block`` with ``direction`` over all of it (kept on its spans if it has them)."""
    from dataclasses import replace

    spans = block.spans or (Span(block.text),)
    return replace(block, spans=tuple(Span(s.text, (direction, *s.directions)) if s.text else s for s in spans))


def with_point(block: Block, direction: Direction, *, at_end: bool = True) -> Block:
    """``block`` with a point direction (a pause) at its end, or at its start."""
    from dataclasses import replace

    spans = block.spans or (Span(block.text),)
    point = Span("", (direction,))
    return replace(block, spans=(*spans, point) if at_end else (point, *spans))
