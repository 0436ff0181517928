"""Takes spoken side by side: one thread per lane of an engine that speaks in parallel.

An engine with :class:`~audioreview.engines.base.SpeaksInParallel` has lanes,
each its own loaded model speaking one take at a time. :func:`side_by_side`
gives each lane a thread that takes the next take to speak as it finishes
the last, and hands the results back to the calling thread as they come; it
does not decide what to speak or keep anything, so what a run makes does not
depend on how many lanes spoke it. The first failure stops every lane before
its next take (a Ctrl-C too), and is raised in the calling thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator, Iterable, Sequence
from typing import TypeVar

from ..engines.base import Engine, SpeaksInParallel

Job = TypeVar("Job")
Result = TypeVar("Result")

POLL_S = 0.2
"""How often the calling thread wakes while waiting for a take (so a Ctrl-C is seen at once)."""


def lane_count(engines: Iterable[Engine]) -> int:
    """How many takes ``engines`` can speak at once: the fewest lanes among those that speak in parallel, else 1."""
    counts = [engine.lanes for engine in engines if isinstance(engine, SpeaksInParallel)]
    return max(1, min(counts, default=1))


def side_by_side(jobs: Sequence[Job], lanes: int, speak: Callable[[Job, int], Result]) -> Generator[tuple[int, Result], None, None]:
    """``speak(job, lane)`` for every job, on ``lanes`` threads; yields (the job's index, its result) as each ends.

    The jobs are taken in order, each by the next free lane, and a lane's
    thread always passes its own index. With one lane (or one job) they are
    spoken here, in order. The first exception ``speak`` raises is raised
    here once the lanes have stopped; closing the iterator early (or a
    KeyboardInterrupt while waiting) stops them too: no lane starts another
    job, and the threads are joined before this returns.
    """
    if lanes <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            yield index, speak(job, 0)
        return
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(jobs)):
        todo.put(index)
    done: queue.SimpleQueue[tuple[int, Result] | BaseException] = queue.SimpleQueue()
    stop = threading.Event()

    def work(lane: int) -> None:
        while not stop.is_set():
            try:
                index = todo.get_nowait()
            except queue.Empty:
                return
            try:
                done.put((index, speak(jobs[index], lane)))
            except BaseException as exc:  # noqa: BLE001 - handed to the calling thread, which raises it
                stop.set()
                done.put(exc)
                return

    threads = [threading.Thread(target=work, args=(lane,), name=f"speak-{lane}") for lane in range(min(lanes, len(jobs)))]
    for thread in threads:
        thread.start()
    try:
        for _ in jobs:
            item = _next(done)
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def _next(done: queue.SimpleQueue[Result]) -> Result:
    """The next item from ``done``, waking every POLL_S so a signal is handled while waiting."""
    while True:
        try:
            return done.get(timeout=POLL_S)
        except queue.Empty:
            continue
