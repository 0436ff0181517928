"""How the produced show sounds, measured against the raw voice on the same words.

    .venv/bin/python bench/sound.py                      # the demo and the longest example
    .venv/bin/python bench/sound.py examples/x.md        # other reviews
    .venv/bin/python bench/sound.py --plain              # bed, speech chain and room tone off (as before them)

For each review it makes the full version with the real Piper voice (the
takes come from the usual cache, so a second run synthesizes nothing), then
prints:

- the spectral balance per band: each band's share of the speech's power, in
  the finished MP3 (decoded, over the narration's sentences only, so no
  music is counted) minus the same share in the raw Piper takes of the same
  sentences, in dB (0 is "as the voice sounds"); "4-8k vs rest" is the
  4-8 kHz band against everything else;
- the limiter's gain reductions: stretches where it pulls the gain down, and
  how many of them fall on sibilants (more of their power above 4 kHz than
  below) - the "s" and "sh" sounds that a bright chain pushes into it;
- the file's integrated loudness, true peak and loudness range, as ffmpeg's
  ebur128 meter reads them;
- sample jumps over half full scale inside the narration of the finished
  file (harsh, fast edges: sibilants mostly);
- the render time: assembling the PCM (with the speech chain and the bed)
  and mastering (leveling, encoding, measuring), wall clock and CPU (this
  process and ffmpeg: steadier on a busy machine); and the speech
  chain's own cost, in CPU seconds per minute of audio (the same assembly
  with and without it, best of three).

Nothing here asserts: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audioreview.engines.base import builtin_voices_dir  # noqa: E402
from audioreview.ffmpeg import decode_to_pcm, ffmpeg_exe  # noqa: E402
from audioreview.ingest import load  # noqa: E402
from audioreview.model import Script, Segment, Take  # noqa: E402
from audioreview.pipeline import plan  # noqa: E402
from audioreview.render import assemble as asm  # noqa: E402
from audioreview.render.chain import _responses as chain_responses  # noqa: E402
from audioreview.render.loudness import plan_gain  # noqa: E402
from audioreview.render.master import MasterSpec, initial_encoder_loss, master  # noqa: E402
from audioreview.render.synthesize import SegmentCache, synthesize_all, working_rate  # noqa: E402
from audioreview.settings import load_settings  # noqa: E402

DEFAULT_REVIEWS = ("examples/quiet-harbour.md", "examples/long-novel-review.md")
BANDS = ((20, 100), (100, 300), (300, 1000), (1000, 2000), (2000, 4000), (4000, 8000), (8000, 11000))
FFT = 2048
SIBILANT_SHARE = 0.5
"""A limiter stretch is on a sibilant when more than this share of the power around it is above 4 kHz."""
MERGE_MS = 10


def band_label(lo: int, hi: int) -> str:
    """``"4-8k"``, ``"300-1k"``."""
    def k(f: int) -> str:
        return f"{f // 1000}k" if f >= 1000 and f % 1000 == 0 else str(f)
    return f"{k(lo)}-{k(hi)}"


def spectrum(x: np.ndarray, rate: int) -> tuple[np.ndarray, np.ndarray]:
    """(frequencies, mean power) over Hann-windowed frames of ``x``, half overlapping, frames of silence left out."""
    size = FFT * rate // 22050
    hop = size // 2
    count = max(0, (len(x) - size) // hop + 1)
    frames = np.lib.stride_tricks.sliding_window_view(x, size)[::hop][:count]
    loud = frames.std(axis=1) > 10 ** (-50 / 20)
    power = (np.abs(np.fft.rfft(frames[loud] * np.hanning(size), axis=1)) ** 2).mean(axis=0)
    return np.fft.rfftfreq(size, 1 / rate), power


def balance(x: np.ndarray, rate: int) -> dict[str, float]:
    """Each band's share of the power from 20 Hz to 11 kHz, in dB, plus "4-8k vs rest"."""
    freqs, power = spectrum(x, rate)
    total = power[(freqs >= BANDS[0][0]) & (freqs < BANDS[-1][1])].sum()
    out = {}
    for lo, hi in BANDS:
        out[band_label(lo, hi)] = 10 * np.log10(power[(freqs >= lo) & (freqs < hi)].sum() / total)
    high = power[(freqs >= 4000) & (freqs < 8000)].sum()
    out["4-8k vs rest"] = 10 * np.log10(high / (total - high))
    return out


