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

    [phonemes]         # espeak-ng phonemes, for engines that take them (Piper)
    "Ji-won" = "tɕiwˈʌn"

    [read_as.ko]       # read with another language's rules (Piper): the name as that language writes it
    "Hyun" = "현"

    [language.en.words]   # entries for reviews in one language only
    "Saoirse" = "Seer-sha"

All tables are optional; no other keys are allowed. Values are used
verbatim. ``[phonemes]`` and ``[read_as.<language>]`` entries are used only
for engines that take phonemes; other engines get the ``[words]`` respelling
of the same name, if any, else the name as written. ``[language.<tag>]``
holds ``words``, ``words_case``, ``phonemes`` and ``read_as`` tables that apply
to reviews in that language (its primary subtag, "en" or "ko") and win over
the general ones. A "word" is any key, spaces and hyphens included, that is not part
of a longer word: "Kubrick" also matches in "Kubrick's" but not in
"Kubricks". Replacements in ``rules`` may use ``\\1`` or ``\\g<name>``.

The lexicon sees the text *after* speech normalization, so write keys as the
normalizer outputs them ("Se7en" arrives as "Se seven en").

Order of application: phonemes and read-as names first (when the engine takes
phonemes), then the ``rules`` (they are the most specific, and see the
normalized text unchanged), then ``words_case``, then ``words``. A phoneme
entry becomes Piper's raw-phoneme block ``[[ phonemes ]]``; a read-as entry
becomes ``[[@ko 현]]``, which the Piper engine turns into phonemes with that
language's espeak-ng rules. Within a
table each place in the text is replaced once, so entries do not feed each
other. When lexicons are merged, the later one wins for a key (and for a rule
with the same pattern); its other rules run after the earlier ones.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .regex_guard import nested_quantifier
from .speakable import unspeakable
from .tracked import sub

__all__ = ["Lexicon", "Rule", "default_lexicon", "load_lexicon", "parse_lexicon"]

