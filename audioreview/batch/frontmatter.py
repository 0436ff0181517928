"""Writing an ``audio:`` mapping into a post's YAML front matter by text surgery.

The front matter is not re-dumped: only the lines of a top-level ``audio:`` key
are replaced (or, when there is none, new lines are inserted just before the
closing ``---``), so every other byte of the file stays as the author wrote it,
comments, quoting and key order included. Line endings follow the file's own.
A post without front matter gets a new block at the top. TOML (``+++``) and
JSON front matter are refused rather than guessed at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import PublishError
from ..ingest.yaml_safe import load_yaml

KEY = "audio"
_OPEN = re.compile(r"\A(\ufeff?)---[ \t]*(\r?\n)")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.M)
_SEQUENCE_ITEM = re.compile(r"^-(?:[ \t]|\r?\n|$)")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Where a post's YAML front matter is: ``text[start:end]`` is the block between the fences."""

    start: int
    end: int
    newline: str


def find_front_matter(text: str) -> FrontMatter | None:
    """Locate the YAML front matter (``---`` fences at the very top), or None when there is none."""
    opening = _OPEN.match(text)
    if not opening:
        return None
    start = opening.end()
    closing = _CLOSE.search(text, start)
    if closing is None:
        return None
    return FrontMatter(start=start, end=closing.start(), newline=opening.group(2))


def front_matter_data(text: str) -> dict[str, Any]:
    """The front matter's keys (empty when there is none); raises yaml.YAMLError when it is invalid."""
    found = find_front_matter(text)
    if found is None:
        return {}
    data = load_yaml(text[found.start : found.end])
    return data if isinstance(data, dict) else {}


def key_span(block: str, key: str = KEY) -> tuple[int, int] | None:
    """Start and end offsets, inside a front-matter ``block``, of a top-level ``key`` and its continuation.

    The continuation is every indented line after it, and a block sequence's
    ``-`` items, which YAML lets stand at the key's own indentation.
    """
    top_key = re.compile(rf"^{re.escape(key)}[ \t]*:(?:[ \t]|\r?\n|$)")
    offset = 0
    start = end = None
    for line in block.splitlines(keepends=True):
        if start is None:
            if top_key.match(line):
                start, end = offset, offset + len(line)
        elif line.strip() == "" or line[:1] in (" ", "\t") or _SEQUENCE_ITEM.match(line):
            if line.strip():
                end = offset + len(line)
        else:
            break
        offset += len(line)
    return (start, end) if start is not None and end is not None else None


def _scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return repr(round(float(value), 3)) if isinstance(value, float) else str(value)
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(str(value), ensure_ascii=False)


def render_audio(audio: Mapping[str, Any], newline: str = "\n") -> str:
    """The ``audio:`` mapping as YAML lines, in the given key order."""
    lines = [f"{KEY}:"] + [f"  {name}: {_scalar(value)}" for name, value in audio.items() if value is not None]
    return newline.join(lines) + newline


def strip_audio(text: str) -> str:
    """``text`` without its front matter's ``audio:`` key (to hash a post as its author wrote it)."""
    found = find_front_matter(text)
    if found is None:
        return text
    block = text[found.start : found.end]
    span = key_span(block)
    if span is None:
        return text
    rest = block[: span[0]] + block[span[1] :]
    if not rest.strip():
        # Only the audio key was there (the batch added the front matter): the post as written had none.
        closing = _CLOSE.match(text, found.end)
        return text[closing.end() if closing else found.end :]
    return text[: found.start] + rest + text[found.end :]


def set_audio(text: str, audio: Mapping[str, Any], *, name: str = "post") -> str:
    """``text`` with its front matter's ``audio:`` mapping set to ``audio``; nothing else changes.

    An existing top-level ``audio:`` key is replaced where it stands; otherwise
    the mapping is added at the end of the front matter. Raises PublishError
    for TOML/JSON front matter, or when the result would not read back as the
    same keys plus the new ``audio``.
    """
    found = find_front_matter(text)
    if found is None:
        if text.lstrip("\ufeff").startswith(("+++", "{")):
            raise PublishError(f"{name}: front matter is not YAML; cannot add the audio fields")
        newline = "\r\n" if "\r\n" in text else "\n"
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        updated = f"{bom}---{newline}{render_audio(audio, newline)}---{newline}{text[len(bom):]}"
        _verify(text, updated, audio, name)
        return updated
    block = text[found.start : found.end]
    rendered = render_audio(audio, found.newline)
    span = key_span(block)
    if span is not None:
        new_block = block[: span[0]] + rendered + block[span[1] :]
    else:
        separator = "" if block == "" or block.endswith(("\n", "\r")) else found.newline
        new_block = block + separator + rendered
    updated = text[: found.start] + new_block + text[found.end :]
    if updated != text:
        _verify(text, updated, audio, name)
    return updated


def _verify(before: str, after: str, audio: Mapping[str, Any], name: str) -> None:
    """Check the surgery: the same keys as before, plus exactly the new ``audio``."""
    try:
        old = front_matter_data(before)
        new = front_matter_data(after)
    except yaml.YAMLError as exc:
        raise PublishError(f"{name}: front matter would not be valid YAML after adding audio fields") from exc
    old.pop(KEY, None)
    got = new.pop(KEY, None)
    expected = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in audio.items() if v is not None}
    if old != new or got != expected:
        raise PublishError(f"{name}: cannot add the audio fields to this front matter safely")
