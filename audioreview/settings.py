"""Settings: one frozen value, loaded once at the edge and passed down.

Precedence, lowest first: built-in defaults < ``audioreview.toml`` (in the
working directory, or the file given with ``--config``) < ``AUDIOREVIEW_*``
environment variables < command-line flags.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import VERSIONS

CONFIG_NAME = "audioreview.toml"

PODCAST_TEXT_KEYS = frozenset({
    "title", "description", "link", "author", "owner_name", "owner_email", "category", "subcategory",
    "type", "image", "language", "guid",
})  # fmt: skip
"""Keys of the [podcast] table whose values are text."""
PODCAST_FLAG_WORDS: Mapping[str, Mapping[str, bool]] = {"explicit": {"clean": False}, "locked": {}}
"""Keys of the [podcast] table that are true/false, with the extra words each accepts."""


def _default_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "audioreview")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told. Field docstrings double as config docs."""

    show: str = ""
    """Show name: spoken in the intro and outro, written as the album tag. Empty: the ``[podcast]``
    title when there is one, else none at all (the intro and outro then name no show)."""
    narrator: str = "joe"
    """Voice profile that reads the review."""
    host: str = "joe-host"
    """Voice profile that speaks the intro and outro."""
    engine: str | None = None
    """Force every voice onto this engine (e.g. "gtts"), keeping its language."""
    voices_dir: str | None = None
    """Extra folder of voice profiles (*.toml), searched before the built-in ones."""
    intro_sting: str | None = "builtin:intro"
    """Audio played before the spoken intro: a path, "builtin:intro", or None/"" for none."""
    outro_sting: str | None = "builtin:outro"
    """Audio played after the spoken outro: a path, "builtin:outro", or None/"" for none."""
    bed: str | None = "builtin:warm"
    """Music under the spoken intro and outro, ducked while the host speaks, in place of the stings:
    "builtin:warm", "builtin:bright", a path to WAV/MP3/OGG/FLAC, or "" for the stings alone."""
    bed_attack_ms: float = 300.0
    """How long the bed takes to dip under the host (it starts that long before the first word)."""
    bed_release_ms: float = 1000.0
    """How long the bed takes to swell back once the host stops."""
    bed_depth_db: float = 15.0
    """How far the bed dips under the host's voice."""
    word_timings: bool = True
    """Time every word (the engine's own phoneme durations where it has them, else an estimate) for the
    captions, transcripts and page; off: sentence times only."""
    speech_chain: bool = True
    """High-pass, de-esser and gentle compression on the voice before the loudness stage."""
    room_tone: bool = True
    """A steady, very low noise floor instead of digital silence in the pauses."""
    room_tone_dbfs: float = -60.0
    """The room tone's level (RMS) in the finished file."""
    intro_text: str = "{show}. {title}, by {author}."
    """The spoken intro; {show}, {title}, {author} are filled in ({author} lines drop when unknown)."""
    outro_text: str = "That was {title}, by {author}, for {show}. The full review is on the site."
    """The spoken outro."""
    bitrate_kbps: int = 96
    """MP3 bitrate (constant)."""
    sample_rate: int = 44100
    """MP3 sample rate."""
    channels: int = 1
    """MP3 channels (1 mono, 2 stereo)."""
    target_lufs: float = -16.0
    """Integrated loudness target (ITU-R BS.1770-4)."""
    max_true_peak_dbtp: float = -1.0
    """True-peak ceiling."""
    speed: float = 1.0
    """How fast every voice speaks (> 1 faster, 0.5 to 2), times each voice profile's own ``speed``;
    applied at synthesis (Piper's length_scale), never by stretching the audio afterwards."""
    sentence_pause_ms: int = 350
    paragraph_pause_ms: int = 700
    section_pause_ms: int = 1200
    heading_pause_before_ms: int = 1200
    """Silence before a heading (in place of the section pause there)."""
    heading_pause_after_ms: int = 700
    """Silence after a heading."""
    verdict_pause_before_ms: int = 1000
    """At least this much silence before the verdict. Any pause can be set in the text (``<!-- audio: pause 2s -->``)."""
    emphasis_from_text: bool = True
    """Markdown's ``*word*`` and ``**word**`` are said with emphasis (explicit controls always are)."""
    emphasis_length_scale: float = 1.12
    """An emphasized phrase takes this much longer than the voice's pace."""
    emphasis_gain_db: float = 2.0
    """And is this much louder."""
    emphasis_pause_ms: int = 0
    """Silence before an emphasized phrase (0: none)."""
    quote_voice: str = ""
    """A voice profile that reads blockquotes (e.g. "joe-quote"); "" reads them in the narrator's voice."""
    quote_dialogue: bool = False
    """With ``quote_voice``, also read quoted dialogue (three words or more in quotation marks) in it."""
    output_dir: str = "output"
    cache_dir: str = field(default_factory=_default_cache_dir)
    """Segment cache (content-addressed); "" disables it."""
    versions: tuple[str, ...] = ("full", "short")
    """Which versions convert makes."""
    short_seconds: float = 75.0
    """Target length of the short version, framing lines included."""
    language: str | None = None
    """Force the review's language (otherwise from the source, else "en")."""
    date_order: str | None = None
    """How numeric dates such as 10/06/2005 are read: "month-first" or "day-first" (default: from the
    language and region, month first for en-US, day first for en-GB and most others)."""
    lexicons: tuple[str, ...] = ()
    """Extra pronunciation lexicon files (TOML), applied after the built-in one."""
    clutter_patterns: tuple[str, ...] = ()
    """Extra regular expressions for lines that are page clutter, not review."""
    max_input_bytes: int = 2_000_000
    """Largest input accepted."""
    max_audio_seconds: float = 4 * 3600
    """Longest production accepted, estimated before synthesis."""
    jobs: int = 0
    """Parallel synthesis workers (0: one per core)."""
    piper_threads: int = 0
    """Inference threads per loaded Piper voice (0: onnxruntime decides, one each beside a second session;
    a batch shares the cores out)."""
    piper_sessions: int = 0
    """How many loaded copies of a Piper voice speak sentences side by side (0: two on a machine with two or
    more cores, else one; a batch with more than one worker uses one per worker)."""
    ort_mem_pattern: bool = False
    """onnxruntime memory patterns per input shape (faster on repeated shapes, memory grows with sentences)."""
    ort_arena: bool = True
    """onnxruntime CPU memory arena."""
    ort_spinning: bool = False
    """Let idle onnxruntime threads spin (faster alone, slower beside other work)."""
    allow_private: bool = False
    """Allow fetching URLs on loopback/private networks."""
    fetch_timeout_s: float = 15.0
    fetch_max_bytes: int = 5_000_000
    podcast: Mapping[str, Any] = field(default_factory=dict)
    """The [podcast] table: feed-level settings (title, author, owner, category...)."""

    @property
    def show_name(self) -> str:
        """The show name a production uses: ``show``, else the ``[podcast]`` title, else ""."""
        title = self.podcast.get("title")
        return self.show or (" ".join(title.split()) if isinstance(title, str) else "")

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (None values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}
_RANGES = {
    "bed_attack_ms": (0.0, 10_000.0), "bed_release_ms": (0.0, 10_000.0), "bed_depth_db": (0.0, 60.0),
    "room_tone_dbfs": (-96.0, -30.0), "speed": (0.5, 2.0), "emphasis_length_scale": (0.5, 2.0),
    "emphasis_gain_db": (-12.0, 12.0),
}  # fmt: skip
"""The sound settings' sensible ranges (inclusive)."""
_TUPLE_FIELDS = {"versions", "lexicons", "clutter_patterns"}


