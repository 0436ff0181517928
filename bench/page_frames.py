"""Frame times of the listening page while it highlights word by word, in Debian's Chromium.

Makes a production of about 2000 words (a generated review, every word timed,
a tone for audio), writes its page the way ``audioreview podcast`` does,
serves it, and plays it at 1x and at 4x with the transcript in view. The same
sentences without word times (the page as it was before, sentence by
sentence) are the baseline.

For each page and rate, one run as a listener has it prints the frame times
(requestAnimationFrame deltas), the long tasks (PerformanceObserver
"longtask": a main-thread task over 50 ms of wall time) and how many words
the highlight went through; a second run under Chrome's tracing prints the
renderer main thread's own CPU time (trace ``tdur``): its longest task, the
tasks over 50 ms of CPU, the animation-frame callbacks, and the
callbacks, style, layout and paint per second of playback. Wall-clock figures include whatever else the machine is
running (the load average is printed); the CPU figures are the page's own.

    python bench/page_frames.py [--words 2000] [--seconds 8]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import sentence  # noqa: E402
from fixtures.chromium import ARGS, CHROMIUM  # noqa: E402
from fixtures.podcast_production import make_production  # noqa: E402

from audioreview.publish.page import write_page  # noqa: E402
from audioreview.publish.serve import make_server  # noqa: E402

SECONDS_PER_WORD = 0.38
"""About Piper's pace with the shipped voice (160 words a minute)."""

OBSERVE = """
window.__longtasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longtasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
"""

FRAMES = """(ms) => new Promise((done) => {
  const section = document.querySelector('#full');
  const deltas = [];
  const lit = new Set();
  let last = performance.now();
  const start = last;
  function frame(now) {
    deltas.push(now - last);
    last = now;
    lit.add(section.getAttribute('data-word'));
    if (now - start < ms) requestAnimationFrame(frame); else done({ deltas, lit: lit.size });
  }
  requestAnimationFrame((now) => { last = now; requestAnimationFrame(frame); });
})"""


def make_site(root: Path, words: int, *, timed: bool = True) -> tuple[Path, int]:
    """A production of about ``words`` words (timed or not); returns the site folder and the exact word count."""
    rng = random.Random(17)
    sentences: list[str] = []
    count = 0
    while count < words:
        sentences.append(sentence(rng))
        count += len(sentences[-1].split())
    seconds = round(count * SECONDS_PER_WORD + 0.5 * len(sentences) + 2, 1)
    make_production(root, "long-review", "A long review", versions={"full": seconds},
                    sentences=tuple(sentences), words=timed)
    write_page(root / "long-review")
    return root, count


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _metrics(cdp: Any) -> dict[str, float]:
    return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}


def measure(page: Any, cdp: Any, rate: float, seconds: float) -> dict[str, Any]:
    """Play at ``rate`` for ``seconds`` from the start of the transcript; the figures."""
    page.evaluate("window.__longtasks = []")
    page.evaluate("(r) => { const a = document.querySelector('#full audio'); a.currentTime = 1; "
                  "a.playbackRate = r; return a.play(); }", rate)
    before = _metrics(cdp)
    result = page.evaluate(FRAMES, seconds * 1000)
    after = _metrics(cdp)
    page.evaluate("document.querySelector('#full audio').pause()")
    elapsed = after["Timestamp"] - before["Timestamp"]
    deltas = result["deltas"]
    tasks = page.evaluate("window.__longtasks")
    return {
        "rate": rate,
        "frames": len(deltas),
        "fps": len(deltas) / seconds,
        "median_ms": statistics.median(deltas),
        "p95_ms": _percentile(deltas, 0.95),
        "p99_ms": _percentile(deltas, 0.99),
        "max_ms": max(deltas),
        "over_25ms": sum(1 for d in deltas if d > 25),
        "long_tasks": len(tasks),
        "longest_task_ms": max((d for _, d in tasks), default=0.0),
        "words_lit": result["lit"] - 1,
        "script_ms_per_s": 1000 * (after["ScriptDuration"] - before["ScriptDuration"]) / elapsed,
        "style_layout_ms_per_s": 1000 * (after["RecalcStyleDuration"] - before["RecalcStyleDuration"]
                                         + after["LayoutDuration"] - before["LayoutDuration"]) / elapsed,
    }


TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel"]
PHASES = ("FireAnimationFrame", "UpdateLayoutTree", "Layout", "PrePaint", "Paint")


