"""The extraction table: the page corpus (tests/pages/) read by three systems.

    python bench/extraction.py [--pages]

Systems:
  audioreview    our HTML reader and clutter removal, scored on the spoken
                 text (each system's text goes through the same normalization)
  raw            our HTML reader without clutter removal
  trafilatura    trafilatura.extract(page) alone, plain text, tables included
  readability    readability-lxml's Document(page).summary() as text (the
                 `bench` extra: pip install '.[bench]')

Each row: mean and median token F1, mean precision and recall, and the
number of pages under F1 0.8. --pages also prints every page's F1.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.pages.score import Page, Score, as_heard, expected, ours, pages, score  # noqa: E402


def trafilatura_text(page: Page) -> str:
    """trafilatura alone, with its defaults (tables in)."""
    import trafilatura

    text = trafilatura.extract(page.html.decode("utf-8"), include_comments=False) or ""
    return as_heard(page.lang, text.splitlines())


def readability_text(page: Page) -> str:
    """readability-lxml's article, its blocks as lines."""
    import lxml.html
    from readability import Document

    summary = Document(page.html.decode("utf-8")).summary(html_partial=True)
    root = lxml.html.fragment_fromstring(summary, create_parent="div")
    lines = [" ".join(n.text_content().split()) for n in root.iter("p", "h1", "h2", "h3", "h4", "li", "td", "th", "blockquote")]
    return as_heard(page.lang, lines or [root.text_content()])


SYSTEMS: dict[str, Callable[[Page], str]] = {
    "audioreview": ours,
    "raw": lambda page: ours(page, clean=False),
    "trafilatura": trafilatura_text,
    "readability": readability_text,
}


def row(name: str, scores: list[Score]) -> str:
    f1 = [s.f1 for s in scores]
    return (
        f"{name:<13} {statistics.mean(f1):>7.3f} {statistics.median(f1):>7.3f} "
        f"{statistics.mean(s.precision for s in scores):>7.3f} {statistics.mean(s.recall for s in scores):>7.3f} "
        f"{sum(1 for x in f1 if x < 0.8):>6d}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", action="store_true", help="print every page's F1 per system")
    args = parser.parse_args()
    corpus = pages()
    truth = {p.slug: expected(p) for p in corpus}
    results: dict[str, list[Score]] = {}
    for name, system in SYSTEMS.items():
        try:
            results[name] = [score(system(p), truth[p.slug]) for p in corpus]
        except ImportError as exc:
            print(f"{name}: not installed ({exc.name}); pip install '.[bench]'", file=sys.stderr)
    langs = sorted({p.lang for p in corpus})
    print(f"{len(corpus)} pages, {len(langs)} languages ({', '.join(langs)})\n")
    print(f"{'system':<13} {'mean F1':>7} {'median':>7} {'P':>7} {'R':>7} {'<0.8':>6}")
    for name, scores in results.items():
        print(row(name, scores))
    if args.pages:
        print("\n" + f"{'page':<34}" + "".join(f"{n:>13}" for n in results))
        for i, page in enumerate(corpus):
            print(f"{page.slug:<34}" + "".join(f"{results[n][i].f1:>13.3f}" for n in results))


if __name__ == "__main__":
    main()
