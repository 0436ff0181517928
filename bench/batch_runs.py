"""A 20-entry feed with real Piper: first, second and third (one entry edited) runs, --jobs 1 vs 2.

    .venv/bin/python bench/batch_runs.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import random  # noqa: E402

from corpus import sentence  # noqa: E402


def make_feed(path: Path, count: int = 20, edit: int | None = None) -> None:
    """An RSS 2.0 feed of ``count`` short reviews (entry ``edit`` with one sentence changed)."""
    items = []
    for n in range(count):
        rng = random.Random(n)
        paras = ["<p>" + " ".join(sentence(rng) for _ in range(4)) + "</p>" for _ in range(2)]
        if n == edit:
            paras[1] = "<p>This paragraph was rewritten after publication, and it says something new.</p>"
        body = "".join(paras) + "<p>Rating: 7/10</p>"
        items.append(
            f"<item><title>Review number {n}</title><link>https://example.org/r/{n}</link>"
            f"<guid>https://example.org/r/{n}</guid><pubDate>Mon, {n + 1:02d} Sep 2025 10:00:00 +0000</pubDate>"
            f"<description><![CDATA[{body}]]></description></item>"
        )
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title><link>https://example.org/</link>'
        f"<description>d</description>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    print("| jobs | first run | second run (unchanged) | third run (one entry edited) |")
    print("|---|---|---|---|")
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            feed = Path(tmp) / "feed.xml"
            env = {"AUDIOREVIEW_CACHE_DIR": f"{tmp}/cache"}
            cmd = [sys.executable, "-m", "audioreview", "batch", str(feed), "-o", f"{tmp}/out", "--jobs", str(jobs)]
            make_feed(feed)
            first = timed(cmd, env)
            second = timed(cmd, env)
            make_feed(feed, edit=5)
            third = timed(cmd, env)
            print(f"| {jobs} | {first:.1f} s | {second:.1f} s | {third:.1f} s |", flush=True)


if __name__ == "__main__":
    main()
