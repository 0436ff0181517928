"""A prepared Piper model is kept once and opened from the cache, optimized, on later runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import onnxruntime
import pytest

from audioreview.engines import piper_model as pm


class Options:
    """What open_model touches of onnxruntime.SessionOptions."""

    def __init__(self) -> None:
        self.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.optimized_model_filepath = ""
        self.log_severity_level = 2


class Runtime:
    """A fake session maker: records what it opened and writes the 'optimized graph' when asked."""

    def __init__(self, refuse: bytes | None = None) -> None:
        self.opened: list[tuple[str | bytes, Any, str]] = []
        self.patched = 0
        self.refuse = refuse

    def patch(self, onnx: str) -> bytes:
        self.patched += 1
        return b"patched " + Path(onnx).read_bytes()

    def make(self, model: str | bytes, options: Options) -> str:
        if model == self.refuse:
            raise RuntimeError("bad model")
        self.opened.append((model, options.graph_optimization_level, options.optimized_model_filepath))
        if options.optimized_model_filepath:
            Path(options.optimized_model_filepath).write_bytes(b"optimized " + bytes(model))  # type: ignore[arg-type]
        return "session"


def _open(onnx: Path, runtime: Runtime, model_dir: Path | None, alignments: bool = True) -> Any:
    return pm.open_model(
        onnx, Options(), alignments=alignments, model_dir=str(model_dir) if model_dir else None,
        patch=runtime.patch, make=runtime.make,
    )  # fmt: skip


@pytest.fixture
def onnx(tmp_path: Path) -> Path:
    path = tmp_path / "voice.onnx"
    path.write_bytes(b"model")
    return path


def test_the_first_run_patches_and_keeps_the_optimized_graph(onnx: Path, tmp_path: Path) -> None:
    first = Runtime()
    assert _open(onnx, first, tmp_path / "models") == "session"
    assert first.patched == 1
    (model, level, written), = first.opened
    assert model == b"patched model" and level == onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL and written
    kept = list((tmp_path / "models").glob("*.onnx"))
    assert [p.read_bytes() for p in kept] == [b"optimized patched model"]
    assert not list((tmp_path / "models").glob(".tmp-*"))

    second = Runtime()
    _open(onnx, second, tmp_path / "models")
    assert second.patched == 0
    assert second.opened == [(b"optimized patched model", onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL, "")]


def test_a_damaged_kept_model_is_prepared_again(onnx: Path, tmp_path: Path) -> None:
    _open(onnx, Runtime(), tmp_path / "models")
    (kept,) = (tmp_path / "models").glob("*.onnx")
    kept.write_bytes(b"optimized patched modeL")
    again = Runtime()
    _open(onnx, again, tmp_path / "models")
    assert again.patched == 1
    assert kept.read_bytes() == b"optimized patched model"


def test_a_kept_model_the_runtime_refuses_is_prepared_again(onnx: Path, tmp_path: Path) -> None:
    _open(onnx, Runtime(), tmp_path / "models")
    refusing = Runtime(refuse=b"optimized patched model")
    assert _open(onnx, refusing, tmp_path / "models") == "session"
    assert refusing.patched == 1
    assert refusing.opened[0][1] == onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL


def test_without_a_folder_nothing_is_kept(onnx: Path) -> None:
    runtime = Runtime()
    _open(onnx, runtime, None)
    assert runtime.opened == [(b"patched model", onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL, "")]


def test_the_kept_name_follows_the_model_file_and_the_patch(onnx: Path) -> None:
    name = pm.kept_name(onnx, alignments=True, runtime_version="1.0")
    assert name != pm.kept_name(onnx, alignments=False, runtime_version="1.0")
    assert name != pm.kept_name(onnx, alignments=True, runtime_version="1.1")
    onnx.write_bytes(b"another model")
    assert name != pm.kept_name(onnx, alignments=True, runtime_version="1.0")
