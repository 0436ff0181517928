"""The engine protocol, voice profiles and the registry of engines by name.

An engine turns one sentence into mono 16-bit PCM. A factory builds it on
first use, so heavy packages (onnxruntime, gtts) are imported only when that
engine is used; a missing one raises ``EngineUnavailable`` with a hint.
Third-party engines can register through the ``audioreview.engines``
entry-point group (the entry point is a factory taking no arguments).

The registry is one dict of :class:`Registration`. A factory registered with
``takes_options=True`` is called with the run's :class:`EngineOptions`
(threads, onnxruntime session settings), which come from Settings: nothing
is passed through environment variables.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

from .. import memory
from ..errors import ConfigError, EngineUnavailable
from ..model import Audio, Word

ROLES = ("host", "narrator")


@dataclass(frozen=True, slots=True)
class Voice:
    """A voice profile: which engine speaks, with which parameters, in which roles."""

    name: str
    engine: str
    language: str = "en"
    roles: tuple[str, ...] = ROLES
    params: Mapping[str, Any] = field(default_factory=dict)
    """Engine parameters (Piper: model, length_scale, noise_scale, noise_w_scale; gTTS: lang, tld, slow)."""
    lexicon: str | None = None
    """A pronunciation lexicon (TOML) for this voice only."""
    description: str = ""
    source: str = ""
    """The file the profile came from ("" for built-in code)."""
    effects: Mapping[str, float] = field(default_factory=dict)
    """Filters that make another voice of this one (pitch, colour: see ``render.voicefx``), applied after synthesis."""
    speed: float = 1.0
    """How fast this voice speaks (> 1 faster), applied by the engine at synthesis: Piper divides its
    length_scale by it; the run's ``speed`` setting multiplies it (see :func:`.cast.cast_roles`)."""

    def fingerprint(self) -> str:
        """Everything that changes how this voice sounds, as a stable string."""
        sound: dict[str, Any] = {"engine": self.engine, "params": dict(self.params)}
        if self.speed != 1.0:  # left out at 1.0, so the takes cached before speed existed still match
            sound["speed"] = round(self.speed, 6)
        if self.effects:
            sound["effects"] = dict(self.effects)
        return json.dumps(sound, sort_keys=True, default=str)


@runtime_checkable
class Engine(Protocol):
    """Speaks one piece of text with a voice.

    Optional capabilities, each its own protocol so callers can ask for it
    with ``isinstance``: :class:`Releasable` (give back a loaded model),
    :class:`KnowsSampleRate` (the voice's rate without synthesizing),
    :class:`TimesWords` (the time of every spoken word) and
    :class:`SpeaksInParallel` (several takes at once).
    """

    name: ClassVar[str]

    def synthesize(self, text: str, voice: Voice) -> Audio:
        """Return the audio for ``text`` (mono int16 PCM)."""
        ...

    def cache_token(self, voice: Voice) -> str:
        """A string that changes whenever the same text would sound different."""
        ...


@dataclass(frozen=True, slots=True)
class TimedAudio:
    """A take with the times of its spoken words, as the engine itself knows them."""

    audio: Audio
    words: tuple[Word, ...] | None
    """Each spoken word of the text (``speech.alignment.spoken_words``), in order, with its
    start and end in ``audio`` (ms); the spans run end to end over the whole take. None when
    the engine could not time them (then the caller estimates)."""
    sentences: int = 0
    """How many sentences the engine spoke the text as..."""
    failures: int = 0
    """...and how many it could not align (their words are estimated within their own audio)."""


@runtime_checkable
class TimesWords(Protocol):
    """An engine that can say when each word of a take is heard."""

    def synthesize_timed(self, text: str, voice: Voice) -> TimedAudio:
        """The audio for ``text`` with its spoken words' times (``words`` None when unknown)."""
        ...


@runtime_checkable
class Releasable(Protocol):
    """An engine that holds a loaded model it can give back."""

    def release(self) -> None:
        """Unload what this engine loaded; it loads it again when used again."""
        ...


