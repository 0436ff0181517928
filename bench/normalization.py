"""Score the English normalizer on NVIDIA NeMo's public text-normalization cases.

    python bench/normalization.py ../shared/data/nemo-en-tn-cases.tsv
    python bench/normalization.py /path/to/NeMo-text-processing      # a checkout
    python bench/normalization.py CASES --failures                   # list every miss

The cases come either as one TSV (category, written, spoken; "#" lines are
comments) or from a NeMo-text-processing checkout, whose
``tests/nemo_text_processing/en/data_text_normalization/test_cases_<category>.txt``
files hold ``written~spoken`` lines.

Two comparisons per case:

- strict: the spoken text equals NeMo's, spaces collapsed;
- lenient: both sides lower-cased, punctuation dropped, hyphens read as
  spaces, "and" ignored and "oh" taken as "zero".

A failure is either a documented convention difference (NeMo reads the form
another way on purpose and so do we; each one is listed with its reason in
docs/normalization.md and keyed in :data:`CONVENTIONS`) or a defect. The
report gives the category table, the primary score, the score on the cases
left after the convention differences, each failure with its cause, and the
median normalization time per sentence of the example reviews. Where
``nemo_text_processing`` is importable it also prints NeMo's own score on the
review cases of :data:`REVIEW_CASES`, side by side with ours.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audioreview.speech.english import normalize_english  # noqa: E402
from audioreview.speech.segment import split_sentences  # noqa: E402

PRIMARY = (
    "cardinal", "ordinal", "decimal", "money", "date", "time", "fraction", "roman", "range", "measure",
    "whitelist", "word",
)
"""The categories the targets are measured on."""

NEMO_CASES = "tests/nemo_text_processing/en/data_text_normalization"

CONVENTIONS: dict[tuple[str, str], str] = {
    ("cardinal", "13000"): "long-digits",
    ("cardinal", "123000"): "long-digits",
    ("range", "170 - 45190"): "long-digits",
    ("cardinal", "978-0"): "hyphen-verbatim",
    ("range", "978-0"): "hyphen-verbatim",
    ("range", "from 2-10"): "hyphen-verbatim",
    ("range", "2-5"): "hyphen-verbatim",
    ("ordinal", "111st"): "bad-suffix-digits",
    ("time", "23:00"): "hundred-hours",
    ("roman", "Sam II"): "roman-ordinal",
    ("range", "2x8"): "x-as-by",
    ("measure", "4.4x"): "x-as-times",
    ("range", "2+3 m2"): "unit-after-sum",
    ("measure", "3 cc/s"): "unit-spelled",
    ("measure", "45º&C"): "degree-plural",
    ("whitelist", "C. S. Lewis"): "initials",
    ("money", "US $76.3 trillion"): "us-dollars",
    ("money", "US$76.3 trillion"): "us-dollars",
    ("fraction", "1/2007"): "slash-year",
    ("fraction", "1795 / 1805"): "slash-year",
    ("date", "1998/2/30"): "impossible-date",
    ("word", "/$€₩£BB¥#%AA and $€₩£¥#%"): "symbol-soup",
}
"""NeMo cases we read differently on purpose: (category, written) -> reason key in docs/normalization.md."""

REVIEW_CASES: tuple[tuple[str, str], ...] = (
    ("I'd give it 7.5/10.", "I'd give it seven point five out of ten."),
    ("Four stars: 4/5 stars from me.", "Four stars: four out of five stars from me."),
    ("S01E02 is the best episode.", "season one, episode two is the best episode."),
    ("It runs 2h 15m.", "It runs two hours fifteen minutes."),
    ("A 1,000-page novel.", "A one thousand-page novel."),
    ("A 3.5-hour epic.", "A three point five-hour epic."),
    ("Doors at 10.30pm.", "Doors at ten thirty PM."),
    ("Tickets are $15-$25.", "Tickets are fifteen dollars to twenty-five dollars."),
    ("It costs $9.99/mo.", "It costs nine dollars and ninety-nine cents per month."),
    ("Louis XIV's court.", "Louis the Fourteenth's court."),
    ("They won 70-44.", "They won seventy to forty-four."),
    ("A 6.1\" screen.", "A six point one inch screen."),
)
"""Review sentences with the reading a person would give (for the side-by-side with NeMo)."""

_DROP = re.compile(r"[^\w\s]|_")


@dataclass(frozen=True, slots=True)
class Case:
    """One NeMo case: its category, the written form and NeMo's spoken form."""

    category: str
    written: str
    spoken: str


@dataclass(frozen=True, slots=True)
class Result:
    """Our reading of one case and how it compares."""

    case: Case
    ours: str
    strict: bool
    lenient: bool
    convention: str | None


def read_cases(source: Path) -> list[Case]:
    """The cases of a TSV file or of a NeMo-text-processing checkout."""
    if source.is_dir():
        folder = source / NEMO_CASES if (source / NEMO_CASES).is_dir() else source
        cases: list[Case] = []
        for path in sorted(folder.glob("test_cases_*.txt")):
            category = path.stem.removeprefix("test_cases_")
            for line in path.read_text(encoding="utf-8").splitlines():
                written, sep, spoken = line.partition("~")
                if sep:
                    cases.append(Case(category, written, spoken))
        return cases
    cases = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) == 3:
            cases.append(Case(*parts))
    return cases


def lenient(text: str) -> list[str]:
    """The words compared leniently: lower case, no punctuation, no "and", "oh" as "zero"."""
    words = _DROP.sub(" ", text.lower().replace("-", " ")).split()
    return ["zero" if word == "oh" else word for word in words if word != "and"]


