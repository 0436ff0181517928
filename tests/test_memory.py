"""Freed memory is handed back to the system where the C library can do it."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import pytest

from audioreview import memory
from audioreview.engines import base, piper_model


@pytest.fixture(autouse=True)
def _fresh_lookup() -> object:
    memory._glibc.cache_clear()
    yield
    memory._glibc.cache_clear()


def test_on_glibc_the_heap_is_trimmed() -> None:
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        pytest.skip("malloc_trim is glibc's")
    assert memory.trim() is True


def test_elsewhere_nothing_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert memory.trim() is False


def test_opening_a_model_and_releasing_the_engines_trim_the_heap(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(memory, "trim", lambda: calls.append("trim") or True)
    onnx = tmp_path / "voice.onnx"
    onnx.write_bytes(b"model")

    class Options:
        graph_optimization_level = None
        optimized_model_filepath = ""
        log_severity_level = 2

    piper_model.open_model(
        onnx, Options(), alignments=False, model_dir=None, patch=lambda _m, _t: False, make=lambda m, _o: m
    )
    assert calls == ["trim"]
    base.release_engines()
    assert calls == ["trim", "trim"]
