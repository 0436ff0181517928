"""What the authoring controls do to real Piper audio, measured.

    .venv/bin/python bench/directions.py                 # all four measures
    .venv/bin/python bench/directions.py --only speed    # one of: emphasis, speed, voice, short

- emphasis: a word said as an emphasized part against the same word as a plain
  part, over several sentences: its spoken length and its RMS level (dB), for
  the settings' emphasis (length scale 1.12, +2 dB) and strong emphasis;
- speed: six sentences at speeds 0.8 to 1.3: their spoken length against speed
  1.0, and the speed that came out (1.0's length over this one's);
- voice: the narrator against the second voice (``joe-quote``) on the same
  sentences: integrated loudness (BS.1770, the mastering stage's meter), the
  median pitch of the voiced frames, and the spoken length;
- short: the short version of the longest example made at each speed from 0.8
  to 1.3 (75 s target, framing lines included, stings not): its measured length
  and the error against the target (the timing model is fitted to real takes at
  that speed).

Takes come from a cache under the system's temp folder, so a second run is
quicker. Nothing here asserts: it prints figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audioreview.engines import get_engine  # noqa: E402
from audioreview.engines.base import load_voices, with_speed  # noqa: E402
from audioreview.model import Audio  # noqa: E402
from audioreview.render import assemble as asm  # noqa: E402
from audioreview.render.loudness import integrated_loudness  # noqa: E402
from audioreview.render.parts import apply_gain  # noqa: E402
from audioreview.render.synthesize import Unit, speak_unit  # noqa: E402

SENTENCES = [
    "The lighthouse keeper walks the stairs every night, counting the steps out loud.",
    "It is patient without being slow, and the photography is often beautiful.",
    "The sound design makes the sea a character.",
    "However, the second act drags, and the score swells where silence would serve it better.",
    "Mara Quill's novel is a quiet triumph.",
    "I give it eight out of ten.",
]
WORDS = ["never", "beautiful", "character", "silence", "triumph", "eight"]
SPEEDS = [0.8, 0.9, 1.0, 1.15, 1.3]
SHORT_SPEEDS = [0.8, 0.9, 1.0, 1.1, 1.2, 1.3]


def _samples(audio: Audio) -> np.ndarray:
    return np.frombuffer(audio.pcm, dtype="<i2")


def rms_db(audio: Audio) -> float:
    """RMS level of the trimmed take, dBFS."""
    seg = asm.trim(asm.to_segment(audio))
    x = np.frombuffer(seg.raw_data, dtype="<i2").astype(np.float64) / 32768
    return float(20 * np.log10(np.sqrt(np.mean(x**2)) + 1e-12))


def median_pitch(audio: Audio) -> float:
    """Median fundamental frequency (Hz) of the voiced 40 ms frames, by autocorrelation."""
    x = _samples(audio).astype(np.float64)
    rate, size, found = audio.sample_rate, int(0.04 * audio.sample_rate), []
    for start in range(0, len(x) - size, size):
        frame = x[start : start + size] - x[start : start + size].mean()
        if np.sqrt(np.mean(frame**2)) < 800:
            continue
        corr = np.correlate(frame, frame, "full")[size - 1 :]
        low, high = rate // 300, rate // 60
        lag = low + int(np.argmax(corr[low:high]))
        if corr[lag] > 0.3 * corr[0]:
            found.append(rate / lag)
    return float(np.median(found)) if found else float("nan")


def say(voice_name: str, text: str, speed: float = 1.0, gain_db: float = 0.0) -> Audio:
    voice = with_speed(load_voices()[voice_name], speed)
    engine = get_engine(voice.engine)
    return apply_gain(speak_unit(Unit((voice.name, text), engine, voice, text, text)), gain_db)


def emphasis() -> None:
    print("emphasis: the emphasized word as its own part, against the same word as a plain part")
    for label, scale, gain in (("emphasis (1.12, +2 dB)", 1.12, 2.0), ("strong (1.24, +3 dB)", 1.24, 3.0)):
        lengths, levels = [], []
        for word in WORDS:
            plain, stressed = say("joe", word), say("joe", word, speed=1 / scale, gain_db=gain)
            lengths.append(asm.spoken_ms(stressed) / asm.spoken_ms(plain))
            levels.append(rms_db(stressed) - rms_db(plain))
        print(f"  {label:<24} length x{statistics.mean(lengths):.3f} (range {min(lengths):.2f}-{max(lengths):.2f}), "
              f"level {statistics.mean(levels):+.2f} dB (range {min(levels):+.2f} to {max(levels):+.2f})")  # fmt: skip


def speed() -> None:
    print("speed: six sentences, spoken length against speed 1.0 (Piper length scale = speed ** -1.45)")
    base = sum(asm.spoken_ms(say("joe", s)) for s in SENTENCES)
    for value in SPEEDS:
        total = base if value == 1.0 else sum(asm.spoken_ms(say("joe", s, speed=value)) for s in SENTENCES)
        print(f"  speed {value:<5g} {total / 1000:6.2f} s  x{total / base:.3f} of 1.0  came out at speed {base / total:.3f}")


def voice() -> None:
    print("voice: the narrator (joe) against the second voice (joe-quote) on the same six sentences")
    rows = {}
    for name in ("joe", "joe-quote"):
        takes = [say(name, s) for s in SENTENCES]
        joined = np.concatenate([_samples(a) for a in takes])
        rows[name] = (
            integrated_loudness(joined, takes[0].sample_rate),
            statistics.median(median_pitch(a) for a in takes),
            sum(asm.spoken_ms(a) for a in takes),
        )
        lufs, pitch, ms = rows[name]
        print(f"  {name:<10} {lufs:6.2f} LUFS  pitch {pitch:5.1f} Hz  {ms / 1000:.2f} s")
    (l1, p1, m1), (l2, p2, m2) = rows["joe"], rows["joe-quote"]
    print(f"  difference: {l2 - l1:+.2f} LU, pitch x{p2 / p1:.3f} ({12 * np.log2(p2 / p1):+.1f} semitones), length x{m2 / m1:.3f}")


def short() -> None:
    from audioreview.ingest import load
    from audioreview.pipeline import produce
    from audioreview.settings import Settings

    example = ROOT / "examples" / "long-novel-review.md"
    target = 75.0
    print(f"short: {example.name} at each speed, target {target:g} s (framing lines included)")
    with tempfile.TemporaryDirectory(prefix="bench-directions-") as out:
        cache = Path(tempfile.gettempdir()) / "audioreview-bench-directions-cache"
        errors = []
        for value in SHORT_SPEEDS:
            settings = Settings(
                cache_dir=str(cache), output_dir=out, versions=("short",), short_seconds=target, speed=value,
                intro_sting=None, outro_sting=None, bed=None,
            )  # fmt: skip
            review = load(str(example), settings=settings)
            production = produce(review, replace(settings), out_dir=Path(out) / f"s{value:g}", progress=None, force=True)
            (rendition,) = production.renditions
            cues = rendition.timeline.cues
            seconds = (cues[-1].end_ms - cues[0].start_ms) / 1000
            error = (seconds - target) / target
            errors.append(abs(error))
            print(f"  speed {value:<4g} {seconds:6.1f} s  error {error:+.1%}")
        print(f"  largest error {max(errors):.1%} (allowed 15%)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["emphasis", "speed", "voice", "short"])
    args = parser.parse_args()
    for name, run in (("emphasis", emphasis), ("speed", speed), ("voice", voice), ("short", short)):
        if args.only in (None, name):
            run()


if __name__ == "__main__":
    main()
