"""The coordinator: collect entries, decide, dispatch, record, report.

Only this process writes the state store, and it records an entry only after
the worker has returned (so after every file of the production is in place).
At most ``2 * jobs`` entries are in flight, so a run killed at any moment
loses only those; the next run skips every entry already recorded.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from ..errors import AudioReviewError, BatchError, PublishError
from ..files import sweep_temp_files, write_atomic
from ..model import VERSIONS
from ..publish.manifest import manifest_path, read_manifest
from ..settings import Settings
from ..slugs import version_stem
from .entries import Entry
from .frontmatter import set_audio
from .plan import Action, assign_slugs, decide, find_duplicates, select, settings_fingerprint
from .sources import Collected, Fetcher, collect
from .state import StateRow, StateStore, batch_lock
from .work import (
    EntryResult,
    ExecutorKind,
    InlineExecutor,
    RenderJob,
    Workers,
    default_jobs,
    open_executor,
    render_entry,
    shared_cores,
)

Status = Literal["rendered", "skipped", "failed", "planned", "deferred"]


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How to run a batch (everything but the render settings)."""

    out_dir: str
    jobs: int | None = None
    """Workers (None: ``settings.jobs``, else one per core); 1 runs in this process."""
    executor: ExecutorKind = "process"
    scheduler: str | None = None
    """Dask scheduler address (``tcp://host:8786``); None starts a local cluster."""
    limit: int | None = None
    """Render at most this many entries; the rest wait for the next run ("deferred")."""
    since: str | None = None
    """Only entries published on or after this date (undated entries are kept)."""
    only: tuple[str, ...] = ()
    """Only these entries (by id, link, slug or post path)."""
    dry_run: bool = False
    force: bool = False
    fetch_full: bool = False
    update_front_matter: bool = False
    base_url: str | None = None


@dataclass(frozen=True, slots=True)
class EntryReport:
    """How one entry fared in a run."""

    key: str
    title: str
    status: Status
    reason: str = ""
    slug: str | None = None
    seconds: float = 0.0
    synthesized: int = 0
    cached: int = 0
    durations_ms: tuple[tuple[str, int], ...] = ()
    worker: int = 0
    """Process id of the worker that rendered it (0: not rendered in this run)."""
    worker_peak_kb: int = 0
    """That worker's peak resident memory when it was done, in KiB."""


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """A whole run: one report per entry, in source order."""

    source: str
    out_dir: str
    kind: str
    reports: tuple[EntryReport, ...]
    seconds: float = 0.0
    dry_run: bool = False
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def failures(self) -> tuple[EntryReport, ...]:
        """The entries that failed."""
        return tuple(r for r in self.reports if r.status == "failed")


OnReport = Callable[[EntryReport, int, int], None]
"""Called as each entry is settled: (report, entries settled so far, entries in the run)."""


def _count(reports: Sequence[EntryReport]) -> dict[str, int]:
    counts = dict.fromkeys(("rendered", "skipped", "failed", "planned", "deferred"), 0)
    for report in reports:
        counts[report.status] += 1
    return counts


def output_present(out_dir: Path, slug: str) -> bool:
    """True when ``out_dir/<slug>/`` holds a readable manifest and every MP3 it lists."""
    folder = out_dir / slug
    try:
        manifest = read_manifest(manifest_path(folder))
    except PublishError:
        return False
    return all((folder / entry.audio).is_file() for entry in manifest.versions.values())


def audio_fields(slug: str, durations_ms: Mapping[str, int], base_url: str | None) -> dict[str, Any]:
    """The ``audio:`` front-matter mapping for a production."""
    prefix = base_url.rstrip("/") + "/" if base_url else ""
    fields: dict[str, Any] = {}
    for version in VERSIONS:
        if version in durations_ms:
            fields[version] = f"{prefix}{slug}/{version_stem(slug, version)}.mp3"
    for version in VERSIONS:
        if version in durations_ms:
            fields[f"{version}_duration_s"] = round(durations_ms[version] / 1000, 3)
    return fields


def update_post(path: Path, audio: Mapping[str, Any]) -> bool:
    """Set the post's ``audio:`` front matter; True when the file changed."""
    try:
        original = path.read_bytes()
        text = original.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PublishError(f"{path}: not UTF-8; front matter left alone") from exc
    except OSError as exc:
        raise PublishError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    updated = set_audio(text, audio, name=str(path))
    if updated == text:
        return False
    sweep_temp_files(path.parent)
    if path.read_bytes() != original:
        raise PublishError(f"{path}: changed while the batch ran; front matter left alone")
    write_atomic(path, updated.encode("utf-8"))
    return True


