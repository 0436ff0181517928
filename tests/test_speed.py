"""Speed: the setting, the flag and the profile key, applied by the engine at synthesis."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from audioreview.cli import main
from audioreview.engines.base import Voice, parse_voice, with_speed
from audioreview.engines.cast import cast_roles
from audioreview.engines.fake import FakeEngine
from audioreview.errors import ConfigError
from audioreview.fingerprint import settings_fingerprint
from audioreview.settings import Settings, load_settings

VOICE = Voice(name="v", engine="fake", params={"ms_per_char": 50})


@pytest.mark.parametrize(("speed", "ms"), [(1.0, 1000), (1.25, 800), (0.8, 1250), (2.0, 500)])
def test_fake_engine_divides_its_duration_by_the_speed(speed: float, ms: int) -> None:
    audio = FakeEngine().synthesize("x" * 20, with_speed(VOICE, speed))
    assert audio.duration_ms == ms


def test_profile_speed_times_the_run_speed(fake_settings: Settings) -> None:
    roles = cast_roles(replace(fake_settings, speed=1.2))
    assert roles.narrator.speed == pytest.approx(1.2)
    profile = parse_voice({"name": "quick", "engine": "fake", "speed": 1.5}, "quick.toml")
    assert with_speed(profile, 1.2).speed == pytest.approx(1.8)


@pytest.mark.parametrize("bad", [0.2, 3, "fast", True])
def test_a_speed_out_of_range_is_refused(bad: object) -> None:
    with pytest.raises(ConfigError, match="speed"):
        parse_voice({"name": "x", "engine": "fake", "speed": bad}, "x.toml")


def test_speed_setting_from_config_env_and_flag(tmp_path: Path) -> None:
    config = tmp_path / "audioreview.toml"
    config.write_text("speed = 1.1\n")
    assert load_settings(config, environ={}).speed == pytest.approx(1.1)
    assert load_settings(config, environ={"AUDIOREVIEW_SPEED": "0.9"}).speed == pytest.approx(0.9)
    assert load_settings(config, environ={}, speed=1.3).speed == pytest.approx(1.3)
    config.write_text("speed = 4\n")
    with pytest.raises(ConfigError, match="speed"):
        load_settings(config, environ={})


def test_speed_changes_the_voice_fingerprint_only_when_not_one() -> None:
    assert with_speed(VOICE, 1.0).fingerprint() == VOICE.fingerprint()
    assert "speed" not in VOICE.fingerprint()
    assert with_speed(VOICE, 1.1).fingerprint() != VOICE.fingerprint()


def test_speed_is_part_of_the_settings_fingerprint(fake_settings: Settings) -> None:
    assert settings_fingerprint(fake_settings) != settings_fingerprint(replace(fake_settings, speed=1.15))


def test_cli_speed_flag_shortens_the_production(fake_settings: Settings, tmp_path: Path) -> None:
    review = tmp_path / "r.md"
    review.write_text("# Title\n\nThe film is good. It is also long.\n")
    config = tmp_path / "audioreview.toml"
    config.write_text(
        f'narrator = "fake"\nhost = "fake-host"\nvoices_dir = "{fake_settings.voices_dir}"\nintro_sting = ""\n'
        f'outro_sting = ""\nbed = ""\ncache_dir = "{tmp_path / "cache"}"\nversions = ["full"]\n'
    )
    durations = []
    for speed in ("1.0", "1.25"):
        out = tmp_path / f"out{speed}"
        result = CliRunner().invoke(main, ["--config", str(config), "convert", str(review), "-o", str(out), "--speed", speed, "--json"])
        assert result.exit_code == 0, result.output
        import json

        durations.append(json.loads(result.output)["versions"]["full"]["duration_s"])
    assert durations[1] < durations[0]
    bad = CliRunner().invoke(main, ["--config", str(config), "convert", str(review), "--speed", "5"])
    assert bad.exit_code == 2
