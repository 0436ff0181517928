"""Memory and time of a long conversion with the real Piper voice.

    .venv/bin/python bench/memory.py                  # 10,000 and 50,000 words
    .venv/bin/python bench/memory.py --words 10000    # one size
    .venv/bin/python bench/memory.py --words 2000 --keep

For each size it writes a review of that many words (varied sentences from a
small grammar, with headings, a rating and a verdict: nothing copied), then
runs ``python -m audioreview convert REVIEW --versions full`` in a child
process with a fresh cache, ``max_audio_seconds`` raised through
``AUDIOREVIEW_MAX_AUDIO_SECONDS``. It reports the wall time, the peak RSS
(``getrusage(RUSAGE_CHILDREN).ru_maxrss``: the largest process the conversion
ran, Python or ffmpeg), and the peak RSS of the Python process in each stage
(sampled with psutil, staged by the progress lines; "own memory" leaves out
what is mapped from files, such as the memory-mapped scratch audio, which the
kernel can drop at will), so memory that grows with the review's length shows
up in the stage that holds it.

Every size runs in a fresh interpreter of its own, so one size's peak never
hides in another's figure. Nothing here asserts: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_EVERY_S = 0.2

SUBJECTS = [
    "the keeper", "the harbour master", "his daughter", "the young fisherman", "the old ferry captain",
    "the village doctor", "a stranger from the mainland", "the lighthouse", "the camera", "the score",
    "the second act", "the final scene", "the director", "the lead actor", "the supporting cast",
    "the screenplay", "the editing", "the sound design", "the weather", "the sea",
]  # fmt: skip
VERBS = [
    "watches", "follows", "circles", "ignores", "returns to", "lingers on", "misreads", "forgives",
    "remembers", "carries", "avoids", "frames", "answers", "outlasts", "questions", "echoes",
]  # fmt: skip
OBJECTS = [
    "the empty quay", "a letter nobody sends", "the storm that never quite arrives", "every small gesture",
    "the long winter nights", "a promise made years ago", "the lamp at the top of the tower",
    "the quiet between two people", "the town's slow decline", "a boat with a broken engine",
    "the grief it will not name", "the tide tables pinned to the wall", "a radio left on all night",
]  # fmt: skip
MANNERS = [
    "with great patience", "without hurry", "almost in silence", "in long unbroken takes",
    "with a dry sense of humour", "more tenderly than expected", "from a careful distance",
    "in muted blues and greys", "with real restraint", "a little too insistently",
]  # fmt: skip
OPENERS = [
    "In the opening minutes,", "Later,", "By the midpoint,", "At its best,", "More than once,",
    "Somewhat surprisingly,", "For a while,", "In one memorable sequence,", "Near the end,", "Again and again,",
]  # fmt: skip
CLAUSES = [
    "and it mostly works", "although the rhythm sometimes sags", "which gives the story its weight",
    "while the music stays out of the way", "but the film never judges anyone",
    "and the effect builds slowly", "so the ending feels earned", "even when little happens",
]  # fmt: skip
ASIDES = [
    "It runs {n} minutes.", "The film was shot over {n} days on the coast.", "There are {n} speaking roles.",
    "It premiered in {year}.", "The budget was about {n} thousand dollars.", "Chapter {n} is the strongest.",
]  # fmt: skip
HEADINGS = ["The story", "The performances", "The look and sound", "What drags", "What lingers", "Context"]


def sentence(rng: random.Random) -> str:
    """One review sentence from the grammar."""
    if rng.random() < 0.08:
        return rng.choice(ASIDES).format(n=rng.randint(2, 180), year=rng.randint(1950, 2024))
    parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)]
    if rng.random() < 0.6:
        parts.append(rng.choice(MANNERS))
    text = " ".join(parts)
    if rng.random() < 0.4:
        text = f"{rng.choice(OPENERS)} {text}"
    if rng.random() < 0.35:
        text = f"{text}, {rng.choice(CLAUSES)}"
    return text[0].upper() + text[1:] + "."


def make_review(words: int, seed: int = 20240301) -> str:
    """A Markdown review of about ``words`` words: headings, paragraphs, a rating and a verdict."""
    rng = random.Random(seed)
    out = ["---", f"title: A Long Review of {words} Words", "author: Bench Mark", "rating: 7/10", "---", ""]
    count = 0
    section = 0
    while count < words:
        out += [f"## {HEADINGS[section % len(HEADINGS)]} ({section + 1})", ""]
        section += 1
        for _ in range(rng.randint(3, 6)):
            paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
            count += len(paragraph.split())
            out += [paragraph, ""]
            if count >= words:
                break
    out += ["## Verdict", "", "Slow, patient and finally moving: worth the evening. Rating: 7/10.", ""]
    return "\n".join(out)


def run_one(words: int, keep: bool) -> dict[str, object]:
    """Convert a review of ``words`` words in a child process; return the figures."""
    work = Path(tempfile.mkdtemp(prefix=f"audioreview-bench-{words}-"))
    review = work / "review.md"
    review.write_text(make_review(words), encoding="utf-8")
    return {"words": words, **convert(review, work, keep)}


def convert(review: Path, work: Path, keep: bool) -> dict[str, object]:
    """Convert ``review`` cold (a fresh cache in ``work``) in a child process; return the figures."""
    import psutil

    config = work / "audioreview.toml"
    config.write_text(f'cache_dir = "{work / "cache"}"\noutput_dir = "{work / "out"}"\n', encoding="utf-8")
    env = {**os.environ, "AUDIOREVIEW_MAX_AUDIO_SECONDS": str(24 * 3600)}
    cmd = [sys.executable, "-m", "audioreview", "--config", str(config), "convert", str(review), "--versions", "full"]
    start = time.monotonic()
    child = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stage = ["starting"]
    stages: dict[str, dict[str, float]] = {}
    log: list[str] = []

    def read_progress() -> None:
        assert child.stderr is not None
        for line in child.stderr:
            log.append(line.rstrip("\n"))
            message = line.split(": ", 1)[-1].strip()
            if message.startswith(("reading", "synthesizing", "synthesized", "rendering")):
                stage[0] = message.split(" the ")[0] if message.startswith("rendering") else message.split(" ")[0]

    reader = threading.Thread(target=read_progress, daemon=True)
    reader.start()
    proc = psutil.Process(child.pid)
    while child.poll() is None:
        try:
            info = proc.memory_info()
        except psutil.Error:
            break
        # "shared" is what is resident from files (the memory-mapped scratch audio, libraries):
        # the kernel can drop it at will; the rest is the process's own (anonymous) memory.
        rss, anon = info.rss / 2**20, (info.rss - info.shared) / 2**20
        entry = stages.setdefault(
            stage[0], {"peak_mib": 0.0, "peak_anon_mib": 0.0, "from_s": round(time.monotonic() - start, 1)}
        )
        entry["peak_mib"] = round(max(entry["peak_mib"], rss), 1)
        entry["peak_anon_mib"] = round(max(entry["peak_anon_mib"], anon), 1)
        time.sleep(SAMPLE_EVERY_S)
    assert child.stdout is not None
    stdout = child.stdout.read()
    code = child.wait()
    wall = time.monotonic() - start
    reader.join(timeout=5)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result: dict[str, object] = {
        "exit_code": code,
        "wall_s": round(wall, 1),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "python_rss_by_stage_mib": stages,
    }
    manifest = next((m for m in (work / "out").glob("*/*.json") if _is_manifest(m)), None) if code == 0 else None
    if manifest is not None:
        doc = json.loads(manifest.read_text(encoding="utf-8"))
        full = doc["versions"]["full"]
        result["audio_s"] = full["duration_s"]
        result["mp3_mib"] = round(full["bytes"] / 2**20, 1)
        said = [line.split("synthesizing ", 1)[1] for line in log if "synthesizing " in line]
        result["sentences"] = int(said[0].split()[0]) if said else None
    else:
        result["stderr_tail"] = log[-5:]
        result["stdout"] = stdout[-500:]
    if keep:
        result["work"] = str(work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return result


def _is_manifest(path: Path) -> bool:
    """The production's manifest, not one of the sidecars (chapters, transcript) beside it."""
    try:
        return "versions" in json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False


