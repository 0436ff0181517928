"""Encoding a finished file: one ffmpeg call that both encodes it and measures what was encoded.

The assembled PCM goes in through a pipe; LAME writes the MP3, and a
loopback decoder of the same call measures the encoded audio with ebur128,
so the loudness reported is the loudness of the file itself.
"""

from __future__ import annotations

import math
import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import numpy as np

from ..errors import AudioError
from ..ffmpeg import ffmpeg_exe, last_line

MEASURE = r"[dec:0]ebur128=peak=true:metadata=1,ametadata=mode=print:file=pipe\\\:1[measured]"
"""Decode the encoded stream again inside the same call and print its loudness to stdout."""
SILENT_LUFS = -70.0
"""ebur128 reports this (its absolute gate) when nothing is loud enough to measure."""
TAIL_BYTES = 1 << 16
"""Enough of the measurement stream to hold its last frame."""


def encode_mp3(
    chunks: Iterable[np.ndarray],
    source_rate: int,
    target: Path,
    *,
    bitrate_kbps: int,
    sample_rate: int,
    channels: int,
    name: str | None = None,
) -> tuple[float, float]:
    """Encode blocks of mono int16 samples into a constant-bitrate MP3 at ``target``.

    One ffmpeg call: the PCM is streamed to its stdin block by block (the
    whole narration is never copied), resampled with soxr and encoded by
    LAME; a loopback decoder decodes the encoded stream in the same process
    and ebur128 measures it. Returns the file's (integrated LUFS, true peak
    dBTP), as a listener's player decodes it.
    """
    label = name or target.name
    cmd = encode_command("pipe:0", source_rate, target, bitrate_kbps=bitrate_kbps, sample_rate=sample_rate, channels=channels)
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise AudioError(f"{label}: cannot run ffmpeg: {exc}") from exc
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    tail = _Tail(proc.stdout)
    try:
        for chunk in chunks:
            proc.stdin.write(np.ascontiguousarray(chunk, dtype="<i2").data)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    finally:
        tail.join()
    stderr = proc.stderr.read()
    if proc.wait() != 0:
        raise AudioError(f"{label}: ffmpeg failed: {last_line(stderr)}")
    return parse_measurement(tail.data.decode("ascii", "replace"))


def encode_command(
    source: str, source_rate: int, target: Path, *, bitrate_kbps: int, sample_rate: int, channels: int
) -> list[str]:
    """The one ffmpeg call of :func:`encode_mp3`: mono int16 PCM from ``source`` to ``target``, measured on the way."""
    return [
        ffmpeg_exe(), "-hide_banner", "-nostats", "-y", "-loglevel", "error",
        "-f", "s16le", "-ar", str(source_rate), "-ac", "1", "-i", source,
        "-af", f"aresample={sample_rate}:resampler=soxr:precision=28",
        "-ac", str(channels), "-ar", str(sample_rate),
        "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k",
        "-write_xing", "1", "-id3v2_version", "0", "-map_metadata", "-1",
        "-f", "mp3", str(target),
        "-dec", "0:0", "-filter_complex", MEASURE, "-map", "[measured]", "-f", "null", "-",
    ]  # fmt: skip


class _Tail(threading.Thread):
    """Drains a pipe in the background, keeping only its last bytes."""

    def __init__(self, pipe: IO[bytes]) -> None:
        super().__init__(daemon=True)
        self.pipe = pipe
        self.data = b""
        self.start()

    def run(self) -> None:
        while block := self.pipe.read(TAIL_BYTES):
            self.data = (self.data + block)[-TAIL_BYTES:]
        self.pipe.close()


def parse_measurement(text: str) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) from the last frame ebur128 printed.

    The frame carries the integrated loudness so far (the whole file's, on the
    last frame) and, per channel, the largest true peak so far, as a linear
    value. Silence, or no frame at all, measures as -inf.
    """
    integrated, peak = -math.inf, 0.0
    frames = text.rsplit("frame:", 1)
    for line in frames[-1].splitlines() if len(frames) == 2 else ():
        key, _, value = line.partition("=")
        try:
            number = float(value)
        except ValueError:
            continue
        if key == "lavfi.r128.I" and number > SILENT_LUFS:
            integrated = number
        elif key.startswith("lavfi.r128.true_peaks_ch"):
            peak = max(peak, number)
    return integrated, 20 * math.log10(peak) if peak > 0 else -math.inf
