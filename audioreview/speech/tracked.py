"""Text that remembers where each of its characters came from.

Speech normalization rewrites a sentence many times ("7.5/10" becomes "seven
point five out of ten"). To time the words a reader sees, every rewrite must
keep a map from the spoken text back to the written one. :class:`Tracked` is a
``str`` that carries, for each of its characters, the span of the original
text it stands for; :func:`sub` is ``re.Pattern.sub`` that keeps the map, and
the text passes call it (and the few other helpers here) instead of the plain
string methods. Given a plain ``str`` every helper behaves exactly like the
plain method, so a pass stays a ``str -> str`` function.

Inside a replacement, words the match and its replacement share ("March" in
"March 3" -> "March third") keep their own origins; the other new characters
stand for the part of the match between those anchors. A pass that returns a
plain string anyway (one a caller added) is re-tracked by :func:`follow`, a
character diff: a fallback, never the built-in passes' way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

Span = tuple[int, int]
Repl = str | Callable[[re.Match[str]], str]
S = TypeVar("S", bound=str)

_TOKEN = re.compile(r"\w+|\S")
_SPACE = re.compile(r"\s+")


class Tracked(str):
    """A string whose every character knows the span of the original text it came from."""

    origin: tuple[Span, ...]

    def __new__(cls, text: str, origin: Sequence[Span] | None = None) -> Tracked:
        self = super().__new__(cls, text)
        if origin is None:
            origin = [(i, i + 1) for i in range(len(text))]
        if len(origin) != len(text):
            raise ValueError(f"{len(origin)} origins for {len(text)} characters")
        self.origin = tuple(origin)
        return self

    def span(self, start: int, end: int) -> Span | None:
        """The original span characters ``start:end`` stand for together (None when empty)."""
        return merged(self.origin[start:end])

    def part(self, start: int, end: int) -> Tracked:
        """Characters ``start:end``, still tracked."""
        return Tracked(str.__getitem__(self, slice(start, end)), self.origin[start:end])


def track(text: str) -> Tracked:
    """``text`` as the original: each character stands for itself."""
    return text if isinstance(text, Tracked) else Tracked(text)


def merged(spans: Iterable[Span]) -> Span | None:
    """The smallest span covering all of ``spans`` (None when there are none)."""
    starts, ends = [], []
    for start, end in spans:
        starts.append(start)
        ends.append(end)
    return (min(starts), max(ends)) if starts else None


def _replacement_origin(matched: Tracked, out: str) -> list[Span]:
    """Origins for ``out``, the replacement of ``matched``: shared words keep theirs, the rest their gap's."""
    whole = matched.span(0, len(matched)) or (0, 0)
    if not out:
        return []
    a = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(matched)]
    b = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(out)]
    origin: list[Span | None] = [None] * len(out)
    # Anchors: (start in matched, start in out, length) of equal word runs, in order.
    anchors: list[tuple[int, int, int, int]] = []
    if a and b:
        # Case is ignored: "pm" -> "PM" keeps its place.
        matcher = SequenceMatcher(None, [t.lower() for t, _, _ in a], [t.lower() for t, _, _ in b], autojunk=False)
        for i, j, n in matcher.get_matching_blocks():
            if n == 0:
                continue
            a0, a1 = a[i][1], a[i + n - 1][2]
            b0, b1 = b[j][1], b[j + n - 1][2]
            if matched[a0:a1].lower() != out[b0:b1].lower():  # other spacing: anchor word by word
                for k in range(n):
                    _, s0, s1 = a[i + k]
                    _, t0, t1 = b[j + k]
                    if t1 - t0 == s1 - s0:
                        anchors.append((s0, s1, t0, t1))
            elif a1 - a0 == b1 - b0:
                anchors.append((a0, a1, b0, b1))
    for s0, s1, t0, _t1 in anchors:
        for k in range(s1 - s0):
            origin[t0 + k] = matched.origin[s0 + k]
    # Gaps between anchors stand for the matched text between the same anchors.
    bounds = [(0, 0, 0, 0), *anchors, (len(matched), len(matched), len(out), len(out))]
    for (_, s_end, _, t_end), (s_next, _, t_next, _) in zip(bounds, bounds[1:], strict=False):
        solid = [matched.origin[k] for k in range(s_end, s_next) if not matched[k].isspace()]
        gap = merged(solid) or matched.span(s_end, s_next) or whole
        for k in range(t_end, t_next):
            if origin[k] is None:
                origin[k] = gap
    return [span if span is not None else whole for span in origin]


