"""Which voice takes which role, and how the engines may use the machine, from the settings.

The one place that turns ``narrator``, ``host`` and ``engine`` into voices:
the pipeline (to speak), the fingerprints (to know what a production
depends on) and the batch workers (to load voices once) all ask here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from ..errors import ConfigError
from ..model import Review
from ..settings import Settings
from .base import EngineOptions, Voice, load_voices, resolve_voice, with_speed


class Roles(NamedTuple):
    """The voice profile for each role."""

    narrator: Voice
    host: Voice


def cast_roles(settings: Settings, language: str | None = None) -> Roles:
    """The narrator's and the host's voice profiles, with ``engine`` forced where set (ConfigError if none fits),
    each at the run's ``speed`` times its own.

    With ``language``, a configured voice that does not speak it gives way to
    the best voice that does (see :func:`.languages.pick_voice`).
    """
    voices = load_voices(settings.voices_dir)
    if language:
        from .languages import pick_voice

        narrator = pick_voice(settings.narrator, voices, role="narrator", language=language, engine=settings.engine)
        host = pick_voice(settings.host, voices, role="host", language=language, engine=settings.engine)
    else:
        narrator = resolve_voice(settings.narrator, voices, role="narrator", engine=settings.engine)
        host = resolve_voice(settings.host, voices, role="host", engine=settings.engine)
    return Roles(narrator=with_speed(narrator, settings.speed), host=with_speed(host, settings.speed))


def engine_options(settings: Settings) -> EngineOptions:
    """How engines may use the machine in this run."""
    return EngineOptions(
        threads=settings.piper_threads,
        sessions=voice_sessions(settings),
        mem_pattern=settings.ort_mem_pattern,
        arena=settings.ort_arena,
        spinning=settings.ort_spinning,
        alignments=settings.word_timings,
        model_dir=str(Path(settings.cache_dir) / "models") if settings.cache_dir else None,
    )


def voice_sessions(settings: Settings) -> int:
    """How many loaded copies of a voice speak side by side: ``piper_sessions``, or two when there are two cores."""
    if settings.piper_sessions > 0:
        return settings.piper_sessions
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def named_voices(review: Review, settings: Settings) -> dict[str, Voice]:
    """The voice profiles ``review``'s ``voice`` controls and the ``quote_voice`` setting name, at the run's speed.

    ConfigError for a name with no profile, naming the line it was written on.
    """
    wanted: dict[str, tuple[str, int]] = {}
    if settings.quote_voice:
        wanted[settings.quote_voice] = ("settings: quote_voice", 0)
    for block in review.blocks:
        for span in block.spans:
            for d in span.directions:
                if d.kind == "voice" and d.value and d.value not in wanted:
                    wanted[d.value] = (f"{review.source}:{d.line}" if d.line else review.source, d.line)
    if not wanted:
        return {}
    voices = load_voices(settings.voices_dir)
    found: dict[str, Voice] = {}
    for name, (where, _line) in wanted.items():
        if name not in voices:
            known = ", ".join(sorted(voices)) or "none"
            raise ConfigError(f"{where}: unknown voice {name!r}", hint=f"known voices: {known}")
        found[name] = with_speed(voices[name], settings.speed)
    return found
