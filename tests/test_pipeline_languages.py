"""German and French reviews through the whole pipeline, and the refusal of a language no voice speaks."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import responses
from click.testing import CliRunner
from fixtures.gtts_replies import gtts_reply, sine_mp3

from audioreview.cli import main
from audioreview.errors import ConfigError
from audioreview.ingest import read_review_bytes
from audioreview.pipeline import plan, produce
from audioreview.settings import Settings

HERE = Path(__file__).resolve().parent
GTTS_URL = re.compile(r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/data/batchexecute.*")

GERMAN = """---
title: Der stille Hafen
author: Mara Quill
date: 2024-03-12
---

Der Film beginnt am 3. März 1999 in einem kleinen Hafen. Die erste Stunde nimmt sich viel Zeit, und das lohnt sich.

Die Karten kosten 12,50 € und der Film läuft um 20:15 Uhr. Die Darsteller tragen ihn über manche Länge hinweg.

Wertung: 8/10
"""

FRENCH = """<!doctype html><html lang="en"><head><title>Le port tranquille</title></head><body><article>
<h1>Le port tranquille</h1>
<p>La première heure du film prend le temps de filmer ce petit port de pêche, et c'est une réussite.</p>
<p>La séance de 20h15 coûte 9,50 € et le film dure deux heures. Les acteurs nous tiennent en haleine jusqu'au générique.</p>
<p>Note : 16/20</p>
</article></body></html>"""

ZULU = "---\ntitle: Ichweba\nlang: zu\n---\n\nIfilimu lihamba kancane kodwa lihle kakhulu. Ngilithandile kakhulu.\n"


def _fake_voices(folder: Path, *languages: str) -> Path:
    """The tests' fake voices, plus one fake voice for each of ``languages``."""
    folder.mkdir(parents=True, exist_ok=True)
    for profile in (HERE / "voices").glob("*.toml"):
        (folder / profile.name).write_text(profile.read_text(encoding="utf-8"), encoding="utf-8")
    for language in languages:
        (folder / f"fake-{language}.toml").write_text(
            f'name = "fake-{language}"\nengine = "fake"\nlanguage = "{language}"\n'
            f'roles = ["narrator", "host"]\n\n[params]\nms_per_char = 30\n',
            encoding="utf-8",
        )
    return folder


def _settings(fake_settings: Settings, tmp_path: Path, *languages: str) -> Settings:
    return replace(fake_settings, voices_dir=str(_fake_voices(tmp_path / "voices", *languages)))


def test_a_german_review_is_spoken_by_a_german_voice_with_german_words(fake_settings: Settings, tmp_path: Path) -> None:
    settings = _settings(fake_settings, tmp_path, "de", "fr")
    review = read_review_bytes(GERMAN.encode(), name="hafen.md", fmt="md")
    assert review.meta.language == "en"  # the front matter says nothing: the text must tell
    production = produce(review, settings)
    assert production.meta.language == "de"
    manifest = json.loads(Path(production.manifest).read_text(encoding="utf-8"))
    full = production.renditions[0]
    transcript = (Path(production.folder) / full.transcript).read_text(encoding="utf-8")
    assert "Der Film beginnt am 3. März 1999" in transcript
    spoken = [seg.text for seg in plan(review, settings).full.segments]
    assert "Der Film beginnt am dritten März neunzehnhundertneunundneunzig in einem kleinen Hafen." in spoken
    assert any("zwölf Euro und fünfzig Cent" in s and "zwanzig Uhr fünfzehn" in s for s in spoken)
    assert any("acht von zehn" in s for s in spoken)
    assert plan(review, settings).cast.narrator[1].name == "fake-de"
    assert manifest["language"] == "de"  # the page, captions and feed say German too


def test_a_french_page_marked_english_is_read_in_french(fake_settings: Settings, tmp_path: Path) -> None:
    settings = _settings(fake_settings, tmp_path, "de", "fr")
    review = read_review_bytes(FRENCH.encode(), name="port.html", fmt="html")
    production = produce(review, settings)
    assert production.meta.language == "fr"
    full = production.renditions[0]
    assert (Path(production.folder) / full.audio).stat().st_size > 0
    vtt = (Path(production.folder) / full.captions_plain).read_text(encoding="utf-8")
    assert "La première heure du film" in vtt
    p = plan(review, settings)
    assert p.cast.narrator[1].name == "fake-fr" and p.cast.host[1].name == "fake-fr"
    spoken = " ".join(seg.text for seg in p.full.segments)
    assert "vingt heures quinze" in spoken and "neuf euros et cinquante centimes" in spoken
    assert "seize sur vingt" in spoken