LONGEST_EXAMPLE = ROOT / "examples" / "long-novel-review.md"


def _single(args: list[str]) -> dict[str, object]:
    """Run this script's ``--single``/``--example`` in a fresh interpreter; its figures."""
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"exit_code": out.returncode, "stderr_tail": out.stderr.strip()[-500:]}
    figures: dict[str, object] = json.loads(out.stdout)
    return figures


def _row(what: str, runs: list[dict[str, object]]) -> tuple[str, str, str]:
    """One table row: the highest peak RSS of ``runs`` and the wall time of each."""
    ok = [run for run in runs if run.get("exit_code") == 0]
    if not ok:
        return (what, "failed", str(runs[-1].get("stderr_tail", ""))[-200:])
    peak = max(float(run["peak_rss_mib"]) for run in ok)  # type: ignore[arg-type]
    walls = ", ".join(f"{float(run['wall_s']):.0f} s" for run in ok)  # type: ignore[arg-type]
    audio = ok[0].get("audio_s")
    heard = f"{float(audio) / 60:.0f} min of audio, " if audio is not None else ""  # type: ignore[arg-type]
    runs_note = "single run" if len(ok) == 1 else f"highest of {len(ok)} runs"
    return (what, f"{peak:.0f} MiB", f"{heard}cold convert --versions full, wall {walls} ({runs_note})")


