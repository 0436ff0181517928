"""Takes spoken side by side on an engine's lanes: the same result as one at a time, failures stop every lane."""

from __future__ import annotations

import _thread
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest

from audioreview.batch.work import shared_cores
from audioreview.engines.base import EngineOptions, SpeaksInParallel, Voice
from audioreview.engines.cast import engine_options, voice_sessions
from audioreview.engines.fake import FakeEngine
from audioreview.errors import EngineError
from audioreview.model import Audio, Part, Segment
from audioreview.render.lanes import lane_count, side_by_side
from audioreview.render.synthesize import Cast, SegmentCache, synthesize_all
from audioreview.settings import Settings

VOICE = Voice("fake-narrator", "fake")
HOST = Voice("fake-host", "fake", params={"ms_per_char": 40})


class LaneEngine(FakeEngine):
    """The fake engine with lanes: each lane records who spoke what, the first two meet before speaking."""

    name: ClassVar[str] = "fake"

    def __init__(self, lanes: int = 2, fail_on: str = "", delay_s: float = 0.0) -> None:
        super().__init__()
        self._count = lanes
        self.fail_on = fail_on
        self.delay_s = delay_s
        self.spoken: list[tuple[int, int, str]] = []
        """(lane, thread id, text) for every take, in the order spoken."""
        self.meet = threading.Barrier(min(lanes, 2), timeout=5)
        self._views = {index: _Lane(self, index) for index in range(lanes)}

    @property
    def lanes(self) -> int:
        return self._count

    def lane(self, index: int) -> FakeEngine:
        return self._views[index]


class _Lane(FakeEngine):
    name: ClassVar[str] = "fake"

    def __init__(self, owner: LaneEngine, index: int) -> None:
        super().__init__()
        self.owner = owner
        self.index = index
        self.met = False

    def synthesize(self, text: str, voice: Voice) -> Audio:
        if not self.met and self.index < 2:
            self.met = True
            self.owner.meet.wait()  # both lanes are speaking at once
        self.owner.spoken.append((self.index, threading.get_ident(), text))
        if self.owner.delay_s:
            time.sleep(self.owner.delay_s)
        if text == self.owner.fail_on:
            raise RuntimeError("the model broke")
        return super().synthesize(text, voice)


def _segments() -> list[Segment]:
    """Sentences said more than once, by both roles, and a directed one in parts (one part said elsewhere too)."""
    said = [f"Sentence number {n} is {'long ' * (n % 4)}here." for n in range(9)]
    segments = [Segment(text, text) for text in said]
    segments.insert(3, Segment(said[1], said[1]))  # again: spoken once
    segments.append(Segment(said[2], said[2], voice_role="host"))  # another voice: its own take
    parts = (Part(said[4], said[4]), Part("and then some", "and then some", length_scale=1.2))
    segments.insert(5, Segment(f"{said[4]} and then some", f"{said[4]} and then some", parts=parts))
    return segments


def _run(engine: FakeEngine, root: Path | None = None) -> tuple[list[tuple[str, bool]], dict, tuple]:
    cast = Cast((engine, VOICE), (engine, HOST))
    seen: list[tuple[str, bool]] = []
    takes, stats = synthesize_all(_segments(), cast, SegmentCache(root), on_take=lambda s, hit: seen.append((s.text, hit)))
    timed = [(s.text, takes.take(s).words) for s in _segments()]
    return seen, dict(takes.keys), (stats, timed)


def test_two_lanes_give_what_one_at_a_time_gives(tmp_path: Path) -> None:
    alone = FakeEngine()
    serial = _run(alone)
    engine = LaneEngine(lanes=2)
    parallel = _run(engine)
    assert parallel == serial
    assert list(parallel[1]) == list(serial[1])  # the keys recorded in the same order too
    by_lane: dict[int, set[int]] = {}
    for lane, thread, _text in engine.spoken:
        by_lane.setdefault(lane, set()).add(thread)
    assert sorted(by_lane) == [0, 1]
    assert all(len(threads) == 1 for threads in by_lane.values())  # a lane stays on its thread
    assert by_lane[0] != by_lane[1]
    assert sorted(text for _lane, _thread, text in engine.spoken) == sorted(alone.calls)
    assert len(alone.calls) == 11  # each distinct take once (one text by two voices: twice)


def test_a_second_run_finds_every_take_in_the_cache(tmp_path: Path) -> None:
    first = _run(LaneEngine(lanes=2), tmp_path)
    engine = LaneEngine(lanes=2)
    again = _run(engine, tmp_path)
    assert engine.spoken == []
    assert again[1] == first[1]
    assert all(hit for _text, hit in again[0])


