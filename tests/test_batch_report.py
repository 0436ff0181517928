"""Showing a batch: the progress line, the closing summary, the JSON summary."""

from __future__ import annotations

import io

from audioreview.batch.report import ProgressPrinter, entry_line, summary_json, summary_lines, worker_peaks
from audioreview.batch.run import BatchSummary, EntryReport

REPORTS = (
    EntryReport("g1", "One", "rendered", "new", "one", 2.25, 9, 3, (("full", 61250), ("short", 20500)), 41, 204800),
    EntryReport("g2", "Two", "skipped", "unchanged", "two"),
    EntryReport("g3", "Three", "failed", "no content or summary"),
)
SUMMARY = BatchSummary(
    source="feed.xml", out_dir="out", kind="feed", reports=REPORTS, seconds=3.0,
    counts={"rendered": 1, "skipped": 1, "failed": 1, "planned": 0, "deferred": 0},
)  # fmt: skip


def test_entry_lines() -> None:
    assert [entry_line(r) for r in REPORTS] == [
        "rendered  one  (new, 2.2 s, 9 synthesized, 3 cached)",
        "skipped   two  (unchanged)",
        "failed    g3: no content or summary",
    ]


def test_summary_lines_list_every_failure() -> None:
    assert summary_lines(SUMMARY) == [
        "feed feed.xml: 1 rendered, 1 skipped, 1 failed in 3.0 s",
        "failed    g3: no content or summary",
    ]


def test_summary_json() -> None:
    doc = summary_json(SUMMARY)
    assert doc["counts"] == dict(SUMMARY.counts)
    assert doc["entries"][0] == {
        "id": "g1", "title": "One", "slug": "one", "status": "rendered", "reason": "new", "seconds": 2.25,
        "synthesized": 9, "cached": 3, "durations_s": {"full": 61.25, "short": 20.5},
        "worker": {"pid": 41, "peak_rss_mb": 200.0},
    }  # fmt: skip
    assert doc["entries"][2]["slug"] is None
    assert "worker" not in doc["entries"][1]
    assert doc["workers"] == [{"pid": 41, "peak_rss_mb": 200.0}]


def test_each_workers_peak_is_its_largest() -> None:
    reports = (
        EntryReport("a", "A", "rendered", "new", "a", worker=7, worker_peak_kb=1000),
        EntryReport("b", "B", "failed", "bad", worker=7, worker_peak_kb=3000),
        EntryReport("c", "C", "rendered", "new", "c", worker=9, worker_peak_kb=2000),
        EntryReport("d", "D", "skipped", "unchanged", "d"),
    )
    summary = BatchSummary(source="s", out_dir="o", kind="folder", reports=reports)
    assert worker_peaks(summary) == {7: 3000, 9: 2000}


def test_progress_plain_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    printer = ProgressPrinter(stream, tty=False)
    for n, report in enumerate(REPORTS, 1):
        printer(report, n, 3)
    printer.close()
    assert stream.getvalue().splitlines() == [
        "[1/3] rendered  one  (new, 2.2 s, 9 synthesized, 3 cached)",
        "[2/3] skipped   two  (unchanged)",
        "[3/3] failed    g3: no content or summary",
    ]


def test_progress_line_on_a_terminal() -> None:
    stream = io.StringIO()
    printer = ProgressPrinter(stream, tty=True)
    for n, report in enumerate(REPORTS, 1):
        printer(report, n, 3)
    printer.close()
    text = stream.getvalue()
    assert text.count("\n") == 2  # the failure on its own line, then the status line ends
    assert "failed    g3: no content or summary\n" in text
    assert text.rstrip("\n").rsplit("\r", 1)[-1].startswith("[3/3] 1 rendered, 1 skipped, 1 failed  failed g3")
