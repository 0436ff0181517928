"""Handing freed memory back to the system between the stages of a run.

glibc's malloc keeps memory a program has freed for its next requests; after
a loaded voice is released, or a model has been prepared, much of it sits in
the middle of the heap where it is never given back on its own, and the
process's resident size stays at its high-water mark. ``trim`` asks glibc to
return those free pages (``malloc_trim``). Elsewhere (macOS, Windows, musl)
it does nothing.
"""

from __future__ import annotations

import ctypes
import sys
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _glibc() -> Any | None:
    """glibc, when this process runs on it."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None


def trim() -> bool:
    """Give the heap's free pages back to the system; whether this platform could."""
    libc = _glibc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
