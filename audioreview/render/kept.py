"""Big kept files (a finished MP3 of hours) written and read back in blocks.

A kept file is stored as ``head``, a newline, the file's bytes, then the
SHA-256 of all of that and a marker: the layout ``synthesize.kept_entry``
gives a whole ``head + b"\\n" + data`` in memory, so either can read what the
other wrote. Here nothing is held whole: a five-hour review's 200 MB MP3 is
copied through a block of ``BLOCK`` bytes at a time. A kept copy that is cut
short or damaged counts as missing, and is never copied out.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

MAGIC = b"ARKEEP01"
"""Ends a kept file (the same marker as ``synthesize.kept_entry``'s)."""
TRAILER = 32 + len(MAGIC)
BLOCK = 1 << 20
MAX_HEAD = 1 << 16
"""The most a head may hold (a few hundred bytes of JSON in practice)."""


def _copy(src: BinaryIO, dst: BinaryIO | None, count: int, digest: hashlib._Hash | None = None) -> None:
    """Move ``count`` bytes from ``src`` to ``dst`` (if any), feeding ``digest`` (if any), a block at a time."""
    while count > 0:
        block = src.read(min(BLOCK, count))
        if not block:
            raise EOFError("kept file shorter than it says")
        if digest is not None:
            digest.update(block)
        if dst is not None:
            dst.write(block)
        count -= len(block)


def store_file(path: Path, head: bytes, source: Path) -> None:
    """Keep ``head`` and the file ``source`` at ``path``, atomically; a failure only costs the kept copy."""
    if b"\n" in head or len(head) > MAX_HEAD:
        raise ValueError("a kept file's head is one short line")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        try:
            digest = hashlib.sha256(head + b"\n")
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                out.write(head + b"\n")
                _copy(src, out, os.fstat(src.fileno()).st_size, digest)
                out.write(digest.digest() + MAGIC)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, EOFError):
        pass


def copy_kept(path: Path, target: Path) -> bytes | None:
    """The head of the file kept at ``path``, its bytes copied to ``target``; None (``target`` untouched) if missing or damaged."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size <= TRAILER:
                return None
            fh.seek(size - TRAILER)
            trailer = fh.read(TRAILER)
            if trailer[32:] != MAGIC:
                return None
            fh.seek(0)
            digest = hashlib.sha256()
            _copy(fh, None, size - TRAILER, digest)  # checked whole before anything is written out
            if digest.digest() != trailer[:32]:
                return None
            fh.seek(0)
            head = fh.readline(MAX_HEAD + 1)
            if not head.endswith(b"\n"):
                return None
            with open(target, "wb") as out:
                _copy(fh, out, size - TRAILER - len(head))
            return head[:-1]
    except (OSError, EOFError):
        return None
