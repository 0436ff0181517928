"""Pronunciation lexicon: respellings applied to text after normalization.

A lexicon is a TOML file. A site can keep one for its own names, a voice
profile can name one for its voice's quirks, and the built-in one
(``lexicon.toml`` next to this module) covers names reviews often use::

    [words]            # whole-word, case-insensitive substitutions
    "Nanyoung" = "Nan-young"

    [words_case]       # whole-word, case-sensitive
    "US" = "U S"

    [[rules]]          # regular expressions (Python syntax), applied in order
    pattern = "\\\\bKubrick's\\\\b"
    replace = "Koo-brick's"

All three tables are optional; no other keys are allowed. Values are used
verbatim. A "word" is any key, spaces and hyphens included, that is not part
of a longer word: "Kubrick" also matches in "Kubrick's" but not in
"Kubricks". Replacements in ``rules`` may use ``\\1`` or ``\\g<name>``.

The lexicon sees the text *after* speech normalization, so write keys as the
normalizer outputs them ("Se7en" arrives as "Se seven en").

Order of application: the ``rules`` first (they are the most specific, and see
the normalized text unchanged), then ``words_case``, then ``words``. Within a
table each place in the text is replaced once, so entries do not feed each
other. When lexicons are merged, the later one wins for a key (and for a rule
with the same pattern); its other rules run after the earlier ones.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .speakable import unspeakable

__all__ = ["Lexicon", "Rule", "default_lexicon", "load_lexicon", "parse_lexicon"]

_TABLES = ("words", "words_case", "rules")


def _word_pattern(keys: list[str], ignore_case: bool) -> re.Pattern[str] | None:
    if not keys:
        return None
    alternatives = "|".join(re.escape(key) for key in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE if ignore_case else 0)


@dataclass(frozen=True, slots=True)
class Rule:
    """One regular-expression substitution: ``pattern`` -> ``replace``."""

    pattern: str
    replace: str
    compiled: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            compiled = re.compile(self.pattern)
            compiled.sub(self.replace, "")  # checks group references in the replacement
        except re.error as exc:
            raise ConfigError(f"Lexicon rule {self.pattern!r} -> {self.replace!r} is invalid: {exc}") from exc
        object.__setattr__(self, "compiled", compiled)

    def apply(self, text: str) -> str:
        """Apply the substitution everywhere in ``text``."""
        return self.compiled.sub(self.replace, text)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A pronunciation lexicon: word tables and ordered regex rules (see the module doc)."""

    words: tuple[tuple[str, str], ...] = ()
    """Whole-word, case-insensitive substitutions, as (written, spoken) pairs."""
    words_case: tuple[tuple[str, str], ...] = ()
    """Whole-word, case-sensitive substitutions."""
    rules: tuple[Rule, ...] = ()
    """Regular-expression substitutions, applied in order before the word tables."""
    source: str = "<lexicon>"
    """Where the lexicon came from, for messages."""
    _lookup: dict[str, str] = field(init=False, repr=False, compare=False)
    _lookup_case: dict[str, str] = field(init=False, repr=False, compare=False)
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _pattern_case: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup = {written.lower(): spoken for written, spoken in self.words}
        lookup_case = dict(self.words_case)
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "_lookup_case", lookup_case)
        object.__setattr__(self, "_pattern", _word_pattern(list(lookup), ignore_case=True))
        object.__setattr__(self, "_pattern_case", _word_pattern(list(lookup_case), ignore_case=False))

    def apply(self, text: str) -> str:
        """Respell ``text``: the rules in order, then case-sensitive words, then words."""
        for rule in self.rules:
            text = rule.apply(text)
        if self._pattern_case is not None:
            text = self._pattern_case.sub(lambda m: self._lookup_case[m.group(0)], text)
        if self._pattern is not None:
            text = self._pattern.sub(lambda m: self._lookup.get(m.group(0).lower(), m.group(0)), text)
        return text

    def merge(self, other: Lexicon) -> Lexicon:
        """A lexicon with the entries of both; ``other`` wins where they overlap."""
        words = {written.lower(): (written, spoken) for written, spoken in self.words}
        words.update({written.lower(): (written, spoken) for written, spoken in other.words})
        words_case = dict(self.words_case) | dict(other.words_case)
        replaced = {rule.pattern for rule in other.rules}
        rules = tuple(rule for rule in self.rules if rule.pattern not in replaced) + other.rules
        return Lexicon(
            words=tuple(words.values()),
            words_case=tuple(words_case.items()),
            rules=rules,
            source=f"{self.source} + {other.source}",
        )


def _table(data: Mapping[str, Any], name: str, source: str) -> tuple[tuple[str, str], ...]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"Lexicon {source}: [{name}] must be a table of \"word\" = \"spoken\" entries")
    pairs: list[tuple[str, str]] = []
    for written, spoken in table.items():
        if not isinstance(spoken, str):
            raise ConfigError(f"Lexicon {source}: [{name}] {written!r} must map to a string, not {spoken!r}")
        if not written.strip():
            raise ConfigError(f"Lexicon {source}: [{name}] has an empty word")
        bad = unspeakable(spoken)
        if bad:
            raise ConfigError(
                f"Lexicon {source}: [{name}] {written!r} maps to characters a voice cannot say: {bad!r}"
            )
        pairs.append((written, spoken))
    return tuple(pairs)


def _rules(data: Mapping[str, Any], source: str) -> tuple[Rule, ...]:
    entries = data.get("rules", [])
    if not isinstance(entries, list):
        raise ConfigError(f"Lexicon {source}: rules must be written as [[rules]] tables")
    rules: list[Rule] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or set(entry) != {"pattern", "replace"}:
            raise ConfigError(f"Lexicon {source}: rule {number} needs exactly the keys pattern and replace")
        pattern, replace = entry["pattern"], entry["replace"]
        if not isinstance(pattern, str) or not isinstance(replace, str) or not pattern:
            raise ConfigError(f"Lexicon {source}: rule {number} pattern and replace must be strings")
        try:
            rules.append(Rule(pattern, replace))
        except ConfigError as exc:
            raise ConfigError(f"Lexicon {source}: rule {number}: {exc.message}") from exc
    return tuple(rules)


def parse_lexicon(text: str, source: str = "<string>") -> Lexicon:
    """Build a lexicon from TOML text; ``source`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Lexicon {source} is not valid TOML: {exc}") from exc
    unknown = sorted(set(data) - set(_TABLES))
    if unknown:
        raise ConfigError(
            f"Lexicon {source}: unknown key(s) {', '.join(unknown)}",
            hint="use [words], [words_case] and [[rules]]",
        )
    return Lexicon(
        words=_table(data, "words", source),
        words_case=_table(data, "words_case", source),
        rules=_rules(data, source),
        source=source,
    )


def load_lexicon(path: str | Path) -> Lexicon:
    """Read a lexicon file; a missing, unreadable or invalid file raises ConfigError naming it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(f"Cannot read lexicon {path}: {reason}") from exc
    return parse_lexicon(text, str(path))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with audioreview (names reviews often use)."""
    text = resources.files(__package__).joinpath("lexicon.toml").read_text(encoding="utf-8")
    return parse_lexicon(text, "built-in lexicon.toml")