_TABLES = ("words", "words_case", "rules", "phonemes", "read_as", "language")
_SCOPED_TABLES = ("words", "words_case", "phonemes", "read_as")
_PHONEME_BAD = re.compile(r"[\[\]\n]")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


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
        if nested_quantifier(self.pattern):
            raise ConfigError(
                f"Lexicon rule {self.pattern!r} repeats a repeat (nested quantifiers), which can take "
                "exponential time: write it without the nesting"
            )
        try:
            compiled = re.compile(self.pattern)
            compiled.sub(self.replace, "")  # checks group references in the replacement
        except re.error as exc:
            raise ConfigError(f"Lexicon rule {self.pattern!r} -> {self.replace!r} is invalid: {exc}") from exc
        object.__setattr__(self, "compiled", compiled)

    def apply(self, text: str) -> str:
        """Apply the substitution everywhere in ``text``."""
        return sub(self.compiled, self.replace, text)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A pronunciation lexicon: word tables and ordered regex rules (see the module doc)."""

    words: tuple[tuple[str, str], ...] = ()
    """Whole-word, case-insensitive substitutions, as (written, spoken) pairs."""
    words_case: tuple[tuple[str, str], ...] = ()
    """Whole-word, case-sensitive substitutions."""
    rules: tuple[Rule, ...] = ()
    """Regular-expression substitutions, applied in order before the word tables."""
    phonemes: tuple[tuple[str, str], ...] = ()
    """Whole-word, case-insensitive (written, espeak-ng phonemes) pairs, for engines that take phonemes."""
    read_as: tuple[tuple[str, str, str], ...] = ()
    """(written, language, spelling in that language): names read with another language's rules."""
    scoped: tuple[tuple[str, Lexicon], ...] = ()
    """(primary language subtag, lexicon) pairs applying only to reviews in that language."""
    source: str = "<lexicon>"
    """Where the lexicon came from, for messages."""
    _lookup: dict[str, str] = field(init=False, repr=False, compare=False)
    _lookup_case: dict[str, str] = field(init=False, repr=False, compare=False)
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _pattern_case: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _sounds: dict[str, str] = field(init=False, repr=False, compare=False)
    _pattern_sounds: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _for_language: dict[str, Lexicon] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup = {written.lower(): spoken for written, spoken in self.words}
        lookup_case = dict(self.words_case)
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "_lookup_case", lookup_case)
        object.__setattr__(self, "_pattern", _word_pattern(list(lookup), ignore_case=True))
        object.__setattr__(self, "_pattern_case", _word_pattern(list(lookup_case), ignore_case=False))
        sounds = {written.lower(): f"[[ {phonemes} ]]" for written, phonemes in self.phonemes}
        sounds.update({written.lower(): f"[[@{lang} {spelling}]]" for written, lang, spelling in self.read_as})
        object.__setattr__(self, "_sounds", sounds)
        object.__setattr__(self, "_pattern_sounds", _word_pattern(list(sounds), ignore_case=True))
        object.__setattr__(self, "_for_language", {})

    def for_language(self, language: str) -> Lexicon:
        """This lexicon with the entries scoped to ``language`` merged in (they win)."""
        key = language.strip().replace("_", "-").split("-")[0].lower()
        cached = self._for_language.get(key)
        if cached is None:
            cached = self
            for lang, scoped in self.scoped:
                if lang == key:
                    cached = cached.merge(scoped)
            cached = replace(cached, scoped=())
            self._for_language[key] = cached
        return cached

    def apply(self, text: str, language: str | None = None, phonemes: bool = False) -> str:
        """Respell ``text``: phoneme entries (if ``phonemes``), the rules in order, case-sensitive words, words.

        ``language`` (a tag such as "en-GB") brings in the entries scoped to it.
        """
        if language is not None and self.scoped:
            return self.for_language(language).apply(text, phonemes=phonemes)
        if phonemes and self._pattern_sounds is not None:
            text = sub(self._pattern_sounds, lambda m: self._sounds[m.group(0).lower()], text)
        for rule in self.rules:
            text = rule.apply(text)
        if self._pattern_case is not None:
            text = sub(self._pattern_case, lambda m: self._lookup_case[m.group(0)], text)
        if self._pattern is not None:
            text = sub(self._pattern, lambda m: self._lookup.get(m.group(0).lower(), m.group(0)), text)
        return text

    def merge(self, other: Lexicon) -> Lexicon:
        """A lexicon with the entries of both; ``other`` wins where they overlap."""
        words = {written.lower(): (written, spoken) for written, spoken in self.words}
        words.update({written.lower(): (written, spoken) for written, spoken in other.words})
        words_case = dict(self.words_case) | dict(other.words_case)
        replaced = {rule.pattern for rule in other.rules}
        rules = tuple(rule for rule in self.rules if rule.pattern not in replaced) + other.rules
        sounds = {written.lower(): (written, value) for written, value in self.phonemes}
        read_as = {written.lower(): (written, lang, spelling) for written, lang, spelling in self.read_as}
        for written, value in other.phonemes:
            sounds[written.lower()] = (written, value)
            read_as.pop(written.lower(), None)
        for written, lang, spelling in other.read_as:
            read_as[written.lower()] = (written, lang, spelling)
            sounds.pop(written.lower(), None)
        return Lexicon(
            words=tuple(words.values()),
            words_case=tuple(words_case.items()),
            rules=rules,
            phonemes=tuple(sounds.values()),
            read_as=tuple(read_as.values()),
            scoped=self.scoped + other.scoped,
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


def _phonemes(data: Mapping[str, Any], source: str) -> tuple[tuple[str, str], ...]:
    table = data.get("phonemes", {})
    if not isinstance(table, dict):
        raise ConfigError(f"Lexicon {source}: [phonemes] must be a table of \"word\" = \"phonemes\" entries")
    pairs: list[tuple[str, str]] = []
    for written, value in table.items():
        if not isinstance(value, str) or not value.strip() or _PHONEME_BAD.search(value):
            raise ConfigError(
                f"Lexicon {source}: [phonemes] {written!r} must map to espeak-ng phonemes without brackets"
            )
        if not written.strip():
            raise ConfigError(f"Lexicon {source}: [phonemes] has an empty word")
        pairs.append((written, value.strip()))
    return tuple(pairs)


def _read_as(data: Mapping[str, Any], source: str) -> tuple[tuple[str, str, str], ...]:
    table = data.get("read_as", {})
    if not isinstance(table, dict):
        raise ConfigError(f"Lexicon {source}: read_as must hold [read_as.<language>] tables")
    entries: list[tuple[str, str, str]] = []
    for language, names in table.items():
        if not _LANGUAGE.fullmatch(language) or not isinstance(names, dict):
            raise ConfigError(f"Lexicon {source}: [read_as.{language}] must be a language tag holding a table")
        for written, spelling in names.items():
            if not isinstance(spelling, str) or not spelling.strip() or _PHONEME_BAD.search(spelling):
                raise ConfigError(f"Lexicon {source}: [read_as.{language}] {written!r} must map to a spelling")
            entries.append((written, language.lower(), spelling.strip()))
    return tuple(entries)


def _scoped(data: Mapping[str, Any], source: str) -> tuple[tuple[str, Lexicon], ...]:
    table = data.get("language", {})
    if not isinstance(table, dict):
        raise ConfigError(f"Lexicon {source}: language must hold [language.<tag>] tables")
    scoped: list[tuple[str, Lexicon]] = []
    for language, tables in table.items():
        if not _LANGUAGE.fullmatch(language) or not isinstance(tables, dict):
            raise ConfigError(f"Lexicon {source}: [language.{language}] must be a language tag holding tables")
        unknown = sorted(set(tables) - set(_SCOPED_TABLES))
        if unknown:
            raise ConfigError(
                f"Lexicon {source}: [language.{language}] has unknown key(s) {', '.join(unknown)}",
                hint="use words, words_case, phonemes and read_as",
            )
        where = f"{source} [language.{language}]"
        lexicon = Lexicon(
            words=_table(tables, "words", where),
            words_case=_table(tables, "words_case", where),
            phonemes=_phonemes(tables, where),
            read_as=_read_as(tables, where),
            source=where,
        )
        scoped.append((language.replace("_", "-").split("-")[0].lower(), lexicon))
    return tuple(scoped)


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
            hint="use [words], [words_case], [[rules]], [phonemes], [read_as.<language>] and [language.<tag>]",
        )
    return Lexicon(
        words=_table(data, "words", source),
        words_case=_table(data, "words_case", source),
        rules=_rules(data, source),
        phonemes=_phonemes(data, source),
        read_as=_read_as(data, source),
        scoped=_scoped(data, source),
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
