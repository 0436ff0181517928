"""Atomic file writes (a temp file in the same folder, then ``os.replace``) and folder locks.

A run killed at any moment leaves either the old file or the new one, never
half of one. Temp names start with ``.tmp-`` so a later run can sweep them.
Failures raise ``FileError``, naming the file and the cause.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import FileError

TEMP_PREFIX = ".tmp-"
PRIVATE_DIR = ".audioreview"
"""The output folder's private corner: production locks and the batch state.

Nothing in it is meant for listeners: ``serve`` and the feed never show a
dot-folder, and an upload should leave it out (``rsync --exclude '.*'``).
"""
LEGACY_LOCK_NAME = ".lock"
"""Where older versions locked a production: inside its folder, so it was published."""


def production_lock_path(folder: Path) -> Path:
    """The lock file of the production folder ``folder``: in the private folder beside it."""
    return folder.parent / PRIVATE_DIR / "locks" / f"{folder.name}.lock"


def describe_os_error(exc: OSError) -> str:
    """A short cause for an OSError ("disk full", "permission denied"...)."""
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "it is a symbolic link, and nothing is written through one"
    return exc.strerror or str(exc)


def refuse_symlink(path: Path, error: Callable[[OSError], Exception]) -> None:
    """Raise ``error(ELOOP)`` when ``path`` is a symbolic link (the program writes through none)."""
    if Path(path).is_symlink():
        raise error(OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)))


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temp path beside ``target``; on success it replaces ``target``."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX, suffix=target.suffix)
        os.close(fd)
    except OSError as exc:
        raise FileError(f"{target}: cannot write: {describe_os_error(exc)}") from exc
    tmp = Path(name)
    try:
        yield tmp
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise FileError(f"{target}: nothing was written")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        raise FileError(f"{target}: cannot write: {describe_os_error(exc)}") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_atomic(target: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``target`` atomically; text is written as UTF-8."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(target) as tmp, open(tmp, "wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
    return Path(target)


def sweep_temp_files(folder: Path) -> int:
    """Remove temp files (and staging folders) a killed run left in ``folder``; return how many."""
    count = 0
    if folder.is_dir():
        for path in folder.glob(f"{TEMP_PREFIX}*"):
            with contextlib.suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                count += 1
    return count


@contextlib.contextmanager
def staging_folder(folder: Path) -> Iterator[Path]:
    """Yield a temp folder inside ``folder`` to build files in; it is always removed afterwards.

    Build every file of a production there, then ``publish_staged`` them: a
    run that fails half way (disk full, a bad cover, Ctrl-C) leaves the
    previous files untouched instead of half of them replaced.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(dir=folder, prefix=f"{TEMP_PREFIX}stage-"))
    except OSError as exc:
        raise FileError(f"{folder}: cannot write: {describe_os_error(exc)}") from exc
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def publish_staged(stage: Path, folder: Path, *, last: str | None = None) -> None:
    """Move every file built in ``stage`` into ``folder`` (renames only; ``last`` goes last)."""
    names = sorted((p.name for p in stage.iterdir() if p.is_file()), key=lambda n: (n == last, n))
    try:
        for name in names:
            os.replace(stage / name, folder / name)
    except OSError as exc:
        raise FileError(f"{folder}: cannot write: {describe_os_error(exc)}") from exc


@contextlib.contextmanager
def scratch_file(folder: Path, suffix: str = "") -> Iterator[Path]:
    """Yield a temp file path in ``folder`` that is always removed afterwards."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=suffix)
        os.close(fd)
    except OSError as exc:
        raise FileError(f"{folder}: cannot write: {describe_os_error(exc)}") from exc
    try:
        yield Path(name)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


@contextlib.contextmanager
def exclusive_lock(path: Path, *, busy: Exception, cannot: Callable[[OSError], Exception]) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` for the block, without waiting.

    Raises ``busy`` when another process holds it, and ``cannot(exc)`` when
    the lock file cannot be created or opened.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a lock file that is a symbolic link is refused (ELOOP), not followed.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        fh = os.fdopen(fd, "a")
    except OSError as exc:
        raise cannot(exc) from exc
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy from None
        yield
    finally:
        fh.close()


def write_if_changed(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, leaving an identical file untouched."""
    try:
        if path.is_file() and path.read_bytes() == data:
            return path
    except OSError as exc:
        raise FileError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return write_atomic(path, data)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on a production folder for the whole write.

    The lock file lives outside the folder (``production_lock_path``), so the
    folder holds only what is published. Sweeps what a killed run left
    behind (and an older version's lock file) once the lock is held. When
    the write fails, a folder this run created is removed again, so a bad
    input leaves no empty production folder behind. A folder that is a
    symbolic link is refused: nothing is written through one.
    """
    refuse_symlink(folder, lambda exc: FileError(f"{folder}: cannot write: {describe_os_error(exc)}"))
    created = not folder.exists()
    with exclusive_lock(
        production_lock_path(folder),
        busy=FileError(f"{folder}: another audioreview run is writing this production"),
        cannot=lambda exc: FileError(f"{folder}: cannot write: {describe_os_error(exc)}"),
    ):
        try:
            sweep_temp_files(folder)
            with contextlib.suppress(OSError):
                (folder / LEGACY_LOCK_NAME).unlink(missing_ok=True)
            yield
        except BaseException:
            if created:
                _remove_if_empty(folder)
            raise


def refuse_if_busy(folder: Path) -> None:
    """Refuse an up-to-date production while another run writes it; sweep a killed run's leftovers.

    A folder this run may not write (read-only) has nothing to sweep and needs
    no lock to be found up to date: its lock file, if any, is only read.
    """
    try:
        with folder_lock(folder):
            return
    except FileError as exc:
        cause = exc.__cause__
        if not isinstance(cause, OSError) or cause.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
    try:
        handle = os.open(production_lock_path(folder), os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise FileError(f"{folder}: cannot read: {describe_os_error(exc)}") from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        raise FileError(f"{folder}: another audioreview run is writing this production") from None
    finally:
        os.close(handle)


def _remove_if_empty(folder: Path) -> None:
    """Remove ``folder`` when it holds nothing, and its lock (called with the lock held).

    The private folders the lock made go too when nothing else is in them,
    so a failed first run leaves the output folder as it found it.
    """
    with contextlib.suppress(OSError):
        if folder.exists():
            folder.rmdir()
        lock = production_lock_path(folder)
        lock.unlink(missing_ok=True)
        lock.parent.rmdir()
        lock.parent.parent.rmdir()