def sub(pattern: re.Pattern[str] | str, repl: Repl, text: S, count: int = 0) -> S:
    """``pattern.sub(repl, text, count)``, keeping the origins when ``text`` is :class:`Tracked`."""
    if isinstance(pattern, str):
        pattern = re.compile(pattern)
    if not isinstance(text, Tracked):
        return pattern.sub(repl, text, count)  # type: ignore[return-value]
    chars: list[str] = []
    origin: list[Span] = []
    pos = 0
    for done, match in enumerate(pattern.finditer(text), start=1):
        out = repl(match) if callable(repl) else match.expand(repl)
        if out != match.group(0):
            start, end = match.span()
            chars.append(str.__getitem__(text, slice(pos, start)))
            origin.extend(text.origin[pos:start])
            chars.append(out)
            origin.extend(_replacement_origin(text.part(start, end), out))
            pos = end
        if count and done >= count:
            break
    if not chars:
        return text
    chars.append(str.__getitem__(text, slice(pos, None)))
    origin.extend(text.origin[pos:])
    return Tracked("".join(chars), origin)  # type: ignore[return-value]


def translate(text: S, table: Mapping[int, str | int | None]) -> S:
    """``text.translate(table)`` (a table of code points, as ``str.maketrans`` makes), keeping origins."""
    if not isinstance(text, Tracked):
        return text.translate(table)  # type: ignore[return-value]
    return map_chars(text, lambda ch: _lookup(table, ch))


def _lookup(table: Mapping[int, str | int | None], ch: str) -> str:
    value = table.get(ord(ch), ch)
    if value is None:
        return ""
    return chr(value) if isinstance(value, int) else value


def map_chars(text: S, change: Callable[[str], str]) -> S:
    """Each character replaced by ``change(char)``; what it becomes keeps its origin."""
    if not isinstance(text, Tracked):
        return "".join(change(ch) for ch in text)  # type: ignore[return-value]
    chars: list[str] = []
    origin: list[Span] = []
    changed = False
    for ch, span in zip(text, text.origin, strict=True):
        out = change(ch)
        changed = changed or out != ch
        chars.append(out)
        origin.extend([span] * len(out))
    return Tracked("".join(chars), origin) if changed else text  # type: ignore[return-value]


def strip(text: S, chars: str | None = None) -> S:
    """``text.strip(chars)``, keeping origins."""
    return rstrip(lstrip(text, chars), chars)


def lstrip(text: S, chars: str | None = None) -> S:
    """``text.lstrip(chars)``, keeping origins."""
    if not isinstance(text, Tracked):
        return text.lstrip(chars)  # type: ignore[return-value]
    cut = len(text) - len(str.lstrip(text, chars))
    return text.part(cut, len(text)) if cut else text  # type: ignore[return-value]


def rstrip(text: S, chars: str | None = None) -> S:
    """``text.rstrip(chars)``, keeping origins."""
    if not isinstance(text, Tracked):
        return text.rstrip(chars)  # type: ignore[return-value]
    kept = len(str.rstrip(text, chars))
    return text.part(0, kept) if kept < len(text) else text  # type: ignore[return-value]


def squeeze(text: S) -> S:
    """``" ".join(text.split())``, keeping origins."""
    return strip(sub(_SPACE, " ", text))


def follow(before: str, after: str) -> str:
    """``after`` tracked from ``before`` when ``before`` is tracked and ``after`` is not.

    A character diff: equal runs keep their origins, replaced runs stand for
    what they replaced. Used only for a pass that does not keep origins itself.
    """
    if not isinstance(before, Tracked) or isinstance(after, Tracked):
        return after
    if after == before:
        return before
    origin: list[Span] = []
    whole = before.span(0, len(before)) or (0, 0)
    matcher = SequenceMatcher(None, str(before), after, autojunk=False)
    for op, i0, i1, j0, j1 in matcher.get_opcodes():
        if op == "equal":
            origin.extend(before.origin[i0:i1])
        elif j1 > j0:
            span = before.span(i0, i1) or before.span(max(0, i0 - 1), min(len(before), i0 + 1)) or whole
            origin.extend([span] * (j1 - j0))
    return Tracked(after, origin)


def apply(step: Callable[[str], str], text: str) -> str:
    """``step(text)``, the result tracked whenever ``text`` is."""
    return follow(text, step(text))
