"""The corpus of article pages: every page scored against its expected article text.

Scores are token precision/recall/F1 of what we would say (the spoken
text, after each language's normalization) against the article as written
(tests/pages/*.txt), normalized the same way.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from tests.pages.articles import ARTICLES
from tests.pages.build import build
from tests.pages.score import expected, ours, pages, score

PAGES = pages()
IDS = [p.slug for p in PAGES]


def test_corpus_is_big_and_varied() -> None:
    assert len(PAGES) >= 40
    assert len({p.lang for p in PAGES}) >= 6
    assert {a.template for a in ARTICLES} >= {"wordpress", "ghost", "blogger", "medium", "substack", "news"}


def test_files_on_disk_are_what_the_sources_make(tmp_path: Path) -> None:
    build(tmp_path)
    for page in PAGES:
        assert (tmp_path / f"{page.slug}.html").read_bytes() == page.html, page.slug
        assert (tmp_path / f"{page.slug}.txt").read_text(encoding="utf-8") == page.expected, page.slug


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_page_reads_its_article(page) -> None:  # type: ignore[no-untyped-def]
    got = score(ours(page), expected(page))
    assert got.f1 >= 0.8, f"{page.slug}: F1 {got.f1:.3f} (P {got.precision:.3f} R {got.recall:.3f})"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_clutter_removal_keeps_the_article(page) -> None:  # type: ignore[no-untyped-def]
    raw = score(ours(page, clean=False), expected(page))
    cleaned = score(ours(page), expected(page))
    assert cleaned.recall >= raw.recall - 0.01, f"{page.slug}: recall {raw.recall:.3f} -> {cleaned.recall:.3f}"


def test_corpus_mean_f1() -> None:
    f1 = [score(ours(p), expected(p)).f1 for p in PAGES]
    assert statistics.mean(f1) >= 0.96, statistics.mean(f1)