def strict(text: str) -> str:
    """The text compared strictly: only runs of spaces collapsed."""
    return " ".join(text.split())


def score(cases: list[Case]) -> list[Result]:
    """Normalize each case and compare it with NeMo's reading."""
    results = []
    for case in cases:
        ours = normalize_english(case.written)
        results.append(
            Result(
                case=case,
                ours=ours,
                strict=strict(ours) == strict(case.spoken),
                lenient=lenient(ours) == lenient(case.spoken),
                convention=CONVENTIONS.get((case.category, case.written)),
            )
        )
    return results


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def category_table(results: list[Result]) -> list[str]:
    """Rows of the category table: cases, lenient and strict pass rates."""
    rows = [f"{'category':<12} {'cases':>5} {'lenient':>14} {'strict':>14}"]
    categories = sorted({r.case.category for r in results}, key=lambda c: (c not in PRIMARY, c))
    for category in categories:
        group = [r for r in results if r.case.category == category]
        ok_l = sum(r.lenient for r in group)
        ok_s = sum(r.strict for r in group)
        mark = "" if category in PRIMARY else "  (not primary)"
        rows.append(
            f"{category:<12} {len(group):>5} {ok_l:>4} {_percent(ok_l, len(group))} "
            f"{ok_s:>4} {_percent(ok_s, len(group))}{mark}"
        )
    return rows


def summary(results: list[Result]) -> list[str]:
    """The primary score, and the score once the documented conventions are set aside."""
    primary = [r for r in results if r.case.category in PRIMARY]
    ok_l = sum(r.lenient for r in primary)
    ok_s = sum(r.strict for r in primary)
    kept = [r for r in primary if not (r.convention and not r.lenient)]
    ok_kept = sum(r.lenient for r in kept)
    return [
        f"primary categories: {len(primary)} cases, lenient {ok_l} ({_percent(ok_l, len(primary)).strip()}), "
        f"strict {ok_s} ({_percent(ok_s, len(primary)).strip()})",
        f"after {len(primary) - len(kept)} documented convention differences: "
        f"{ok_kept}/{len(kept)} lenient ({_percent(ok_kept, len(kept)).strip()})",
    ]


def failures(results: list[Result]) -> list[str]:
    """Each lenient failure of a primary category with its cause."""
    lines = []
    for r in results:
        if r.case.category in PRIMARY and not r.lenient:
            cause = f"convention: {r.convention}" if r.convention else "defect"
            lines.append(f"[{r.case.category}] {r.case.written!r}\n    ours: {r.ours!r}\n    nemo: "
                         f"{r.case.spoken!r}\n    cause: {cause}")
    return lines


def example_sentences() -> list[str]:
    """Sentences of the example reviews and of the review cases (for timing)."""
    sentences = [written for written, _ in REVIEW_CASES]
    for path in sorted((ROOT / "examples").glob("*")):
        if path.suffix in (".md", ".txt"):
            for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
                sentences.extend(split_sentences(paragraph))
    return sentences


def timing(sentences: list[str], rounds: int = 5) -> dict[str, tuple[float, float]]:
    """Median and 95th-percentile time per sentence in milliseconds, as wall-clock and CPU time.

    On a shared machine the wall clock includes time other processes held the
    CPU; the thread's CPU time does not.
    """
    for sentence in sentences:  # warm the caches and the regex compilation
        normalize_english(sentence)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for sentence in sentences:
            start, start_cpu = time.perf_counter(), time.thread_time()
            normalize_english(sentence)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
    out = {}
    for name, samples in (("wall", wall), ("cpu", cpu)):
        samples.sort()
        out[name] = (statistics.median(samples), samples[int(0.95 * (len(samples) - 1))])
    return out


def nemo_side_by_side() -> list[str]:
    """NeMo's own score on the review cases, if nemo_text_processing is installed."""
    ours_ok = sum(lenient(normalize_english(w)) == lenient(s) for w, s in REVIEW_CASES)
    lines = [f"review cases: ours {ours_ok}/{len(REVIEW_CASES)} lenient"]
    try:
        from nemo_text_processing.text_normalization.normalize import Normalizer  # type: ignore[import-not-found]
    except ImportError:
        lines.append("nemo_text_processing is not installed: NeMo's column skipped")
        return lines
    nemo = Normalizer(input_case="cased", lang="en")
    nemo_ok = 0
    for written, spoken in REVIEW_CASES:
        theirs = nemo.normalize(written, punct_post_process=True)
        ok = lenient(theirs) == lenient(spoken)
        nemo_ok += ok
        lines.append(f"  {written!r}\n    ours: {normalize_english(written)!r}\n    nemo: {theirs!r}")
    lines.insert(1, f"review cases: NeMo {nemo_ok}/{len(REVIEW_CASES)} lenient")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the report; the exit status is 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path, help="the cases TSV or a NeMo-text-processing checkout")
    parser.add_argument("--failures", action="store_true", help="list every failure with its cause")
    args = parser.parse_args(argv)
    cases = read_cases(args.cases)
    if not cases:
        print(f"{args.cases}: no cases found", file=sys.stderr)
        return 2
    results = score(cases)
    print("\n".join(category_table(results)))
    print()
    print("\n".join(summary(results)))
    if args.failures:
        print()
        print("\n".join(failures(results)))
    sentences = example_sentences()
    print()
    for name, (median, p95) in timing(sentences).items():
        print(f"normalization {name} time per sentence ({len(sentences)} sentences): "
              f"median {median:.3f} ms, 95th percentile {p95:.3f} ms")
    print()
    print("\n".join(nemo_side_by_side()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
