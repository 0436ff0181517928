"""Assembly: stings or a music bed, spoken intro, narration with pauses, spoken outro.

pydub does the sample-level work (trimming, fades, silence at the voice's
own rate); the timeline (where every sentence and chapter lands) is computed
from exact sample counts as the parts are laid down, so chapter and caption
times are where the audio really is. Each take goes through the speech chain
(``render.chain``) as it is laid down; with a music bed, the spoken intro and
outro are mixed over it (``render.bed``) before they are written.
"""

from __future__ import annotations

import hashlib
import io
import json
import warnings
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

import numpy as np

from ..errors import AudioError
from ..ffmpeg import decode_to_pcm, ffmpeg_exe
from ..model import Audio, Chapter, Cue, Script, Section, Segment, Take, Timeline, Word
from ..settings import Settings
from . import dsp
from .bed import INTRO, OUTRO, Bed, Ducking, Layout, bed_path, mix_under
from .chain import SpeechChain, process_pcm
from .energy import EnergyProfile, profile
from .loudness import k_weighting

with warnings.catch_warnings():
    warnings.simplefilter("ignore", RuntimeWarning)  # pydub warns when no system ffmpeg is on PATH
    from pydub import AudioSegment
    from pydub.silence import detect_leading_silence

FADE_MS = 8
"""Fade at each end of a take, so no join clicks."""
KEEP_SILENCE_MS = 40
"""Silence kept at each end of a trimmed take; the pauses do the rest."""
STING_GAP_MS = 250
INTRO_GAP_MS = 700
"""Between the spoken intro and the narration."""
BED_GAP_MS = 300
"""Between the bed's fade after the spoken intro and the narration."""
SILENCE_DBFS = -45.0


@dataclass(frozen=True, slots=True)
class Stings:
    """Intro and outro music, already at the working rate (None for none)."""

    intro: Audio | None
    outro: Audio | None


@dataclass(frozen=True, slots=True)
class Sound:
    """How the voice is treated and what plays under it: the speech chain and the bed (None for none)."""

    chain: SpeechChain | None = None
    bed: Bed | None = None
    """With a bed, the stings are left out: the bed opens and closes the show."""


    @classmethod
    def from_settings(cls, settings: Settings, bed: Audio | None) -> Sound:
        """The speech chain and the music bed (already loaded, or None) the settings ask for."""
        ducking = Ducking(
            attack_ms=settings.bed_attack_ms, release_ms=settings.bed_release_ms, depth_db=settings.bed_depth_db
        )
        return cls(
            chain=SpeechChain() if settings.speech_chain else None,
            bed=Bed(bed, ducking) if bed is not None else None,
        )


PLAIN = Sound()
"""The voice as the engine made it, and no bed."""


def _configure_pydub() -> None:
    AudioSegment.converter = ffmpeg_exe()