@runtime_checkable
class KnowsSampleRate(Protocol):
    """An engine that can tell a voice's sample rate (loading the voice, not synthesizing)."""

    def sample_rate(self, voice: Voice) -> int:
        """The voice's native sample rate in Hz."""
        ...


@runtime_checkable
class SpeaksInParallel(Protocol):
    """An engine that can speak several takes at once, each on its own lane (its own loaded model).

    A lane is an engine itself; one lane speaks one take at a time, and two
    lanes give the same take the same structure (its length and words may
    differ as much as two runs of the engine do).
    """

    @property
    def lanes(self) -> int:
        """How many takes may be spoken at once (1: one at a time)."""
        ...

    def lane(self, index: int) -> Engine:
        """The engine that speaks on lane ``index`` (0 to ``lanes - 1``); lane 0 speaks like the engine itself."""
        ...


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """How an engine may use the machine; from Settings, never from the environment."""

    threads: int = 0
    """Inference threads per loaded voice (0: the runtime decides, or one each when ``sessions`` > 1)."""
    sessions: int = 1
    """How many loaded copies of a voice speak side by side, each its own sentence (see :class:`SpeaksInParallel`)."""
    mem_pattern: bool = False
    """onnxruntime: plan memory per input shape (grows with the number of different sentence lengths)."""
    arena: bool = True
    """onnxruntime: keep a CPU memory arena."""
    spinning: bool = False
    """onnxruntime: let idle worker threads spin instead of sleeping."""
    alignments: bool = True
    """Time every word from the engine's own phoneme durations (Piper: the model is patched in memory)."""
    model_dir: str | None = None
    """Where a prepared model is kept between runs (Piper: patched and optimized, see ``piper_model``); None: nowhere."""


@dataclass(frozen=True, slots=True)
class EngineInfo:
    """What `audioreview engines` shows about one engine."""

    name: str
    usable: bool
    detail: str
    offline: bool


EngineFactory = Callable[..., Engine]
"""Builds an engine: called with no arguments, or with ``EngineOptions`` when registered so."""
ProbeFn = Callable[[], tuple[bool, str]]


@dataclass(frozen=True, slots=True)
class Registration:
    """One engine in the registry."""

    factory: EngineFactory
    probe: ProbeFn | None = None
    offline: bool = True
    takes_options: bool = False
    """The factory is called with the run's EngineOptions."""

    def build(self, options: EngineOptions) -> Engine:
        """A new engine from this registration."""
        return self.factory(options) if self.takes_options else self.factory()


_REGISTRY: dict[str, Registration] = {}
_INSTANCES: dict[str, tuple[EngineOptions, Engine]] = {}
_ENTRY_POINTS_LOADED = False


def register(
    name: str,
    factory: EngineFactory,
    *,
    probe: ProbeFn | None = None,
    offline: bool = True,
    takes_options: bool = False,
) -> None:
    """Register an engine factory under ``name`` (later registrations win)."""
    _REGISTRY[name] = Registration(factory, probe, offline, takes_options)
    _INSTANCES.pop(name, None)


def _entry_point_factory(ep: metadata.EntryPoint) -> EngineFactory:
    """A factory that loads the entry point's own factory when first needed, then calls it."""
    return lambda: ep.load()()


def _load_entry_points() -> None:
    global _ENTRY_POINTS_LOADED
    if _ENTRY_POINTS_LOADED:
        return
    _ENTRY_POINTS_LOADED = True
    for ep in metadata.entry_points(group="audioreview.engines"):
        if ep.name not in _REGISTRY:
            _REGISTRY[ep.name] = Registration(_entry_point_factory(ep))


def engine_names() -> tuple[str, ...]:
    """Names of every registered engine."""
    _load_entry_points()
    return tuple(sorted(_REGISTRY))


