"""The podcast feed: config validation, exact tags, real parsers, real file sizes and durations."""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import podcastparser
import pytest
from fixtures.podcast_production import decoded_duration, make_production
from lxml import etree
from PIL import Image

from audioreview.errors import ConfigError, PublishError
from audioreview.publish.manifest import ChapterEntry, Manifest
from audioreview.publish.podcast import (
    ManifestRecord,
    feed_config,
    normalize_base_url,
    podcast_guid,
    read_manifests,
    render_feed,
    verdict_soundbite,
    write_feed,
)
from audioreview.publish.podcast_ns import APPLE_CATEGORIES, Soundbite
from audioreview.settings import Settings

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "atom": "http://www.w3.org/2005/Atom",
}
BASE = "https://example.org/pod/"
SETTINGS = Settings(podcast={
    "owner_name": "Mara Quill", "owner_email": "mara@example.org", "category": "Arts",
    "subcategory": "Books", "explicit": False, "locked": True, "author": "Mara Quill",
})


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("output")
    make_production(root, "quiet-harbour", "Quiet Harbour", date="2024-03-03",
                    url="https://example.org/reviews/quiet-harbour",
                    rating={"value": 7.5, "scale": 10, "text": "7.5/10"}, image=True)
    make_production(root, "iron-sky", "Iron Sky & <Co>", date="2024-05-20T09:30:00+02:00",
                    versions={"full": 9.0})
    make_production(root, "low-tide", "Low Tide", date=None, versions={"full": 7.0, "short": 3.0},
                    author=None, description=None)
    os.utime(root / "low-tide" / "low-tide.json", (1_600_000_000, 1_600_000_000))
    return root


@pytest.fixture(scope="module")
def feed(output: Path) -> etree._Element:
    path = write_feed(output, base_url=BASE, settings=SETTINGS)
    return etree.fromstring(path.read_bytes())


def _channel(feed: etree._Element) -> etree._Element:
    return feed.find("channel")


# -- pure parts ----------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://podnews.net/rss", "http://podnews.net/rss/", "podnews.net/rss//"])
def test_podcast_guid_matches_the_spec_example(url: str) -> None:
    assert podcast_guid(url) == "9b024349-ccf0-5f69-a609-6b82873eab3c"


def test_feed_config_defaults_come_from_settings() -> None:
    config = feed_config(Settings(show="Night Shelf"))
    assert (config.title, config.author, config.owner_name) == ("Night Shelf", "Night Shelf", "Night Shelf")
    assert config.category == "Arts" and config.subcategory is None
    assert config.explicit is False and config.locked is False and config.type == "episodic"
    assert config.language == "en" and config.owner_email is None


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ({"category": "Book Reviews"}, "Book Reviews"),
        ({"category": "arts"}, "arts"),
        ({"category": "Arts", "subcategory": "Film Reviews"}, "Film Reviews"),
        ({"category": "History", "subcategory": "Ancient"}, "Ancient"),
        ({"type": "weekly"}, "weekly"),
        ({"explicit": "maybe"}, "maybe"),
        ({"locked": 3}, "locked"),
        ({"owner_email": "not-an-email"}, "not-an-email"),
        ({"image": "cover.gif"}, "cover.gif"),
        ({"image": "ftp://example.org/c.jpg"}, "ftp://"),
        ({"link": "example.org"}, "example.org"),
        ({"tittle": "x"}, "tittle"),
        ({"description": "x" * 4001}, "4001 bytes"),
        ({"title": 5}, "title"),
    ],
)
def test_bad_podcast_settings_raise_config_error_naming_the_value(table: dict[str, object], named: str) -> None:
    with pytest.raises(ConfigError) as info:
        feed_config(Settings(podcast=table))
    assert named in str(info.value)
    assert "\n" not in str(info.value)


def test_every_apple_category_and_subcategory_is_accepted() -> None:
    for category, subs in APPLE_CATEGORIES.items():
        assert feed_config(Settings(podcast={"category": category})).category == category
        for sub in subs:
            assert feed_config(Settings(podcast={"category": category, "subcategory": sub})).subcategory == sub


