"""A prepared Piper model is kept once and opened from the cache, optimized, on later runs."""

from __future__ import annotations

import hashlib
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

    def __init__(self, refuse: bytes | None = None, can_patch: bool = True) -> None:
        self.opened: list[tuple[bytes, Any, str]] = []
        self.paths: list[str] = []
        self.patched = 0
        self.refuse = refuse
        self.can_patch = can_patch

    def patch(self, onnx: str, target: Path) -> bool:
        if not self.can_patch:
            return False
        self.patched += 1
        target.write_bytes(b"patched " + Path(onnx).read_bytes())
        return True

    def make(self, model: str, options: Options) -> str:
        assert isinstance(model, str), "a session is always made from a file"
        data = Path(model).read_bytes()
        if data == self.refuse:
            raise RuntimeError("bad model")
        self.paths.append(model)
        self.opened.append((data, options.graph_optimization_level, options.optimized_model_filepath))
        if options.optimized_model_filepath:
            Path(options.optimized_model_filepath).write_bytes(b"optimized " + data)
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
    (model, level, written), reopened = first.opened
    assert (
        model == b"patched model" and level == onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL and written
    )
    kept = list((tmp_path / "models").glob("*.onnx"))
    assert [p.read_bytes() for p in kept] == [b"optimized patched model"]
    assert reopened == (b"optimized patched model", onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL, "")
    assert first.paths[1] == str(kept[0])
    assert not list((tmp_path / "models").glob(".tmp-*"))

    second = Runtime()
    _open(onnx, second, tmp_path / "models")
    assert second.patched == 0
    assert second.opened == [
        (b"optimized patched model", onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL, "")
    ]
    assert second.paths == [str(kept[0])]


def test_the_patched_model_is_a_temp_file_removed_once_the_session_is_made(
    onnx: Path, tmp_path: Path
) -> None:
    for model_dir in (tmp_path / "models", None):
        runtime = Runtime()
        _open(onnx, runtime, model_dir)
        used = runtime.paths[0]
        assert Path(used) != onnx and not Path(used).exists()
    assert not list((tmp_path / "models").glob(".patch-*"))


def test_without_the_onnx_package_the_model_file_itself_is_opened(onnx: Path, tmp_path: Path) -> None:
    runtime = Runtime(can_patch=False)
    _open(onnx, runtime, None)
    assert runtime.paths == [str(onnx)]
    assert runtime.opened[0][0] == b"model"


def test_a_kept_model_without_its_digest_is_prepared_again(onnx: Path, tmp_path: Path) -> None:
    _open(onnx, Runtime(), tmp_path / "models")
    (digest,) = (tmp_path / "models").glob("*.sha256")
    digest.unlink()
    again = Runtime()
    _open(onnx, again, tmp_path / "models")
    assert again.patched == 1 and digest.exists()


def test_a_file_digest_is_the_sha256_of_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    data = bytes(range(256)) * 5000
    path.write_bytes(data)
    assert pm.file_sha256(path) == hashlib.sha256(data).hexdigest()


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


class Session:
    """Stands for an onnxruntime session (which can be weakly referenced)."""


def test_voices_opened_under_one_share_key_speak_through_one_session(onnx: Path, tmp_path: Path) -> None:
    made: list[Session] = []

    def make(model: str, options: Options) -> Session:
        made.append(Session())
        return made[-1]

    def open_shared(key: object) -> Any:
        return pm.open_model(
            onnx, Options(), alignments=False, model_dir=str(tmp_path / "models"),
            patch=lambda _m, _t: False, make=make, share=key,
        )  # fmt: skip

    first = open_shared(("voice", 1))
    assert open_shared(("voice", 1)) is first
    made.clear()
    other = open_shared(("voice", 2))
    assert other is not first and made == [other]
    del first, other
    made.clear()
    again = open_shared(("voice", 1))  # none in use any more: opened anew
    assert made == [again]
