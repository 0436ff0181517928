"""A PCM file read block by block, without mapping it into memory.

A memory map of a long narration counts every page read toward the
process's resident memory; positional reads leave them to the page cache.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

import numpy as np


class PcmFile:
    """Mono int16 samples in a file, sliceable like an array (``pcm[a:b]``)."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDONLY)
        self._frames = os.fstat(self._fd).st_size // 2

    def __len__(self) -> int:
        return self._frames

    def __getitem__(self, index: slice) -> np.ndarray:
        if not isinstance(index, slice):
            raise TypeError("PcmFile supports slices only")
        start, stop, step = index.indices(self._frames)
        if step != 1:
            raise ValueError("PcmFile supports contiguous slices only")
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
