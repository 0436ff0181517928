"""The ffmpeg edge: the binary imageio-ffmpeg ships, and the calls we make to it.

No system ffmpeg or ffprobe is needed. Audio goes in and out as raw mono
16-bit PCM through pipes, so nothing is decoded twice.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import AudioError


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


def _last_line(stderr: bytes) -> str:
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
        raise AudioError(f"{name}: ffmpeg failed: {_last_line(proc.stderr)}")
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


def encode_mp3(
    chunks: Iterable[np.ndarray],
    source_rate: int,
    target: Path,
    *,
    bitrate_kbps: int,
    sample_rate: int,
    channels: int,
    name: str | None = None,
) -> None:
    """Encode blocks of mono int16 samples into a constant-bitrate MP3 at ``target``.

    One ffmpeg call: the PCM is streamed to its stdin block by block (the
    whole narration is never copied), resampled with soxr and encoded by LAME.
    """
    label = name or target.name
    cmd = [
        ffmpeg_exe(), "-hide_banner", "-y", "-loglevel", "error",
        "-f", "s16le", "-ar", str(source_rate), "-ac", "1", "-i", "pipe:0",
        "-af", f"aresample={sample_rate}:resampler=soxr:precision=28",
        "-ac", str(channels), "-ar", str(sample_rate),
        "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k",
        "-write_xing", "1", "-id3v2_version", "0", "-map_metadata", "-1",
        "-f", "mp3", str(target),
    ]  # fmt: skip
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except OSError as exc:
        raise AudioError(f"{label}: cannot run ffmpeg: {exc}") from exc
    assert proc.stdin is not None and proc.stderr is not None
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
    stderr = proc.stderr.read()
    if proc.wait() != 0:
        raise AudioError(f"{label}: ffmpeg failed: {_last_line(stderr)}")


def decode_blocks(path: Path, sample_rate: int, block: int = 1 << 18) -> Iterator[np.ndarray]:
    """Decode an audio file to mono float32 blocks at ``sample_rate``, streaming."""
    cmd = [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path),
        "-vn", "-ac", "1", "-ar", str(sample_rate), "-f", "f32le", "-acodec", "pcm_f32le", "pipe:1",
    ]  # fmt: skip
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise AudioError(f"{path.name}: cannot run ffmpeg: {exc}") from exc
    assert proc.stdout is not None and proc.stderr is not None
    try:
        while True:
            data = proc.stdout.read(block * 4)
            if not data:
                break
            usable = len(data) // 4 * 4
            yield np.frombuffer(data[:usable], dtype="<f4")
    finally:
        proc.stdout.close()
        stderr = proc.stderr.read()
        if proc.wait() != 0:
            raise AudioError(f"{path.name}: ffmpeg cannot decode it: {_last_line(stderr)}")
