"""The batch's memory: a SQLite file in the output folder's private corner, and the lock that guards it.

``DIR/.audioreview/state.sqlite`` (WAL mode) holds one row per entry: its
slug (reserved before its first render and kept for good, so a retitled post
keeps its files), and, once its files are all in place, the hashes of its
content and of the render settings it was made with, and its durations. Only
the coordinating process writes it; each finished entry is committed on its
own, so a run killed at any moment loses at most the entries in flight.

``DIR/.audioreview/batch.lock`` is held (``fcntl.flock``) for the whole run:
a second run on the same folder stops at once with a clear message. Both
sit in ``files.PRIVATE_DIR``, which is never published; a state file an
older version left in ``DIR`` itself is moved there on first use.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..errors import BatchError
from ..files import PRIVATE_DIR, describe_os_error, exclusive_lock, refuse_symlink

STATE_NAME = f"{PRIVATE_DIR}/state.sqlite"
LOCK_NAME = f"{PRIVATE_DIR}/batch.lock"
_LEGACY_STATE = ".audioreview-state.sqlite"
_LEGACY_LOCK = ".audioreview-batch.lock"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    content_hash TEXT,
    settings_hash TEXT,
    durations TEXT NOT NULL DEFAULT '{}',
    rendered_at TEXT
)
"""


@dataclass(frozen=True, slots=True)
class StateRow:
    """What the state store knows about one entry."""

    key: str
    slug: str
    title: str = ""
    content_hash: str | None = None
    """None until the entry has been rendered once."""
    settings_hash: str | None = None
    durations_ms: Mapping[str, int] | None = None
    """Duration of each rendered version, in milliseconds."""
    rendered_at: str | None = None


class StateStore:
    """The SQLite state of one output folder."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, out_dir: Path, *, readonly: bool = False) -> StateStore:
        """Open (creating it unless ``readonly``) the state store of ``out_dir``."""
        path = Path(out_dir) / STATE_NAME
        for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            refuse_symlink(name, partial(_cannot_open, name))
        try:
            if not readonly:
                _move_legacy_state(Path(out_dir), path)
            legacy = Path(out_dir) / _LEGACY_STATE
            if readonly and not path.is_file() and legacy.is_file():
                path = legacy
            if readonly:
                if not path.is_file():
                    conn = sqlite3.connect(":memory:")
                else:
                    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                existed = path.is_file()
                conn = sqlite3.connect(path, isolation_level=None)
                if existed:
                    _check_whole(conn)  # before WAL mode writes anything
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=5000")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise BatchError(
                    f"{path}: state was written by a newer audioreview (schema {version})",
                    hint="upgrade audioreview, or delete the file to render everything again",
                )
            if not readonly or not path.is_file():
                conn.execute(_SCHEMA)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("SELECT count(*) FROM entries").fetchone()
            _check_whole(conn)
        except sqlite3.DatabaseError as exc:
            raise BatchError(
                f"{path}: the batch state is unreadable: {exc}",
                hint="delete the file to render everything again",
            ) from exc
        except OSError as exc:
            raise BatchError(f"{path}: cannot open the batch state: {describe_os_error(exc)}") from exc
        return cls(conn, path)

    def close(self) -> None:
        """Close the database."""
        self.conn.close()

    def rows(self) -> dict[str, StateRow]:
        """Every row, by key."""
        try:
            cursor = self.conn.execute(
                "SELECT key, slug, title, content_hash, settings_hash, durations, rendered_at FROM entries"
            )
            return {r[0]: _row(r) for r in cursor.fetchall()}
        except sqlite3.DatabaseError as exc:
            raise BatchError(
                f"{self.path}: the batch state is unreadable: {' '.join(str(exc).split())}",
                hint="delete the file to render everything again",
            ) from exc

    def reserve(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """Record each (key, slug, title)'s slug before its first render (keys that have one keep it)."""
        self._write(
            "INSERT INTO entries (key, slug, title) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING", list(entries)
        )

    def record(self, key: str, *, title: str, content_hash: str, settings_hash: str, durations_ms: Mapping[str, int]) -> None:
        """Mark ``key`` as rendered (call only once its files are all in place)."""
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._write(
            "UPDATE entries SET title = ?, content_hash = ?, settings_hash = ?, durations = ?, rendered_at = ? "
            "WHERE key = ?",
            [(title, content_hash, settings_hash, json.dumps(dict(durations_ms), sort_keys=True), stamp, key)],
        )

    def _write(self, sql: str, params: Sequence[tuple[object, ...]]) -> None:
        try:
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                self.conn.executemany(sql, params)
        except sqlite3.Error as exc:
            raise BatchError(f"{self.path}: cannot update the batch state: {exc}") from exc


def _cannot_open(path: Path, exc: OSError) -> BatchError:
    return BatchError(f"{path}: cannot open the batch state: {describe_os_error(exc)}")


def _check_whole(conn: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError when SQLite's quick check finds a damaged page."""
    check = conn.execute("PRAGMA quick_check(1)").fetchone()
    if check is None or check[0] != "ok":
        raise sqlite3.DatabaseError(f"damaged: {check[0] if check else 'no answer'}")


def _row(r: tuple[object, ...]) -> StateRow:
    try:
        durations = {str(k): int(v) for k, v in json.loads(str(r[5] or "{}")).items()}
    except (ValueError, TypeError, AttributeError):
        durations = {}
    return StateRow(
        key=str(r[0]),
        slug=str(r[1]),
        title=str(r[2] or ""),
        content_hash=None if r[3] is None else str(r[3]),
        settings_hash=None if r[4] is None else str(r[4]),
        durations_ms=durations,
        rendered_at=None if r[6] is None else str(r[6]),
    )


def _move_legacy_state(out_dir: Path, path: Path) -> None:
    """Move an older version's state (and its WAL files) from ``out_dir`` into the private folder."""
    legacy = out_dir / _LEGACY_STATE
    if not legacy.is_file() or path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm", ""):  # the main file last: it is what marks the move as done
        old = legacy.with_name(legacy.name + suffix)
        if old.exists():
            os.replace(old, path.with_name(path.name + suffix))
    (out_dir / _LEGACY_LOCK).unlink(missing_ok=True)


@contextlib.contextmanager
def batch_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's batch lock; a second holder gets a BatchError at once."""
    with exclusive_lock(
        Path(out_dir) / LOCK_NAME,
        busy=BatchError(
            f"{out_dir}: another audioreview batch is running on this output folder", hint="wait for it to finish"
        ),
        cannot=lambda exc: BatchError(f"{out_dir}: cannot use the output folder: {describe_os_error(exc)}"),
    ):
        yield