def run_batch(
    source: str,
    settings: Settings,
    options: BatchOptions,
    *,
    on_report: OnReport | None = None,
    fetcher: Fetcher | None = None,
) -> BatchSummary:
    """Produce every new or changed entry of ``source`` into ``options.out_dir``.

    Raises IngestError when the source cannot be read and BatchError when the
    output folder is busy or its state unusable; a failing entry is reported in
    the summary and the run goes on.
    """
    started = time.monotonic()
    since = _since(options.since)
    out = Path(options.out_dir)
    collected = collect(source, settings, fetch_full=options.fetch_full, fetcher=fetcher, exclude=out)
    if not settings.show_name and collected.site_name:
        settings = settings.replace(show=collected.site_name)  # the feed's name, never a placeholder
    if options.dry_run:
        store = StateStore.open(out, readonly=True)
        try:
            reports = _run(collected, settings, options, since, store, on_report, dry=True)
        finally:
            store.close()
    else:
        with batch_lock(out):
            store = StateStore.open(out)
            try:
                reports = _run(collected, settings, options, since, store, on_report, dry=False)
            finally:
                store.close()
    return BatchSummary(
        source=source, out_dir=str(out), kind=collected.kind, reports=tuple(reports),
        seconds=time.monotonic() - started, dry_run=options.dry_run, counts=_count(reports),
    )  # fmt: skip


def _since(raw: str | None) -> str | None:
    if not raw:
        return None
    from ..values import parse_date

    parsed = parse_date(raw)
    if parsed is None:
        raise BatchError(f"--since {raw!r} is not a date", hint="use YYYY-MM-DD")
    return parsed


class _Progress:
    """Collects the reports as entries settle, and passes each on."""

    def __init__(self, total: int, on_report: OnReport | None) -> None:
        self.total, self.on_report = total, on_report
        self.problems: list[EntryReport] = []
        self.reports: dict[str, EntryReport] = {}

    def problem(self, report: EntryReport) -> None:
        """An entry that failed before it could be considered (several may share a key)."""
        self.problems.append(report)
        self._emit(report)

    def __call__(self, report: EntryReport) -> None:
        self.reports[report.key] = report
        self._emit(report)

    def _emit(self, report: EntryReport) -> None:
        if self.on_report:
            self.on_report(report, len(self.problems) + len(self.reports), self.total)

    def ordered(self, entries: Sequence[Entry]) -> list[EntryReport]:
        """Entries in source order, then the problems."""
        return [self.reports[e.key] for e in entries if e.key in self.reports] + self.problems


def _run(
    collected: Collected,
    settings: Settings,
    options: BatchOptions,
    since: str | None,
    store: StateStore,
    on_report: OnReport | None,
    *,
    dry: bool,
) -> list[EntryReport]:
    out = Path(options.out_dir)
    rows = store.rows()
    unique, duplicates = find_duplicates(collected.entries)
    entries = select(unique, rows, only=options.only, since=since)
    problems = [p for p in (*collected.problems, *duplicates) if not options.only or p.key in options.only]
    if options.only and not entries and not problems:
        raise BatchError(f"--only {', '.join(options.only)}: no such entry in {collected.kind}")
    fingerprint = settings_fingerprint(settings)
    slugs = assign_slugs(entries, rows)
    actions = {e.key: _decide(e, rows.get(e.key), fingerprint, out, slugs[e.key], options.force) for e in entries}
    wanted = [e for e in entries if actions[e.key].render]
    limit = len(wanted) if options.limit is None else max(0, options.limit)
    to_render, deferred = wanted[:limit], wanted[limit:]
    progress = _Progress(len(entries) + len(problems), on_report)
    for problem in problems:
        progress.problem(EntryReport(problem.key, problem.title, "failed", problem.reason))
    deferred_keys = {e.key for e in deferred}
    for entry in entries:
        action = actions[entry.key]
        if not action.render:
            progress(_stored_report(entry, rows.get(entry.key), "skipped", action.reason))
        elif entry.key in deferred_keys:
            progress(EntryReport(entry.key, entry.title, "deferred", f"{action.reason}; over --limit", slugs[entry.key]))
        elif dry:
            progress(EntryReport(entry.key, entry.title, "planned", action.reason, slugs[entry.key]))
    if not dry and to_render:
        store.reserve((e.key, slugs[e.key], e.title) for e in to_render)
        _dispatch(to_render, slugs, actions, settings, options, fingerprint, store, progress)
    if options.update_front_matter and not dry:
        _update_front_matter(entries, store.rows(), out, options, progress)
    return progress.ordered(entries)