def resample(audio: Audio, rate: int) -> Audio:
    """``audio`` at ``rate`` (polyphase resampling)."""
    if audio.sample_rate == rate:
        return audio
    from math import gcd

    from scipy import signal  # only when voices speak at different rates: 0.6 s to import

    g = gcd(rate, audio.sample_rate)
    x = np.frombuffer(audio.pcm, dtype="<i2").astype(np.float32)
    y = signal.resample_poly(x, rate // g, audio.sample_rate // g)
    return Audio(np.clip(np.round(y), -32768, 32767).astype("<i2").tobytes(), rate)


def to_segment(audio: Audio) -> AudioSegment:
    """A pydub AudioSegment over mono int16 PCM."""
    return AudioSegment(data=audio.pcm, sample_width=2, frame_rate=audio.sample_rate, channels=1)


def trim_bounds(seg: AudioSegment, keep_ms: int = KEEP_SILENCE_MS) -> tuple[int, int]:
    """Where a take is cut (ms): its leading and trailing silence kept down to ``keep_ms``."""
    start = max(0, detect_leading_silence(seg, silence_threshold=SILENCE_DBFS) - keep_ms)
    end = max(0, detect_leading_silence(seg.reverse(), silence_threshold=SILENCE_DBFS) - keep_ms)
    return (start, len(seg) - end) if len(seg) - end > start else (0, len(seg))


def trim(seg: AudioSegment, keep_ms: int = KEEP_SILENCE_MS) -> AudioSegment:
    """Cut leading and trailing silence down to ``keep_ms``, then fade both ends."""
    return _cut(seg, *trim_bounds(seg, keep_ms))


def _cut(seg: AudioSegment, start: int, end: int) -> AudioSegment:
    body = seg[start:end] if (start, end) != (0, len(seg)) else seg
    fade = min(FADE_MS, len(body) // 4)
    return body.fade_in(fade).fade_out(fade) if fade > 0 else body


def place_words(words: tuple[Word, ...], cut_ms: int, length_ms: int, at_ms: int) -> tuple[Word, ...]:
    """Take times -> file times: ``cut_ms`` trimmed from the take's start, kept ``length_ms``, laid at ``at_ms``."""

    def when(ms: int) -> int:
        return at_ms + min(length_ms, max(0, ms - cut_ms))

    return tuple(Word(w.text, when(w.start_ms), when(w.end_ms)) for w in words)


def spoken_ms(audio: Audio) -> int:
    """How long a take lasts once trimmed, as it will be heard."""
    return len(trim(to_segment(audio)))


def sting_path(spec: str | None, builtin_dir: Path) -> Path | None:
    """The file a sting setting names, checked to exist and not be empty (None for no sting).

    Cheap enough to call before any synthesis, so a typo fails at once.
    """
    if not spec:
        return None
    path = builtin_dir / f"{spec.split(':', 1)[1]}-sting.wav" if spec.startswith("builtin:") else Path(spec)
    if not path.is_file():
        raise AudioError(f"{path}: sting file not found", hint="fix the path, or set it to \"\" for no sting")
    if path.stat().st_size == 0:
        raise AudioError(f"{path}: sting file is empty")
    return path


def sting_seconds(spec: str | None, builtin_dir: Path) -> float:
    """How long a sting plays, read from its header without decoding it (0 when none or unknown).

    An unreadable file counts 0 here: loading it later says why it cannot be decoded.
    """
    path = sting_path(spec, builtin_dir)
    if path is None:
        return 0.0
    try:
        import mutagen

        found = mutagen.File(path)
        length = float(found.info.length) if found is not None and found.info is not None else 0.0
    except Exception:  # mutagen raises many kinds on a damaged file; decoding reports it properly
        return 0.0
    return length if length > 0 else 0.0


def load_sting(spec: str | None, rate: int, builtin_dir: Path) -> Audio | None:
    """Load a sting: "builtin:intro", a path to WAV/MP3/OGG/FLAC, or None/"" for none."""
    path = sting_path(spec, builtin_dir)
    return None if path is None else _load_music(path, rate, "sting")


def load_bed(spec: str | None, rate: int, builtin_dir: Path) -> Audio | None:
    """Load a music bed: "builtin:warm", "builtin:bright", a path to WAV/MP3/OGG/FLAC, or None/"" for none."""
    path = bed_path(spec, builtin_dir)
    return None if path is None else _load_music(path, rate, "music bed")


def _load_music(path: Path, rate: int, what: str) -> Audio:
    ready = _plain_wav(path, rate)
    if ready is not None:
        return ready
    try:
        pcm = decode_to_pcm(path, rate, name=str(path))
    except AudioError as exc:
        raise AudioError(f"{path}: cannot decode {what}: {exc.message.split(': ', 1)[-1]}") from exc
    return Audio(pcm, rate)


def _plain_wav(path: Path, rate: int) -> Audio | None:
    """A WAV file already in the working format (the shipped stings are), read without ffmpeg."""
    try:
        with wave.open(str(path), "rb") as w:
            if (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getcomptype()) != (1, 2, rate, "NONE"):
                return None
            pcm = w.readframes(w.getnframes())
    except (OSError, EOFError, wave.Error):
        return None
    return Audio(pcm, rate) if pcm else None


class MadeCache(Protocol):
    """Where laid takes are kept (``SegmentCache.made``)."""

    def made(self, kind: str, key: str, make: Callable[[], bytes]) -> bytes: ...


Pieces = list[tuple[int, EnergyProfile]]
"""Each sounding piece of a narration: its first sample's offset, and its energy profile (``render.energy``)."""


def _profile(pcm: bytes, rate: int) -> EnergyProfile:
    return profile(np.frombuffer(pcm, dtype="<i2"), rate, dsp.KWeighting(k_weighting(rate)))


class _Tape:
    """Parts written end to end into a sink, counting samples exactly, with each sounding part's energy."""

    def __init__(self, rate: int, sink: BinaryIO, frames: int = 0) -> None:
        self.rate = rate
        self.sink = sink
        self.frames = frames
        self.pieces: Pieces = []

    @property
    def ms(self) -> int:
        return round(self.frames * 1000 / self.rate)

    def add(self, seg: AudioSegment) -> tuple[int, int]:
        return self.write(seg.raw_data)

    def write(self, pcm: bytes, energy: EnergyProfile | None = None) -> tuple[int, int]:
        """Lay ``pcm`` down; its energy profile is measured unless given."""
        start = self.ms
        if pcm:
            self.pieces.append((self.frames, energy or _profile(pcm, self.rate)))
        self.sink.write(pcm)
        self.frames += len(pcm) // 2
        return start, self.ms

    def pause(self, ms: int) -> None:
        if ms > 0:
            frames = int(self.rate * (ms / 1000.0))  # as pydub's AudioSegment.silent counts them
            self.sink.write(bytes(2 * frames))
            self.frames += frames


LAID_VERSION = 1
"""Bumped when how a take is laid down changes."""


@dataclass(frozen=True, slots=True)
class Laid:
    """A take as it is laid down: trimmed, faded and through the speech chain, with its energy profile."""

    pcm: bytes
    cut_ms: int
    keep_ms: int
    energy: EnergyProfile

    def to_bytes(self) -> bytes:
        """The laid take as it is kept."""
        energy = self.energy.to_bytes()
        head = json.dumps({"cut": self.cut_ms, "keep": self.keep_ms, "energy": len(energy)}).encode()
        return head + b"\n" + energy + self.pcm

    @classmethod
    def from_bytes(cls, data: bytes) -> Laid:
        """The laid take ``to_bytes`` kept."""
        head, _, rest = data.partition(b"\n")
        meta = json.loads(head)
        size = int(meta["energy"])
        return cls(rest[size:], int(meta["cut"]), int(meta["keep"]), EnergyProfile.from_bytes(rest[:size]))


def laid_key(audio: Audio, rate: int, chain: SpeechChain | None) -> str:
    """The name a laid take is kept under: its audio and everything laying it down depends on."""
    h = hashlib.sha256(audio.pcm)
    h.update(f"{audio.sample_rate} {rate} {chain!r} {KEEP_SILENCE_MS} {FADE_MS} {SILENCE_DBFS} {LAID_VERSION}".encode())
    return h.hexdigest()


def lay(audio: Audio, rate: int, chain: SpeechChain | None) -> Laid:
    """``audio`` at ``rate``, trimmed, faded and through the chain, with its energy profile."""
    whole = to_segment(resample(audio, rate))
    cut, keep = trim_bounds(whole)
    pcm = process_pcm(_cut(whole, cut, keep).raw_data, rate, chain)
    return Laid(pcm, cut, keep, _profile(pcm, rate))


def lay_kept(audio: Audio, rate: int, chain: SpeechChain | None, kept: MadeCache | None) -> Laid:
    """``lay``, taken from ``kept`` when this take was laid down before."""
    if kept is None:
        return lay(audio, rate, chain)
    return Laid.from_bytes(kept.made("laid", laid_key(audio, rate, chain), lambda: lay(audio, rate, chain).to_bytes()))


def assemble(
    script: Script,
    take_of: Callable[[Segment], Take],
    rate: int,
    stings: Stings,
    sound: Sound = PLAIN,
) -> tuple[np.ndarray, Timeline]:
    """``assemble_into`` an in-memory buffer; returns the samples too."""
    buf = io.BytesIO()
    timeline = assemble_into(buf, script, take_of, rate, stings, sound)
    return np.frombuffer(buf.getbuffer(), dtype="<i2").copy(), timeline


def _speak(
    tape: _Tape,
    section: Section,
    take_of: Callable[[Segment], Take],
    chain: SpeechChain | None,
    cues: list[Cue],
    kept: MadeCache | None = None,
) -> int | None:
    """Lay down a section's takes with their pauses; returns where its first take starts (ms)."""
    first = None
    for n, segment in enumerate(section.segments):
        take = take_of(segment)
        laid = lay_kept(take.audio, tape.rate, chain, kept)
        start, end = tape.write(laid.pcm, laid.energy)
        first = start if first is None else first
        words = place_words(take.words, laid.cut_ms, end - start, start)
        cues.append(Cue(start, end, segment.display, words=words, word_timing=take.word_timing))
        if n < len(section.segments) - 1:
            tape.pause(segment.pause_after_ms)
    return first


def _speak_over_bed(
    tape: _Tape,
    section: Section,
    take_of: Callable[[Segment], Take],
    sound: Sound,
    bed: Bed,
    layout: Layout,
    cues: list[Cue],
    kept: MadeCache | None = None,
) -> None:
    """A section's takes mixed over the music bed, then written to ``tape``."""
    lead = layout.lead_ms * tape.rate // 1000
    speech = io.BytesIO()
    # Laid down as if already in place after the lead-in, so the cue times come out right.
    _speak(_Tape(tape.rate, speech, tape.frames + lead), section, take_of, sound.chain, cues, kept)
    mix, _ = mix_under(np.frombuffer(speech.getbuffer(), dtype="<i2"), bed, tape.rate, layout)
    tape.write(mix.tobytes())


def assemble_into(
    sink: BinaryIO,
    script: Script,
    take_of: Callable[[Segment], Take],
    rate: int,
    stings: Stings,
    sound: Sound = PLAIN,
) -> Timeline:
    """``assemble_measured`` without the energy profiles."""
    return assemble_measured(sink, script, take_of, rate, stings, sound)[0]


def assemble_measured(
    sink: BinaryIO,
    script: Script,
    take_of: Callable[[Segment], Take],
    rate: int,
    stings: Stings,
    sound: Sound = PLAIN,
    kept: MadeCache | None = None,
) -> tuple[Timeline, Pieces]:
    """Write the script's takes, pauses and music end to end at ``rate`` into ``sink``.

    With ``kept``, each take is laid down (trimmed, through the speech
    chain, its energy profile measured) once and kept; the pieces returned
    give the narration's loudness without measuring it again
    (``render.energy``).

    Only one take is in memory at a time (with a bed, the intro's or the
    outro's takes). Returns the timeline: one cue per sentence, one chapter
    per section (the intro chapter starts at 0 and takes in the intro sting
    or the bed's lead-in; the last chapter runs to the end).
    """
    _configure_pydub()
    tape = _Tape(rate, sink)
    cues: list[Cue] = []
    starts: list[tuple[str, int]] = []
    bed = sound.bed is not None
    layouts = {"intro": INTRO, "outro": OUTRO}
    intro_sting = None if bed else stings.intro
    outro_sting = None if bed else stings.outro
    for index, section in enumerate(script.sections):
        if section.kind == "intro" and (intro_sting is not None or bed):
            starts.append((section.title, tape.ms))
        if section.kind == "intro" and intro_sting is not None:
            tape.add(to_segment(intro_sting).fade_out(min(400, intro_sting.duration_ms // 3)))
            tape.pause(STING_GAP_MS)
        first: int | None
        if sound.bed is not None and section.kind in layouts and section.segments:
            first = tape.ms  # the chapter takes in the bed's lead-in
            _speak_over_bed(tape, section, take_of, sound, sound.bed, layouts[section.kind], cues, kept)
        else:
            first = _speak(tape, section, take_of, sound.chain, cues, kept)
        if first is not None and not (section.kind == "intro" and (intro_sting is not None or bed)):
            starts.append((section.title, first))
        if section.kind == "intro":
            tape.pause(BED_GAP_MS if bed else INTRO_GAP_MS)
        elif index < len(script.sections) - 1:
            tape.pause(section.segments[-1].pause_after_ms if section.segments else 0)
        if section.kind == "outro" and outro_sting is not None:
            tape.pause(STING_GAP_MS)
            tape.add(to_segment(outro_sting).fade_in(20))
    if not cues:
        raise AudioError("nothing to assemble: the script has no sentences")
    total = tape.ms
    chapters = tuple(
        Chapter(title, start, starts[i + 1][1] if i + 1 < len(starts) else total)
        for i, (title, start) in enumerate(starts)
    )
    return Timeline(total, chapters, tuple(cues)), tape.pieces
