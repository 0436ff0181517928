"""The studio's edits to a writer's files, as pure ``str -> str`` functions.

Each one changes as little as it can: a lexicon or config file keeps its
comments and layout (tomlkit), and a review keeps every byte outside the one
``<!-- short -->`` line or the one front-matter ``summary:`` line added,
changed or removed. Writing is the caller's job
(``files.write_atomic``), after the result has been checked.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import tomlkit
import yaml
from markdown_it import MarkdownIt
from tomlkit.exceptions import TOMLKitError

from ..errors import ConfigError
from ..ingest.markdown import inline_text
from ..speech.lexicon import parse_lexicon

SHORT_MARKER = "<!-- short -->"
_MARKER_LINE = re.compile(r"^[ \t]*<!--\s*short\s*-->[ \t]*\r?\n?$", re.IGNORECASE)
_REGION = re.compile(r"<!--\s*/\s*short\s*-->", re.IGNORECASE)
_FRONT = re.compile(r"\A---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*\r?\n", re.S | re.M)


def _toml(text: str, source: str) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ConfigError(f"{source} is not valid TOML: {exc}") from exc


def _set_entry(text: str, table: str, word: str, value: str, source: str) -> str:
    """``text`` (a lexicon's TOML) with ``[table] word = value`` set, comments and order kept."""
    word, value = " ".join(word.split()), " ".join(value.split())
    if not word or not value:
        raise ConfigError("say which word to fix and how it should sound")
    doc = _toml(text, source)
    entries = doc.get(table)
    if entries is None:
        entries = tomlkit.table()
        doc[table] = entries
    elif not isinstance(entries, dict):
        raise ConfigError(f"{source}: [{table}] must be a table")
    for key in [k for k in entries if k.lower() == word.lower() and k != word]:
        del entries[key]
    entries[word] = value
    result = tomlkit.dumps(doc)
    parse_lexicon(result, source)  # the CLI must read what was written
    return result


def set_word(text: str, word: str, spoken: str, *, source: str = "lexicon") -> str:
    """``text`` (a lexicon's TOML) with the respelling ``[words] word = spoken`` set, comments and order kept."""
    return _set_entry(text, "words", word, spoken, source)


def set_phonemes(text: str, word: str, phonemes: str, *, source: str = "lexicon") -> str:
    """``text`` with ``[phonemes] word = phonemes`` set (espeak-ng IPA, for engines that take phonemes)."""
    phonemes = phonemes.strip().removeprefix("[[").removesuffix("]]").strip().strip("/").strip()
    return _set_entry(text, "phonemes", word, phonemes, source)


def set_settings(text: str, changes: dict[str, Any], *, source: str = "audioreview.toml") -> str:
    """``text`` (an ``audioreview.toml``) with top-level ``changes`` set; comments kept."""
    doc = _toml(text, source)
    for key, value in changes.items():
        doc[key] = value
    return tomlkit.dumps(doc)


def add_lexicon_file(text: str, name: str, *, source: str = "audioreview.toml") -> str:
    """``text`` with ``name`` appended to its ``lexicons`` list (unchanged when it is there)."""
    doc = _toml(text, source)
    current = doc.get("lexicons", [])
    if isinstance(current, str):
        current = [current]
    if name in [str(v) for v in current]:
        return text
    doc["lexicons"] = [*[str(v) for v in current], name]
    return tomlkit.dumps(doc)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A top-level block of a Markdown review: its first line (0-based, in the file) and its text."""

    line: int
    text: str
    marked: bool
    """Whether a ``<!-- short -->`` line stands right above it."""


def _body_offset(text: str) -> int:
    match = _FRONT.match(text)
    return text[: match.end()].count("\n") if match else 0


def paragraphs(text: str) -> list[Paragraph]:
    """The top-level text blocks of a Markdown review, with where they start."""
    lines = text.splitlines(keepends=True)
    offset = _body_offset(text)
    tokens = MarkdownIt("commonmark").enable("strikethrough").parse("".join(lines[offset:]))
    found: list[Paragraph] = []
    opener = None
    for token in tokens:
        if token.level == 0 and token.nesting == 1:
            opener = token
        if token.type == "inline" and opener is not None and opener.map:
            line = offset + opener.map[0]
            above = lines[line - 1] if line > 0 else ""
            found.append(Paragraph(line, " ".join(inline_text(token).split()), bool(_MARKER_LINE.match(above))))
            opener = None
    return found


def find_paragraph(text: str, sentence: str) -> Paragraph:
    """The top-level block holding ``sentence`` (as written); ConfigError when none does."""
    wanted = " ".join(sentence.split())
    for paragraph in paragraphs(text):
        if wanted and wanted in paragraph.text:
            return paragraph
    raise ConfigError(f"cannot find the paragraph of {sentence[:60]!r} in the review")


def set_short(text: str, sentence: str, wanted: bool) -> str:
    """``text`` with the paragraph of ``sentence`` marked for the short version or not.

    A mark is one ``<!-- short -->`` line right above the paragraph; every
    other byte stays as it was. Reviews marked with ``<!-- short -->`` ...
    ``<!-- /short -->`` regions are left to the writer's editor.
    """
    if _REGION.search(text):
        raise ConfigError("this review marks its short version with <!-- /short --> regions: edit it in a text editor")
    paragraph = find_paragraph(text, sentence)
    if paragraph.marked == wanted:
        return text
    lines = text.splitlines(keepends=True)
    if wanted:
        newline = "\r\n" if lines[paragraph.line].endswith("\r\n") else "\n"
        lines.insert(paragraph.line, SHORT_MARKER + newline)
    else:
        del lines[paragraph.line - 1]
    return "".join(lines)


def set_summary(text: str, summary: str, *, name: str = "review") -> str:
    """``text`` (a Markdown review) with front-matter ``summary:`` set to ``summary``, or removed when empty.

    Only the ``summary:`` line (and its continuation lines) changes, or one
    line is added before the closing ``---``; a review without front matter
    gets a block at the top holding just the summary. Every other byte stays.
    The result is read back and must hold the same keys with the new summary.
    """
    from ..batch.frontmatter import find_front_matter, front_matter_data, key_span

    summary = " ".join(summary.split())
    found = find_front_matter(text)
    newline = found.newline if found else ("\r\n" if "\r\n" in text else "\n")
    line = f"summary: {json.dumps(summary, ensure_ascii=False)}{newline}" if summary else ""
    if found is None:
        if text.lstrip("\ufeff").startswith(("+++", "{")):
            raise ConfigError(f"{name}: its front matter is not YAML: write the summary in a text editor")
        if not summary:
            return text
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        updated = f"{bom}---{newline}{line}---{newline}{text[len(bom):]}"
    else:
        block = text[found.start : found.end]
        span = key_span(block, "summary")
        if span is not None:
            block = block[: span[0]] + line + block[span[1] :]
        elif summary:
            block += ("" if block == "" or block.endswith(("\n", "\r")) else newline) + line
        updated = text[: found.start] + block + text[found.end :]
    if updated == text:
        return text
    try:
        before, after = front_matter_data(text), front_matter_data(updated)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{name}: its front matter is not valid YAML: fix it in a text editor") from exc
    before.pop("summary", None)
    got = after.pop("summary", None)
    if before != after or (got or None) != (summary or None):
        raise ConfigError(f"{name}: cannot set the summary in this front matter safely: edit it in a text editor")
    return updated
