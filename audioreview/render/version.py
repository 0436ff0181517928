"""One version rendered: its takes assembled with pauses and music, leveled, encoded and measured.

This computes the audio; writing its tags and sidecars is the publish
stage's (``publish.version``). The assembled PCM goes to a scratch file
beside the output and is read back block by block, so memory stays flat
however long the review.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..errors import FileError
from ..files import atomic_path, describe_os_error, scratch_file
from ..model import Loudness, Rendition, Script, Segment, Take, Timeline
from . import assemble as asm
from .master import MasterSpec, master
from .pcm import PcmFile


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
) -> RenderedVersion:
    """Assemble ``script`` at ``rate`` and master it into the MP3 ``audio``.

    Setting ``stop`` abandons the work at the next block.
    """
    folder = audio.parent
    with scratch_file(folder, ".pcm") as work:
        try:
            with open(work, "wb") as sink:
                timeline = asm.assemble_into(sink, script, take_of, rate, stings, sound)
        except OSError as exc:
            raise FileError(f"{folder}: cannot write: {describe_os_error(exc)}") from exc
        with PcmFile(work, stop=stop) as samples, atomic_path(audio) as tmp:
            loudness = master(samples, rate, tmp, spec, name=audio.name)
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
