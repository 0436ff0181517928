"""Engines: the registry, voice profiles, and gTTS tested offline by intercepting HTTP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests
import responses
from fixtures.gtts_replies import gtts_reply, sine_mp3

from audioreview.engines import base, get_engine, load_voices, probe_engines, resolve_voice
from audioreview.engines.gtts import GttsEngine, backoff_seconds, retry_after_seconds
from audioreview.errors import ConfigError, EngineError, EngineUnavailable
from audioreview.model import Audio

GTTS_URL = re.compile(r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/data/batchexecute.*")
VOICE = base.Voice("gtts-us", "gtts", params={"lang": "en", "tld": "com"})


@pytest.fixture(scope="module")
def mp3_bytes() -> bytes:
    return sine_mp3(0.5)


def _engine(sleeps: list[float]) -> GttsEngine:
    return GttsEngine(retries=3, sleep=sleeps.append, seed=7, timeout=2)


def test_builtin_voices_load_with_roles() -> None:
    voices = load_voices()
    assert {"joe", "joe-host", "gtts-us", "gtts-uk"} <= set(voices)
    assert voices["joe"].engine == "piper" and "narrator" in voices["joe"].roles
    assert voices["joe-host"].roles == ("host",)


def test_resolve_voice_checks_roles_and_can_switch_engine() -> None:
    voices = load_voices()
    with pytest.raises(ConfigError, match="cannot take the narrator role"):
        resolve_voice("joe-host", voices, role="narrator")
    with pytest.raises(ConfigError, match="unknown voice"):
        resolve_voice("nobody", voices, role="narrator")
    assert resolve_voice("joe", voices, role="narrator", engine="gtts").engine == "gtts"


def test_bad_profile_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text('name = "x"\n')
    with pytest.raises(ConfigError, match="x.toml.*engine"):
        load_voices(tmp_path)
    (tmp_path / "x.toml").write_text("name = [")
    with pytest.raises(ConfigError, match="x.toml"):
        load_voices(tmp_path)


def test_registry_lists_and_probes() -> None:
    infos = {i.name: i for i in probe_engines()}
    assert {"piper", "gtts", "fake"} <= set(infos)
    assert infos["piper"].usable and infos["piper"].offline
    assert not infos["gtts"].offline
    with pytest.raises(ConfigError, match="unknown engine"):
        get_engine("nope")


def test_cache_key_changes_with_text_and_params() -> None:
    engine = get_engine("fake")
    a = base.cache_key(engine, VOICE, "Hello.")
    assert a == base.cache_key(engine, VOICE, "Hello.")
    assert a != base.cache_key(engine, VOICE, "Hello!")
    slower = base.Voice("gtts-us", "gtts", params={"lang": "en", "tld": "com", "slow": True})
    assert a != base.cache_key(engine, slower, "Hello.")


@responses.activate
def test_gtts_speaks_through_intercepted_http(mp3_bytes: bytes) -> None:
    responses.add(responses.POST, GTTS_URL, body=gtts_reply(mp3_bytes), status=200)
    audio = _engine([]).synthesize("A short sentence.", VOICE)
    assert audio.sample_rate == 24000
    assert 400 < audio.duration_ms < 700
    assert len(responses.calls) == 1
    body = responses.calls[0].request.body
    from urllib.parse import unquote_plus

    assert "A short sentence." in unquote_plus(body if isinstance(body, str) else body.decode())


@responses.activate
def test_gtts_retries_429_then_succeeds_honouring_retry_after(mp3_bytes: bytes) -> None:
    responses.add(responses.POST, GTTS_URL, status=429, headers={"Retry-After": "3"})
    responses.add(responses.POST, GTTS_URL, body=gtts_reply(mp3_bytes), status=200)
    sleeps: list[float] = []
    audio = _engine(sleeps).synthesize("Retry me.", VOICE)
    assert audio.frames > 0
    assert sleeps == [3.0]
    assert len(responses.calls) == 2


@responses.activate
def test_gtts_gives_up_after_retries_on_500() -> None:
    responses.add(responses.POST, GTTS_URL, status=500)
    sleeps: list[float] = []
    with pytest.raises(EngineError, match="gave up after 4 tries.*HTTP 500"):
        _engine(sleeps).synthesize("Never.", VOICE)
    assert len(sleeps) == 3
    assert all(0 <= s <= 30 for s in sleeps)


@responses.activate
def test_gtts_timeout_is_retried_then_reported() -> None:
    responses.add(responses.POST, GTTS_URL, body=requests.exceptions.ReadTimeout("slow"))
    sleeps: list[float] = []
    with pytest.raises(EngineError, match="timed out"):
        _engine(sleeps).synthesize("Slow.", VOICE)
    assert len(sleeps) == 3


@responses.activate
def test_gtts_offline_is_a_clear_unavailable_error() -> None:
    responses.add(responses.POST, GTTS_URL, body=requests.exceptions.ConnectionError("no route"))
    with pytest.raises(EngineUnavailable, match="cannot reach translate.google.com"):
        _engine([]).synthesize("Offline.", VOICE)


@responses.activate
def test_gtts_403_is_not_retried() -> None:
    responses.add(responses.POST, GTTS_URL, status=403)
    sleeps: list[float] = []
    with pytest.raises(EngineError, match="gtts failed"):
        _engine(sleeps).synthesize("Forbidden.", VOICE)
    assert sleeps == []


def test_retry_after_parsing() -> None:
    assert retry_after_seconds("5") == 5.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("garbage") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == pytest.approx(10.0)


def test_backoff_grows_and_is_capped() -> None:
    import random

    rng = random.Random(1)
    values = [backoff_seconds(n, 1.0, 8.0, rng) for n in range(1, 10)]
    assert all(0 <= v <= 8.0 for v in values)
    assert max(values[5:]) > 1.0


class _Loading:
    """An engine that knows its sample rate by loading the voice (slowly), recording on which thread."""

    name = "loading"

    def __init__(self, fail: bool = False) -> None:
        self.loaded_on: list[str] = []
        self.fail = fail

    def synthesize(self, text: str, voice: base.Voice) -> Audio:
        raise AssertionError("not spoken here")

    def cache_token(self, voice: base.Voice) -> str:
        return "loading"

    def sample_rate(self, voice: base.Voice) -> int:
        import threading
        import time

        time.sleep(0.05)
        self.loaded_on.append(threading.current_thread().name)
        if self.fail:
            raise RuntimeError("no such model")
        return 22050


def test_voices_load_in_a_background_thread_and_waiting_joins_it() -> None:
    from audioreview.engines.base import VoiceLoad, load_in_background

    engine, failing = _Loading(), _Loading(fail=True)
    load = VoiceLoad()
    load_in_background([(failing, base.Voice("a", "loading")), (engine, base.Voice("b", "loading"))], load)
    load.wait()
    assert load.thread is not None and not load.thread.is_alive()
    assert engine.loaded_on == ["load-voices"] and failing.loaded_on == ["load-voices"]  # a failure is left to real use


def test_engines_that_cannot_load_without_speaking_start_no_thread() -> None:
    from audioreview.engines.base import VoiceLoad, load_in_background
    from audioreview.engines.fake import FakeEngine

    load = VoiceLoad()
    load_in_background([(FakeEngine(), base.Voice("a", "fake"))], load)
    assert load.thread is None
    load.wait()
