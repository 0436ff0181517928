"""One version rendered: its takes assembled with pauses and music, leveled, encoded and measured.

This computes the audio; writing its tags and sidecars is the publish
stage's (``publish.version``). The assembled PCM goes to a scratch file
beside the output and is read back block by block, so memory stays flat
however long the review.

A finished file is kept in the take cache under a hash of its assembled PCM
and of what it must be (``MasterSpec``, the program's version): a version
whose audio an edit did not change (most often the short one, when the
edited paragraph is not in it) is not leveled, encoded and measured again.
The encoder is deterministic, so the kept file is the one the run would make.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from ..errors import FileError
from ..files import atomic_path, describe_os_error, scratch_file
from ..model import Loudness, Rendition, Script, Segment, Take, Timeline
from . import assemble as asm
from .energy import composed_loudness
from .master import MasterSpec, master
from .pcm import PcmFile


class MadeCache(Protocol):
    """Where finished files are kept (``SegmentCache.made_file``)."""

    def made_file(self, kind: str, key: str, target: Path, make: Callable[[Path], bytes]) -> bytes: ...


class _Hashing:
    """A sink that hashes what passes through it."""

    def __init__(self, sink: BinaryIO) -> None:
        self.sink = sink
        self.hash = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        return self.sink.write(data)


def master_key(pcm_digest: bytes, rate: int, spec: MasterSpec) -> str:
    """The name a finished file is kept under: its assembled PCM and everything mastering depends on."""
    from ..version import generator

    h = hashlib.sha256(pcm_digest)
    h.update(f"{rate} {spec!r} {generator()}".encode())
    return h.hexdigest()


def _head(loudness: Loudness) -> bytes:
    return json.dumps(asdict(loudness)).encode()


def _loudness(head: bytes) -> Loudness:
    return Loudness(**json.loads(head))


@dataclass(frozen=True, slots=True)
class RenderedVersion:
    """A version's finished audio file (not yet tagged) and where everything in it lands."""

    script: Script
    audio: Path
    timeline: Timeline
    loudness: Loudness


def render_version(
    script: Script,
    take_of: Callable[[Segment], Take],
    rate: int,
    stings: asm.Stings,
    spec: MasterSpec,
    audio: Path,
    *,
    stop: threading.Event | None = None,
    sound: asm.Sound = asm.PLAIN,
    kept: MadeCache | None = None,
) -> RenderedVersion:
    """Assemble ``script`` at ``rate`` and master it into the MP3 ``audio``.

    Setting ``stop`` abandons the work at the next block. With ``kept``, a
    file mastered before from the same PCM is taken from there.
    """
    folder = audio.parent
    with scratch_file(folder, ".pcm") as work:
        try:
            with open(work, "wb") as sink:
                hashing = _Hashing(sink)
                timeline, pieces = asm.assemble_measured(hashing, script, take_of, rate, stings, sound, kept)  # type: ignore[arg-type]
        except OSError as exc:
            raise FileError(f"{folder}: cannot write: {describe_os_error(exc)}") from exc
        with atomic_path(audio) as tmp:

            def make(target: Path) -> bytes:
                with PcmFile(work, stop=stop) as samples:
                    loudness = composed_loudness(pieces, len(samples), rate)
                    return _head(master(samples, rate, target, spec, name=audio.name, loudness=loudness))

            if kept is None:
                loudness = _loudness(make(tmp))
            else:  # kept from an earlier run, or made now and kept (streamed: an MP3 of hours is never held whole)
                loudness = _loudness(kept.made_file("masters", master_key(hashing.hash.digest(), rate, spec), tmp, make))
    return RenderedVersion(script=script, audio=audio, timeline=timeline, loudness=loudness)


def render_together(scripts: Sequence[Script], render: Callable[[Script, threading.Event], Rendition]) -> list[Rendition]:
    """``render`` every script at once, one thread each; the results in order.

    Rendering a version mostly waits on its ffmpeg process (the MP3 encoder is
    single-threaded), so the versions overlap on separate cores. When one
    fails or the run is interrupted, the others are told to stop and are
    waited for before the error goes on.
    """
    if len(scripts) == 1:
        return [render(scripts[0], threading.Event())]
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=len(scripts), thread_name_prefix="render") as pool:
        futures = [pool.submit(render, script, stop) for script in scripts]
        try:
            return [future.result() for future in futures]
        except BaseException:
            stop.set()
            raise
