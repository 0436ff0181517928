"""Over-long sentences spoken in pieces: is the join heard?

    .venv/bin/python bench/split_seam.py [REVIEW.md]     # default: examples/long-novel-review.md

For every sentence of the review longer than ``piper_split.MAX_WORDS`` words
it speaks the sentence whole and in pieces (the same noise seed for both,
``onnxruntime.set_seed``) and prints, per sentence:

- the level jump at each join: the change in RMS level between the 10 ms
  before and the 10 ms after the join, against the largest such change
  anywhere else in the whole take (a seam shows as a join louder than the
  speech's own onsets), and the largest sample step within 1 ms of the join
  against the take's own largest step;
- a round trip through an offline recognizer (pocketsphinx's bundled
  US-English model): the word error rate of the pieces' audio and of the
  whole sentence's, against the sentence's words;
- how long each is and how long the longest piece is (what onnxruntime has
  to hold at once).

Nothing here asserts: it prints figures (the lead reads them).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quality import word_error_rate as wer  # noqa: E402
from quality import words_of  # noqa: E402

from audioreview.engines import piper_split  # noqa: E402

FRAME_S = 0.010


def levels_db(x: np.ndarray, rate: int) -> np.ndarray:
    """RMS level in dBFS of each 10 ms frame."""
    frame = int(rate * FRAME_S)
    n = len(x) // frame
    f = x[: n * frame].astype(np.float64).reshape(n, frame) / 32768.0
    return 10 * np.log10((f * f).mean(axis=1) + 1e-10)


def join_jump(x: np.ndarray, rate: int, lo: int, hi: int) -> tuple[float, float, float, float]:
    """(level change within the join [lo, hi), largest elsewhere, sample step within it, largest elsewhere)."""
    frame = int(rate * FRAME_S)
    steps = np.abs(np.diff(levels_db(x, rate)))
    a, b = lo // frame, -(-hi // frame)
    near = steps[a:b].max(initial=0.0)
    rest = np.r_[steps[:a], steps[b:]].max(initial=0.0)
    d = np.abs(np.diff(x.astype(np.float64)))
    step_near = d[lo:hi].max(initial=0.0)
    step_rest = np.r_[d[:lo], d[hi:]].max(initial=0.0)
    return float(near), float(rest), float(step_near), float(step_rest)


def recognize(x: np.ndarray, rate: int) -> list[str]:
    """What pocketsphinx hears in ``x``."""
    from pocketsphinx import Decoder
    from scipy.signal import resample_poly

    y = resample_poly(x.astype(np.float32), 16000, rate)
    pcm = np.clip(np.round(y), -32768, 32767).astype("<i2").tobytes()
    decoder = Decoder(samprate=16000, loglevel="FATAL")
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    hyp = decoder.hyp()
    return words_of(hyp.hypstr if hyp is not None else "")


def speak(engine: object, text: str, voice: object) -> np.ndarray:
    """``text`` spoken in one Piper call (never cut), as int16 samples."""
    _, chunks = engine._chunks(text, voice, alignments=False)  # type: ignore[attr-defined]
    return np.frombuffer(b"".join(c.audio_int16_bytes for c in chunks), dtype="<i2")


def main() -> None:
    import onnxruntime

    from audioreview.engines.piper import PiperEngine
    from audioreview.ingest import load
    from audioreview.pipeline import plan_text
    from audioreview.settings import Settings

    source = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "examples" / "long-novel-review.md")
    settings = Settings()
    text = plan_text(load(source, settings=settings), settings)
    voice = text.cast.narrator[1]
    engine = PiperEngine()
    long = [t for t in dict.fromkeys(seg.text for seg in text.full.segments) if piper_split.count_words(t) > piper_split.MAX_WORDS]
    print(f"{len(long)} sentences over {piper_split.MAX_WORDS} words in {Path(source).name}\n")
    worst_level = -100.0
    worst_ratio, wer_split, wer_whole, longest_piece, longest_whole = 0.0, [], [], 0.0, 0.0
    for sentence in long:
        pieces = piper_split.split_sentence(sentence)
        onnxruntime.set_seed(7)
        parts = [speak(engine, p.text, voice) for p in pieces]
        rate = engine.sample_rate(voice)
        joined = piper_split.join(parts, [p.boundary for p in pieces], rate)
        onnxruntime.set_seed(7)
        whole = speak(engine, sentence, voice)
        ref = words_of(sentence)
        ws, ww = wer(ref, recognize(joined.samples, rate)), wer(ref, recognize(whole, rate))
        wer_split.append(ws)
        wer_whole.append(ww)
        longest_piece = max(longest_piece, max(len(p) for p in parts) / rate)
        longest_whole = max(longest_whole, len(whole) / rate)
        print(f"{len(ref)} words in {len(pieces)} pieces ({', '.join(str(piper_split.count_words(p.text)) for p in pieces)}): {sentence[:70]}...")
        print(f"   whole {len(whole) / rate:.1f} s, pieces joined {len(joined.samples) / rate:.1f} s, longest piece {max(len(p) for p in parts) / rate:.1f} s")
        for (lo, hi), p in zip(joined.seams, pieces[:-1], strict=True):
            # The seam: where the two parts overlap (or the silence put between them), a frame either side.
            frame = int(rate * FRAME_S)
            lo, hi = max(0, lo - frame), min(len(joined.samples), hi + frame)
            near, rest, step, step_rest = join_jump(joined.samples, rate, lo, hi)
            level = float(levels_db(joined.samples[lo:hi], rate).max(initial=-100.0))
            worst_ratio = max(worst_ratio, near - rest)
            worst_level = max(worst_level, level)
            print(
                f"   join after {p.text[-12:]!r}: loudest 10 ms there {level:.0f} dBFS, level change {near:.1f} dB "
                f"(elsewhere up to {rest:.1f}), sample step {step:.0f} (elsewhere up to {step_rest:.0f})"
            )
        print(f"   recognizer WER: pieces {ws:.2f}, whole {ww:.2f}")
    if long:
        print(
            f"\nlongest utterance: {longest_whole:.1f} s whole, {longest_piece:.1f} s in pieces; "
            f"mean WER pieces {np.mean(wer_split):.3f}, whole {np.mean(wer_whole):.3f}; "
            f"largest level change across a join minus the take's own largest elsewhere: {worst_ratio:+.1f} dB; "
            f"loudest 10 ms at any join {worst_level:.0f} dBFS"
        )


if __name__ == "__main__":
    main()
