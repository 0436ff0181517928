"""Settings fail when they load, naming the file and the key; the rules for a version's names."""

from __future__ import annotations

from pathlib import Path

import pytest

from audioreview.engines import base
from audioreview.engines.base import EngineOptions
from audioreview.engines.cast import cast_roles, engine_options
from audioreview.errors import ConfigError
from audioreview.settings import Settings, load_settings
from audioreview.slugs import version_stem, version_title


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ('versions = ["full", "long"]\n', "versions: unknown version 'long'"),
        ("versions = []\n", "versions"),
        ('[podcast]\ntittle = "x"\n', "[podcast]: unknown key 'tittle'"),
        ("[podcast]\ntitle = 5\n", "[podcast]: title must be text"),
        ('[podcast]\nexplicit = "maybe"\n', "[podcast]: explicit = 'maybe' must be true or false"),
        ('bitrate_kbps = "fast"\n', "bitrate_kbps"),
    ],
)
def test_bad_settings_fail_at_load_naming_the_file_and_the_key(tmp_path: Path, toml: str, named: str) -> None:
    path = tmp_path / "audioreview.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path, environ={})
    assert str(info.value).startswith(str(path)) and named in str(info.value)


def test_versions_load_once_each_in_order(tmp_path: Path) -> None:
    path = tmp_path / "audioreview.toml"
    path.write_text('versions = ["short", "full", "short"]\n', encoding="utf-8")
    assert load_settings(path, environ={}).versions == ("short", "full")
    assert load_settings(path, environ={"AUDIOREVIEW_VERSIONS": "full"}).versions == ("full",)


def test_engine_options_come_from_settings_and_the_environment_names_them(tmp_path: Path) -> None:
    settings = load_settings(None, cwd=tmp_path,
                             environ={"AUDIOREVIEW_PIPER_THREADS": "1", "AUDIOREVIEW_ORT_ARENA": "0",
                                      "AUDIOREVIEW_PIPER_SESSIONS": "3"})
    models = str(Path(settings.cache_dir) / "models")
    assert engine_options(settings) == EngineOptions(
        threads=1, sessions=3, mem_pattern=False, arena=False, spinning=False, model_dir=models
    )


def test_an_engine_is_built_again_only_when_its_options_change(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[EngineOptions] = []

    class Probe:
        name = "probe"

        def __init__(self, options: EngineOptions) -> None:
            built.append(options)

    monkeypatch.setitem(base._REGISTRY, "probe", base.Registration(Probe, takes_options=True))
    monkeypatch.delitem(base._INSTANCES, "probe", raising=False)
    one = base.get_engine("probe", EngineOptions(threads=1))
    assert base.get_engine("probe", EngineOptions(threads=1)) is one
    assert base.get_engine("probe", EngineOptions(threads=2)) is not one
    assert built == [EngineOptions(threads=1), EngineOptions(threads=2)]
    base._INSTANCES.pop("probe", None)


def test_the_cast_is_resolved_in_one_place() -> None:
    roles = cast_roles(Settings())
    assert (roles.narrator.name, roles.host.name) == ("joe", "joe-host")
    with pytest.raises(ConfigError, match="unknown voice 'nobody'"):
        cast_roles(Settings(narrator="nobody"))


def test_a_versions_file_stem_and_title() -> None:
    assert [version_stem("tide", v) for v in ("full", "short")] == ["tide", "tide-short"]
    assert [version_title("Tide", v) for v in ("full", "short")] == ["Tide", "Tide (Short version)"]
