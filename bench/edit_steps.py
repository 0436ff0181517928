"""Where an edit's time goes: its steps by wall clock, and what the one ffmpeg call of a version costs.

    .venv/bin/python bench/edit_steps.py [--runs N]

1. Steps: the demo review (examples/quiet-harbour.md) converted cold into a
   fresh cache, then with one paragraph both versions read edited (the same
   edit as bench/run.py's), the edit timed in a fresh process by the moment
   each progress line reaches stderr: start-up and imports (until
   "reading"), the text (until "synthesizing"), the voice and the changed
   sentences (until "synthesized"), and mastering and publishing both
   versions (from "rendering" to the exit). Each run changes the same
   sentence to a wording not spoken before, so every run speaks one
   sentence and masters both versions; the median of ``--runs`` runs per
   step.
2. The encode: the full version's audio (decoded from the edit's MP3 to
   Piper's 22,050 Hz) through the product's ffmpeg call, alone on the
   machine, and the same call without its loopback decode, without the
   true-peak measure, with ffmpeg's default resampler instead of soxr, and
   with LAME's fast mode;
   each alternated, median of ``--runs``; wall and CPU time.

Nothing here asserts: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
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
ORIGINAL = "The film is not perfect."
WORDINGS = (
    "The film is far from perfect.", "The film is hardly perfect.", "The film is not flawless.",
    "The film has its faults.", "The film is not without flaws.", "The film is not quite perfect.",
    "The film is imperfect.", "The film has its weak spots.", "The film is not faultless.",
)  # fmt: skip
"""Each run's edit of a sentence both versions read: a wording not spoken before, so each edit speaks one sentence."""
STEPS = (
    ("start-up and imports", "reading"),
    ("text: cleaning, normalization, sentences, the short version", "synthesizing"),
    ("the voice and the changed sentence", "synthesized"),
    ("until rendering starts", "rendering"),
)


def timed_convert(review: Path, out: Path, env: dict[str, str]) -> list[tuple[str, float]]:
    """Convert ``review`` in a child; (the first word of each progress line, when it came), then ("exit", when)."""
    start = time.perf_counter()
    cmd = [PY, "-m", "audioreview", "convert", str(review), "-o", str(out)]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    marks: list[tuple[str, float]] = []
    for line in proc.stderr:
        words = line.split(": ", 1)[-1].split()
        if words:
            marks.append((words[0], time.perf_counter() - start))
        if words[:1] == ["synthesized"]:
            marks.append((f"spoke {words[1].rstrip(',')}", 0.0))
    if proc.wait() != 0:
        raise SystemExit(f"bench: convert {review} failed (exit {proc.returncode})")
    marks.append(("exit", time.perf_counter() - start))
    return marks


def steps(marks: list[tuple[str, float]]) -> dict[str, float]:
    """Each step's wall time from the marks of one convert."""
    first = {}
    for word, at in marks:
        first.setdefault(word, at)
    out, before = {}, 0.0
    for name, word in STEPS:
        out[name] = first[word] - before
        before = first[word]
    out["mastering and publishing both versions"] = first["exit"] - before
    out["in all"] = first["exit"]
    return out


def measure_steps(runs: int, work: Path) -> tuple[dict[str, list[float]], Path]:
    review = work / REVIEW.name
    review.write_text(REVIEW.read_text(encoding="utf-8"), encoding="utf-8")
    env = {"AUDIOREVIEW_CACHE_DIR": str(work / "cache")}
    out = work / "out"
    timed_convert(review, out, env)  # cold: every take and the prepared model are kept
    figures: dict[str, list[float]] = {}
    text, said = review.read_text(encoding="utf-8"), ORIGINAL
    if runs > len(WORDINGS):
        raise SystemExit(f"bench: at most {len(WORDINGS)} runs")
    for wording in WORDINGS[:runs]:
        text, said = text.replace(said, wording), wording
        review.write_text(text, encoding="utf-8")
        marks = timed_convert(review, out, env)
        if ("spoke 1", 0.0) not in marks:
            raise SystemExit(f"bench: the edit to {wording!r} did not speak exactly one sentence: {marks}")
        for name, value in steps(marks).items():
            figures.setdefault(name, []).append(value)
    return figures, next(out.glob("*/quiet-harbour.mp3"))


def ffmpeg_variants(pcm: Path) -> dict[str, list[str]]:
    """The product's encode call on ``pcm`` (render/encode.py's own command), and the same call with one part changed."""
    from audioreview.render.encode import encode_command

    call = encode_command(str(pcm), 22050, pcm.with_suffix(".mp3"), bitrate_kbps=96, sample_rate=44100, channels=1)
    lame = call.index("libmp3lame") + 1
    return {
        "the product's call (resample, LAME, loopback decode, ebur128 with true peak)": call,
        "without the loopback decode and its measure": call[: call.index("-dec")],
        "loopback decode, ebur128 without true peak": [arg.replace("peak=true:", "") for arg in call],
        "ffmpeg's default resampler instead of soxr": [arg.replace("resampler=soxr:precision=28", "resampler=swr") for arg in call],
        "LAME's fast mode (compression level 7)": [*call[:lame], "-compression_level", "7", *call[lame:]],
    }


def measure_encode(mp3: Path, runs: int, work: Path) -> dict[str, tuple[list[float], list[float]]]:
    from imageio_ffmpeg import get_ffmpeg_exe

    pcm = work / "full.pcm"
    subprocess.run(
        [
            get_ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-i",
            str(mp3),
            "-ar",
            "22050",
            "-ac",
            "1",
            "-f",
            "s16le",
            str(pcm),
        ],
        check=True,
    )
    variants = ffmpeg_variants(pcm)
    figures: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in variants}
    for _ in range(runs):
        for name, cmd in variants.items():
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(proc.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"bench: ffmpeg failed for {name!r}")
            figures[name][0].append(time.perf_counter() - start)
            figures[name][1].append(usage.ru_utime + usage.ru_stime)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="audioreview-bench-edit-"))
    try:
        before = os.getloadavg()[0]
        stepped, mp3 = measure_steps(args.runs, work)
        encoded = measure_encode(mp3, args.runs, work)
        print(
            f"\n{os.cpu_count()} cores; load average {before:.2f} before, {os.getloadavg()[0]:.2f} after; median of {args.runs}\n"
        )
        print("| step of an edit | wall time |\n|---|---|")
        for name, values in stepped.items():
            print(f"| {name} | {statistics.median(values):.2f} s |")
        print("\n| the full version's encode, alone | wall | CPU |\n|---|---|---|")
        for name, (wall, cpu) in encoded.items():
            print(f"| {name} | {statistics.median(wall):.2f} s | {statistics.median(cpu):.2f} s |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