def get_engine(name: str, options: EngineOptions | None = None) -> Engine:
    """The engine called ``name``, built once per process (again only when ``options`` change)."""
    _load_entry_points()
    options = options or EngineOptions()
    built = _INSTANCES.get(name)
    if built is not None and built[0] == options:
        return built[1]
    try:
        registration = _REGISTRY[name]
    except KeyError:
        known = ", ".join(engine_names())
        raise ConfigError(f"unknown engine {name!r}", hint=f"known engines: {known}") from None
    engine = registration.build(options)
    _INSTANCES[name] = (options, engine)
    return engine


@dataclass(slots=True)
class VoiceLoad:
    """Voices being loaded in a background thread while the text work goes on (see :func:`load_in_background`)."""

    thread: threading.Thread | None = None

    def wait(self) -> None:
        """Until the load is over (whatever its outcome: a failed load fails again, in the open, when used)."""
        if self.thread is not None:
            self.thread.join()


def load_in_background(pairs: Iterable[tuple[Engine, Voice]], load: VoiceLoad) -> None:
    """Start loading the voices of ``pairs`` that an engine can load without speaking (:class:`KnowsSampleRate`).

    Loading a voice is mostly onnxruntime's own work, outside Python's lock,
    so the text work that follows hides it. Errors are left to the first real
    use, which raises them with its context.
    """
    wanted = [(engine, voice) for engine, voice in pairs if isinstance(engine, KnowsSampleRate)]
    if not wanted:
        return

    def run() -> None:
        for engine, voice in wanted:
            with contextlib.suppress(Exception):
                engine.sample_rate(voice)

    load.thread = threading.Thread(target=run, name="load-voices", daemon=True)
    load.thread.start()


def release_engines() -> None:
    """Let every engine built so far give back what it holds (a loaded voice), if it can.

    An engine that is used again loads what it needs again.
    """
    for _options, engine in _INSTANCES.values():
        if isinstance(engine, Releasable):
            engine.release()
    memory.trim()  # the voices' working memory, freed, is handed back to the system before the audio is rendered


def probe_engines() -> tuple[EngineInfo, ...]:
    """Whether each engine can run here, and why not, without synthesizing."""
    infos = []
    for name in engine_names():
        registration = _REGISTRY[name]
        if registration.probe is None:
            usable, detail = True, "registered"
        else:
            try:
                usable, detail = registration.probe()
            except EngineUnavailable as exc:
                usable, detail = False, str(exc)
        infos.append(EngineInfo(name, usable, detail, registration.offline))
    return tuple(infos)


def cache_key(engine: Engine, voice: Voice, text: str) -> str:
    """Content address of one synthesized sentence."""
    h = hashlib.sha256()
    for part in (engine.name, engine.cache_token(voice), voice.fingerprint(), text):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


# ---- voice profiles -------------------------------------------------------


def builtin_voices_dir() -> Path:
    """The shipped voices/ folder (inside the wheel, or the repository's)."""
    packaged = Path(__file__).resolve().parent.parent / "voices"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "voices"


EFFECTS = {
    "pitch_semitones": (-12.0, 12.0), "bass_db": (-20.0, 20.0), "treble_db": (-20.0, 20.0),
    "highpass_hz": (20.0, 2000.0), "lowpass_hz": (1000.0, 20000.0),
}  # fmt: skip
"""The effects a voice profile's ``[effects]`` table may set (applied by ``render.voicefx``), with their ranges."""