def rows(n: int) -> list[tuple[str, str, str]]:
    """Peak RSS rows for the bench table: the longest example ``n`` times, the 10,000- and 50,000-word reviews once.

    A peak is the kernel's high-water mark, not a timing: it does not drift
    with the machine's load, so the long reviews (minutes each) run once.
    """
    n = max(1, n)
    return [
        _row("peak RSS, longest example (convert cold)", [_single(["--example"]) for _ in range(n)]),
        _row("peak RSS, 10,000-word review", [_single(["--single", "10000"])]),
        _row("peak RSS, 50,000-word review", [_single(["--single", "50000"])]),
    ]


def main() -> None:
    """Run each size in a fresh interpreter and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--keep", action="store_true", help="keep the work folders")
    parser.add_argument("--single", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--example", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.single:
        print(json.dumps(run_one(args.single, args.keep)))
        return
    if args.example:
        work = Path(tempfile.mkdtemp(prefix="audioreview-bench-example-"))
        print(json.dumps({"review": LONGEST_EXAMPLE.name, **convert(LONGEST_EXAMPLE, work, args.keep)}))
        return
    for words in args.words:
        cmd = [sys.executable, __file__, "--single", str(words), *(["--keep"] if args.keep else [])]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(f"{words} words: bench failed: {out.stderr.strip()[-500:]}")
            continue
        figures = json.loads(out.stdout)
        audio = figures.get("audio_s")
        print(
            f"{words:>6} words: exit {figures['exit_code']}, wall {figures['wall_s']} s, "
            f"audio {audio if audio is None else round(float(audio) / 60, 1)} min, "
            f"peak RSS {figures['peak_rss_mib']} MiB"
        )
        for name, stage in figures["python_rss_by_stage_mib"].items():  # type: ignore[union-attr]
            print(
                f"         {name:<14} from {stage['from_s']:>7} s  python peak {stage['peak_mib']} MiB"
                f" (own memory {stage['peak_anon_mib']} MiB, the rest mapped from files)"
            )
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
