"""Write the corpus files: ``<slug>.html`` (the page) and ``<slug>.txt`` (its expected article text).

Run ``python -m tests.pages.build`` after editing articles.py or templates.py;
the test checks that the files on disk are what these sources make.
"""

from __future__ import annotations

from pathlib import Path

from .articles import ARTICLES
from .templates import expected_text, render

HERE = Path(__file__).resolve().parent


def build(folder: Path = HERE) -> list[Path]:
    """Write every page and its expected text into ``folder``; returns the page paths."""
    written = []
    for article in ARTICLES:
        page = folder / f"{article.slug}.html"
        page.write_text(render(article), encoding="utf-8")
        (folder / f"{article.slug}.txt").write_text(expected_text(article), encoding="utf-8")
        written.append(page)
    return written


if __name__ == "__main__":
    print(f"wrote {len(build())} pages into {HERE}")
