"""A finished file is kept under its assembled PCM: the same audio is not mastered twice."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from audioreview.engines.base import Voice
from audioreview.engines.fake import FakeEngine
from audioreview.model import Metadata, Script, Section, Segment
from audioreview.render import assemble as asm
from audioreview.render import version as rv
from audioreview.render.master import MasterSpec
from audioreview.render.synthesize import Cast, SegmentCache, synthesize_all

pytestmark = pytest.mark.real  # the bundled ffmpeg encodes

RATE = 16000
VOICE = Voice("fake", "fake", params={"ms_per_char": 60})
SPEC = MasterSpec()


def script(words: str) -> Script:
    segs = tuple(Segment(w, w.capitalize() + ".", pause_after_ms=300) for w in words.split())
    return Script(meta=Metadata(title="T"), sections=(Section("Review", segs),))


def render(s: Script, cache: SegmentCache, out: Path, spec: MasterSpec = SPEC) -> rv.RenderedVersion:
    engine = FakeEngine()
    takes, _ = synthesize_all(s.segments, Cast((engine, VOICE), (engine, VOICE)), cache)
    return rv.render_version(s, takes.take, RATE, asm.Stings(None, None), spec, out, kept=cache)


def test_the_same_audio_is_mastered_once_and_an_edit_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = SegmentCache(tmp_path / "cache")
    calls: list[str] = []
    real = rv.master

    def counting(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        calls.append(str(kwargs.get("name")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rv, "master", counting)
    first = render(script("alpha beta gamma delta"), cache, tmp_path / "a" / "one.mp3")
    again = render(script("alpha beta gamma delta"), cache, tmp_path / "b" / "one.mp3")
    assert len(calls) == 1
    assert (tmp_path / "a" / "one.mp3").read_bytes() == (tmp_path / "b" / "one.mp3").read_bytes()
    assert again.loudness == first.loudness and again.timeline == first.timeline
    render(script("alpha beta gamma epsilon"), cache, tmp_path / "c" / "one.mp3")
    assert len(calls) == 2  # different audio
    render(script("alpha beta gamma delta"), cache, tmp_path / "d" / "one.mp3", dataclasses.replace(SPEC, bitrate_kbps=128))
    assert len(calls) == 3  # same audio, another file asked for


def test_a_damaged_kept_file_is_made_again(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path / "cache")
    render(script("alpha beta"), cache, tmp_path / "a" / "one.mp3")
    for kept in (tmp_path / "cache" / "masters").iterdir():
        kept.write_bytes(kept.read_bytes()[:-100])
    again = render(script("alpha beta"), cache, tmp_path / "b" / "one.mp3")
    assert (tmp_path / "b" / "one.mp3").read_bytes() == (tmp_path / "a" / "one.mp3").read_bytes()
    assert again.loudness.integrated_lufs == pytest.approx(-16.0, abs=0.5)
