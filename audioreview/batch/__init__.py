"""Many sources -> many productions: state, executor, resume.

``run_batch(source, settings, BatchOptions(out_dir=...))`` reads a feed, a
folder of posts or a list of URLs, renders the entries that are new or
changed (in parallel: processes, or a Dask cluster), skips the others without
loading an engine, and records each finished entry in a SQLite state store in
the output folder. A run killed at any moment is resumed by running it again.

Modules: ``entries`` (the Entry value), ``sources`` (reading the source),
``plan`` (pure decisions, settings fingerprint, slugs), ``state`` (SQLite,
lock), ``work`` (the worker task, executors), ``run`` (the coordinator),
``frontmatter`` (``audio:`` in a post's YAML), ``report`` (progress, summary).
"""

from __future__ import annotations

from .entries import Entry, EntryProblem, entry_review
from .frontmatter import set_audio, strip_audio
from .plan import Action, decide, settings_fingerprint
from .run import BatchOptions, BatchSummary, EntryReport, audio_fields, output_present, run_batch, update_post
from .sources import Collected, collect
from .state import LOCK_NAME, STATE_NAME, StateRow, StateStore, batch_lock
from .work import EntryResult, RenderJob, render_entry

__all__ = [
    "LOCK_NAME",
    "STATE_NAME",
    "Action",
    "BatchOptions",
    "BatchSummary",
    "Collected",
    "Entry",
    "EntryProblem",
    "EntryReport",
    "EntryResult",
    "RenderJob",
    "StateRow",
    "StateStore",
    "audio_fields",
    "batch_lock",
    "collect",
    "decide",
    "entry_review",
    "output_present",
    "render_entry",
    "run_batch",
    "set_audio",
    "settings_fingerprint",
    "strip_audio",
    "update_post",
]
