"""Refusing user regular expressions that can take exponential time.

Python's ``re`` backtracks, and cannot be interrupted from another thread, so
a pattern such as ``(a+)+$`` or ``(\\w*\\s?)*x`` from a config file could hold
a run for hours on one line of text. A repeat (``*``, ``+``, ``{n,}`` or a
large ``{m,n}``) whose body itself holds such a repeat is the shape behind
that blow-up; such patterns are refused with a message naming them. (Every
other pattern is linear or polynomial in the length of a text, and texts
reach these patterns cut to bounded lengths: see speech/bounds.py.)
"""

from __future__ import annotations

from typing import Any

try:
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, *([_c.POSSESSIVE_REPEAT] if hasattr(_c, "POSSESSIVE_REPEAT") else [])}
_LARGE = 10
"""A repeat that may run more than this many times counts as unbounded."""


def _children(op: Any, arg: Any) -> list[Any]:
    """The sub-patterns directly inside one parsed item."""
    if op in _REPEATS:
        return [arg[2]]
    if op == _c.SUBPATTERN:
        return [arg[-1]]
    if op == _c.BRANCH:
        return list(arg[1])
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [arg[1]]
    if op == _c.GROUPREF_EXISTS:
        return [p for p in arg[1:] if p is not None]
    if hasattr(_c, "ATOMIC_GROUP") and op == _c.ATOMIC_GROUP:
        return [arg]
    return []


def _has_repeat(items: Any) -> bool:
    for op, arg in items:
        if op in _REPEATS and (arg[1] == _c.MAXREPEAT or arg[1] > _LARGE):
            return True
        if any(_has_repeat(child) for child in _children(op, arg)):
            return True
    return False


def _nested(items: Any) -> bool:
    for op, arg in items:
        if op in _REPEATS and (arg[1] == _c.MAXREPEAT or arg[1] > _LARGE) and _has_repeat(arg[2]):
            return True
        if any(_nested(child) for child in _children(op, arg)):
            return True
    return False


def nested_quantifier(pattern: str) -> bool:
    """True when ``pattern`` repeats something that itself repeats (``(a+)+``, ``(\\d*,?)*``)."""
    try:
        parsed = _parser.parse(pattern)
    except Exception:  # an invalid pattern is reported by re.compile, with its own message
        return False
    return _nested(list(parsed))
