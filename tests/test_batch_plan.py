"""The batch's pure decisions: render or skip, the settings fingerprint, duplicates, filters, slugs."""

from __future__ import annotations

import dataclasses

import pytest

from audioreview.batch.entries import Entry
from audioreview.batch.plan import Action, assign_slugs, decide, find_duplicates, select
from audioreview.batch.state import StateRow
from audioreview.fingerprint import NOT_RENDERING, fingerprint, settings_fingerprint
from audioreview.settings import Settings
from audioreview.slugs import is_safe_slug


def _entry(key: str = "k", digest: str = "d1", title: str = "A Title", **kw: object) -> Entry:
    return Entry(key=key, title=title, slug_hint=str(kw.pop("slug_hint", title)), source="s", digest=digest, **kw)  # type: ignore[arg-type]


ROW = StateRow(key="k", slug="a-title", content_hash="d1", settings_hash="fp1")


@pytest.mark.parametrize(
    ("row", "fp", "present", "force", "expected"),
    [
        (None, "fp1", False, False, Action(True, "new")),
        (dataclasses.replace(ROW, content_hash=None), "fp1", False, False, Action(True, "new")),
        (dataclasses.replace(ROW, content_hash="d0"), "fp1", True, False, Action(True, "content changed")),
        (dataclasses.replace(ROW, content_hash="d0"), "fp2", False, False, Action(True, "content changed")),
        (ROW, "fp2", True, False, Action(True, "settings changed")),
        (ROW, "fp1", False, False, Action(True, "output missing")),
        (ROW, "fp1", True, True, Action(True, "forced")),
        (ROW, "fp1", True, False, Action(False, "unchanged")),
    ],
)
def test_decide(row: StateRow | None, fp: str, present: bool, force: bool, expected: Action) -> None:
    assert decide(_entry(), row, fp, output_present=present, force=force) == expected


BASE = Settings(narrator="fake", host="fake-host", cache_dir="/tmp/a", output_dir="/tmp/o")


@pytest.mark.parametrize(
    "change",
    [
        {"bitrate_kbps": 128},
        {"versions": ("full",)},
        {"target_lufs": -19.0},
        {"short_seconds": 60.0},
        {"narrator": "other"},
        {"intro_text": "Hello."},
        {"sample_rate": 48000},
        {"sentence_pause_ms": 400},
    ],
)
def test_fingerprint_changes_with_rendering_settings(change: dict[str, object]) -> None:
    assert fingerprint(BASE, {}) != fingerprint(dataclasses.replace(BASE, **change), {})


@pytest.mark.parametrize(
    "change",
    [{"cache_dir": "/elsewhere"}, {"output_dir": "/x"}, {"jobs": 7}, {"fetch_timeout_s": 1.0}, {"allow_private": True}],
)
def test_fingerprint_ignores_settings_that_do_not_change_the_audio(change: dict[str, object]) -> None:
    assert fingerprint(BASE, {}) == fingerprint(dataclasses.replace(BASE, **change), {})


def test_fingerprint_covers_every_other_settings_field() -> None:
    covered = {f.name for f in dataclasses.fields(Settings)} - NOT_RENDERING
    assert {"bitrate_kbps", "versions", "target_lufs", "short_seconds", "narrator", "host"} <= covered


def test_fingerprint_changes_with_the_voice_profile_contents(tmp_path, fake_settings: Settings) -> None:
    voices = tmp_path / "voices"
    voices.mkdir()
    profile = 'name = "fake"\nengine = "fake"\nlanguage = "en"\nroles = ["narrator", "host"]\n[params]\nms_per_char = {}\n'
    (voices / "fake.toml").write_text(profile.format(50))
    settings = dataclasses.replace(fake_settings, voices_dir=str(voices), host="fake")
    first = settings_fingerprint(settings)
    assert settings_fingerprint(settings) == first
    (voices / "fake.toml").write_text(profile.format(60))
    assert settings_fingerprint(settings) != first


def test_duplicate_ids_keep_the_first_and_report_the_rest() -> None:
    entries = [_entry("a"), _entry("b"), dataclasses.replace(_entry("a", title="Again"), source="feed.xml#3")]
    kept, problems = find_duplicates(entries)
    assert [e.key for e in kept] == ["a", "b"]
    assert len(problems) == 1
    assert problems[0].reason == "duplicate id 'a': feed.xml#3 repeats s"


def test_select_since_and_only() -> None:
    entries = [
        _entry("old", published="2023-12-31T23:00:00Z"),
        _entry("new", published="2024-01-01"),
        _entry("undated"),
        _entry("linked", link="https://example.org/x", published="2024-05-01"),
    ]
    rows = {"new": StateRow(key="new", slug="new-slug")}
    assert [e.key for e in select(entries, rows, since="2024-01-01")] == ["new", "undated", "linked"]
    assert [e.key for e in select(entries, rows, only=["new-slug", "https://example.org/x"])] == ["new", "linked"]
    assert [e.key for e in select(entries, rows, only=["old"], since="2024-01-01")] == []


def test_slugs_are_stable_unique_and_safe() -> None:
    rows = {"kept": StateRow(key="kept", slug="original-title")}
    entries = [
        _entry("kept", title="A Completely New Title"),
        _entry("x", title="Same Name"),
        _entry("y", title="Same Name"),
        _entry("z", title="Original Title"),
        _entry("w", title="../../etc/passwd"),
        _entry("v", title="???"),
        _entry("u", title="CON"),
    ]
    slugs = assign_slugs(entries, rows)
    assert slugs["kept"] == "original-title"  # a retitled entry keeps its slug
    assert slugs["x"] == "same-name" and slugs["y"] == "same-name-2"
    assert slugs["z"] == "original-title-2"
    assert len(set(slugs.values())) == len(entries)
    assert all(is_safe_slug(s) for s in slugs.values())
    assert assign_slugs(entries, rows) == slugs  # deterministic
