"""The typed manifest: written and read back the same, one clear error for anything broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audioreview.errors import PublishError
from audioreview.model import Chapter, Cue, Loudness, Metadata, Rating, Rendition, Timeline
from audioreview.publish.manifest import SCHEMA, Manifest, read_manifest


def _rendition(version: str = "full", stem: str = "t") -> Rendition:
    return Rendition(
        version=version,  # type: ignore[arg-type]
        audio=f"{stem}.mp3",
        duration_ms=61_234,
        bytes=4321,
        loudness=Loudness(-16.04, -1.7),
        timeline=Timeline(61_234, (Chapter("Intro", 0, 5000), Chapter("Review", 5000, 61_234)), (Cue(0, 1, "x"),)),
        captions=f"{stem}.vtt",
        transcript=f"{stem}.txt",
        chapters_json=f"{stem}.chapters.json",
    )


def _manifest() -> Manifest:
    meta = Metadata(title="Tide", author="A. Writer", date="2024-03-03", rating=Rating(4.5, 5, "4.5/5"), show="Shelf")
    return Manifest.for_production(
        meta, slug="tide", show="Ignored", image="cover.jpg", fingerprint="abc",
        renditions={"full": _rendition(), "short": _rendition("short", "t-short")},
    )  # fmt: skip


def test_a_manifest_reads_back_as_the_same_value() -> None:
    manifest = _manifest()
    assert Manifest.from_json(manifest.to_json()) == manifest
    assert Manifest.from_json(manifest.to_json()).to_json() == manifest.to_json()


def test_the_show_of_the_review_wins_and_the_guid_defaults_to_the_slug() -> None:
    doc = json.loads(_manifest().to_json())
    assert doc["show"] == "Shelf" and doc["guid"] == "tide" and doc["schema"] == SCHEMA
    assert list(doc)[:4] == ["title", "author", "date", "url"] and list(doc)[-2:] == ["fingerprint", "schema"]


def test_versions_come_back_as_renditions_with_their_chapters() -> None:
    entry = _manifest().version("short")
    assert entry is not None
    rendition = entry.rendition("short")
    assert rendition.audio == "t-short.mp3" and rendition.duration_ms == 61_234
    assert rendition.timeline.chapters == (Chapter("Intro", 0, 5000), Chapter("Review", 5000, 61_234))
    assert _manifest().files == (
        "cover.jpg", "t.mp3", "t.vtt", "t.txt", "t.chapters.json",
        "t-short.mp3", "t-short.vtt", "t-short.txt", "t-short.chapters.json",
    )  # fmt: skip


def test_a_manifest_without_a_schema_field_is_read_as_the_first_schema() -> None:
    doc = json.loads(_manifest().to_json())
    del doc["schema"]
    assert Manifest.from_dict(doc).schema == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"schema": SCHEMA + 1}, "newer than this audioreview reads"),
        ({"title": ""}, "manifest has no title"),
        ({"versions": []}, "no 'versions' table"),
        ({"versions": {}}, "no versions"),
        ({"versions": {"long": {"audio": "a.mp3", "duration_s": 1}}}, "unknown version 'long'"),
        ({"versions": {"full": {"audio": "../a.mp3", "duration_s": 1}}}, "versions.full.audio"),
        ({"versions": {"full": {"audio": "a.mp3", "duration_s": "long"}}}, "versions.full.duration_s"),
        ({"versions": {"full": {"audio": "a.mp3", "duration_s": 1, "chapters": [{"t": 1}]}}}, "chapters must be"),
        ({"image": "/etc/passwd"}, "image"),
        ({"author": 5}, "author must be text"),
    ],
)
def test_a_broken_manifest_is_one_error_naming_the_file_and_the_key(change: dict[str, object], message: str) -> None:
    doc = json.loads(_manifest().to_json())
    doc.update(change)
    with pytest.raises(PublishError, match=message) as info:
        Manifest.from_dict(doc, "out/tide/tide.json")
    assert str(info.value).startswith("out/tide/tide.json: ") and "\n" not in str(info.value)


def test_read_manifest_names_a_missing_or_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="manifest not found"):
        read_manifest(tmp_path / "none.json")
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(PublishError, match=r"bad\.json: invalid manifest JSON"):
        read_manifest(tmp_path / "bad.json")
    (tmp_path / "list.json").write_text("[]", encoding="utf-8")
    with pytest.raises(PublishError, match="not a JSON object"):
        read_manifest(tmp_path / "list.json")