def _decide(entry: Entry, row: StateRow | None, fingerprint: str, out: Path, slug: str, force: bool) -> Action:
    present = row is not None and row.content_hash is not None and output_present(out, slug)
    return decide(entry, row, fingerprint, output_present=present, force=force)


def _stored_report(entry: Entry, row: StateRow | None, status: Status, reason: str) -> EntryReport:
    durations = tuple(sorted((row.durations_ms or {}).items())) if row else ()
    return EntryReport(entry.key, entry.title, status, reason, row.slug if row else None, durations_ms=durations)


def _dispatch(
    entries: Sequence[Entry],
    slugs: Mapping[str, str],
    actions: Mapping[str, Action],
    settings: Settings,
    options: BatchOptions,
    fingerprint: str,
    store: StateStore,
    progress: _Progress,
) -> None:
    jobs = options.jobs if options.jobs is not None else default_jobs(settings)
    jobs = max(1, min(jobs, len(entries)))
    if options.executor == "process" or options.scheduler is None:
        # The workers are on this machine (a process pool or a local Dask cluster): share its cores.
        settings = shared_cores(settings, jobs)
    jobs_for = [
        RenderJob(entry=entry, slug=slugs[entry.key], out_dir=options.out_dir, settings=settings, force=options.force)
        for entry in entries
    ]

    def pool() -> contextlib.AbstractContextManager[Workers]:
        return open_executor(options.executor, jobs, settings, options.scheduler)

    for job, result in run_jobs(pool, jobs_for):
        entry = job.entry
        if result.ok:
            store.record(
                entry.key, title=entry.title, content_hash=entry.digest, settings_hash=fingerprint,
                durations_ms=dict(result.durations_ms),
            )  # fmt: skip
            status: Status = "rendered"
            reason: str = actions[entry.key].reason
        else:
            status, reason = "failed", result.error
        progress(
            EntryReport(
                entry.key, entry.title, status, reason, result.slug, result.seconds,
                result.synthesized, result.cached, result.durations_ms, result.worker, result.worker_peak_kb,
            )  # fmt: skip
        )


def run_jobs(
    pool: Callable[[], contextlib.AbstractContextManager[Workers]], jobs: Sequence[RenderJob]
) -> Iterator[tuple[RenderJob, EntryResult]]:
    """Run ``jobs``, two per worker slot in flight; yield each result as it comes.

    When a worker process dies (killed, out of memory, a crash in an engine)
    the pool breaks: the jobs in flight are reported failed and a fresh pool
    runs the rest.
    """
    queue = deque(jobs)
    while queue:
        with pool() as workers:
            executor = workers.executor
            size = 1 if isinstance(executor, InlineExecutor) else 2 * workers.slots
            pending: dict[Future[EntryResult], RenderJob] = {}
            broken = False
            while queue or pending:
                while queue and not broken and len(pending) < size:
                    job = queue.popleft()
                    try:
                        pending[executor.submit(render_entry, job)] = job
                    except BrokenExecutor as exc:
                        broken = True
                        if pending:
                            queue.appendleft(job)
                        else:  # a pool that cannot take even one job: give up on this one, try the next
                            message = f"worker pool unusable: {type(exc).__name__}: {exc}"
                            yield job, EntryResult(job.entry.key, job.slug, ok=False, error=message)
                if not pending:
                    break
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for future in done:
                    job = pending.pop(future)
                    broken = broken or isinstance(future.exception(), BrokenExecutor)
                    yield job, _result_of(future, job.entry, job.slug)


def _result_of(future: Future[EntryResult], entry: Entry, slug: str) -> EntryResult:
    try:
        return future.result()
    except Exception as exc:  # the worker itself died (killed, out of memory, lost by dask)
        message = " ".join(f"worker failed: {type(exc).__name__}: {exc}".split())
        return EntryResult(key=entry.key, slug=slug, ok=False, title=entry.title, error=message)


def _update_front_matter(
    entries: Sequence[Entry], rows: Mapping[str, StateRow], out: Path, options: BatchOptions, progress: _Progress
) -> None:
    for entry in entries:
        row = rows.get(entry.key)
        if entry.path is None or entry.fmt != "md" or row is None or row.content_hash is None:
            continue
        report = progress.reports.get(entry.key)
        if report is None or report.status not in ("rendered", "skipped") or not output_present(out, row.slug):
            continue
        try:
            update_post(Path(entry.path), audio_fields(row.slug, row.durations_ms or {}, options.base_url))
        except AudioReviewError as exc:
            progress.reports[entry.key] = replace(
                report, status="failed", reason=f"audio made, but the front matter was not updated: {exc}"
            )