def test_a_failing_take_is_one_engine_error_and_stops_the_lanes() -> None:
    said = [f"Sentence {n} is here." for n in range(30)]
    engine = LaneEngine(lanes=2, fail_on=said[2], delay_s=0.01)
    seen: list[str] = []
    with pytest.raises(EngineError) as caught:
        synthesize_all([Segment(t, t) for t in said], Cast((engine, VOICE), (engine, HOST)), SegmentCache(None),
                       on_take=lambda s, _hit: seen.append(s.text))  # fmt: skip
    assert str(caught.value) == "fake failed on 'Sentence 2 is here.': the model broke"
    assert len(engine.spoken) <= 5  # each lane finishes at most the take it had begun
    assert seen == said[:2][: len(seen)]  # only the takes before the failure, in order
    assert not [t for t in threading.enumerate() if t.name.startswith("speak-")]


def test_a_ctrl_c_while_waiting_stops_the_lanes_at_once() -> None:
    started: list[int] = []

    def speak(job: int, _lane: int) -> int:
        started.append(job)
        if job == 3:
            _thread.interrupt_main()
        time.sleep(0.02)
        return job

    with pytest.raises(KeyboardInterrupt):
        list(side_by_side(list(range(200)), 2, speak))
    assert len(started) < 20
    assert not [t for t in threading.enumerate() if t.name.startswith("speak-")]


def test_closing_early_stops_the_lanes() -> None:
    started: list[int] = []

    def speak(job: int, _lane: int) -> int:
        started.append(job)
        time.sleep(0.01)
        return job

    spoken = side_by_side(list(range(100)), 2, speak)
    next(spoken)
    spoken.close()
    assert len(started) < 10
    assert not [t for t in threading.enumerate() if t.name.startswith("speak-")]


def test_one_lane_speaks_in_order_on_the_calling_thread() -> None:
    threads: list[int] = []

    def speak(job: str, lane: int) -> str:
        threads.append(threading.get_ident())
        return f"{job}{lane}"

    assert list(side_by_side(["a", "b", "c"], 1, speak)) == [(0, "a0"), (1, "b0"), (2, "c0")]
    assert set(threads) == {threading.get_ident()}


def test_an_engine_without_lanes_speaks_one_take_at_a_time_beside_one_with_lanes() -> None:
    class Counting(FakeEngine):
        name: ClassVar[str] = "fake-plain"

        def __init__(self) -> None:
            super().__init__()
            self.busy = self.most = 0
            self.lock = threading.Lock()

        def synthesize(self, text: str, voice: Voice) -> Audio:
            with self.lock:
                self.busy += 1
                self.most = max(self.most, self.busy)
            time.sleep(0.005)
            with self.lock:
                self.busy -= 1
            return super().synthesize(text, voice)

    plain, laned = Counting(), LaneEngine(lanes=2)
    laned.meet = threading.Barrier(1)  # the plain engine may hold a lane's thread first
    said = [f"Sentence {n} is here." for n in range(12)]
    segments = [Segment(t, t, voice_role="host" if n % 2 else "narrator") for n, t in enumerate(said)]
    assert lane_count([plain, laned]) == 2
    takes, stats = synthesize_all(segments, Cast((laned, VOICE), (plain, HOST)), SegmentCache(None))
    assert stats.synthesized == 12
    assert plain.most == 1
    assert len(laned.spoken) == 6


def test_the_lane_count_is_the_fewest_lanes_of_the_engines_that_have_them() -> None:
    assert lane_count([FakeEngine()]) == 1
    assert lane_count([]) == 1
    assert lane_count([LaneEngine(lanes=3), FakeEngine(), LaneEngine(lanes=2)]) == 2
    assert isinstance(LaneEngine(), SpeaksInParallel) and not isinstance(FakeEngine(), SpeaksInParallel)


def test_sessions_come_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    assert voice_sessions(Settings()) == 2
    assert voice_sessions(Settings(piper_sessions=3)) == 3
    assert engine_options(Settings(piper_sessions=3)).sessions == 3
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert voice_sessions(Settings()) == 1
    monkeypatch.setattr("os.cpu_count", lambda: None)
    assert voice_sessions(Settings()) == 1


def test_a_batch_of_several_workers_speaks_with_one_session_each(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    shared = shared_cores(Settings(), 2)
    assert (shared.piper_sessions, shared.piper_threads) == (1, 2)
    assert engine_options(shared).sessions == 1
    assert shared_cores(Settings(), 1) == Settings()  # one worker: the machine is its own
    kept = shared_cores(Settings(piper_sessions=2, piper_threads=1), 2)
    assert (kept.piper_sessions, kept.piper_threads) == (2, 1)


def test_piper_has_a_lane_per_session_each_with_one_thread_unless_set() -> None:
    from audioreview.engines.piper import PiperEngine, session_threads

    engine = PiperEngine(EngineOptions(sessions=2))
    assert isinstance(engine, SpeaksInParallel) and engine.lanes == 2
    assert engine.lane(0) is engine and engine.lane(1).on_lane == 1 and engine.lane(1).lane(0) is engine
    with pytest.raises(ValueError):
        engine.lane(2)
    assert PiperEngine().lanes == 1
    assert session_threads(EngineOptions(sessions=2)) == 1
    assert session_threads(EngineOptions(sessions=2, threads=2)) == 2
    assert session_threads(EngineOptions()) == 0
