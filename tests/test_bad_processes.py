"""Bad moments with real processes: Ctrl-C in the middle of a run, two runs of one review at once.

The CLI runs as a subprocess (``tests/fixtures/slow_cli.py``: the real CLI
whose fake engine can be slowed down) in a working folder that already holds a
good production, and the same rules as for bad inputs hold: a clear message,
the right exit code, no ``.tmp-`` file left, and nothing lost or half written.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from fixtures.bad_inputs import PRIVATE_DIR, Env, snapshot, temp_leftovers
from mutagen.mp3 import MP3

SLOW_CLI = Path(__file__).parent / "fixtures" / "slow_cli.py"
NOUNS = ["keeper", "harbour", "lamp", "storm", "camera", "score", "actor", "village", "ferry", "night"]
VERBS = ["watches", "frames", "follows", "answers", "carries", "forgets", "finds", "loses"]
ADJECTIVES = ["quiet", "patient", "bright", "cold", "generous", "strange", "careful", "late"]


def prose(sentences: int) -> str:
    """Varied sentences, none repeated (so every one is synthesized)."""
    out = []
    for n in range(sentences):
        noun, other = NOUNS[n % len(NOUNS)], NOUNS[(n * 3 + 1) % len(NOUNS)]
        out.append(
            f"In scene {n + 1} the {ADJECTIVES[n % len(ADJECTIVES)]} {noun} "
            f"{VERBS[(n * 5) % len(VERBS)]} the {ADJECTIVES[(n * 7 + 3) % len(ADJECTIVES)]} {other}."
        )
    return " ".join(out)


@dataclass(frozen=True)
class Interrupt:
    id: str
    sentences: int
    delay: float
    """Extra seconds per synthesized sentence."""
    wait_for: str
    """The progress line after which Ctrl-C is pressed."""


INTERRUPTS = [
    Interrupt("ctrl-c-during-synthesis", sentences=200, delay=0.05, wait_for="synthesizing"),
    Interrupt("ctrl-c-during-rendering", sentences=260, delay=0.0, wait_for="rendering the full version"),
]




class Proc:
    """A CLI subprocess whose stderr lines are collected as they come."""

    def __init__(self, env: Env, args: list[str], delay: float) -> None:
        environ = {**os.environ, "SLOW_FAKE_SECONDS": str(delay)}
        self.popen = subprocess.Popen(
            [sys.executable, str(SLOW_CLI), "--config", str(env.config), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.popen.stderr is not None
        for line in self.popen.stderr:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 120.0) -> None:
        """Block until a stderr line contains ``text``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.popen.poll() is None, f"the run ended before {text!r}: {self.stderr}"
                continue
            self.stderr.append(line.rstrip("\n"))
            if text in line:
                return
        raise AssertionError(f"no {text!r} within {timeout} s: {self.stderr}")

    def finish(self, timeout: float = 120.0) -> tuple[int, list[str]]:
        """Wait for the exit; return the code and every stderr line."""
        code = self.popen.wait(timeout=timeout)
        assert self.popen.stdout is not None
        self.popen.stdout.read()
        time.sleep(0.1)
        while not self.lines.empty():
            self.stderr.append(self.lines.get().rstrip("\n"))
        return code, self.stderr


@pytest.mark.parametrize("case", INTERRUPTS, ids=[c.id for c in INTERRUPTS])
def test_ctrl_c_leaves_nothing_half_done(case: Interrupt, env: Env) -> None:
    source = env.write("long.md", f"---\ntitle: A Long Night\n---\n\n{prose(case.sentences)}\n")
    before = snapshot(env.root, skip=env.cache)
    proc = Proc(env, ["convert", str(source), "-o", str(env.out)], case.delay)
    proc.wait_for(case.wait_for)
    time.sleep(0.4)
    proc.popen.send_signal(signal.SIGINT)
    code, stderr = proc.finish(timeout=60)
    after = snapshot(env.root, skip=env.cache)

    assert code == 130, stderr
    assert stderr[-1] == "audioreview: interrupted"
    assert not any("Traceback" in line for line in stderr)
    assert temp_leftovers(env.root) == []
    assert before.changed(after) == set() and before.lost(after) == set()
    assert not (env.out / "long").exists()


def test_two_converts_of_one_review_at_once(env: Env) -> None:
    source = env.write("twice.md", f"---\ntitle: Twice Told\n---\n\n{prose(60)}\n")
    before = snapshot(env.root, skip=env.cache)
    procs = [Proc(env, ["convert", "-q", str(source), "-o", str(env.out)], 0.02) for _ in range(2)]
    results = [p.finish() for p in procs]
    after = snapshot(env.root, skip=env.cache)

    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 1]), results
    for code, stderr in results:
        assert not any("Traceback" in line for line in stderr)
        if code == 1:  # the loser is told why, on one line
            assert len(stderr) == 1 and "another audioreview run is writing this production" in stderr[0]
            assert str(source) in stderr[0]
    assert temp_leftovers(env.root) == []
    assert before.lost(after) == set()
    assert {p.split("/")[1] for p in before.changed(after)} - {PRIVATE_DIR} == {"twice"}  # and its lock
    folder = env.out / "twice"
    manifest = json.loads((folder / "twice.json").read_text(encoding="utf-8"))
    full = manifest["versions"]["full"]
    audio = folder / full["audio"]
    assert audio.stat().st_size == full["bytes"]
    assert abs(MP3(str(audio)).info.length - full["duration_s"]) < 0.2
    for name in (full["captions"], full["transcript"], "index.html", manifest["image"]):
        assert (folder / name).stat().st_size > 0