def test_lang_flag_wins_over_the_text(fake_settings: Settings, tmp_path: Path) -> None:
    settings = replace(_settings(fake_settings, tmp_path, "de", "fr"), language="fr")
    review = read_review_bytes(GERMAN.encode(), name="hafen.md", fmt="md")
    p = plan(review, settings)
    assert p.review.meta.language == "fr"
    assert p.cast.narrator[1].name == "fake-fr"


@responses.activate
def test_a_german_review_goes_to_gtts_in_german_when_no_other_voice_speaks_it(
    fake_settings: Settings, tmp_path: Path
) -> None:
    responses.add(responses.POST, GTTS_URL, body=gtts_reply(sine_mp3(0.4)), status=200)
    settings = _settings(fake_settings, tmp_path)  # fake voices speak English only
    review = read_review_bytes(GERMAN.encode(), name="hafen.md", fmt="md")
    production = produce(review, settings)
    assert production.renditions[0].synthesized > 0
    assert responses.calls, "gTTS was never asked"
    said = []
    for call in responses.calls:
        assert "translate.google.com" in call.request.url
        body = call.request.body
        form = parse_qs(body if isinstance(body, str) else body.decode())
        request = json.loads(json.loads(form["f.req"][0])[0][0][1])
        said.append(request[0])
        assert request[1] == "de"
    assert any("zwölf Euro" in text for text in said)


def test_a_language_no_voice_speaks_is_refused_before_anything_is_written(
    fake_settings: Settings, tmp_path: Path
) -> None:
    review = read_review_bytes(ZULU.encode(), name="ichweba.md", fmt="md")
    with pytest.raises(ConfigError, match=r"no installed voice speaks Zulu \('zu'\)") as caught:
        produce(review, fake_settings)
    assert "voices_dir" in (caught.value.hint or "")
    out = Path(fake_settings.output_dir)
    assert not out.exists() or not any(out.iterdir())


def test_the_cli_refuses_in_one_line(fake_settings: Settings, tmp_path: Path) -> None:
    source = tmp_path / "ichweba.md"
    source.write_text(ZULU, encoding="utf-8")
    config = tmp_path / "audioreview.toml"
    config.write_text(
        f'narrator = "fake"\nhost = "fake-host"\nvoices_dir = "{HERE / "voices"}"\n'
        f'intro_sting = ""\noutro_sting = ""\ncache_dir = "{tmp_path / "cache"}"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--config", str(config), "convert", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "error" in line]
    assert len(errors) == 1 and "Zulu ('zu')" in errors[0], result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_shipped_intro_and_outro_are_said_in_the_review_language(fake_settings: Settings, tmp_path: Path) -> None:
    from audioreview.speech import short
    from audioreview.speech.languages import framing

    assert (Settings().intro_text, Settings().outro_text) == (framing.INTRO, framing.OUTRO)
    assert (framing.SHORT_INTRO, framing.SHORT_OUTRO) == (short.SHORT_INTRO, short.SHORT_OUTRO)
    settings = _settings(fake_settings, tmp_path, "de")
    review = read_review_bytes(GERMAN.encode(), name="hafen.md", fmt="md")
    script = plan(review, settings).full
    intro, outro = script.sections[0], script.sections[-1]
    show_line = [f"{settings.show}."] if settings.show else []  # no show configured: no show line
    assert [s.display for s in intro.segments] == [*show_line, "Der stille Hafen, von Mara Quill."]
    assert outro.segments[-1].display == "Die ganze Kritik steht auf der Website."
    custom = replace(settings, intro_text="Willkommen zu {title}.")
    assert plan(review, custom).full.sections[0].segments[0].display == "Willkommen zu Der stille Hafen."


def test_a_change_to_the_voice_that_speaks_the_language_makes_the_production_again(
    fake_settings: Settings, tmp_path: Path
) -> None:
    from audioreview.fingerprint import production_fingerprint

    settings = _settings(fake_settings, tmp_path, "de")
    review = read_review_bytes(GERMAN.encode(), name="hafen.md", fmt="md")
    before = production_fingerprint(review, settings)
    profile = tmp_path / "voices" / "fake-de.toml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("ms_per_char = 30", "ms_per_char = 31"), encoding="utf-8")
    assert production_fingerprint(review, settings) != before
