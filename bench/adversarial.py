"""Worst time of `audioreview script` per class of adversarial input.

    .venv/bin/python bench/adversarial.py              # every class, 50,000 characters
    .venv/bin/python bench/adversarial.py --chars 20000 --only digits,dots
    .venv/bin/python bench/adversarial.py --timeout 60

Each class holds a few shapes of one hostile run (bare, spaced, inside
prose, as a Markdown paragraph) of about ``--chars`` characters; the
"paragraph" classes are long paragraphs of ordinary prose (25 KB, 100 KB,
400 KB, 1 MB) with and without sentence ends. Every input is written to a
file and run through ``python -m audioreview script`` in a fresh process (the
fake voices, so no model loads), with a wall-clock limit: a run that does not
finish in ``--timeout`` seconds is killed and shown as ">TIMEOUT". The exit
code is shown too (1 is a clean refusal, which is a fine answer), and the
CPU seconds the worst run used (user + system, from ``os.wait4``): on a busy
machine the CPU figure is the fairer of the two.

Nothing here asserts: it prints one row per class, its worst time and which
shape it was.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

PROSE = "The keeper walks the quay at dawn and the camera follows him without hurry"


def shapes(unit: str, chars: int) -> dict[str, str]:
    """One hostile run in a few surroundings, each about ``chars`` characters long."""
    run = (unit * (chars // len(unit) + 1))[:chars]
    spaced = ((unit + " ") * (chars // (len(unit) + 1) + 1))[:chars]
    return {
        "bare": run,
        "spaced": spaced,
        "in-prose": f"{PROSE} {run[: chars - 200]} and it is worth watching.",
        "closing": f"{PROSE}.\n\n{PROSE}.\n\nOverall, {run[: chars - 200]} I recommend it.",
    }


def paragraph(chars: int, *, ends: bool) -> str:
    words = PROSE.split()
    out: list[str] = []
    size = 0
    i = 0
    while size < chars:
        word = words[i % len(words)]
        if ends and i % 17 == 16:
            word += "."
        out.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(out)[:chars] + "."


CLASSES: dict[str, Callable[[int], dict[str, str]]] = {
    "digits": lambda n: shapes("1", n),
    "dots": lambda n: shapes(".", n),
    "dashes": lambda n: shapes("-", n),
    "dollars": lambda n: shapes("$", n),
    "one-slash": lambda n: shapes("1/", n),
    "one-dot": lambda n: shapes("1.", n),
    "stars": lambda n: shapes("*", n),
    "brackets": lambda n: shapes("[(", n) | shapes("[x](", n),
    "urls": lambda n: shapes("https://example.org/a", n) | shapes("http://", n),
    "abbreviations": lambda n: shapes("Dr.", n) | shapes("e.g.", n) | shapes("Mr. ", n),
    "ratings": lambda n: shapes("8/10", n) | shapes("★", n),
    "mixed": lambda n: shapes("1.5/10 $3 -- ** [a](b) ", n),
}
PARAGRAPHS = {
    "paragraph-25k": 25_000,
    "paragraph-100k": 100_000,
    "paragraph-400k": 400_000,
    "paragraph-1m": 1_000_000,
}


def config(folder: Path) -> Path:
    path = folder / "audioreview.toml"
    path.write_text(
        'narrator = "fake"\nhost = "fake-host"\nintro_sting = ""\noutro_sting = ""\n'
        f'voices_dir = "{ROOT / "tests" / "voices"}"\ncache_dir = ""\nmax_audio_seconds = 1000000.0\n',
        encoding="utf-8",
    )
    return path


def time_one(text: str, folder: Path, cfg: Path, timeout: float) -> tuple[float | None, float, int | None]:
    """(wall seconds or None on timeout, CPU seconds of the child, exit code)."""
    source = folder / "input.md"
    source.write_text(f"# Adversarial\n\n{text}\n", encoding="utf-8")
    start = time.perf_counter()
    child = subprocess.Popen(
        [PY, "-m", "audioreview", "--config", str(cfg), "script", str(source)],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, child.returncode
        if time.perf_counter() - start > timeout:
            child.kill()
            _, _, usage = os.wait4(child.pid, 0)
            child.returncode = -9
            return None, usage.ru_utime + usage.ru_stime, None
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=50_000, help="length of each adversarial run")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed")
    parser.add_argument("--only", default="", help="comma-separated class names")
    args = parser.parse_args()
    wanted = {c for c in args.only.split(",") if c}
    inputs: dict[str, dict[str, str]] = {name: make(args.chars) for name, make in CLASSES.items()}
    for name, size in PARAGRAPHS.items():
        inputs[name] = {"no-ends": paragraph(size, ends=False), "sentences": paragraph(size, ends=True)}
    print(f"{'class':<16} {'worst s':>9} {'its CPU s':>9}  {'exit':>4}  shape")
    with tempfile.TemporaryDirectory(prefix="adversarial-") as tmp:
        folder = Path(tmp)
        cfg = config(folder)
        for name, variants in inputs.items():
            if wanted and name not in wanted:
                continue
            worst: tuple[float, float, str, int | None] = (-1.0, 0.0, "", None)
            for shape, text in variants.items():
                seconds, cpu, code = time_one(text, folder, cfg, args.timeout)
                if seconds is None:
                    worst = (float("inf"), cpu, shape, None)
                    break
                if seconds > worst[0]:
                    worst = (seconds, cpu, shape, code)
            shown = f">{args.timeout:.0f}" if worst[0] == float("inf") else f"{worst[0]:.2f}"
            code_shown = "" if worst[3] is None else worst[3]
            print(f"{name:<16} {shown:>9} {worst[1]:>9.2f}  {code_shown:>4}  {worst[2]}", flush=True)


if __name__ == "__main__":
    main()
