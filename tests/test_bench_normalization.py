"""The normalization benchmark reads its cases from a TSV or a checkout and scores them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "normalization.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_normalization", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_reads_a_tsv_and_a_checkout_alike(bench: ModuleType, tmp_path: Path) -> None:
    tsv = tmp_path / "cases.tsv"
    tsv.write_text("# a comment\ncardinal\t12\ttwelve\nmoney\t$3\tthree dollars\n", encoding="utf-8")
    folder = tmp_path / "checkout" / "tests/nemo_text_processing/en/data_text_normalization"
    folder.mkdir(parents=True)
    (folder / "test_cases_cardinal.txt").write_text("12~twelve\n", encoding="utf-8")
    (folder / "test_cases_money.txt").write_text("$3~three dollars\n", encoding="utf-8")
    from_tsv = bench.read_cases(tsv)
    assert from_tsv == bench.read_cases(tmp_path / "checkout")
    assert [case.category for case in from_tsv] == ["cardinal", "money"]


def test_lenient_comparison_forgives_only_the_documented_differences(bench: ModuleType) -> None:
    assert bench.lenient("Twenty-one, and oh five!") == bench.lenient("twenty one zero five")
    assert bench.lenient("two to five") != bench.lenient("two - five")


def test_scores_and_lists_failures_with_their_cause(bench: ModuleType) -> None:
    cases = [
        bench.Case("cardinal", "12", "twelve"),
        bench.Case("cardinal", "13000", "one three zero zero zero"),
        bench.Case("money", "$3", "three euros"),
    ]
    results = bench.score(cases)
    assert [r.lenient for r in results] == [True, False, False]
    assert results[0].strict
    report = "\n".join(bench.failures(results))
    assert "convention: long-digits" in report and "defect" in report
    summary = "\n".join(bench.summary(results))
    assert "lenient 1 (33.3%)" in summary and "1/2 lenient (50.0%)" in summary


def test_main_refuses_a_file_without_cases(bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.tsv"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert bench.main([str(empty)]) == 2
    assert "no cases found" in capsys.readouterr().err
