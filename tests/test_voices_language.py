"""Voices by language: shipped gTTS profiles, gTTS's own list, Piper models that say their language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from audioreview.cli import main
from audioreview.engines import load_voices
from audioreview.engines.languages import gtts_languages, model_language, pick_voice, voices_for_language
from audioreview.errors import ConfigError

SEVEN = ("en", "de", "fr", "es", "it", "pt", "nl")


def _piper_profile(folder: Path, stem: str, config: dict[str, object], language: str | None = None) -> Path:
    """A Piper profile beside a model file and its .onnx.json (the model's bytes are never read here)."""
    folder.mkdir(parents=True, exist_ok=True)
    model = folder / f"{stem}.onnx"
    model.write_bytes(b"not a real model")
    (folder / f"{stem}.onnx.json").write_text(json.dumps(config), encoding="utf-8")
    lines = [f'name = "{stem}"', 'engine = "piper"']
    if language:
        lines.append(f'language = "{language}"')
    lines += ["", "[params]", f'model = "{model}"']
    (folder / f"{stem}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("language", SEVEN)
def test_a_gtts_profile_ships_for_each_of_the_seven_languages(language: str) -> None:
    shipped = [v for v in voices_for_language(language, load_voices()) if v.source]
    assert any(v.engine == "gtts" and v.params["lang"] == language for v in shipped)


def test_gtts_speaks_its_whole_list_without_a_profile() -> None:
    assert "sv" in gtts_languages()
    (voice,) = [v for v in voices_for_language("sv", load_voices()) if v.engine == "gtts"]
    assert voice.params["lang"] == "sv" and voice.language == "sv" and voice.source == ""
    (hebrew,) = voices_for_language("he", load_voices())
    assert hebrew.params["lang"] == "iw"  # gTTS's own code for Hebrew


def test_a_piper_model_says_its_language(tmp_path: Path) -> None:
    folder = _piper_profile(tmp_path, "de_DE-kerstin-low", {"language": {"code": "de_DE"}, "espeak": {"voice": "de"}})
    voice = load_voices(folder)["de_DE-kerstin-low"]
    assert voice.language == "de-DE"
    assert model_language(str(folder / "de_DE-kerstin-low.onnx")) == "de-DE"


def test_an_older_piper_model_is_known_by_its_espeak_voice(tmp_path: Path) -> None:
    folder = _piper_profile(tmp_path, "pt_BR-old", {"espeak": {"voice": "pt-br"}})
    assert load_voices(folder)["pt_BR-old"].language == "pt-BR"


def test_a_profile_whose_language_contradicts_its_model_is_refused(tmp_path: Path) -> None:
    folder = _piper_profile(tmp_path, "fr_FR-x", {"language": {"code": "fr_FR"}}, language="en")
    with pytest.raises(ConfigError, match=r"says language 'en', but its model speaks 'fr-FR'"):
        load_voices(folder)


def test_an_installed_piper_voice_is_preferred_to_gtts(tmp_path: Path) -> None:
    folder = _piper_profile(tmp_path, "nl_NL-mira", {"language": {"code": "nl_NL"}})
    voices = load_voices(folder)
    assert pick_voice("joe", voices, role="narrator", language="nl").name == "nl_NL-mira"
    assert pick_voice("gtts-us", voices, role="narrator", language="nl").name == "gtts-nl"  # same engine first
    assert pick_voice("joe", voices, role="narrator", language="nl", engine="gtts").name == "gtts-nl"


def test_the_named_voice_is_kept_when_it_speaks_the_language() -> None:
    voices = load_voices()
    assert pick_voice("joe", voices, role="narrator", language="en").name == "joe"
    assert pick_voice("joe-host", voices, role="host", language="de").name == "gtts-de"


def test_no_voice_for_a_language_is_one_clear_error() -> None:
    with pytest.raises(ConfigError) as caught:
        pick_voice("joe", load_voices(), role="narrator", language="zu")
    assert "no installed voice speaks Zulu ('zu')" in str(caught.value)
    assert "model = " in (caught.value.hint or "")
    with pytest.raises(ConfigError, match="French .* with the piper engine"):
        pick_voice("joe", load_voices(), role="narrator", language="fr", engine="piper")


def test_voices_lang_lists_what_can_speak_it(tmp_path: Path) -> None:
    folder = _piper_profile(tmp_path / "voices", "de_DE-kerstin-low", {"language": {"code": "de_DE"}})
    config = tmp_path / "audioreview.toml"
    config.write_text(f'voices_dir = "{folder}"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "voices", "--lang", "de"])
    assert result.exit_code == 0, result.output
    names = [line.split()[0] for line in result.output.splitlines()]
    assert names == ["de_DE-kerstin-low", "gtts-de"]
    refused = CliRunner().invoke(main, ["--config", str(config), "voices", "--lang", "zu"])
    assert refused.exit_code == 1 and "no installed voice speaks Zulu" in refused.output