def check_versions(names: Any, origin: str = "settings") -> tuple[str, ...]:
    """The versions to make, each once, in the order given; ConfigError for an unknown or empty list."""
    cleaned = tuple(dict.fromkeys(str(v).strip() for v in names if str(v).strip()))
    bad = [v for v in cleaned if v not in VERSIONS]
    if bad or not cleaned:
        raise ConfigError(
            f"{origin}: versions: unknown version {', '.join(repr(v) for v in bad) or '(none)'}",
            hint="choose full, short or full,short",
        )
    return cleaned


def podcast_flag(value: Any, key: str, origin: str) -> bool:
    """A true/false [podcast] value: a boolean, or yes/no/true/false (and "clean" for explicit)."""
    if isinstance(value, bool):
        return value
    words = {"true": True, "yes": True, "false": False, "no": False, **PODCAST_FLAG_WORDS.get(key, {})}
    if isinstance(value, str) and value.strip().lower() in words:
        return words[value.strip().lower()]
    raise ConfigError(f"{origin}: {key} = {value!r} must be true or false")


def check_podcast_table(table: Any, origin: str) -> dict[str, Any]:
    """The [podcast] table with its keys known and each value of the right type (meanings are checked at use)."""
    if not isinstance(table, Mapping):
        raise ConfigError(f"{origin}: [podcast] must be a table")
    known = PODCAST_TEXT_KEYS | set(PODCAST_FLAG_WORDS)
    unknown = sorted(str(k) for k in table if k not in known)
    if unknown:
        raise ConfigError(f"{origin}: unknown key {unknown[0]!r}", hint="known: " + ", ".join(sorted(known)))
    for key, value in table.items():
        if key in PODCAST_FLAG_WORDS:
            podcast_flag(value, key, origin)
        elif value is not None and not isinstance(value, str):
            raise ConfigError(f"{origin}: {key} must be text, not {type(value).__name__}")
    return dict(table)


