"""Which voices speak a language, and picking one for a review.

A voice speaks the language of its profile. A Piper profile pointing at a
model file (``model = "/path/de_DE-name.onnx"``) may leave ``language`` out:
the model's ``.onnx.json`` says it (``language.code``, else ``espeak.voice``).
gTTS speaks every language in gTTS's own list, so a language without a shipped
gTTS profile still gets a gTTS voice, made from the list.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError
from ..speech.language import primary, same_language
from .base import Voice, resolve_voice

HOW_TO_ADD = (
    'add a voice profile to your voices_dir folder, e.g. a Piper voice: engine = "piper", '
    'model = "/path/to/xx_YY-name.onnx" (see `audioreview voices --lang xx`)'
)
OFFLINE_ENGINES = frozenset({"piper", "fake"})


def model_language(model: str) -> str | None:
    """The language a Piper model file speaks, from its ``.onnx.json`` ("de_DE" -> "de-DE"), if known."""
    if not (model.endswith(".onnx") or "/" in model):
        return None
    config = Path(model).expanduser()
    config = config.with_name(config.name + ".json")
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    language = data.get("language") if isinstance(data, dict) else None
    code = language.get("code") if isinstance(language, dict) else None
    espeak = data.get("espeak") if isinstance(data, dict) else None
    code = code or (espeak.get("voice") if isinstance(espeak, dict) else None)
    if not isinstance(code, str) or not primary(code):
        return None
    head, _, rest = code.replace("_", "-").partition("-")
    return f"{head.lower()}-{rest.upper()}" if rest else head.lower()


def with_model_language(voice: Voice, declared: bool) -> Voice:
    """``voice`` with the language its Piper model says, checked against a declared one."""
    if voice.engine != "piper":
        return voice
    spoken = model_language(str(voice.params.get("model", "")))
    if spoken is None:
        return voice
    if declared and not same_language(voice.language, spoken):
        raise ConfigError(
            f"{voice.source or voice.name}: voice {voice.name!r} says language {voice.language!r}, "
            f"but its model speaks {spoken!r}",
            hint="remove the profile's language line, or fix it",
        )
    return voice if declared else replace(voice, language=spoken)


@lru_cache(maxsize=1)
def gtts_languages() -> tuple[str, ...]:
    """The language codes gTTS speaks (its own list; empty when gTTS is not installed)."""
    try:
        from gtts.lang import tts_langs
    except ImportError:
        return ()
    return tuple(sorted(tts_langs()))


def gtts_voice(language: str, template: Voice | None = None) -> Voice | None:
    """A gTTS voice for ``language`` made from gTTS's list, or None when gTTS does not speak it."""
    code = next((c for c in gtts_languages() if c.lower() == language.lower()), None)
    code = code or next((c for c in gtts_languages() if same_language(c, language)), None)
    if code is None:
        return None
    base = template or Voice(name="", engine="gtts")
    return replace(
        base,
        name=f"gtts-{primary(language)}",
        engine="gtts",
        language=primary(language),
        params={"lang": code, "tld": "com", "slow": False},
        description=f"{language_name(language)} (gTTS, online; from its language list)",
        source="",
    )


def voices_for_language(language: str, voices: Mapping[str, Voice], *, role: str | None = None) -> list[Voice]:
    """Every voice that speaks ``language`` (in ``role``), profiles first, then a gTTS voice from its list."""
    found = [
        v for v in voices.values() if same_language(v.language, language) and (role is None or role in v.roles)
    ]
    if not any(v.engine == "gtts" for v in found):
        made = gtts_voice(language)
        if made is not None and made.name not in voices:
            found.append(made)
    return sorted(found, key=lambda v: v.name)


def _preference(voice: Voice, engine: str, wanted_language: str) -> tuple[int, int, int, str]:
    return (
        voice.engine != engine,
        voice.engine not in OFFLINE_ENGINES,
        voice.language.lower() != wanted_language.lower(),
        voice.name,
    )


def pick_voice(
    name: str, voices: Mapping[str, Voice], *, role: str, language: str, engine: str | None = None
) -> Voice:
    """The voice called ``name`` if it speaks ``language``, else the best voice that does.

    Best: the same engine as the named voice, then an offline one, then an
    exact match of the language tag, then by name. Raises ConfigError naming
    the language and how to add a voice when none speaks it.
    """
    chosen = resolve_voice(name, voices, role=role, engine=engine)
    if same_language(chosen.language, language):
        return chosen
    candidates = voices_for_language(language, voices, role=role)
    if engine:
        candidates = [v for v in candidates if v.engine == engine]
    if not candidates:
        raise ConfigError(
            f"no installed voice speaks {language_name(language)} ({language!r})"
            + (f" with the {engine} engine" if engine else ""),
            hint=HOW_TO_ADD,
        )
    return min(candidates, key=lambda v: _preference(v, chosen.engine, language))


def language_name(language: str) -> str:
    """The English name of a language, when known ("de" -> "German"), else the tag."""
    return _NAMES.get(primary(language), language)


_NAMES: dict[str, str] = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan", "cs": "Czech",
    "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish", "fr": "French", "ga": "Irish",
    "gl": "Galician", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian",
    "is": "Icelandic", "it": "Italian", "ja": "Japanese", "ka": "Georgian", "kk": "Kazakh", "ko": "Korean",
    "lb": "Luxembourgish", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ms": "Malay",
    "mt": "Maltese", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "vi": "Vietnamese", "zh": "Chinese", "yo": "Yoruba", "xh": "Xhosa", "zu": "Zulu",
}  # fmt: skip
