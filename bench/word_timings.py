"""Word timings measured: how many sentences Piper times itself, where the boundaries fall, and what it costs.

    python bench/word_timings.py [--runs N] [--skip-cost]

1. Every example in examples/ converted (full + short) with the real voice:
   per example, the sentences whose words the engine timed, the estimated
   ones and the failed alignments (the manifest's counts).
2. Boundary check on sentences with known pauses (stops and commas between
   every word): how many word boundaries fall in a low-energy stretch, and
   the worst distance between a boundary and the middle of its pause.
3. Cost: a cold convert of examples/quiet-harbour.md (fresh process, empty
   cache) with word timings on and off, the median of ``--runs``; and the
   cache's size after each.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
REVIEW = ROOT / "examples" / "quiet-harbour.md"

PAUSED = [
    "One. Two. Three. Four. Five.",
    "Red, green, blue, yellow, purple, orange.",
    "Monday. Tuesday. Wednesday. Thursday.",
    "Apples, pears, plums, cherries, lemons.",
    "North, south, east, west.",
    "First, the harbour. Then, the lighthouse. Finally, the sea.",
]


def convert(source: Path, out: Path, cache: Path, word_timings: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a cold ``audioreview convert`` in a fresh process.

    CPU time (user + system of the child and what it waited for) is the figure
    to compare on a shared machine; wall time moves with the neighbours' load.
    """
    env = {**os.environ, "AUDIOREVIEW_CACHE_DIR": str(cache), "AUDIOREVIEW_WORD_TIMINGS": str(word_timings).lower()}
    start = time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "audioreview", "convert", str(source), "-o", str(out), "-q"], env=env,
                            cwd=ROOT, stdout=subprocess.DEVNULL)  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench: converting {source.name} failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def examples(work: Path) -> None:
    print("## Sentences timed by the engine, per example (full + short)\n")
    print("| example | version | sentences | engine | estimated | failures |")
    print("| --- | --- | --- | --- | --- | --- |")
    totals = [0, 0, 0, 0]
    for source in sorted((ROOT / "examples").iterdir()):
        out = work / "examples" / source.stem
        convert(source, out, work / "examples-cache", True)
        folder = next(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
        manifest = folder / f"{folder.name}.json"
        doc = json.loads(manifest.read_text(encoding="utf-8"))
        for version, entry in doc["versions"].items():
            row = [entry["sentences"], entry["words_engine"], entry["words_estimated"], entry["alignment_failures"]]
            totals = [a + b for a, b in zip(totals, row, strict=True)]
            print(f"| {source.name} | {version} | " + " | ".join(map(str, row)) + " |")
    print("| **all** | | " + " | ".join(map(str, totals)) + " |\n")


def boundaries() -> None:
    import numpy as np

    from audioreview.engines.base import EngineOptions, Voice
    from audioreview.engines.piper import PiperEngine

    sys.path.insert(0, str(ROOT / "tests"))
    from test_real_piper_words import _frames, quiet_run

    engine, voice = PiperEngine(EngineOptions(alignments=True)), Voice("joe", "piper")
    checked = quiet = 0
    worst = 0.0
    margins = []
    for text in PAUSED:
        timed = engine.synthesize_timed(text, voice)
        assert timed.words is not None
        frames = _frames(timed.audio)
        for before, word in zip(timed.words, timed.words[1:], strict=False):
            mark = before.text.rstrip("'\")")[-1:]
            if not mark or mark not in ".,;:!?":
                continue  # no pause written between these two: nothing quiet to find
            checked += 1
            run = quiet_run(frames, word.start_ms)
            if run is None:
                continue
            quiet += 1
            worst = max(worst, abs(word.start_ms - (run[0] + run[1]) / 2))
            margins.append(min(word.start_ms - run[0], run[1] - word.start_ms))
    print("## Boundary check (real Piper, every boundary after a stop or a comma)\n")
    print(f"- boundaries in a low-energy stretch: {quiet} of {checked}")
    print(f"- worst offset from the middle of its pause: {worst:.0f} ms")
    print(f"- smallest distance to the pause's edge: {min(margins):.0f} ms (median {np.median(margins):.0f} ms)\n")


def cost(work: Path, runs: int) -> None:
    print(f"## Cost: cold convert of {REVIEW.name} (full + short), median of {runs}, on and off interleaved\n")
    print("| word timings | cold convert (wall) | CPU | cache | of which word times |")
    print("| --- | --- | --- | --- | --- |")
    results: dict[bool, list[tuple[float, float, int, int]]] = {True: [], False: []}
    for i in range(runs):
        for on in (True, False):
            cache = work / f"cache-{on}-{i}"
            wall, cpu = convert(REVIEW, work / f"out-{on}-{i}", cache, on)
            words = folder_bytes(cache / "words") if (cache / "words").exists() else 0
            results[on].append((wall, cpu, folder_bytes(cache), words))
    for on, rows in results.items():
        wall, cpu, size, words = (statistics.median(column) for column in zip(*rows, strict=True))
        print(f"| {'on' if on else 'off'} | {wall:.2f} s | {cpu:.2f} s | {size / 1e6:.2f} MB | {words / 1e3:.1f} kB |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-cost", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-words-") as tmp:
        work = Path(tmp)
        examples(work)
        boundaries()
        if not args.skip_cost:
            cost(work, args.runs)


if __name__ == "__main__":
    main()
