"""No placeholder show name: the configured show, else the [podcast] title, else no show line at all."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from audioreview.model import Block, Metadata, Review
from audioreview.pipeline import plan, produce
from audioreview.publish.podcast import feed_config, read_manifests, write_feed
from audioreview.settings import Settings

BODY = (
    Block("paragraph", "The harbour scenes are lovely. The acting is strong."),
    Block("heading", "Verdict", level=2),
    Block("paragraph", "Overall, it is a quiet film worth seeing."),
)


def _review(**meta: object) -> Review:
    return Review(Metadata(title="Quiet Harbour", author="Mara Quill", **meta), BODY, source="quiet-harbour.md")  # type: ignore[arg-type]


def _framing(settings: Settings, review: Review) -> list[str]:
    script = plan(review, settings).full
    return [seg.display for sec in script.sections if sec.kind in ("intro", "outro") for seg in sec.segments]


def test_the_default_is_no_show_name() -> None:
    assert Settings().show == "" and Settings().show_name == ""
    assert Settings(podcast={"title": "  Night   Shelf "}).show_name == "Night Shelf"
    assert Settings(show="Reel Talk", podcast={"title": "Night Shelf"}).show_name == "Reel Talk"


def test_without_a_show_the_intro_and_outro_name_none(fake_settings: Settings) -> None:
    settings = replace(fake_settings, show="")
    assert _framing(settings, _review()) == [
        "Quiet Harbour, by Mara Quill.", "That was Quiet Harbour, by Mara Quill.", "The full review is on the site."]


@pytest.mark.parametrize(
    ("settings_changes", "meta", "spoken"),
    [
        ({"podcast": {"title": "Night Shelf"}}, {}, "Night Shelf"),
        ({"show": "Reel Talk", "podcast": {"title": "Night Shelf"}}, {}, "Reel Talk"),
        ({"show": "Reel Talk"}, {"show": "Film Club"}, "Film Club"),  # the post's own front matter wins
    ],
)
def test_a_known_name_is_spoken(fake_settings: Settings, settings_changes: dict[str, object],
                                meta: dict[str, object], spoken: str) -> None:
    framing = _framing(replace(fake_settings, **settings_changes), _review(**meta))
    assert framing[0] == f"{spoken}." and any(line.endswith(f"for {spoken}.") for line in framing)


def test_no_show_means_no_album_tag_no_show_line_and_a_feed_named_for_the_site(fake_settings: Settings) -> None:
    settings = replace(fake_settings, show="")
    production = produce(_review(), settings)
    folder = Path(production.folder)
    assert "TALB" not in ID3(folder / production.renditions[0].audio)
    (record,) = read_manifests(folder.parent)
    assert record.manifest.show in ("", None)
    assert 'class="show"' not in (folder / "index.html").read_text(encoding="utf-8")
    feed = write_feed(folder.parent, base_url="https://www.example.org/audio/", settings=settings).read_text(
        encoding="utf-8")
    assert "<title>example.org</title>" in feed
    assert feed_config(settings).title == "Podcast"  # nothing known at all: a plain word, never spoken


def test_a_batch_from_a_feed_is_the_feeds_show(fake_settings: Settings, tmp_path: Path) -> None:
    from fixtures.batch_feeds import make_feed

    from audioreview.batch import BatchOptions, run_batch

    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(1, broken=False), encoding="utf-8")
    out = tmp_path / "site"
    run_batch(str(feed), replace(fake_settings, show=""), BatchOptions(out_dir=str(out), jobs=1))
    (record,) = read_manifests(out)
    assert record.manifest.show == "Test Reviews"
    run_batch(str(feed), replace(fake_settings, show="Reel Talk"), BatchOptions(out_dir=str(out), jobs=1, force=True))
    assert read_manifests(out)[0].manifest.show == "Reel Talk"  # a configured name wins
