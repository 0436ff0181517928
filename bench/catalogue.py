"""A catalogue of 200 short posts with the real voice: throughput, memory per worker, a kill and its resume, Dask.

    .venv/bin/python bench/catalogue.py                 # 200 posts
    .venv/bin/python bench/catalogue.py --posts 12      # a quick look

``audioreview batch POSTS -o OUT --jobs 2 --json`` with an empty output
folder and cache, in two runs, then once on Dask:

- kill and resume: the batch's process group is sent SIGKILL at a random
  moment (once 30% to 70% of the posts are finished), then the same command
  runs again. Posts a minute: all the posts over both runs' wall time,
  start-ups included. Each worker's peak resident memory is the batch's own
  figure (``workers`` in the resume's JSON summary: each worker's own
  ``ru_maxrss``, the kernel's high-water mark, its ffmpeg children apart);
  ``os.wait4`` on the batch process gives the largest process of its tree.
  The kill: the posts the state store had recorded before the kill must all
  be skipped, byte for byte unchanged; the resume renders every other post
  (so it redoes only the posts in flight, at most two per worker); and the
  posts whose files were being written at the kill are counted.
- Dask: the same posts on a ``dask.distributed.LocalCluster`` of two
  single-thread worker processes started beforehand (``--scheduler``), one
  onnxruntime thread each, as the process pool gives each of its two workers
  on two cores.

``rows(n)`` gives the figures as (what, value, note) rows for ``bench/run.py``;
each of these runs is made once (a run is minutes long), ``n`` is not used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from corpus import make_posts  # noqa: E402

from audioreview.batch.run import output_present  # noqa: E402
from audioreview.batch.state import STATE_NAME  # noqa: E402
from audioreview.files import PRIVATE_DIR, TEMP_PREFIX  # noqa: E402

POSTS = 200
WORDS = 20
"""Words per post: short, so 200 of them take minutes."""
JOBS = 2
PY = sys.executable


@dataclass(frozen=True)
class BatchRun:
    seconds: float
    summary: dict[str, Any]
    tree_peak_mb: float
    """Peak RSS of the largest process of the batch's tree (os.wait4 on the batch process)."""

    @property
    def rendered(self) -> int:
        return int(self.summary["counts"]["rendered"])

    @property
    def posts_a_minute(self) -> float:
        return 60 * self.rendered / self.seconds

    def worker_peaks_mb(self) -> list[float]:
        return sorted(w["peak_rss_mb"] for w in self.summary["workers"])


def batch_cmd(posts: Path, out: Path, *extra: str) -> list[str]:
    return [PY, "-m", "audioreview", "batch", str(posts), "-o", str(out), "--json", "-q", *extra]


def child_env(cache: Path, **extra: str) -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "AUDIOREVIEW_CACHE_DIR": str(cache), **extra}


