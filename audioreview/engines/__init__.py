"""Speech engines behind one protocol, chosen by name."""

from __future__ import annotations

from .base import (
    Engine,
    EngineInfo,
    EngineOptions,
    Voice,
    cache_key,
    engine_names,
    get_engine,
    load_voices,
    probe_engines,
    register,
    resolve_voice,
)


def _piper(options: EngineOptions) -> Engine:
    from .piper import PiperEngine

    return PiperEngine(options)


def _piper_probe() -> tuple[bool, str]:
    from .piper import probe

    return probe()


def _gtts() -> Engine:
    from .gtts import GttsEngine

    return GttsEngine()


def _gtts_probe() -> tuple[bool, str]:
    from .gtts import probe

    return probe()


def _fake() -> Engine:
    from .fake import FakeEngine

    return FakeEngine()


register("piper", _piper, probe=_piper_probe, offline=True, takes_options=True)
register("gtts", _gtts, probe=_gtts_probe, offline=False)
register("fake", _fake, probe=lambda: (True, "tones of known length, for tests and dry runs"), offline=True)

__all__ = [
    "Engine",
    "EngineInfo",
    "EngineOptions",
    "Voice",
    "cache_key",
    "engine_names",
    "get_engine",
    "load_voices",
    "probe_engines",
    "register",
    "resolve_voice",
]
