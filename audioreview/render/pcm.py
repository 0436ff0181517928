"""A PCM file read block by block, without mapping it into memory.

A memory map of a long narration counts every page read toward the
process's resident memory; positional reads leave them to the page cache.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType

import numpy as np

from ..errors import AudioError


class PcmFile:
    """Mono int16 samples in a file, sliceable like an array (``pcm[a:b]``).

    Once ``stop`` is set, reading raises: whoever was working through the
    file gives up at its next block.
    """

    def __init__(self, path: Path, *, stop: threading.Event | None = None) -> None:
        self._fd = os.open(path, os.O_RDONLY)
        self._frames = os.fstat(self._fd).st_size // 2
        self._stop = stop
        self._name = path.name

    def __len__(self) -> int:
        return self._frames

    def __getitem__(self, index: slice) -> np.ndarray:
        if not isinstance(index, slice):
            raise TypeError("PcmFile supports slices only")
        start, stop, step = index.indices(self._frames)
        if step != 1:
            raise ValueError("PcmFile supports contiguous slices only")
        if self._stop is not None and self._stop.is_set():
            raise AudioError(f"{self._name}: rendering stopped")
        if stop <= start:
            return np.zeros(0, dtype="<i2")
        data = os.pread(self._fd, (stop - start) * 2, start * 2)
        return np.frombuffer(data, dtype="<i2")

    def close(self) -> None:
        """Close the file."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> PcmFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