def check_effects(table: Any, origin: str) -> dict[str, float]:
    """A voice profile's ``[effects]`` table, checked; ConfigError names the bad key."""
    if not isinstance(table, Mapping):
        raise ConfigError(f"{origin}: [effects] must be a table")
    out: dict[str, float] = {}
    for key, value in table.items():
        if key not in EFFECTS:
            raise ConfigError(f"{origin}: unknown effect {key!r}", hint="known: " + ", ".join(EFFECTS))
        low, high = EFFECTS[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= float(value) <= high:
            raise ConfigError(f"{origin}: effect {key} = {value!r} must be a number from {low:g} to {high:g}")
        out[key] = float(value)
    return out


SPEED_RANGE = (0.5, 2.0)
"""The speeds a voice may be given (1.0 is the voice's own pace)."""


def check_speed(value: Any, origin: str) -> float:
    """``value`` as a speed within SPEED_RANGE; ConfigError otherwise."""
    low, high = SPEED_RANGE
    try:
        speed = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{origin}: speed = {value!r} is not a number") from None
    if isinstance(value, bool) or not low <= speed <= high:
        raise ConfigError(f"{origin}: speed = {value!r} must be between {low:g} and {high:g}", hint="1.0 is the voice's own pace")
    return speed


def with_speed(voice: Voice, factor: float) -> Voice:
    """``voice`` speaking ``factor`` times as fast as it does."""
    return voice if factor == 1.0 else replace(voice, speed=voice.speed * factor)


def parse_voice(data: Mapping[str, Any], origin: str) -> Voice:
    """Build a Voice from a profile's TOML table, validating it."""
    name = data.get("name")
    engine = data.get("engine")
    if not isinstance(name, str) or not name:
        raise ConfigError(f"{origin}: voice profile needs a 'name'")
    if not isinstance(engine, str) or not engine:
        raise ConfigError(f"{origin}: voice {name!r} needs an 'engine'")
    roles = data.get("roles", list(ROLES))
    if isinstance(roles, str):
        roles = [roles]
    bad = [r for r in roles if r not in ROLES]
    if bad:
        raise ConfigError(f"{origin}: voice {name!r} has unknown roles {bad}", hint="roles are host, narrator")
    params = data.get("params", {})
    if not isinstance(params, Mapping):
        raise ConfigError(f"{origin}: [params] of voice {name!r} must be a table")
    speed = check_speed(data.get("speed", 1.0), f"{origin}: voice {name!r}")
    effects = check_effects(data.get("effects", {}), f"{origin}: voice {name!r}")
    lexicon = data.get("lexicon")
    if isinstance(lexicon, str) and origin and not Path(lexicon).is_absolute():
        lexicon = str(Path(origin).parent / lexicon)
    voice = Voice(
        name=name,
        engine=engine,
        language=str(data.get("language", "en")),
        roles=tuple(roles),
        params=dict(params),
        lexicon=lexicon if isinstance(lexicon, str) else None,
        description=str(data.get("description", "")),
        source=origin,
        speed=speed,
        effects=effects,
    )
    from .languages import with_model_language  # a Piper model file says its own language

    return with_model_language(voice, declared="language" in data)


def load_voices(extra_dir: str | Path | None = None) -> dict[str, Voice]:
    """Every voice profile: the built-in ones, overridden by ``extra_dir``'s."""
    voices: dict[str, Voice] = {}
    folders = [builtin_voices_dir()]
    if extra_dir:
        folder = Path(extra_dir)
        if not folder.is_dir():
            raise ConfigError(f"{folder}: voices folder not found")
        folders.append(folder)
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{path}: invalid voice profile: {exc}") from exc
            voice = parse_voice(data, str(path))
            voices[voice.name] = voice
    return voices


def resolve_voice(name: str, voices: Mapping[str, Voice], *, role: str, engine: str | None = None) -> Voice:
    """Pick the voice called ``name`` for ``role``, optionally forcing an engine."""
    try:
        voice = voices[name]
    except KeyError:
        known = ", ".join(sorted(voices)) or "none"
        raise ConfigError(f"unknown voice {name!r}", hint=f"known voices: {known}") from None
    if role not in voice.roles:
        raise ConfigError(f"voice {name!r} cannot take the {role} role", hint=f"its roles: {', '.join(voice.roles)}")
    if engine and engine != voice.engine:
        candidates = [
            v for v in voices.values() if v.engine == engine and role in v.roles and v.language == voice.language
        ]
        if not candidates:
            raise ConfigError(f"no {engine} voice speaks {voice.language!r} as {role}")
        voice = sorted(candidates, key=lambda v: v.name)[0]
    return voice
