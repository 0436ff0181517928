"""A batch killed with SIGKILL mid-run, then run again: every file whole, nothing rendered twice."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixtures.batch_feeds import make_feed, write_fake_config

from audioreview.batch.state import STATE_NAME
from audioreview.files import TEMP_PREFIX

ROOT = Path(__file__).resolve().parent.parent
COUNT = 10


def _recorded(out: Path) -> set[str]:
    """Keys the state store marks as rendered (read while the batch writes: WAL allows it)."""
    path = out / STATE_NAME
    if not path.exists():
        return set()
    try:
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5) as conn:
            return {r[0] for r in conn.execute("SELECT key FROM entries WHERE content_hash IS NOT NULL")}
    except sqlite3.OperationalError:
        return set()


def _batch(config: Path, feed: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "audioreview", "--config", str(config), "batch", str(feed), "-o", str(out), *extra]


def _decodes(mp3: Path) -> bool:
    import imageio_ffmpeg

    done = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(mp3), "-f", "null", "-"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return done.returncode == 0 and not done.stderr.strip()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigkill_then_resume(tmp_path: Path, jobs: str) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(COUNT, broken=False), encoding="utf-8")
    config = write_fake_config(tmp_path / "audioreview.toml", tmp_path / "cache")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        _batch(config, feed, out, "--jobs", jobs, "-q"), cwd=tmp_path, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while len(_recorded(out)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    still_running = proc.poll() is None
    os.killpg(proc.pid, signal.SIGKILL)  # the coordinator and its workers, wherever they are
    proc.wait(timeout=30)
    assert still_running, f"the batch ended before it could be killed: {proc.stderr.read() if proc.stderr else ''}"
    before = _recorded(out)
    assert 2 <= len(before) < COUNT

    done = subprocess.run(
        _batch(config, feed, out, "--jobs", jobs, "--json"), cwd=tmp_path, env=env, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    rendered = {e["id"] for e in summary["entries"] if e["status"] == "rendered"}
    skipped = {e["id"] for e in summary["entries"] if e["status"] == "skipped"}
    assert skipped == before  # finished entries are not redone
    assert rendered | skipped == {f"review-{i:04d}" for i in range(1, COUNT + 1)}
    assert not rendered & before

    leftovers = [p for p in out.rglob("*") if p.name.startswith(TEMP_PREFIX)]
    assert leftovers == []
    slugs = [e["slug"] for e in summary["entries"]]
    assert len(set(slugs)) == COUNT
    for slug in slugs:
        manifest = json.loads((out / slug / f"{slug}.json").read_text(encoding="utf-8"))
        for version in manifest["versions"].values():
            assert _decodes(out / slug / version["audio"]), f"{slug}/{version['audio']} does not decode"
        for name in (f"{slug}.vtt", f"{slug}.chapters.json"):
            assert (out / slug / name).stat().st_size > 0
        json.loads((out / slug / f"{slug}.chapters.json").read_text(encoding="utf-8"))
