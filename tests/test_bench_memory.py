"""The memory benchmark turns its runs' figures into the bench table's rows."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "memory.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_memory", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_row_reports_the_highest_peak_and_every_wall_time(bench: ModuleType) -> None:
    runs = [
        {"exit_code": 0, "peak_rss_mib": 301.2, "wall_s": 80.4, "audio_s": 600.0},
        {"exit_code": 0, "peak_rss_mib": 310.7, "wall_s": 75.0, "audio_s": 600.0},
    ]
    what, value, note = bench._row("peak RSS, x", runs)
    assert (what, value) == ("peak RSS, x", "311 MiB")
    assert note == "10 min of audio, cold convert --versions full, wall 80 s, 75 s (highest of 2 runs)"


def test_row_says_a_single_run_and_skips_failed_ones(bench: ModuleType) -> None:
    runs = [
        {"exit_code": 1, "stderr_tail": "boom"},
        {"exit_code": 0, "peak_rss_mib": 290.0, "wall_s": 12.0},
    ]
    assert bench._row("r", runs) == ("r", "290 MiB", "cold convert --versions full, wall 12 s (single run)")


def test_row_of_only_failed_runs_says_failed(bench: ModuleType) -> None:
    assert bench._row("r", [{"exit_code": 2, "stderr_tail": "no voice"}]) == ("r", "failed", "no voice")
