"""Running entries: the task a worker runs, and the executors that run it.

``render_entry`` is a top-level function taking one picklable ``RenderJob``
(an Entry, its slug, the output folder and the frozen Settings) and returning
a small ``EntryResult``; it never raises for a bad entry. Executors:

- ``--jobs 1``: ``InlineExecutor``, in this process;
- ``--jobs N``: a ``ProcessPoolExecutor`` whose initializer loads the voices
  once per worker (fork on Linux, so ``python -m audioreview`` works too);
- ``--executor dask``: ``dask.distributed.Client(scheduler).get_executor()``.
  Workers write ``DIR/<slug>/`` themselves, so on a real cluster the output
  and cache folders must be a shared file system mounted at the same path.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from ..errors import AudioReviewError, ConfigError
from ..settings import Settings
from .entries import Entry, entry_review

T = TypeVar("T")
ExecutorKind = Literal["process", "dask"]
DASK_HINT = 'pip install "audioreview[dask]"'
_WARMED: set[tuple[str, str, str | None, str | None]] = set()


@dataclass(frozen=True, slots=True)
class RenderJob:
    """Everything a worker needs to produce one entry."""

    entry: Entry
    slug: str
    out_dir: str
    settings: Settings
    force: bool = False
    """Render even when the production on disk is up to date."""


@dataclass(frozen=True, slots=True)
class EntryResult:
    """What came of one entry: small, so it travels back cheaply."""

    key: str
    slug: str
    ok: bool
    title: str = ""
    error: str = ""
    seconds: float = 0.0
    durations_ms: tuple[tuple[str, int], ...] = ()
    """(version, milliseconds) for each version made."""
    synthesized: int = 0
    cached: int = 0
    worker: int = 0
    """Process id of the worker that ran the entry."""
    worker_peak_kb: int = 0
    """That worker's own peak resident memory so far, in KiB (its ffmpeg children not included)."""


def worker_peak_kb() -> int:
    """This process's peak resident set size in KiB (``ru_maxrss``, which macOS gives in bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def warm_worker(settings: Settings) -> None:
    """Load the cast's engines and voice models once per process (best effort: errors show up per entry)."""
    ident = (settings.narrator, settings.host, settings.engine, settings.voices_dir)
    if ident in _WARMED:
        return
    _WARMED.add(ident)
    try:
        from ..engines import get_engine
        from ..engines.base import KnowsSampleRate
        from ..engines.cast import cast_roles, engine_options

        for voice in cast_roles(settings):
            engine = get_engine(voice.engine, engine_options(settings))
            if isinstance(engine, KnowsSampleRate):
                engine.sample_rate(voice)  # loads the voice
    except Exception:  # noqa: BLE001  (a broken voice is reported by each entry that needs it)
        return


def shared_cores(settings: Settings, jobs: int) -> Settings:
    """``settings`` for one of ``jobs`` worker processes: the cores shared out between them.

    An explicit ``piper_threads`` or ``piper_sessions`` is kept; otherwise each
    worker speaks with one session of its voice, given its share of the cores
    (so two workers on two cores run one thread each).
    """
    if jobs <= 1:
        return settings
    cores = os.cpu_count() or 1
    threads = settings.piper_threads or max(1, cores // jobs)
    return settings.replace(piper_threads=threads, piper_sessions=settings.piper_sessions or 1)


def init_worker(settings: Settings) -> None:
    """ProcessPoolExecutor initializer: load the voices once per worker."""
    warm_worker(settings)


def render_entry(job: RenderJob) -> EntryResult:
    """Read and produce one entry into ``out_dir/<slug>/``; failures come back as a result, not raised."""
    from ..pipeline import produce

    start = time.monotonic()
    entry = job.entry
    warm_worker(job.settings)
    try:
        review = entry_review(entry)
        production = produce(
            review, job.settings, out_dir=job.out_dir, slug=job.slug, force=job.force, keep_voices=True
        )
    except AudioReviewError as exc:
        return _failed(job, str(exc), start)
    except Exception as exc:  # a bug met by one entry must not stop the batch
        return _failed(job, f"internal error: {type(exc).__name__}: {exc}", start)
    renditions = production.renditions
    return EntryResult(
        key=entry.key,
        slug=job.slug,
        ok=True,
        title=production.meta.title,
        seconds=time.monotonic() - start,
        durations_ms=tuple((r.version, r.duration_ms) for r in renditions),
        # Every rendition carries the same synthesis counts (one synthesis pass feeds all versions).
        synthesized=renditions[0].synthesized if renditions else 0,
        cached=renditions[0].cached if renditions else 0,
        worker=os.getpid(),
        worker_peak_kb=worker_peak_kb(),
    )


def _failed(job: RenderJob, message: str, start: float) -> EntryResult:
    return EntryResult(
        key=job.entry.key, slug=job.slug, ok=False, title=job.entry.title,
        error=" ".join(message.split()), seconds=time.monotonic() - start,
        worker=os.getpid(), worker_peak_kb=worker_peak_kb(),
    )  # fmt: skip


class InlineExecutor(Executor):
    """Runs each task in this process at submit time (``--jobs 1``)."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Run ``fn`` now; return a finished Future."""
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


def default_jobs(settings: Settings) -> int:
    """``settings.jobs`` when set, else one per core."""
    return settings.jobs if settings.jobs > 0 else (os.cpu_count() or 1)


def _process_context() -> Any:
    # fork starts workers without re-importing __main__ (python -m audioreview has no main guard)
    # and is safe here: the coordinator has no threads running when the pool starts.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return None


@dataclass(frozen=True, slots=True)
class Workers:
    """An executor and how many tasks it runs at once."""

    executor: Executor
    slots: int


@contextlib.contextmanager
def open_executor(kind: ExecutorKind, jobs: int, settings: Settings, scheduler: str | None = None) -> Iterator[Workers]:
    """The executor for a run; shut down (and a dask client closed) on the way out."""
    if kind == "dask":
        with _dask_executor(scheduler, jobs) as workers:
            yield workers
        return
    if kind != "process":
        raise ConfigError(f"unknown executor {kind!r}", hint="use process or dask")
    if jobs <= 1:
        yield Workers(InlineExecutor(), 1)
        return
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=_process_context(), initializer=init_worker, initargs=(settings,)
    )
    try:
        yield Workers(pool, jobs)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


@contextlib.contextmanager
def _dask_executor(scheduler: str | None, jobs: int) -> Iterator[Workers]:
    try:
        from dask.distributed import Client
    except ImportError as exc:
        raise ConfigError("the dask executor needs dask.distributed, which is not installed", hint=DASK_HINT) from exc
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            client = Client(n_workers=max(1, jobs), threads_per_worker=1, processes=True)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(f"cannot reach the dask scheduler {scheduler or '(local)'}: {exc}") from exc
    try:
        slots = sum(client.nthreads().values()) or jobs
        yield Workers(client.get_executor(pure=False), max(1, slots))
    finally:
        client.close()
