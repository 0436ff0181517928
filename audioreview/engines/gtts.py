"""The gTTS engine: Google Translate's text-to-speech, online.

gTTS splits long text into its own 100-character requests. This adapter adds
what unattended runs need: a timeout on every request, retries with
exponential backoff and jitter on HTTP 429/5xx and timeouts (honouring
``Retry-After``), and a clear error when the service cannot be reached.
The MP3 gTTS returns is decoded to PCM with the bundled ffmpeg.
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from importlib import metadata
from typing import Any, ClassVar

from ..errors import EngineError, EngineUnavailable
from ..model import Audio
from .base import Voice

SAMPLE_RATE = 24000
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
SLOW_AT = 0.8
"""gTTS has two paces: a voice ``speed`` at or below this asks for the slow one; others speak at the normal one."""


def _import_gtts() -> Any:
    try:
        import gtts
    except ImportError as exc:
        raise EngineUnavailable("gTTS is not installed", hint="pip install gTTS") from exc
    return gtts


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def backoff_seconds(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter for retry number ``attempt`` (1-based)."""
    return rng.uniform(0, min(cap, base * 2 ** (attempt - 1)))


class GttsEngine:
    """Synthesize with gTTS, with timeouts and retries."""

    name: ClassVar[str] = "gtts"
    paced: ClassVar[bool] = False
    """Only two paces (normal and slow): ``Voice.speed`` is not applied exactly."""

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        retries: int = 4,
        backoff_base: float = 1.0,
        backoff_cap: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        seed: int | None = None,
    ) -> None:
        _import_gtts()
        self.timeout = timeout
        self.retries = retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.sleep = sleep
        self.rng = random.Random(seed)

    def cache_token(self, voice: Voice) -> str:
        """gTTS version (Google may change the voice, but we cannot see that)."""
        return f"gTTS {metadata.version('gTTS')}"

    def _mp3(self, text: str, voice: Voice) -> bytes:
        gtts = _import_gtts()
        import requests

        params = voice.params
        lang = str(params.get("lang", voice.language))
        tld = str(params.get("tld", "com"))
        try:
            slow = bool(params.get("slow", False)) or voice.speed <= SLOW_AT
            tts = gtts.gTTS(text, lang=lang, tld=tld, slow=slow, timeout=self.timeout)
        except (ValueError, AssertionError) as exc:
            raise EngineError(f"gtts cannot speak {lang!r}: {exc}") from exc
        attempt = 0
        while True:
            buf = io.BytesIO()
            try:
                tts.write_to_fp(buf)
                return buf.getvalue()
            except gtts.tts.gTTSError as exc:
                attempt += 1
                rsp = exc.rsp
                cause = exc.__context__
                host = f"translate.google.{tld}"
                if rsp is None and isinstance(cause, requests.exceptions.Timeout):
                    reason, wait = f"{host} timed out after {self.timeout:g} s", None
                elif rsp is None:
                    raise EngineUnavailable(
                        f"gtts cannot reach {host}", hint="it needs internet access; use the offline piper engine"
                    ) from exc
                elif rsp.status_code in RETRY_STATUSES:
                    reason = f"{host} answered HTTP {rsp.status_code}"
                    wait = retry_after_seconds(rsp.headers.get("Retry-After"))
                else:
                    raise EngineError(f"gtts failed: {exc.msg}") from exc
                if attempt > self.retries:
                    raise EngineError(f"gtts gave up after {attempt} tries: {reason}") from exc
                if wait is None:
                    wait = backoff_seconds(attempt, self.backoff_base, self.backoff_cap, self.rng)
                self.sleep(min(wait, self.backoff_cap * 4))

    def synthesize(self, text: str, voice: Voice) -> Audio:
        """Speak ``text`` through the online service."""
        from ..ffmpeg import decode_to_pcm

        mp3 = self._mp3(text, voice)
        if not mp3:
            raise EngineError(f"gtts returned no audio for {text[:60]!r}")
        return Audio(decode_to_pcm(mp3, SAMPLE_RATE, name="gtts audio"), SAMPLE_RATE)


def probe() -> tuple[bool, str]:
    """Usable when gTTS is installed; it also needs internet access at run time."""
    try:
        version = metadata.version("gTTS")
    except metadata.PackageNotFoundError:
        return False, "gTTS is not installed (pip install gTTS)"
    return True, f"gTTS {version}; online: needs internet access to translate.google.com"