def _coerce(name: str, value: Any, origin: str) -> Any:
    default = getattr(Settings(), name)
    if name in _TUPLE_FIELDS:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{origin}: {name} must be a list")
        if name == "versions":
            return check_versions(value, origin)
        return tuple(str(v) for v in value)
    if name == "podcast":
        return check_podcast_table(value, f"{origin} [podcast]")
    if name == "date_order" and value not in (None, "", "month-first", "day-first"):
        raise ConfigError(f"{origin}: date_order = {value!r} must be \"month-first\" or \"day-first\"")
    if name in ("intro_sting", "outro_sting", "bed", "engine", "voices_dir", "language", "date_order"):
        return None if value in (None, "", False) else str(value)
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            number = float(value)
            if name in _RANGES and not _RANGES[name][0] <= number <= _RANGES[name][1]:
                raise ConfigError(f"{origin}: {name} = {value!r} must be between {_RANGES[name][0]:g} and {_RANGES[name][1]:g}")
            return number
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: {name} = {value!r} is not a number") from exc
    return str(value)


def _from_mapping(data: Mapping[str, Any], origin: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        if name not in _FIELDS:
            raise ConfigError(f"{origin}: unknown setting {key!r}")
        out[name] = _coerce(name, value, origin)
    return out


def read_config_file(path: Path) -> dict[str, Any]:
    """Read an ``audioreview.toml`` into setting overrides."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    base = path.parent
    overrides = _from_mapping(data, str(path))
    # Relative paths in a config file are relative to that file.
    for key in ("intro_sting", "outro_sting", "bed", "voices_dir", "output_dir", "cache_dir"):
        value = overrides.get(key)
        if isinstance(value, str) and value and not value.startswith("builtin:"):
            overrides[key] = str((base / value).expanduser())
    if "lexicons" in overrides:
        overrides["lexicons"] = tuple(str(base / p) for p in overrides["lexicons"])
    return overrides


def env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    """Setting overrides from ``AUDIOREVIEW_<FIELD>`` environment variables."""
    data = {
        key[len("AUDIOREVIEW_") :].lower(): value
        for key, value in environ.items()
        if key.startswith("AUDIOREVIEW_") and key[len("AUDIOREVIEW_") :].lower() in _FIELDS
    }
    return _from_mapping(data, "environment")


def load_settings(
    config: str | Path | None = None,
    *,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
    **flags: Any,
) -> Settings:
    """Build Settings from defaults, config file, environment and flags."""
    settings = Settings()
    path = Path(config) if config else (cwd or Path.cwd()) / CONFIG_NAME
    if config or path.is_file():
        settings = dataclasses.replace(settings, **read_config_file(path))
    settings = dataclasses.replace(settings, **env_overrides(os.environ if environ is None else environ))
    flag_values = {k: v for k, v in flags.items() if v is not None}
    return dataclasses.replace(settings, **_from_mapping(flag_values, "command line"))