def traced(browser: Any, page: Any, rate: float, seconds: float) -> dict[str, Any]:
    """Play at ``rate`` for ``seconds`` under tracing; the renderer main thread's CPU figures (ms)."""
    page.evaluate("document.querySelector('#full audio').currentTime = 1")
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.evaluate("(r) => { const a = document.querySelector('#full audio'); a.playbackRate = r; return a.play(); }",
                  rate)
    page.wait_for_timeout(seconds * 1000)
    page.evaluate("document.querySelector('#full audio').pause()")
    data = json.loads(browser.stop_tracing())
    events = data["traceEvents"] if isinstance(data, dict) else data
    threads = {(e["pid"], e["tid"]) for e in events
               if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    frames = [e for e in events if e.get("name") == "FireAnimationFrame" and (e["pid"], e["tid"]) in threads]
    main = {(e["pid"], e["tid"]) for e in frames} or threads
    tasks = [e for e in events if e.get("ph") == "X" and e.get("name") == "RunTask" and (e["pid"], e["tid"]) in main]
    cpu = [e.get("tdur", e.get("dur", 0)) / 1000 for e in tasks]
    per_second = {name: sum(e.get("tdur", 0) for e in events if e.get("name") == name and e.get("ph") == "X"
                            and (e["pid"], e["tid"]) in main) / 1000 / seconds for name in PHASES}
    callbacks = [e.get("tdur", 0) / 1000 for e in frames]
    paints = [e.get("tdur", 0) / 1000 for e in events
              if e.get("name") == "Paint" and e.get("ph") == "X" and (e["pid"], e["tid"]) in main]
    return {
        "paints": len(paints),
        "paint_median_ms": statistics.median(paints) if paints else 0.0,
        "paint_max_ms": max(paints, default=0.0),
        "tasks": len(tasks),
        "longest_cpu_ms": max(cpu, default=0.0),
        "over_50ms_cpu": sum(1 for c in cpu if c > 50),
        "longest_wall_ms": max((e.get("dur", 0) / 1000 for e in tasks), default=0.0),
        "frames": len(frames),
        "callback_median_ms": statistics.median(callbacks) if callbacks else 0.0,
        "callback_max_ms": max(callbacks, default=0.0),
        "per_second_ms": per_second,
    }


def run(browser: Any, url: str, label: str, seconds: float) -> None:
    """Open ``url``, print what loading cost, then both runs at 1x and 4x."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(OBSERVE)
    page.goto(url)
    page.wait_for_selector("section.episode[data-ready='true']")
    page.wait_for_function("document.querySelector('#full audio').duration > 0", timeout=30_000)
    load_tasks = page.evaluate("window.__longtasks")
    spans = page.evaluate("document.querySelectorAll('#full .w').length")
    sentences = page.evaluate("document.querySelectorAll('#full .cue').length")
    page.evaluate("document.querySelector('#full .transcript').scrollIntoView()")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    print(f"{label}: {sentences} sentences, {spans} word spans; long tasks while loading: {len(load_tasks)}"
          + (f" (longest {max(d for _, d in load_tasks):.0f} ms)" if load_tasks else ""))
    for rate in (1.0, 4.0):
        r = measure(page, cdp, rate, seconds)
        print(f"  {r['rate']:g}x as played: {r['frames']} frames ({r['fps']:.1f}/s), frame time median "
              f"{r['median_ms']:.1f} ms, p95 {r['p95_ms']:.1f}, p99 {r['p99_ms']:.1f}, max {r['max_ms']:.1f}; "
              f"frames over 25 ms: {r['over_25ms']}; long tasks (wall): {r['long_tasks']} "
              f"(longest {r['longest_task_ms']:.0f} ms); words lit: {r['words_lit']}; load average "
              f"{os.getloadavg()[0]:.1f}")
        t = traced(browser, page, rate, seconds)
        phases = ", ".join(f"{name} {ms:.1f}" for name, ms in t["per_second_ms"].items())
        print(f"  {rate:g}x traced: main thread {t['tasks']} tasks, longest {t['longest_cpu_ms']:.1f} ms CPU "
              f"({t['longest_wall_ms']:.1f} ms wall), tasks over 50 ms CPU: {t['over_50ms_cpu']}; "
              f"{t['frames']} animation frames, callback CPU median {t['callback_median_ms']:.2f} ms, max "
              f"{t['callback_max_ms']:.2f} ms; paints {t['paints']} (median {t['paint_median_ms']:.2f} ms CPU); "
              f"CPU ms per second of playback: {phases}")
    page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _, count = make_site(root / "words", args.words)
        make_site(root / "sentences", args.words, timed=False)
        size = (root / "words" / "long-review" / "index.html").stat().st_size
        print(f"a review of {count} words, page {size // 1024} KiB with word times, "
              f"{(root / 'sentences' / 'long-review' / 'index.html').stat().st_size // 1024} KiB without")
        server = make_server(root, port=0)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                run(browser, f"{base}/words/long-review/", "word by word", args.seconds)
                run(browser, f"{base}/sentences/long-review/", "sentence by sentence (before)", args.seconds)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


if __name__ == "__main__":
    main()
