"""The ffmpeg binary that imageio-ffmpeg ships, and the plain calls made to it.

No system ffmpeg or ffprobe is needed. Audio goes in and out as raw mono
16-bit PCM through pipes. This module sits below the stages: the engines
(decoding gTTS's MP3) and render (stings, beds, encoding) both use it.
"""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

from .errors import AudioError


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the bundled ffmpeg binary."""
    try:
        import imageio_ffmpeg
    except ImportError as exc:
        raise AudioError("imageio-ffmpeg is not installed", hint="pip install imageio-ffmpeg") from exc
    try:
        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except RuntimeError as exc:
        raise AudioError(f"the bundled ffmpeg is missing: {exc}") from exc


def last_line(stderr: bytes) -> str:
    """The last non-empty line ffmpeg printed (its error, usually)."""
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    return lines[-1] if lines else "no output"


def run_ffmpeg(args: list[str], *, data: bytes | None = None, name: str) -> bytes:
    """Run ffmpeg with ``args``, feeding ``data`` on stdin; return stdout."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-y", "-loglevel", "error", *(["-nostdin"] if data is None else []), *args]
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, check=False)
    except OSError as exc:
        raise AudioError(f"{name}: cannot run ffmpeg: {exc}") from exc
    if proc.returncode != 0:
        raise AudioError(f"{name}: ffmpeg failed: {last_line(proc.stderr)}")
    return proc.stdout


def decode_to_pcm(data: bytes | Path, sample_rate: int, *, name: str) -> bytes:
    """Decode any audio ffmpeg reads (bytes or a file) to mono int16 PCM at ``sample_rate``."""
    if isinstance(data, Path):
        args = ["-i", str(data)]
        stdin = None
    else:
        args = ["-i", "pipe:0"]
        stdin = data
    out = run_ffmpeg(
        [*args, "-vn", "-ac", "1", "-ar", str(sample_rate), "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"],
        data=stdin,
        name=name,
    )
    if not out:
        raise AudioError(f"{name}: no audio in the file")
    return out
