"""`audioreview script --explain`: each dropped line with the rule that dropped it."""

from __future__ import annotations

import json
from pathlib import Path

from fixtures.cli_runner import CliRunner, fake_config

from audioreview.cli import main

HERE = Path(__file__).parent
PAGE = HERE / "pages" / "en-wp-film-harbour.html"


def test_explain_lists_dropped_lines_before_the_script(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--config", str(fake_config(tmp_path)), "script", "--explain", str(PAGE)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# clutter: 2 lines dropped from")
    assert "drop.caption_words               Scene from Harbour Lights" in out
    assert "rating_tail.drop.call_to_action  Watch Harbour Lights on Netflix" in out
    assert "Harbour Lights is now available on DVD and VOD." in out.split("== ")[-2]  # spoken, in the body


def test_explain_with_json_keeps_stdout_json(tmp_path: Path) -> None:
    args = ["--config", str(fake_config(tmp_path)), "script", "--explain", "--format", "json", str(PAGE)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    json.loads(result.stdout)
    assert "drop.caption_words" in result.stderr