def high_share(x: np.ndarray, rate: int) -> float:
    """The share of ``x``'s power above 4 kHz."""
    spec = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / rate)
    return float(spec[freqs >= 4000].sum() / max(spec.sum(), 1e-30))


def limiter_events(samples: np.ndarray, rate: int, spec: MasterSpec) -> tuple[int, int, float]:
    """(stretches of gain reduction, how many on sibilants, deepest reduction dB) as ``master`` first plans them."""
    leveler = plan_gain(
        samples, rate, target_lufs=spec.target_lufs + initial_encoder_loss(spec.bitrate_kbps), ceiling_dbtp=spec.ceiling_dbtp
    )
    curve = leveler.curve(0, len(samples))
    if curve is None:
        return 0, 0, 0.0
    active = np.flatnonzero(curve < 1 - 1e-3)
    if len(active) == 0:
        return 0, 0, 0.0
    breaks = np.flatnonzero(np.diff(active) > rate * MERGE_MS // 1000) + 1
    x = samples.astype(np.float32) / 32768
    half = rate * 10 // 1000
    sibilant = 0
    for group in np.split(active, breaks):
        centre = int(group[np.argmin(curve[group])])
        window = x[max(0, centre - half) : centre + half]
        sibilant += high_share(window, rate) > SIBILANT_SHARE
    return len(breaks) + 1, sibilant, float(-20 * np.log10(curve.min()))


def file_loudness(path: Path) -> tuple[float, float, float]:
    """(integrated LUFS, true peak dBTP, LRA LU) of a file, by ffmpeg's ebur128 summary."""
    import subprocess

    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    summary = proc.stderr.rsplit("Summary:", 1)[-1]

    def value(name: str) -> float:
        m = re.search(rf"{name}:\s+(-?[\d.]+|-inf)", summary)
        return float(m.group(1)) if m else float("nan")

    return value("I"), value("Peak"), value("LRA")


def measure(source: str, settings_changes: dict[str, object]) -> dict[str, object]:
    """Make the full version of ``source`` and measure it."""
    settings = replace(load_settings(versions="full"), **settings_changes)
    cache = SegmentCache(settings.cache_dir)
    review = load(source, settings=settings)
    p = plan(review, settings, cache=cache)
    script = p.full
    takes, _ = synthesize_all(script.segments, p.cast, cache)
    rate = working_rate(takes, script.segments)
    builtin = builtin_voices_dir()
    stings = asm.Stings(
        intro=asm.load_sting(settings.intro_sting, rate, builtin),
        outro=asm.load_sting(settings.outro_sting, rate, builtin),
    )
    sound = asm.Sound.from_settings(settings, asm.load_bed(settings.bed, rate, builtin))
    spec = MasterSpec.from_settings(settings)
    c0 = _cpu()
    t0 = time.perf_counter()
    samples, timeline = asm.assemble(script, takes.take, rate, stings, sound)
    t1 = time.perf_counter()
    c1 = _cpu()
    chain_cpu = chain_cost(script, takes.take, rate, stings, sound)
    with tempfile.TemporaryDirectory() as tmp:
        mp3 = Path(tmp) / "out.mp3"
        master(samples, rate, mp3, spec, name=mp3.name)
        t2 = time.perf_counter()
        c2 = _cpu()
        integrated, peak, lra = file_loudness(mp3)
        out_rate = settings.sample_rate
        decoded = np.frombuffer(decode_to_pcm(mp3, out_rate, name=mp3.name), dtype="<i2").astype(np.float32) / 32768
    kinds = [section.kind for section in script.sections for _ in section.segments]
    body = [i for i, kind in enumerate(kinds) if kind == "body"]
    cues = [timeline.cues[i] for i in body]
    spoken = np.concatenate([decoded[c.start_ms * out_rate // 1000 : c.end_ms * out_rate // 1000] for c in cues])
    jumps = int((np.abs(np.diff(spoken)) > 0.5).sum())
    raw_parts = [takes.take(script.segments[i]).audio for i in body]
    raw = np.concatenate([np.frombuffer(a.pcm, dtype="<i2") for a in raw_parts]).astype(np.float32) / 32768
    raw_rate = raw_parts[0].sample_rate
    produced, reference = balance(spoken, out_rate), balance(raw, raw_rate)
    events, on_sibilants, deepest = limiter_events(samples, rate, spec)
    minutes = timeline.duration_ms / 60000
    return {
        "source": Path(source).name,
        "minutes": minutes,
        "delta": {band: produced[band] - reference[band] for band in produced},
        "limiter": (events, on_sibilants, deepest),
        "loudness": (integrated, peak, lra),
        "jumps": jumps,
        "chain_cpu_per_min": chain_cpu / minutes if chain_cpu is not None else None,
        "assemble_s": t1 - t0,
        "master_s": t2 - t1,
        "cpu": (c1 - c0, c2 - c1),
    }


def _cpu() -> float:
    """CPU seconds used so far by this process and the children it waited for (ffmpeg)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def chain_cost(script: Script, take_of: Callable[[Segment], Take], rate: int, stings: asm.Stings, sound: asm.Sound) -> float | None:
    """CPU seconds the speech chain adds to an assembly (best of three each way), None without a chain."""
    if sound.chain is None:
        return None
    times = {}
    for name, variant in (("with", sound), ("without", replace(sound, chain=None))):
        best = float("inf")
        for _ in range(3):
            chain_responses.cache_clear()  # as in a fresh process
            t = time.process_time()
            asm.assemble(script, take_of, rate, stings, variant)
            best = min(best, time.process_time() - t)
        times[name] = best
    return max(0.0, times["with"] - times["without"])


def report(rows: list[dict[str, object]]) -> str:
    """The figures as a Markdown table, one column per review."""
    lines = ["| | " + " | ".join(f"{r['source']} ({r['minutes']:.1f} min)" for r in rows) + " |"]
    lines.append("|---|" + "---|" * len(rows))
    for band in rows[0]["delta"]:  # type: ignore[union-attr]
        cells = [f"{r['delta'][band]:+.2f} dB" for r in rows]  # type: ignore[index]
        lines.append(f"| balance {band} vs raw | " + " | ".join(cells) + " |")
    lines.append(
        "| limiter reductions (on sibilants), deepest | "
        + " | ".join(f"{r['limiter'][0]} ({r['limiter'][1]}), {r['limiter'][2]:.1f} dB" for r in rows)  # type: ignore[index]
        + " |"
    )
    lines.append("| sample jumps over half scale in speech | " + " | ".join(str(r["jumps"]) for r in rows) + " |")
    lines.append(
        "| LUFS / dBTP / LRA | "
        + " | ".join(f"{r['loudness'][0]:.1f} / {r['loudness'][1]:.1f} / {r['loudness'][2]:.1f}" for r in rows)  # type: ignore[index]
        + " |"
    )
    lines.append(
        "| render: assemble + master (per min) | "
        + " | ".join(
            f"{r['assemble_s']:.2f} + {r['master_s']:.2f} s ({(r['assemble_s'] + r['master_s']) / r['minutes']:.2f} s/min)"  # type: ignore[operator]
            for r in rows
        )
        + " |"
    )
    lines.append(
        "| render CPU: assemble + master (per min) | "
        + " | ".join(
            f"{r['cpu'][0]:.2f} + {r['cpu'][1]:.2f} s ({(r['cpu'][0] + r['cpu'][1]) / r['minutes']:.2f} s/min)"  # type: ignore[index]
            for r in rows
        )
        + " |"
    )
    lines.append(
        "| speech chain, CPU per minute of audio | "
        + " | ".join("off" if r["chain_cpu_per_min"] is None else f"{r['chain_cpu_per_min']:.3f} s" for r in rows)
        + " |"
    )
    return "\n".join(lines)


def main() -> None:
    """Measure the reviews given (or the demo and the longest example) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reviews", nargs="*", default=[str(ROOT / r) for r in DEFAULT_REVIEWS])
    parser.add_argument("--plain", action="store_true", help="bed, speech chain and room tone off")
    args = parser.parse_args()
    changes: dict[str, object] = {"bed": "", "speech_chain": False, "room_tone": False} if args.plain else {}
    rows = [measure(source, changes) for source in args.reviews]
    print(report(rows))


if __name__ == "__main__":
    main()
