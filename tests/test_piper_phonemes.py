"""Lexicon phonemes reach the real Piper voice: blocks pass through, read-as names become phonemes."""

from __future__ import annotations

import pytest

from audioreview.engines.base import load_voices
from audioreview.engines.piper import PiperEngine, resolve_read_as

pytestmark = pytest.mark.real


def _voice_phonemes(text: str) -> str:
    from piper import PiperVoice

    from audioreview.engines.piper import DEFAULT_MODEL, model_files

    onnx, config = model_files(DEFAULT_MODEL)
    voice = PiperVoice.load(str(onnx), config_path=str(config))
    return "".join("".join(sentence) for sentence in voice.phonemize(resolve_read_as(text)))


def test_read_as_uses_the_other_languages_rules() -> None:
    block = resolve_read_as("[[@ko 지원]]")
    assert block.startswith("[[ ") and block.endswith(" ]]")
    assert "ɕ" in block  # Korean rules; English rules give "dʒˈaɪwˈʌn" for "Ji-won"


def test_unknown_espeak_language_falls_back_to_the_spelling() -> None:
    assert resolve_read_as("[[@zz Hyun]]") == "Hyun"


def test_phoneme_blocks_replace_the_voices_own_reading() -> None:
    before = _voice_phonemes("Greta Gerwig directs.")
    after = _voice_phonemes("Greta [[ ɡˈɜːwɪɡ ]] directs.")
    assert "dʒˈɜːwɪɡ" in before
    assert "ɡˈɜːwɪɡ" in after and "dʒˈɜːwɪɡ" not in after


def test_piper_speaks_a_sentence_with_phoneme_blocks() -> None:
    engine = PiperEngine()
    voice = load_voices()["joe"]
    plain = engine.synthesize("Kim Tae-ri stars.", voice)
    named = engine.synthesize("Kim [[@ko 태리]] stars.", voice)
    assert plain.pcm and named.pcm and plain.pcm != named.pcm