@pytest.mark.parametrize(("value", "expected"), [(True, True), ("yes", True), ("false", False), ("clean", False)])
def test_explicit_accepts_booleans_and_words(value: object, expected: bool) -> None:
    assert feed_config(Settings(podcast={"explicit": value})).explicit is expected


@pytest.mark.parametrize("url", ["ftp://example.org/", "example.org/pod", "https://", "https://x.org/?a=1"])
def test_base_url_must_be_http_or_https(url: str) -> None:
    with pytest.raises(ConfigError):
        normalize_base_url(url)


def test_base_url_gets_one_trailing_slash() -> None:
    assert normalize_base_url("http://localhost:8000/pod//") == "http://localhost:8000/pod/"


def test_render_feed_is_pure_and_exact_for_a_small_manifest() -> None:
    manifest = {
        "title": "Quiet Harbour", "guid": "qh", "slug": "qh", "date": "2024-03-03", "language": "en",
        "url": None, "author": None, "description": None, "image": None, "rating": None,
        "versions": {"full": {"audio": "qh.mp3", "duration_s": 61.6, "chapters": []}},
    }
    record = ManifestRecord(Manifest.from_dict(manifest), "qh", "qh/qh.json", 0.0, {"qh.mp3": 1234})
    data = render_feed([record], feed_config(Settings()), base_url="http://localhost:8000",
                       image_url="http://localhost:8000/cover.jpg")
    text = data.decode("utf-8")
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>")
    assert '<enclosure url="http://localhost:8000/qh/qh.mp3" length="1234" type="audio/mpeg"/>' in text
    assert "<itunes:duration>61</itunes:duration>" in text  # 61.6 s: whole seconds, as players show it
    assert '<guid isPermaLink="false">qh#full</guid>' in text
    assert "<pubDate>Sun, 03 Mar 2024 00:00:00 +0000</pubDate>" in text
    assert "<lastBuildDate>Sun, 03 Mar 2024 00:00:00 +0000</lastBuildDate>" in text
    assert "<itunes:explicit>false</itunes:explicit>" in text
    assert "podcast:transcript" not in text  # no sidecar files present: no links to missing files
    assert render_feed([record], feed_config(Settings()), base_url="http://localhost:8000",
                       image_url="http://localhost:8000/cover.jpg") == data


def test_an_older_production_without_plain_captions_lists_its_only_captions() -> None:
    entry = {"audio": "qh.mp3", "duration_s": 6.0, "chapters": [], "captions": "qh.vtt", "transcript": "qh.txt"}
    manifest = {"title": "QH", "date": "2024-03-03", "versions": {"full": entry}}
    for files, expected in ((("qh.vtt", "qh.txt"), ["qh.txt", "qh.vtt"]),
                            (("qh.vtt", "qh.txt", "qh.plain.vtt"), ["qh.txt", "qh.vtt"]),
                            (("qh.vtt",), ["qh.vtt"])):
        sizes = {"qh.mp3": 10, **{name: 1 for name in files}}
        record = ManifestRecord(Manifest.from_dict(manifest), "qh", "qh/qh.json", 0.0, sizes)
        root = etree.fromstring(render_feed([record], feed_config(Settings()), base_url="https://h.example",
                                            image_url="https://h.example/c.jpg"))
        urls = root.xpath("//item/podcast:transcript/@url", namespaces=NS)
        assert [u.rsplit("/", 1)[1] for u in urls] == expected  # a plain.vtt the manifest does not name is not linked


def test_missing_audio_file_leaves_the_episode_out_and_names_it(caplog: pytest.LogCaptureFixture) -> None:
    manifest = {"title": "T", "versions": {"full": {"audio": "t.mp3", "duration_s": 1}}}
    data = render_feed([ManifestRecord(Manifest.from_dict(manifest), "t", "t/t.json", 0.0, {})], feed_config(Settings()),
                       base_url=BASE, image_url=BASE + "c.jpg")
    assert b"<item>" not in data
    assert [r.getMessage() for r in caplog.records] == ["left out of the feed: t/t.json: audio file 't.mp3' is missing from t/"]


