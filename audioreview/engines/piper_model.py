"""A Piper voice's model prepared once and kept: patched for word times and optimized.

Loading a voice for word timings means patching its model with the onnx
package (importing it costs about 1.5 s, most of it in ``ml_dtypes``) and
then letting onnxruntime optimize the graph (about 0.8 s). Both results are
the same on every run, so the optimized, patched model is written once into
the cache (``<cache>/models/``), beside the SHA-256 of its bytes, and later
runs open it with graph optimization off: the voice loads in about 0.2 s and
the onnx package is never imported.

The optimized graph may hold layouts for this machine's CPU, so the name it
is kept under covers the model file, the patch, onnxruntime's version and the
CPU's features. A kept model that is missing, damaged or refused by
onnxruntime is prepared again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import platform
import tempfile
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

_LOGGER = logging.getLogger(__name__)
PREPARE_VERSION = 1
"""Bumped when what is kept changes."""


@lru_cache(maxsize=1)
def cpu_identity() -> str:
    """The CPU's model and feature flags (what an optimized graph may depend on)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        return f"{platform.machine()} {platform.processor()}"
    lines = [line for line in text.splitlines() if line.startswith(("model name", "flags", "Features"))]
    return f"{platform.machine()} " + " ".join(sorted(set(lines)))


def kept_name(onnx: Path, *, alignments: bool, runtime_version: str) -> str:
    """The file name a prepared model is kept under."""
    stat = onnx.stat()
    what = f"{PREPARE_VERSION} {onnx.resolve()} {stat.st_size} {stat.st_mtime_ns} {alignments} {runtime_version}"
    return hashlib.sha256(f"{what} {cpu_identity()}".encode()).hexdigest()[:32] + ".onnx"


def _digest_path(path: Path) -> Path:
    return path.with_suffix(".sha256")


def read_kept(path: Path) -> bytes | None:
    """A kept model's bytes when they match the digest written beside them, else None."""
    try:
        data = path.read_bytes()
        digest = _digest_path(path).read_text(encoding="ascii").strip()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def keep(path: Path, write: Callable[[Path], None]) -> None:
    """Have ``write`` make the model at a temp name beside ``path``, then keep it with its digest.

    A failure only costs the kept copy: the voice is loaded either way.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".onnx")
        os.close(fd)
        tmp = Path(name)
        try:
            write(tmp)
            digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
            _digest_path(tmp).write_text(digest, encoding="ascii")
            os.replace(_digest_path(tmp), _digest_path(path))
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
            _digest_path(tmp).unlink(missing_ok=True)
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises plain RuntimeErrors
        _LOGGER.debug("prepared model not kept: %s", exc)


def open_model(
    onnx: Path,
    options: Any,
    *,
    alignments: bool,
    model_dir: str | None,
    patch: Callable[[str], bytes | None],
    make: Callable[[str | bytes, Any], Any],
) -> Any:
    """``make(model, options)``: the session for ``onnx`` (patched for alignments when asked).

    With ``model_dir``, a kept prepared model is opened with graph
    optimization off; without one, the model is patched now (``patch``) and
    onnxruntime's optimized graph is kept for the next run.
    """
    import onnxruntime

    if not model_dir:
        return make((patch(str(onnx)) or str(onnx)) if alignments else str(onnx), options)
    kept = Path(model_dir) / kept_name(onnx, alignments=alignments, runtime_version=onnxruntime.__version__)
    data = read_kept(kept)
    if data is not None:
        level = options.graph_optimization_level
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
        try:
            return make(data, options)
        except Exception as exc:  # noqa: BLE001 - onnxruntime raises plain RuntimeErrors: prepare it again
            _LOGGER.debug("kept model %s refused: %s", kept, exc)
            options.graph_optimization_level = level
    model = (patch(str(onnx)) or str(onnx)) if alignments else str(onnx)
    made: list[Any] = []

    def write(tmp: Path) -> None:
        options.optimized_model_filepath = str(tmp)
        try:
            with _quiet(options):
                made.append(make(model, options))
        finally:
            options.optimized_model_filepath = ""

    keep(kept, write)
    return made[0] if made else make(model, options)


@contextlib.contextmanager
def _quiet(options: Any) -> Iterator[None]:
    """onnxruntime warns that an optimized graph suits this machine only: the kept name says so already."""
    level = options.log_severity_level
    options.log_severity_level = 3
    try:
        yield
    finally:
        options.log_severity_level = level
