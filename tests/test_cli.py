"""The command line: exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.cli_runner import CliRunner, fake_config

from audioreview.cli import main

HERE = Path(__file__).parent


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return fake_config(tmp_path)


@pytest.fixture
def review(tmp_path: Path) -> Path:
    path = tmp_path / "r.md"
    path.write_text("---\ntitle: A Small Film\nauthor: Ann Lee\n---\n\nIt is a small film. It is a good one.\n")
    return path


def test_convert_json(config: Path, review: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--config", str(config), "convert", str(review), "-o", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["slug"] == "r" and doc["versions"]["full"]["duration_s"] > 1
    assert (tmp_path / "o" / "r" / "r.mp3").is_file()


def test_missing_input_is_one_line_exit_1(config: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--config", str(config), "convert", str(tmp_path / "nope.md"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "nope.md" in lines[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").rglob("*.mp3"))


def test_usage_error_exit_2() -> None:
    assert CliRunner().invoke(main, ["convert"]).exit_code == 2
    assert CliRunner().invoke(main, ["nonsense"]).exit_code == 2


def test_bad_config_is_one_line(tmp_path: Path, review: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("bitrate_kbps = 'loud'\n")
    result = CliRunner().invoke(main, ["--config", str(bad), "convert", str(review)])
    assert result.exit_code == 1 and "bad.toml" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_voices_and_engines_list() -> None:
    result = CliRunner().invoke(main, ["voices"])
    assert result.exit_code == 0 and "joe" in result.stdout and "gtts-uk" in result.stdout
    result = CliRunner().invoke(main, ["engines"])
    assert result.exit_code == 0
    assert any(line.startswith("piper") and "usable" in line for line in result.stdout.splitlines())


def test_script_text_and_json(config: Path, review: Path) -> None:
    result = CliRunner().invoke(main, ["--config", str(config), "script", str(review)])
    assert result.exit_code == 0 and "It is a small film." in result.stdout
    result = CliRunner().invoke(main, ["--config", str(config), "script", str(review), "--format", "json"])
    doc = json.loads(result.stdout)
    assert [s["kind"] for s in doc["sections"]] == ["intro", "body", "outro"]


def test_python_dash_m_and_version() -> None:
    out = subprocess.run([sys.executable, "-m", "audioreview", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("audioreview, version")


def test_debug_shows_traceback(config: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--debug", "--config", str(config), "convert", str(tmp_path / "nope.md")])
    assert result.exit_code == 1 and "Traceback" in result.stderr