def run_batch(cmd: list[str], env: dict[str, str]) -> BatchRun:
    """Run a batch to the end; its JSON summary, wall time and tree peak (os.wait4 on it)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=err, start_new_session=True)
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            err.seek(0)
            message = err.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"catalogue: {' '.join(cmd[2:5])} failed ({proc.returncode}):\n{message}")
    return BatchRun(seconds, json.loads(out), usage.ru_maxrss / 1024)


def recorded(out: Path) -> set[str]:
    """Keys the state store marks as finished."""
    path = out / STATE_NAME
    if not path.exists():
        return set()
    try:
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5) as conn:
            return {r[0] for r in conn.execute("SELECT key FROM entries WHERE content_hash IS NOT NULL")}
    except sqlite3.OperationalError:  # the batch has not made its table yet
        return set()


def slugs(out: Path) -> dict[str, str]:
    with sqlite3.connect(f"{(out / STATE_NAME).as_uri()}?mode=ro", uri=True, timeout=5) as conn:
        return dict(conn.execute("SELECT key, slug FROM entries").fetchall())


def folder_digest(folder: Path) -> str:
    """One hash over every published file of a production folder (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def whole(out: Path, slug: str) -> bool:
    """The manifest reads, and each MP3 it lists is there and as long as it says (within 0.1 s)."""
    from mutagen.mp3 import MP3

    if not output_present(out, slug):
        return False
    manifest = json.loads((out / slug / f"{slug}.json").read_text(encoding="utf-8"))
    for version in manifest["versions"].values():
        length = MP3(out / slug / version["audio"]).info.length
        if abs(length - float(version["duration_s"])) > 0.1:
            return False
    return True


def leftovers(out: Path) -> list[Path]:
    """Temp files and staging folders anywhere in the published part of ``out``."""
    return [p for p in out.rglob(f"{TEMP_PREFIX}*") if PRIVATE_DIR not in p.relative_to(out).parts]


@dataclass(frozen=True)
class KillResume:
    killed_after: float
    finished: int
    """Posts the state store had recorded when the batch was killed."""
    started: int
    """Posts whose files the killed run was writing (their folder was there, unrecorded)."""
    resumed: int
    """Posts the resume rendered."""
    skipped: int
    finished_unchanged: int
    finished_whole: int
    all_whole: int
    leftovers: int
    resume_seconds: float


def kill_and_resume(posts: Path, work: Path, count: int, seed: int) -> tuple[KillResume, BatchRun]:
    """SIGKILL a cold batch at a random moment, then resume it; count and check what each run did.

    The moment: a random share (30% to 70%) of the posts finished, plus a
    random fraction of a second, so the kill can fall anywhere in a post.
    """
    out, env = work / "kill-out", child_env(work / "kill-cache")
    rng = random.Random(seed)
    target = max(1, round(rng.uniform(0.3, 0.7) * count))
    start = time.perf_counter()
    proc = subprocess.Popen(
        batch_cmd(posts, out, "--jobs", str(JOBS)), env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    while len(recorded(out)) < target and proc.poll() is None:
        time.sleep(0.2)
    time.sleep(rng.uniform(0, 2))
    if proc.poll() is not None:
        raise SystemExit("catalogue: the batch ended before it was killed")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    delay = time.perf_counter() - start
    finished = recorded(out)
    names = slugs(out)
    digests = {key: folder_digest(out / names[key]) for key in finished}
    # A post whose files were being written when the run was killed: its folder (or its lock) is there.
    writing = {k for k, slug in names.items() if k not in finished and (out / slug).exists()}
    resume = run_batch(batch_cmd(posts, out, "--jobs", str(JOBS)), env)
    entries = resume.summary["entries"]
    rendered = [e for e in entries if e["status"] == "rendered"]
    skipped = {e["id"] for e in entries if e["status"] == "skipped"}
    if skipped != finished or len(rendered) + len(skipped) != count:
        raise SystemExit(f"catalogue: the resume skipped {len(skipped)} posts, {len(finished)} were finished")
    return KillResume(
        killed_after=delay, finished=len(finished), started=len(writing), resumed=len(rendered), skipped=len(skipped),
        finished_unchanged=sum(folder_digest(out / names[k]) == d for k, d in digests.items()),
        finished_whole=sum(whole(out, names[k]) for k in finished),
        all_whole=sum(whole(out, e["slug"]) for e in entries), leftovers=len(leftovers(out)),
        resume_seconds=resume.seconds,
    ), resume  # fmt: skip


@contextmanager
def local_cluster(workers: int) -> Iterator[str]:
    """A LocalCluster of ``workers`` single-thread worker processes; yields its scheduler address."""
    from dask.distributed import LocalCluster

    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        yield cluster.scheduler_address


def measure(count: int, words: int, seed: int, progress: Any) -> list[tuple[str, str, str]]:
    """Every figure, as table rows; ``progress`` is called with each row as it is measured."""
    rows: list[tuple[str, str, str]] = []

    def add(row: tuple[str, str, str]) -> None:
        rows.append(row)
        progress(row)

    with tempfile.TemporaryDirectory(prefix="audioreview-catalogue-") as tmp:
        work = Path(tmp)
        posts = work / "posts"
        make_posts(posts, count, words)
        # One cold catalogue in two runs: killed at a random moment, then resumed.
        kill, resume = kill_and_resume(posts, work, count, seed)
        seconds = kill.killed_after + kill.resume_seconds
        rate = 60 * (kill.finished + kill.resumed) / seconds
        peaks = ", ".join(f"{mb:.0f}" for mb in resume.worker_peaks_mb())
        add((
            f"catalogue of {count} posts cold, --jobs {JOBS}", f"{rate:.1f} posts/min",
            f"{seconds:.0f} s in all (killed, then resumed), {words}-word posts, full + short",
        ))  # fmt: skip
        add((
            "catalogue peak RSS per worker", f"{max(resume.worker_peaks_mb()):.0f} MB",
            f"workers: {peaks} MB (the resume's); largest process of the resume (wait4): {resume.tree_peak_mb:.0f} MB",
        ))  # fmt: skip
        add((
            "catalogue killed (SIGKILL) then resumed", f"{kill.resumed} re-run",
            f"killed at {kill.killed_after:.0f} s with {kill.finished} finished: {kill.skipped} skipped, "
            f"{kill.finished_unchanged} unchanged, {kill.started} in flight (folder there, unrecorded); "
            f"{kill.all_whole}/{count} whole, {kill.leftovers} temp files left",
        ))  # fmt: skip

        with local_cluster(JOBS) as address:
            dask = run_batch(
                batch_cmd(posts, work / "dask-out", "--scheduler", address),
                child_env(work / "dask-cache", AUDIOREVIEW_PIPER_THREADS="1"),
            )
        if dask.rendered != count:
            raise SystemExit(f"catalogue: {count - dask.rendered} posts were not rendered on Dask")
        peaks = ", ".join(f"{mb:.0f}" for mb in dask.worker_peaks_mb())
        add((
            f"catalogue of {count} posts on Dask (LocalCluster, 2 x 1 thread)", f"{dask.posts_a_minute:.1f} posts/min",
            f"{dask.seconds:.0f} s, {dask.posts_a_minute / rate:.2f}x --jobs {JOBS}; "
            f"worker peak RSS {peaks} MB",
        ))  # fmt: skip
    return rows


def rows(n: int = 3, *, posts: int = POSTS, words: int = WORDS) -> list[tuple[str, str, str]]:
    """The catalogue's rows for the benchmark table (each run made once: ``n`` is not used)."""
    del n
    return measure(posts, words, seed=int(time.time()), progress=lambda row: print(" | ".join(row), file=sys.stderr, flush=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=POSTS)
    parser.add_argument("--words", type=int, default=WORDS)
    parser.add_argument("--seed", type=int, default=None, help="seed of the moment of the kill")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    print(f"seed {seed}, load average {os.getloadavg()[0]:.2f}", file=sys.stderr)
    table = measure(args.posts, args.words, seed, progress=lambda row: print(" | ".join(row), file=sys.stderr, flush=True))
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| what | figure | note |\n|---|---|---|")
    for what, value, note in table:
        print(f"| {what} | {value} | {note} |")


if __name__ == "__main__":
    main()
