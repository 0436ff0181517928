"""Fingerprints: what a production depends on, hashed, so unchanged work is never redone.

``settings_fingerprint`` covers the settings that shape the audio and the
files they name (voice profiles, lexicons, stings); ``production_fingerprint``
adds the review itself. Neither loads an engine.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .model import Block, Review
from .settings import Settings
from .version import __version__

RENDER_EPOCH = 2
"""Bump when a change in audioreview itself should re-render every entry."""

NOT_RENDERING = frozenset(
    {
        "output_dir",
        "cache_dir",
        "jobs",
        "piper_threads",
        "piper_sessions",
        "ort_mem_pattern",
        "ort_arena",
        "ort_spinning",
        "allow_private",
        "fetch_timeout_s",
        "fetch_max_bytes",
        "max_input_bytes",
        "max_audio_seconds",
        "podcast",
        "voices_dir",  # replaced by the voices' own contents
    }
)
"""Settings that never change a production's files; every other field is in the fingerprint."""


def digest_of(*parts: Any) -> str:
    """A stable SHA-256 over JSON-able parts."""
    payload = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def fingerprint(settings: Settings, inputs: Mapping[str, Any]) -> str:
    """A stable hash of the settings that shape the audio, plus the contents in ``inputs``."""
    fields = {
        f.name: getattr(settings, f.name) for f in dataclasses.fields(settings) if f.name not in NOT_RENDERING
    }
    return digest_of("settings", RENDER_EPOCH, fields, dict(inputs))[:32]


def _file_digest(path: str | None) -> str | None:
    if not path or path.startswith("builtin:"):
        return path
    h = hashlib.sha256()
    try:
        if not Path(path).is_file():  # a device or a pipe (/dev/zero) would be read forever
            return f"unreadable:{path}"
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return f"unreadable:{path}"
    return h.hexdigest()


def local_image_path(review: Review) -> Path | None:
    """The file on this disk that the review names as its image, if it may name one.

    Only a review read from a local file (or standard input, relative to the
    working folder) may: a page or a feed entry from elsewhere must not get one
    of this machine's files read, hashed or published as its cover.
    """
    image = review.meta.image
    if not image or image.startswith(("http://", "https://", "data:")):
        return None
    if review.source in ("-", "<input>"):
        base = Path.cwd()
    elif Path(review.source).is_file():
        base = Path(review.source).parent
    else:
        return None
    return (base / image).expanduser()


def fingerprint_inputs(settings: Settings) -> dict[str, Any]:
    """What the settings point to: the voices as resolved, lexicon and sting file contents.

    Reads voice profiles (TOML) and small files only; no engine is loaded.
    """
    from .engines.cast import cast_roles
    from .errors import ConfigError

    voices: dict[str, Any] = {}
    lexicons = list(settings.lexicons)
    try:
        for role, voice in cast_roles(settings)._asdict().items():
            voices[role] = [voice.name, voice.language, voice.fingerprint()]
            if voice.lexicon:
                lexicons.append(voice.lexicon)
    except ConfigError as exc:
        voices["error"] = str(exc)  # the render will report it; the fingerprint just has to be stable
    return {
        "voices": voices,
        "lexicons": [_file_digest(p) for p in lexicons],
        "stings": [_file_digest(settings.intro_sting), _file_digest(settings.outro_sting)],
        "bed": _file_digest(settings.bed),
    }


def settings_fingerprint(settings: Settings) -> str:
    """``fingerprint`` over ``settings`` and the files it names."""
    return fingerprint(settings, fingerprint_inputs(settings))


def block_content(block: Block) -> dict[str, Any]:
    """A block's fields for a fingerprint; a block with no controls hashes as it did before controls existed."""
    data = dataclasses.asdict(block)
    if not block.spans:
        del data["spans"]
    return data


def production_fingerprint(review: Review, settings: Settings) -> str:
    """A hash of everything a production's files depend on: the review, the settings, the program."""
    image = local_image_path(review)
    image_digest = _file_digest(str(image)) if image is not None else None
    content = {"meta": dataclasses.asdict(review.meta), "blocks": [block_content(b) for b in review.blocks]}
    spoken_by = _cast_for_review(review, settings)
    return digest_of("production", __version__, settings_fingerprint(settings), content, image_digest, spoken_by)[:32]


def _cast_for_review(review: Review, settings: Settings) -> list[Any]:
    """The voices that will speak ``review`` in its language (which may not be the configured ones)."""
    from .engines.cast import cast_roles
    from .errors import AudioReviewError
    from .speech.prepare import check_language, review_language

    try:
        roles = cast_roles(settings, check_language(review_language(review, settings.language), review.source))
    except AudioReviewError as exc:
        return [str(exc)]  # the render will report it; the fingerprint just has to be stable
    return [[v.name, v.language, v.fingerprint()] for v in roles]