@pytest.mark.parametrize("name", ["../secret.mp3", "/etc/passwd", ".hidden.mp3", 5])
def test_manifest_file_names_must_stay_in_the_folder(tmp_path: Path, name: object) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    manifest = {"title": "Bad", "versions": {"full": {"audio": name, "duration_s": 1}}}
    (folder / "bad.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(PublishError, match="bad.json"):
        read_manifests(tmp_path)


def test_invalid_manifest_json_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(PublishError, match=r"broken\.json: invalid manifest JSON"):
        write_feed(tmp_path, base_url=BASE, settings=Settings())


def test_bad_date_names_the_manifest_and_leaves_it_out(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    make_production(tmp_path, "odd", "Odd", date="March 3rd", versions={"full": 2.0})
    make_production(tmp_path, "fine", "Fine", versions={"full": 2.0})
    items = etree.fromstring(write_feed(tmp_path, base_url=BASE, settings=Settings()).read_bytes()).findall(".//item")
    assert [i.findtext("title") for i in items] == ["Fine"]
    assert len(caplog.records) == 1
    assert re.search(r"odd\.json: date 'March 3rd'", caplog.records[0].getMessage())


def test_empty_folder_gives_a_valid_feed_without_items(tmp_path: Path) -> None:
    root = etree.fromstring(write_feed(tmp_path, base_url=BASE, settings=Settings()).read_bytes())
    assert root.findall("channel/item") == []
    assert root.find("channel/lastBuildDate") is None
    assert (tmp_path / "cover.jpg").is_file()


# -- the written feed ------------------------------------------------------------


def test_feed_declares_rss2_and_the_three_namespaces(output: Path, feed: etree._Element) -> None:
    assert feed.tag == "rss" and feed.get("version") == "2.0"
    for prefix in ("itunes", "content", "podcast"):
        assert feed.nsmap[prefix] == NS[prefix]
    assert (output / "feed.xml").read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


def test_apple_required_channel_tags(feed: etree._Element) -> None:
    channel = _channel(feed)
    for path in ("title", "description", "link", "language", "itunes:image", "itunes:category",
                 "itunes:explicit", "itunes:author", "itunes:owner/itunes:name", "itunes:owner/itunes:email",
                 "itunes:type"):
        assert channel.find(path, NS) is not None, path
    assert len(channel.findtext("description").encode("utf-8")) <= 4000
    assert channel.findtext("language") == "en"
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel.findtext("itunes:type", namespaces=NS) == "episodic"
    category = channel.find("itunes:category", NS)
    assert category.get("text") == "Arts"
    assert [c.get("text") for c in category.findall("itunes:category", NS)] == ["Books"]
    assert channel.find("itunes:image", NS).get("href") == BASE + "cover.jpg"
    assert channel.find("atom:link", NS).get("href") == BASE + "feed.xml"


def test_generated_channel_cover_is_valid_apple_art(output: Path) -> None:
    with Image.open(output / "cover.jpg") as image:
        assert image.format == "JPEG" and image.mode == "RGB"
        assert image.size == (1400, 1400)


def test_podcast_namespace_channel_tags(feed: etree._Element) -> None:
    channel = _channel(feed)
    assert channel.xpath("podcast:guid/text()", namespaces=NS) == [podcast_guid(BASE + "feed.xml")]
    locked = channel.xpath("podcast:locked", namespaces=NS)
    assert [(el.text, el.get("owner")) for el in locked] == [("yes", "mara@example.org")]


def test_items_sorted_newest_first_with_apple_item_tags(feed: etree._Element) -> None:
    items = _channel(feed).findall("item")
    assert [i.findtext("title") for i in items] == ["Iron Sky & <Co>", "Quiet Harbour", "Low Tide"]
    dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in items]
    assert dates == sorted(dates, reverse=True)
    assert _channel(feed).findtext("lastBuildDate") == items[0].findtext("pubDate")
    for item in items:
        for path in ("title", "enclosure", "guid", "pubDate", "link", "description", "content:encoded",
                     "itunes:duration", "itunes:episodeType"):
            assert item.find(path, NS) is not None, path
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.findtext("itunes:episodeType", namespaces=NS) == "full"


def test_missing_date_falls_back_to_the_manifest_mtime(feed: etree._Element) -> None:
    low_tide = _channel(feed).findall("item")[-1]
    assert parsedate_to_datetime(low_tide.findtext("pubDate")) == datetime.fromtimestamp(1_600_000_000, UTC)


def test_enclosure_lengths_are_real_file_sizes_and_urls_absolute(output: Path, feed: etree._Element) -> None:
    for item in _channel(feed).findall("item"):
        enclosure = item.find("enclosure")
        assert enclosure.get("type") == "audio/mpeg"
        url = enclosure.get("url")
        assert url.startswith(BASE)
        path = output / url[len(BASE):]
        assert int(enclosure.get("length")) == path.stat().st_size


def test_durations_match_the_decoded_mp3s(output: Path, feed: etree._Element) -> None:
    for item in _channel(feed).findall("item"):
        text = item.findtext("itunes:duration", namespaces=NS)
        assert text.isdigit()
        path = output / item.find("enclosure").get("url")[len(BASE):]
        assert abs(int(text) - decoded_duration(path)) <= 1.0


def test_transcripts_chapters_and_episode_art(output: Path, feed: etree._Element) -> None:
    item = _channel(feed).findall("item")[1]
    transcripts = item.xpath("podcast:transcript", namespaces=NS)
    assert [(t.get("type"), t.get("rel")) for t in transcripts] == [
        ("text/plain", None), ("application/json", None), ("text/vtt", "captions")]
    assert transcripts[1].get("url") == BASE + "quiet-harbour/quiet-harbour.transcript.json"
    # The captions apps read are the ones without word timestamps (those are in the JSON).
    assert transcripts[2].get("url") == BASE + "quiet-harbour/quiet-harbour.plain.vtt"
    chapters = item.xpath("podcast:chapters", namespaces=NS)
    assert [c.get("type") for c in chapters] == ["application/json+chapters"]
    assert item.find("itunes:image", NS).get("href") == BASE + "quiet-harbour/cover.jpg"
    assert _channel(feed).findall("item")[0].find("itunes:image", NS) is None  # no art: no tag
    for element in transcripts + chapters:
        assert (output / element.get("url")[len(BASE):]).is_file()


def test_show_notes_hold_the_post_link_and_chapters(feed: etree._Element) -> None:
    item = _channel(feed).findall("item")[1]
    description = item.findtext("description")
    content = item.findtext("content:encoded", namespaces=NS)
    for text in (description, content):
        assert "https://example.org/reviews/quiet-harbour" in text
        assert "(0:00) Intro" in text and "Review" in text and "Outro" in text
        assert "7.5/10" in text
    assert '<a href="https://example.org/reviews/quiet-harbour">' in content


def test_text_is_escaped_in_the_xml(output: Path) -> None:
    assert b"<title>Iron Sky &amp; &lt;Co&gt;</title>" in (output / "feed.xml").read_bytes()


def _validate_chapters(data: object) -> None:
    """JSON chapters 1.2: version, chapters with numeric ascending startTime and a title."""
    assert isinstance(data, dict) and data["version"].startswith("1.2")
    starts = []
    for chapter in data["chapters"]:
        assert isinstance(chapter["startTime"], (int, float)) and chapter["startTime"] >= 0
        assert isinstance(chapter.get("title", ""), str)
        if "endTime" in chapter:
            assert chapter["endTime"] > chapter["startTime"]
        starts.append(chapter["startTime"])
    assert starts == sorted(starts)


def test_linked_chapters_json_is_valid_1_2(output: Path, feed: etree._Element) -> None:
    urls = feed.xpath("//item/podcast:chapters/@url", namespaces=NS)
    assert len(urls) == 3
    for url in urls:
        _validate_chapters(json.loads((output / url[len(BASE):]).read_text(encoding="utf-8")))


def test_feedparser_reads_the_feed(output: Path) -> None:
    parsed = feedparser.parse((output / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "The Short Audio Version"
    assert parsed.feed.image.href == BASE + "cover.jpg"
    assert [t.term for t in parsed.feed.tags] == ["Arts", "Books"]
    assert [e.id for e in parsed.entries] == ["iron-sky#full", "quiet-harbour#full", "low-tide#full"]
    for entry in parsed.entries:
        enclosure = entry.enclosures[0]
        assert enclosure.type == "audio/mpeg"
        assert int(enclosure.length) == (output / enclosure.href[len(BASE):]).stat().st_size
        assert entry.itunes_duration.isdigit()
    # feedparser keeps one podcast:transcript per item (the last): it must be the captions.
    quiet = next(e for e in parsed.entries if e.id == "quiet-harbour#full")
    assert quiet.podcast_transcript == {"url": BASE + "quiet-harbour/quiet-harbour.plain.vtt", "type": "text/vtt",
                                        "rel": "captions", "language": "en"}


def test_podcastparser_reads_the_feed(output: Path) -> None:
    parsed = podcastparser.parse(BASE + "feed.xml", io.BytesIO((output / "feed.xml").read_bytes()))
    assert parsed["title"] == "The Short Audio Version"
    assert parsed["explicit"] is False
    assert parsed["itunes_categories"] == [["Arts", "Books"]]
    assert parsed["itunes_owner"] == {"name": "Mara Quill", "email": "mara@example.org"}
    assert parsed["cover_url"] == BASE + "cover.jpg"
    episodes = parsed["episodes"]
    assert [e["guid"] for e in episodes] == ["iron-sky#full", "quiet-harbour#full", "low-tide#full"]
    for episode in episodes:
        (enclosure,) = episode["enclosures"]
        path = output / enclosure["url"][len(BASE):]
        assert enclosure["file_size"] == path.stat().st_size
        assert enclosure["mime_type"] == "audio/mpeg"
        assert abs(episode["total_time"] - decoded_duration(path)) <= 1.0
    assert episodes[1]["episode_art_url"] == BASE + "quiet-harbour/cover.jpg"


def test_rebuild_is_byte_identical_and_guids_never_change(tmp_path: Path) -> None:
    make_production(tmp_path, "quiet-harbour", "Quiet Harbour", versions={"full": 3.0})
    first = write_feed(tmp_path, base_url=BASE, settings=SETTINGS).read_bytes()
    assert write_feed(tmp_path, base_url=BASE, settings=SETTINGS).read_bytes() == first
    guids = etree.fromstring(first).xpath("//item/guid/text()")
    make_production(tmp_path, "newer", "Newer", date="2025-01-01", versions={"full": 2.0})
    again = etree.fromstring(write_feed(tmp_path, base_url=BASE, settings=SETTINGS).read_bytes())
    assert again.xpath("//item/guid/text()") == ["newer#full", *guids]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_short_version_feed(output: Path, tmp_path: Path) -> None:
    data = render_feed(read_manifests(output), feed_config(SETTINGS), base_url=BASE, version="short",
                       image_url=BASE + "cover.jpg")
    items = etree.fromstring(data).findall("channel/item")
    assert [i.findtext("title") for i in items] == ["Quiet Harbour (Short version)", "Low Tide (Short version)"]
    assert [i.findtext("guid") for i in items] == ["quiet-harbour#short", "low-tide#short"]
    assert items[0].find("enclosure").get("url") == BASE + "quiet-harbour/quiet-harbour-short.mp3"
    with pytest.raises(ConfigError):
        render_feed([], feed_config(SETTINGS), base_url=BASE, version="long", image_url=BASE + "c.jpg")


def test_configured_image_is_used_and_no_cover_is_generated(tmp_path: Path) -> None:
    make_production(tmp_path, "a", "A", versions={"full": 2.0})
    settings = Settings(podcast={"image": "art/show.png"})
    root = etree.fromstring(write_feed(tmp_path, base_url="http://localhost:8000", settings=settings).read_bytes())
    assert root.find("channel/itunes:image", NS).get("href") == "http://localhost:8000/art/show.png"
    assert not (tmp_path / "cover.jpg").exists()
    settings = Settings(podcast={"image": "https://cdn.example.org/show.jpeg", "guid": "fixed-guid"})
    root = etree.fromstring(write_feed(tmp_path, base_url=BASE, settings=settings).read_bytes())
    assert root.find("channel/itunes:image", NS).get("href") == "https://cdn.example.org/show.jpeg"
    assert root.xpath("channel/podcast:guid/text()", namespaces=NS) == ["fixed-guid"]


def test_explicit_true_is_written_as_true(tmp_path: Path) -> None:
    root = etree.fromstring(write_feed(tmp_path, base_url=BASE, settings=Settings(
        podcast={"explicit": True, "type": "serial"})).read_bytes())
    assert root.findtext("channel/itunes:explicit", namespaces=NS) == "true"
    assert root.findtext("channel/itunes:type", namespaces=NS) == "serial"
    assert root.xpath("channel/podcast:locked/text()", namespaces=NS) == ["no"]
    assert root.find("channel/itunes:owner", NS) is None  # no owner email configured


def test_write_feed_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="not a folder"):
        write_feed(tmp_path / "nope", base_url=BASE, settings=Settings())


def test_feed_reads_manifests_and_sizes_only_never_the_audio(tmp_path: Path) -> None:
    folder = make_production(tmp_path, "qh", "Quiet Harbour", versions={"full": 2.0})
    (folder / "qh.mp3").write_bytes(b"not an mp3 at all")  # undecodable: must not matter
    root = etree.fromstring(write_feed(tmp_path, base_url=BASE, settings=Settings()).read_bytes())
    assert root.find("channel/item/enclosure").get("length") == str(len(b"not an mp3 at all"))
    manifest = json.loads((folder / "qh.json").read_text(encoding="utf-8"))
    assert root.findtext("channel/item/itunes:duration", namespaces=NS) == str(int(
        manifest["versions"]["full"]["duration_s"]))


def test_hidden_folders_are_never_episodes(tmp_path: Path) -> None:
    make_production(tmp_path, "quiet-harbour", "Quiet Harbour", versions={"full": 3.0})
    make_production(tmp_path, ".audioreview", "Private", versions={"full": 3.0})
    assert [r.folder for r in read_manifests(tmp_path)] == ["quiet-harbour"]


def test_guids_follow_the_posts_identity_not_its_title_or_slug(fake_settings: Settings, tmp_path: Path) -> None:
    """A retitled post, or a post under a new file name, stays the same episode."""
    from audioreview.ingest.markdown import parse_markdown
    from audioreview.pipeline import produce

    out = tmp_path / "site"
    body = "\n\nIt is a quiet film about a harbour. The ending lands well.\n"
    first = parse_markdown("---\ntitle: Quiet Harbour\nid: 42\n---" + body, source="quiet-harbour.md")
    assert first.meta.guid == "42"  # the front matter's id
    produce(first, fake_settings, out_dir=out)
    retitled = parse_markdown("---\ntitle: Quiet Harbour, reconsidered\nid: 42\n---" + body, source="quiet-harbour.md")
    produce(retitled, fake_settings, out_dir=out)
    renamed = parse_markdown("---\ntitle: Other\nid: 42\n---" + body, source="harbour-2024.md")
    produce(renamed, fake_settings, out_dir=out)
    canonical = parse_markdown("---\ntitle: Low Tide\nurl: https://example.org/r/low-tide\n---" + body,
                               source="low-tide.md")
    produce(canonical, fake_settings, out_dir=out)
    produce(replace(canonical, meta=replace(canonical.meta, title="Low Tide (updated)")), fake_settings, out_dir=out,
            force=True)
    feed = etree.fromstring(write_feed(out, base_url=BASE, settings=SETTINGS).read_bytes())
    guids = {item.findtext("link"): item.findtext("guid") for item in feed.iter("item")}
    assert sorted(guids.values()) == ["42#full", "42#full", "https://example.org/r/low-tide#full"]
    titles = sorted(item.findtext("title") for item in feed.iter("item"))
    assert titles == ["Low Tide (updated)", "Other", "Quiet Harbour, reconsidered"]
    enclosures = sorted(feed.xpath("//item/enclosure/@url"))
    assert BASE + "quiet-harbour/quiet-harbour.mp3" in enclosures  # the retitled post kept its file


def _chapters(*spans: tuple[str, float, float]) -> tuple[ChapterEntry, ...]:
    return tuple(ChapterEntry(title, start, end) for title, start, end in spans)


@pytest.mark.parametrize(
    ("chapters", "duration", "expected"),
    [
        # A verdict of 30 s: itself.
        (_chapters(("Intro", 0, 8), ("Plot", 8, 60), ("Verdict", 60, 90), ("Outro", 90, 98)), 98.0,
         Soundbite(60.0, 30.0, "Verdict")),
        # Too short: runs on to 15 s.
        (_chapters(("Intro", 0, 8), ("Verdict", 8, 14), ("Outro", 14, 40)), 40.0, Soundbite(8.0, 15.0, "Verdict")),
        # Too short and near the end: starts earlier so all 15 s are inside the episode.
        (_chapters(("Intro", 0, 5), ("Review", 5, 20), ("My verdict", 20, 24)), 24.0,
         Soundbite(9.0, 15.0, "My verdict")),
        # Too long: cut at 120 s.
        (_chapters(("Verdict", 10, 400)), 400.0, Soundbite(10.0, 120.0, "Verdict")),
        # No verdict chapter: the last one before the outro.
        (_chapters(("Intro", 0, 5), ("Review", 5, 50), ("Outro", 50, 55)), 55.0, Soundbite(5.0, 45.0, "Review")),
        # Nothing to use.
        (_chapters(("Intro", 0, 5), ("Outro", 5, 20)), 20.0, None),
        (_chapters(("Verdict", 0, 10)), 10.0, None),
    ],
)
def test_verdict_soundbite(chapters: tuple[ChapterEntry, ...], duration: float, expected: Soundbite | None) -> None:
    bite = verdict_soundbite(chapters, duration)
    assert bite == expected
    if bite is not None:
        assert 15 <= bite.duration_s <= 120 and bite.start_s >= 0 and bite.start_s + bite.duration_s <= duration


def test_items_carry_a_soundbite_and_the_author(tmp_path: Path) -> None:
    make_production(tmp_path, "quiet-harbour", "Quiet Harbour", versions={"full": 20.0})
    make_production(tmp_path, "low-tide", "Low Tide", versions={"full": 16.0}, author=None)
    feed = etree.fromstring(write_feed(tmp_path, base_url=BASE, settings=SETTINGS).read_bytes())
    items = {item.findtext("title"): item for item in feed.iter("item")}
    quiet = items["Quiet Harbour"]
    (bite,) = quiet.xpath("podcast:soundbite", namespaces=NS)
    duration = float(quiet.findtext("itunes:duration", namespaces=NS))
    start, length = float(bite.get("startTime")), float(bite.get("duration"))
    assert 15 <= length <= 120 and start >= 0 and start + length <= duration + 0.5 and bite.text
    (person,) = quiet.xpath("podcast:person", namespaces=NS)
    assert (person.text, person.get("group"), person.get("role")) == ("Mara Quill", "writing", "author")
    assert items["Low Tide"].xpath("podcast:person", namespaces=NS) == []  # no author, no person
