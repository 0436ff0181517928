"""A Piper voice's model prepared once and kept: patched for word times and optimized.

Loading a voice for word timings means patching its model with the onnx
package (importing it costs about 1.5 s, most of it in ``ml_dtypes``) and
then letting onnxruntime optimize the graph (about 0.8 s). Both results are
the same on every run, so the optimized, patched model is written once into
the cache (``<cache>/models/``), beside the SHA-256 of its bytes, and later
runs open it with graph optimization off: the voice loads in about 0.2 s and
the onnx package is never imported.

onnxruntime is only ever given a file's path, never its bytes: a session keeps
bytes it was given alive as long as it lives (63 MB for the shipped voice),
and reading the model to pass it would hold a second copy while it loads.
So the patched model is written to a temp file, the digest is computed
reading the file in blocks, and the first run, too, opens the kept file once
it is written.

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
import threading
import weakref
from collections.abc import Callable, Hashable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import memory

_LOGGER = logging.getLogger(__name__)
_SHARED: weakref.WeakValueDictionary[Hashable, Any] = weakref.WeakValueDictionary()
"""Sessions still alive, by the ``share`` key they were opened under."""
_SHARED_LOCK = threading.Lock()
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
    what = (
        f"{PREPARE_VERSION} {onnx.resolve()} {stat.st_size} {stat.st_mtime_ns} {alignments} {runtime_version}"
    )
    return hashlib.sha256(f"{what} {cpu_identity()}".encode()).hexdigest()[:32] + ".onnx"


def _digest_path(path: Path) -> Path:
    return path.with_suffix(".sha256")


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks (a model never sits in memory whole)."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def intact(path: Path) -> bool:
    """Whether the kept model at ``path`` matches the digest written beside it."""
    try:
        return file_sha256(path) == _digest_path(path).read_text(encoding="ascii").strip()
    except OSError:
        return False


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
            _digest_path(tmp).write_text(file_sha256(tmp), encoding="ascii")
            os.replace(_digest_path(tmp), _digest_path(path))
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
            _digest_path(tmp).unlink(missing_ok=True)
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises plain RuntimeErrors
        _LOGGER.debug("prepared model not kept: %s", exc)


@contextlib.contextmanager
def patched_file(onnx: Path, patch: Callable[[str, Path], bool], folder: Path | None) -> Iterator[str]:
    """The path of ``onnx`` patched by ``patch`` into a temp file in ``folder`` (the system's when None).

    ``patch(model, target)`` writes the patched model to ``target`` and says
    whether it did; when it did not, ``onnx`` itself is given. The patched
    model lives in a file, not in memory, so neither the onnx package's copy
    nor a serialized one is alive while onnxruntime builds its own. The temp
    file is removed afterwards.
    """
    fd, name = tempfile.mkstemp(dir=folder, prefix=".patch-", suffix=".onnx")
    os.close(fd)
    tmp = Path(name)
    try:
        yield str(tmp) if patch(str(onnx), tmp) else str(onnx)
    finally:
        tmp.unlink(missing_ok=True)


def _usable_folder(folder: Path) -> Path | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def open_model(
    onnx: Path,
    options: Any,
    *,
    alignments: bool,
    model_dir: str | None,
    patch: Callable[[str, Path], bool],
    make: Callable[[str, Any], Any],
    share: Hashable | None = None,
) -> Any:
    """``make(path, options)``: the session for ``onnx`` (patched for alignments when asked), always from a file.

    With ``share``, a session opened under the same key and still in use is
    given again instead of a new one: onnxruntime runs one session from
    several threads at once, so voices speaking side by side share the
    model's weights and one memory arena rather than each holding its own
    (about 90 MB of weights and the arena's high-water mark each).

    With ``model_dir``, a kept prepared model is opened by its path with graph
    optimization off; without one, the model is patched now (``patch``, into a
    temp file) and onnxruntime's optimized graph is kept for the next run.
    onnxruntime keeps a model given as bytes alive as long as the session, so
    it is never given bytes.
    """
    import onnxruntime

    runtime = onnxruntime.__version__
    kept = (
        Path(model_dir) / kept_name(onnx, alignments=alignments, runtime_version=runtime)
        if model_dir
        else None
    )
    with _SHARED_LOCK:
        if share is not None and (alive := _SHARED.get(share)) is not None:
            return alive
        try:
            session = _session(onnx, options, alignments=alignments, kept=kept, patch=patch, make=make)
        finally:
            memory.trim()  # what preparing or reading the model freed sits in the heap, never reused for the arena
        if share is not None:
            _SHARED[share] = session
        return session


def _session(
    onnx: Path,
    options: Any,
    *,
    alignments: bool,
    kept: Path | None,
    patch: Callable[[str, Path], bool],
    make: Callable[[str, Any], Any],
) -> Any:
    if kept is not None and intact(kept):
        session = _open_kept(kept, options, make)
        if session is not None:
            return session
    folder = _usable_folder(kept.parent) if kept is not None else None
    with patched_file(onnx, patch, folder) if alignments else contextlib.nullcontext(str(onnx)) as model:
        if kept is None:
            return make(model, options)

        def write(tmp: Path) -> None:
            options.optimized_model_filepath = str(tmp)
            try:
                with _quiet(options):
                    make(model, options)  # only for the optimized graph it writes
            finally:
                options.optimized_model_filepath = ""

        keep(kept, write)
        # Opened again from the file, as every later run will: the session that optimized the
        # graph holds more memory than one opened from its result.
        session = _open_kept(kept, options, make) if intact(kept) else None
        return session if session is not None else make(model, options)


def _open_kept(kept: Path, options: Any, make: Callable[[str, Any], Any]) -> Any | None:
    """The session for a kept model, with graph optimization off; None when onnxruntime refuses it."""
    import onnxruntime

    level = options.graph_optimization_level
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    try:
        return make(str(kept), options)
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises plain RuntimeErrors: prepare it again
        _LOGGER.debug("kept model %s refused: %s", kept, exc)
        options.graph_optimization_level = level
        return None


@contextlib.contextmanager
def _quiet(options: Any) -> Iterator[None]:
    """onnxruntime warns that an optimized graph suits this machine only: the kept name says so already."""
    level = options.log_severity_level
    options.log_severity_level = 3
    try:
        yield
    finally:
        options.log_severity_level = level
