"""Showing a batch: a progress line as entries settle, a summary at the end, or JSON.

On a terminal the progress is one line rewritten in place (failures are
printed above it as they happen); elsewhere (cron, CI logs) it is one plain
line per entry. Rendering the summary is pure: ``summary_json`` and
``summary_lines`` return values, the caller prints them.
"""

from __future__ import annotations

from typing import IO, Any

from .run import BatchSummary, EntryReport

STATUS_ORDER = ("rendered", "skipped", "failed", "planned", "deferred")


def _name(report: EntryReport) -> str:
    return report.slug or report.key


def entry_line(report: EntryReport) -> str:
    """One entry as one line: status, slug (or id), reason and time."""
    if report.status == "failed":
        return f"failed    {report.key}: {report.reason}"
    if report.status == "rendered":
        counts = f", {report.synthesized} synthesized, {report.cached} cached"
        return f"rendered  {_name(report)}  ({report.reason}, {report.seconds:.1f} s{counts})"
    if report.status == "planned":
        return f"would render  {_name(report)}  ({report.reason})"
    return f"{report.status:<9} {_name(report)}  ({report.reason})"


def counts_text(counts: dict[str, int] | Any) -> str:
    """"3 rendered, 17 skipped, 1 failed" (statuses with zero left out, except failed)."""
    parts = [f"{counts.get(s, 0)} {s}" for s in STATUS_ORDER if counts.get(s, 0) or s == "failed"]
    return ", ".join(parts)


def summary_lines(summary: BatchSummary) -> list[str]:
    """The closing summary: counts, then every failure on its own line."""
    head = f"{summary.kind} {summary.source}: {counts_text(summary.counts)} in {summary.seconds:.1f} s"
    if summary.dry_run:
        head += " (dry run: nothing written)"
    lines = [head]
    if summary.dry_run:
        lines += [entry_line(r) for r in summary.reports if r.status == "planned"]
    lines += [entry_line(r) for r in summary.failures]
    return lines


def summary_json(summary: BatchSummary) -> dict[str, Any]:
    """A machine-readable summary: counts, each worker's peak memory and, per entry, status, slug, reason and seconds."""
    return {
        "source": summary.source,
        "output": summary.out_dir,
        "kind": summary.kind,
        "dry_run": summary.dry_run,
        "seconds": round(summary.seconds, 3),
        "counts": dict(summary.counts),
        "workers": [
            {"pid": pid, "peak_rss_mb": round(kb / 1024, 1)} for pid, kb in sorted(worker_peaks(summary).items())
        ],
        "entries": [
            {
                "id": r.key,
                "title": r.title,
                "slug": r.slug,
                "status": r.status,
                "reason": r.reason,
                "seconds": round(r.seconds, 3),
                "synthesized": r.synthesized,
                "cached": r.cached,
                "durations_s": {v: round(ms / 1000, 3) for v, ms in r.durations_ms},
                **_worker(r),
            }
            for r in summary.reports
        ],
    }


def _worker(report: EntryReport) -> dict[str, Any]:
    """The worker that rendered an entry and its peak memory then (nothing for an entry not run)."""
    if not report.worker:
        return {}
    return {"worker": {"pid": report.worker, "peak_rss_mb": round(report.worker_peak_kb / 1024, 1)}}


def worker_peaks(summary: BatchSummary) -> dict[int, int]:
    """Each worker's peak resident memory over the run, in KiB, by process id."""
    peaks: dict[int, int] = {}
    for report in summary.reports:
        if report.worker:
            peaks[report.worker] = max(peaks.get(report.worker, 0), report.worker_peak_kb)
    return peaks


class ProgressPrinter:
    """Prints each settled entry: a rewritten status line on a terminal, plain lines elsewhere."""

    def __init__(self, stream: IO[str], *, tty: bool) -> None:
        self.stream = stream
        self.tty = tty
        self.counts: dict[str, int] = {}
        self.width = 0

    def __call__(self, report: EntryReport, done: int, total: int) -> None:
        """Show one settled entry."""
        self.counts[report.status] = self.counts.get(report.status, 0) + 1
        if not self.tty:
            self.stream.write(f"[{done}/{total}] {entry_line(report)}\n")
            self.stream.flush()
            return
        if report.status == "failed":
            self._clear()
            self.stream.write(entry_line(report) + "\n")
        status = f"[{done}/{total}] {counts_text(self.counts)}  {report.status} {_name(report)}"[:120]
        self.stream.write("\r" + status.ljust(self.width))
        self.width = len(status)
        self.stream.flush()

    def _clear(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.width = 0

    def close(self) -> None:
        """End the status line (terminal only)."""
        if self.tty and self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0
