"""Caption cues laid out for reading, and written as WebVTT and SRT.

A ``Cue`` is a whole sentence. When its words have times (``Cue.words``),
the captions follow the broadcast guidance: lines of at most
``CAPTION_WIDTH`` characters, at most ``CAPTION_LINES`` lines on screen, so a
long sentence becomes several caption cues, split between words where the
words are heard. The tagged WebVTT also carries each word's time as a cue
timestamp (``<00:00:01.250>``); the plain WebVTT and the SRT carry the same
cues without them. A cue without word times is written as before: one cue
per sentence, wrapped at ``SENTENCE_WIDTH``.

Cue identifiers say which sentence a cue belongs to (``s3``, or ``s3-1``,
``s3-2`` for a split sentence), so ``read_sentences`` gives the page its
whole sentences back, words and all, from the tagged file alone.

Everything here is pure: values in, text out.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import PublishError
from ..model import Cue, Word
from ..speech.segment import ABBREVIATIONS

CAPTION_WIDTH = 42
"""Longest caption line when the cue can be split at word times (broadcast practice: about 42)."""
CAPTION_LINES = 2
"""Most lines a caption cue shows at once."""
SENTENCE_WIDTH = 62
"""Line width of a whole-sentence cue (no word times to split it by; WebVTT practice: about 65 at most)."""

_STRONG_BREAK = (".", "!", "?", ";", ":", "…", "—", "–")
_WEAK_BREAK = (",", ")", "”", "’", '"')
_BREAK_PENALTY = 400
"""What an uneven split costs against a split between clauses (in squared characters)."""
_SPLIT_WORD_COST = 12
"""How many characters longer a line may grow to keep an abbreviation ("St.") with the word it belongs to."""


@dataclass(frozen=True, slots=True)
class Token:
    """A word as the reader sees it (text between spaces) and when it is heard, in ms."""

    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True, slots=True)
class CaptionCue:
    """One caption as shown: its identifier, its times and its lines of words."""

    ident: str
    start_ms: int
    end_ms: int
    lines: tuple[tuple[Token, ...], ...]
    timed: bool
    """The tokens' times are the words' own (else they are the cue's and no tags are written)."""


# -- times and escaping ----------------------------------------------------------


def _clock(ms: int, sep: str = ".") -> str:
    ms = max(0, int(ms))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{milli:03d}"


def vtt_timestamp(ms: int) -> str:
    """``hh:mm:ss.ttt`` for WebVTT."""
    return _clock(ms, ".")


def srt_timestamp(ms: int) -> str:
    """``HH:MM:SS,mmm`` for SRT."""
    return _clock(ms, ",")


def escape_vtt(text: str) -> str:
    """Text safe inside a WebVTT cue (no markup, no timing arrow)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("-->", "--&gt;")


def neutral_srt(text: str) -> str:
    """A caption line SRT readers cannot mistake for markup or timing.

    SRT has no escaping: angle brackets become single guillemets (so neither
    ``<script>`` nor ``-->`` survives), and ``{\\`` (an override tag to some
    players) loses its backslash.
    """
    return text.replace("<", "\u2039").replace(">", "\u203a").replace("{\\", "{")


def caption_lines(text: str, width: int = SENTENCE_WIDTH) -> list[str]:
    """Wrap a sentence into caption lines of at most ``width`` characters."""
    return textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True, break_on_hyphens=False) or [""]


# -- words to tokens ---------------------------------------------------------------


def sentence_tokens(cue: Cue) -> tuple[Token, ...]:
    """The cue's text as tokens (split at spaces) timed by its words; () when it has no usable words.

    Each word is found in the text in order; a token takes the span of every
    word inside it (a token spoken as several words, "7.5/10", spans them
    all), and a token no word falls in (a dash) takes the time of the one
    before it. Times are held inside the cue and never go backwards. Words
    that are not found in order in the text give no tokens at all: the cue is
    then captioned as a whole sentence.
    """
    if not cue.words:
        return ()
    text = " ".join(cue.text.split())
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    if not spans:
        return ()
    times: list[tuple[int, int] | None] = [None] * len(spans)
    pos = 0
    k = 0
    for word in cue.words:
        needle = " ".join(word.text.split())
        if not needle:
            continue
        at = text.find(needle, pos)
        if at < 0:
            return ()
        end = at + len(needle)
        while k < len(spans) and spans[k][1] <= at:
            k += 1
        j = k
        while j < len(spans) and spans[j][0] < end:
            old = times[j]
            times[j] = (word.start_ms, word.end_ms) if old is None else (min(old[0], word.start_ms),
                                                                        max(old[1], word.end_ms))
            j += 1
        pos = end
    tokens = []
    last = cue.start_ms
    for (s, e), span in zip(spans, times, strict=True):
        start, end_ms = span if span is not None else (last, last)
        start = min(max(start, last, cue.start_ms), cue.end_ms)
        end_ms = min(max(end_ms, start), cue.end_ms)
        tokens.append(Token(text[s:e], start, end_ms))
        last = start
    return tuple(tokens)


# -- layout ------------------------------------------------------------------------


def _length(tokens: Sequence[Token]) -> int:
    return sum(len(t.text) for t in tokens) + max(0, len(tokens) - 1)


def _abbreviated(token: Token) -> bool:
    """Whether ``token`` is an abbreviation with its stop ("St.", "Vol."), which binds it to the next word."""
    return token.text.endswith(".") and token.text[:-1].lower() in ABBREVIATIONS


def _break_cost(token: Token) -> int:
    """What breaking after ``token`` costs: nothing after a clause, little after a comma.

    A stop after an abbreviation ("St.", "Dr.", "Vol.") ends no clause: "St." is
    kept on the line of "Aldric".
    """
    if _abbreviated(token):
        return _BREAK_PENALTY
    if token.text.endswith(_STRONG_BREAK):
        return 0
    if token.text.endswith(_WEAK_BREAK):
        return _BREAK_PENALTY // 4
    return _BREAK_PENALTY


def _lines(tokens: Sequence[Token], width: int) -> list[tuple[Token, ...]]:
    """``tokens`` on one line if they fit, else on two balanced lines (more only for words too long)."""
    if _length(tokens) <= width or len(tokens) == 1:
        return [tuple(tokens)]
    best: tuple[int, int] | None = None
    prefix = [0]
    for token in tokens:
        prefix.append(prefix[-1] + len(token.text))
    n = len(tokens)
    for cut in range(1, n):
        first = prefix[cut] + cut - 1  # the same as _length(tokens[:cut]), in constant time
        second = prefix[n] - prefix[cut] + (n - cut - 1)
        if first <= width and second <= width:
            after = tokens[cut - 1]
            uneven = 0 if _break_cost(after) == 0 else _SPLIT_WORD_COST if _abbreviated(after) else 3
            score = (max(first, second) + uneven, cut)
            if best is None or score < best:
                best = score
    if best is not None:
        cut = best[1]
        return [tuple(tokens[:cut]), tuple(tokens[cut:])]
    out: list[tuple[Token, ...]] = []
    line: list[Token] = []
    for token in tokens:
        if line and _length([*line, token]) > width:
            out.append(tuple(line))
            line = []
        line.append(token)
    out.append(tuple(line))
    return out


def _line_ends(sizes: Sequence[int], width: int) -> list[int]:
    """For each start i, where the longest line from token i ends (exclusive); at least one token a line."""
    n = len(sizes)
    prefix = [0]
    for size in sizes:
        prefix.append(prefix[-1] + size)
    ends, j = [], 0
    for i in range(n):
        j = max(j, i + 1)
        while j < n and prefix[j + 1] - prefix[i] + (j - i) <= width:
            j += 1
        ends.append(j)
    ends.append(n)
    return ends


def split_sentence(tokens: Sequence[Token], width: int = CAPTION_WIDTH,
                   lines: int = CAPTION_LINES) -> list[tuple[Token, ...]]:
    """The tokens in as few chunks as fit ``lines`` lines of ``width``, split between clauses where it can.

    Among the splits into the fewest chunks, the one with the most even
    chunks wins, a split after a full stop, colon or comma counting as more
    even than it is (see ``_BREAK_PENALTY``). Linear in the number of tokens
    (times the slack the fewest chunks leave), so a run-on sentence of
    thousands of words is split as fast as a short one.
    """
    n = len(tokens)
    if n == 0:
        return []
    sizes = [len(t.text) for t in tokens]
    # chunk_end[i]: the longest chunk from i that fits (greedy lines: the fewest lines a run can take).
    ends = _line_ends(sizes, width)
    chunk_end = list(range(n + 1))
    for _ in range(lines):
        chunk_end = [ends[e] if e < n else n for e in chunk_end]
    chunk_end = [max(e, i + 1) for i, e in enumerate(chunk_end[:n])] + [n]
    # The same backwards: rev_start[j], the earliest start of a chunk that ends at j and fits.
    rev_ends = _line_ends(sizes[::-1], width)
    rev_chunk = list(range(n + 1))
    for _ in range(lines):
        rev_chunk = [rev_ends[e] if e < n else n for e in rev_chunk]
    # Fewest chunks, and how far k chunks can reach from either end.
    forward = [0]
    while forward[-1] < n:
        forward.append(chunk_end[forward[-1]])
    fewest = len(forward) - 1
    if fewest == 1:
        return [tuple(tokens)]
    backward = [n]
    for _ in range(fewest):
        back_from_end = n - backward[-1]
        backward.append(n - max(rev_chunk[back_from_end], back_from_end + 1) if backward[-1] > 0 else 0)
    prefix = [0]
    for size in sizes:
        prefix.append(prefix[-1] + size)
    target = (prefix[n] + n - 1) / fewest
    # best[k]: end -> (cost, start of its last chunk), for the ends k chunks can reach and still finish.
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, 0)}]
    for k in range(1, fewest + 1):
        low, high = max(backward[fewest - k], 0), forward[k]
        layer: dict[int, tuple[float, int]] = {}
        for i, (cost_i, _) in best[-1].items():
            for j in range(max(i + 1, low), min(chunk_end[i], high) + 1):
                cost = cost_i + (prefix[j] - prefix[i] + (j - i - 1) - target) ** 2
                if j < n:
                    cost += _break_cost(tokens[j - 1])
                if j not in layer or cost < layer[j][0]:
                    layer[j] = (cost, i)
        best.append(layer)
    chunks = []
    j = n
    for k in range(fewest, 0, -1):
        i = best[k][j][1]
        chunks.append(tuple(tokens[i:j]))
        j = i
    return chunks[::-1]


def layout(cues: Iterable[Cue], width: int = CAPTION_WIDTH, lines: int = CAPTION_LINES) -> list[CaptionCue]:
    """The caption cues for the sentences ``cues``: split at word times where there are any."""
    out: list[CaptionCue] = []
    for n, cue in enumerate(cues, 1):
        tokens = sentence_tokens(cue)
        if not tokens:
            rows = tuple((Token(line, cue.start_ms, cue.start_ms),) for line in caption_lines(cue.text))
            out.append(CaptionCue(f"s{n}", cue.start_ms, cue.end_ms, rows, timed=False))
            continue
        chunks = _monotonic(split_sentence(tokens, width, lines), cue)
        for k, chunk in enumerate(chunks):
            start = cue.start_ms if k == 0 else chunk[0].start_ms
            end = cue.end_ms if k == len(chunks) - 1 else chunks[k + 1][0].start_ms
            ident = f"s{n}" if len(chunks) == 1 else f"s{n}-{k + 1}"
            out.append(CaptionCue(ident, start, end, tuple(_lines(chunk, width)), timed=True))
    return out


def _monotonic(chunks: list[tuple[Token, ...]], cue: Cue) -> list[tuple[Token, ...]]:
    """Chunks whose starts rise strictly inside the cue: one that would not start later joins the one before."""
    kept: list[tuple[Token, ...]] = []
    previous = cue.start_ms
    for chunk in chunks:
        if kept and not previous < chunk[0].start_ms < cue.end_ms:
            kept[-1] = kept[-1] + chunk
            continue
        kept.append(chunk)
        previous = chunk[0].start_ms if len(kept) > 1 else cue.start_ms
    return kept


# -- writing -----------------------------------------------------------------------


def _tagged_lines(cue: CaptionCue) -> list[str]:
    """The cue's lines with a timestamp before every word heard later than the one before it."""
    last = cue.start_ms
    out = []
    first = True
    for row in cue.lines:
        parts = []
        for token in row:
            text = escape_vtt(token.text)
            if not first and cue.timed and last < token.start_ms < cue.end_ms:
                text = f"<{vtt_timestamp(token.start_ms)}>{text}"
                last = token.start_ms
            first = False
            parts.append(text)
        out.append(" ".join(parts))
    return out


def _plain_lines(cue: CaptionCue) -> list[str]:
    return [" ".join(token.text for token in row) for row in cue.lines]


def render_vtt(cues: Iterable[Cue], *, words: bool = True) -> str:
    """WebVTT captions; with ``words`` (and word times) each word carries its cue timestamp.

    The signature line stands alone: WebVTT has no language header (an old
    draft's ``Language:`` line fails the W3C parser); the language goes on the
    page's ``<track srclang>`` and the feed's ``podcast:transcript``.
    """
    out = ["WEBVTT", ""]
    for cue in layout(cues):
        out.append(cue.ident)
        out.append(f"{vtt_timestamp(cue.start_ms)} --> {vtt_timestamp(cue.end_ms)}")
        out.extend(_tagged_lines(cue) if words else [escape_vtt(line) for line in _plain_lines(cue)])
        out.append("")
    return "\n".join(out)


def render_srt(cues: Iterable[Cue]) -> str:
    """SRT captions, numbered from 1: the plain WebVTT's cues (text neutralized: see ``neutral_srt``)."""
    out = []
    for n, cue in enumerate(layout(cues), 1):
        out.append(str(n))
        out.append(f"{srt_timestamp(cue.start_ms)} --> {srt_timestamp(cue.end_ms)}")
        out.extend(neutral_srt(line) for line in _plain_lines(cue))
        out.append("")
    return "\n".join(out)


# -- reading back --------------------------------------------------------------------

_TIMING = re.compile(r"^\s*((?:\d+:)?\d{1,2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}\.\d{3})")
_TAG = re.compile(r"<[^>]*>")
_STAMP = re.compile(r"<((?:\d+:)?\d{1,2}:\d{2}\.\d{3})>")
_PART = re.compile(r"^s(\d+)-(\d+)$")


@dataclass(frozen=True, slots=True)
class VttCue:
    """One caption cue read back, times in seconds."""

    start_s: float
    end_s: float
    text: str
    ident: str = ""
    runs: tuple[tuple[float, str], ...] = ()
    """(time, text) of the cue's text between its timestamps, tags removed (empty: the cue has none)."""


def _seconds(stamp: str) -> float:
    total = 0.0
    for part in stamp.split(":"):
        total = total * 60 + float(part)
    return round(total, 3)


def _clean(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def parse_vtt(text: str, source: str = "captions") -> list[VttCue]:
    """Parse WebVTT text into cues (tags removed, entities decoded, lines joined, timestamps kept as runs)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("WEBVTT"):
        raise PublishError(f"{source}: not a WebVTT file (no WEBVTT header)")
    cues = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = block.split("\n")
        for i, line in enumerate(lines):
            match = _TIMING.match(line)
            if match:
                payload = " ".join(part.strip() for part in lines[i + 1:] if part.strip())
                start, end = _seconds(match[1]), _seconds(match[2])
                pieces = _STAMP.split(payload)
                runs: tuple[tuple[float, str], ...] = ()
                if len(pieces) > 1:
                    times = [start] + [_seconds(p) for p in pieces[1::2]]
                    runs = tuple((t, _clean(p)) for t, p in zip(times, pieces[0::2], strict=True) if _clean(p))
                ident = lines[i - 1].strip() if i > 0 else ""
                cues.append(VttCue(start, end, _clean(payload), ident, runs))
                break
    return cues


def read_sentences(cues: Sequence[VttCue]) -> list[Cue]:
    """The sentences of captions read back: split cues (``s3-1``, ``s3-2``) joined, words from the timestamps.

    A word's end is where the next word starts (the file keeps only starts).
    Cues from other writers are a sentence each; a file without timestamps gives no words, nor
    does a sentence of several words without any.
    """
    groups: list[list[VttCue]] = []
    previous: str | None = None
    for cue in cues:
        part = _PART.match(cue.ident)
        if part and previous == part[1] and part[2] != "1":
            groups[-1].append(cue)
        else:
            groups.append([cue])
        previous = part[1] if part else None
    timed = any(cue.runs for cue in cues)
    out = []
    for group in groups:
        starts: list[tuple[int, str]] = []
        for cue in group:
            runs = cue.runs or ((cue.start_s, cue.text),)
            for time, run in runs:
                starts.extend((round(time * 1000), token) for token in run.split())
        end = round(group[-1].end_s * 1000)
        # A one-word cue has no timestamp to show that it is timed: the file's others say so.
        has_words = any(cue.runs for cue in group) or (timed and len(starts) == 1)
        words = tuple(Word(token, start, starts[k + 1][0] if k + 1 < len(starts) else end)
                      for k, (start, token) in enumerate(starts)) if has_words else ()
        text = " ".join(cue.text for cue in group)
        out.append(Cue(round(group[0].start_s * 1000), end, text, words))
    return out
