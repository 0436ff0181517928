"""The field's own validators and parsers on a site made with the real parts.

One review is converted with the real Piper voice and published with
``audioreview podcast``; then each client reads what a publisher would
upload: the W3C WebVTT parser every caption file, Podcast Index's
podcast-partytime, gPodder's podcastparser and feedparser the feed, the Nu
HTML checker the page and the snippet, axe-core both in Chromium, and
mutagen and eyeD3 the MP3s. The npm tools live in tests/validators
(``make validators``); a tool that is not installed skips its test, saying
which and how to install it.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import podcastparser
import pytest
from fixtures.chromium import ARGS
from fixtures.local_server import served
from lxml import etree

from audioreview.publish.values import whole_seconds

pytestmark = pytest.mark.real

TOOLS = Path(__file__).parent / "validators"
MODULES = TOOLS / "node_modules"
VNU = MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = MODULES / "axe-core" / "axe.min.js"
BASE = "https://example.org/audio/"
SLUG = "lantern-keeper"
NS = {"podcast": "https://podcastindex.org/namespace/1.0", "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}

REVIEW = """---
title: The Lantern Keeper
author: Priya Natt
date: 2024-05-21
rating: 3.5/5
url: https://example.org/reviews/lantern-keeper
description: A patient film about a lighthouse keeper.
---

The Lantern Keeper is a small, careful film about a man who looks after a lighthouse.
It is patient without being slow, and the photography is often beautiful.

## What works

The lead performance is quiet and precise. The sound design makes the sea a character.
Fish & chips are eaten on the rocks, and the film finds <real> warmth there.

## Verdict

It is the best film about solitude I have seen in years. I give it 3.5 out of 5.
"""

CONFIG = """cache_dir = "{cache}"
short_seconds = 25

[podcast]
title = "Night Shelf"
author = "Priya Natt"
owner_email = "priya@example.org"
locked = true
category = "TV & Film"
subcategory = "Film Reviews"
"""


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (make validators installs Debian's nodejs)")
    if not (MODULES / ".installed").exists():
        pytest.skip(f"{MODULES} is missing: run `make validators`")
    return node


def _check(*args: str) -> Any:
    """Run tests/validators/check.cjs and parse what it prints."""
    done = subprocess.run([_node(), str(TOOLS / "check.cjs"), *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("validated")
    source = root / f"{SLUG}.md"
    source.write_text(REVIEW, encoding="utf-8")
    config = root / "audioreview.toml"
    config.write_text(CONFIG.format(cache=root / "cache"), encoding="utf-8")
    out = root / "site"
    for command in (["convert", str(source), "-o", str(out), "-q"], ["podcast", str(out), "--base-url", BASE]):
        done = subprocess.run([sys.executable, "-m", "audioreview", "--config", str(config), *command],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def snippet_page(site: Path) -> Path:
    """The snippet pasted under a minimal post, beside the production's files."""
    snippet = (site / SLUG / f"{SLUG}.html").read_text(encoding="utf-8")
    page = site / SLUG / "post-with-snippet.html"
    page.write_text('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                    "<title>The Lantern Keeper, a review</title>\n</head>\n<body>\n<main>\n"
                    f"<h1>The Lantern Keeper</h1>\n<p>The written review.</p>\n{snippet}</main>\n</body>\n</html>\n",
                    encoding="utf-8")
    return page


def _feed_bytes(site: Path) -> bytes:
    return (site / "feed.xml").read_bytes()


# -- captions ------------------------------------------------------------------


def test_webvtt_parser_accepts_every_caption_file(site: Path) -> None:
    files = sorted(str(p) for p in site.rglob("*.vtt"))
    assert len(files) == 4  # tagged and plain, full and short
    results = _check("vtt", *files)
    for file in files:
        assert results[file]["errors"] == [], file
        assert results[file]["cues"] > 3
        if file.endswith(".plain.vtt"):
            tagged = results[file.replace(".plain.vtt", ".vtt")]
            assert results[file]["timestamps"] == 0 and results[file]["ids"] == tagged["ids"]
        else:  # Piper's word times: a timestamp before nearly every word after a cue's first
            words = len(re.sub(r"<[^>]*>", "", Path(file).read_text(encoding="utf-8")).split())
            assert results[file]["timestamps"] > words / 2


def test_webvtt_parser_reads_every_word_timestamp(tmp_path: Path) -> None:
    """Long timed sentences, split into cues at word times, with a timestamp for every later word."""
    from audioreview.model import Cue, Word
    from audioreview.publish.sidecars import render_vtt

    texts = ["The Lantern Keeper is a small, careful film about a man who looks after a lighthouse, "
             "and it is patient without being slow; the photography is often beautiful.",
             "Fish & chips are eaten on the rocks — it rates 7.5/10, <really>.", "Yes."]
    cues, t = [], 3_600_000 - 4000  # across the hour, where the clock gains its hours digits
    for text in texts:
        tokens = [w for w in text.split() if w != "—"]
        words = tuple(Word(w, t + 310 * i, t + 310 * i + 250) for i, w in enumerate(tokens))
        cues.append(Cue(t, t + 310 * len(tokens) + 100, text, words))
        t += 310 * len(tokens) + 700
    tagged, plain = tmp_path / "words.vtt", tmp_path / "words.plain.vtt"
    tagged.write_text(render_vtt(cues), encoding="utf-8")
    plain.write_text(render_vtt(cues, words=False), encoding="utf-8")
    results = _check("vtt", str(tagged), str(plain))
    assert results[str(tagged)]["errors"] == [] and results[str(plain)]["errors"] == []
    ids = results[str(tagged)]["ids"]
    assert ids[:1] == ["s1-1"] and ids[-1] == "s3" and len(ids) >= 5
    # Every word but the first of each cue: the "—" is not a word of its own, it rides on 7.5/10's.
    spoken = sum(len([w for w in text.split() if w != "—"]) for text in texts)
    assert results[str(tagged)]["timestamps"] == spoken - len(ids)
    assert results[str(plain)]["timestamps"] == 0 and results[str(plain)]["ids"] == ids


def test_webvtt_parser_would_catch_bad_word_timestamps(tmp_path: Path) -> None:
    bad = tmp_path / "bad.vtt"
    bad.write_text("WEBVTT\n\ns1\n00:00:01.000 --> 00:00:02.000\nOne <00:00:01.500>two <00:00:01.500>three "
                   "<00:00:02.500>four\n", encoding="utf-8")
    errors = _check("vtt", str(bad))[str(bad)]["errors"]
    assert [e["message"] for e in errors] == ["Timestamp must be greater than any previous timestamp.",
                                             "Timestamp must be between start timestamp and end timestamp."]


def test_webvtt_parser_would_catch_a_bad_file(tmp_path: Path) -> None:
    """The parser does find what the old captions had wrong (so the test above can fail)."""
    bad = tmp_path / "old.vtt"
    bad.write_text("WEBVTT\nLanguage: en\n\ns1\n00:00:00.000 --> 00:00:01.500\nHello.\n", encoding="utf-8")
    errors = _check("vtt", str(bad))[str(bad)]["errors"]
    assert [e["message"] for e in errors] == ["No blank line after the signature."]


# -- the feed ------------------------------------------------------------------


def test_podcast_partytime_reads_every_field(site: Path) -> None:
    feed = _check("feed", str(site / "feed.xml"))
    assert feed["title"] == "Night Shelf" and feed["author"] == "Priya Natt" and feed["language"] == "en"
    assert feed["itunesImage"] == BASE + "cover.jpg" and feed["explicit"] is False
    assert feed["itunesCategory"] == ["TV & Film > Film Reviews"]
    assert feed["owner"] == {"name": "Priya Natt", "email": "priya@example.org"}
    assert feed["locked"] is True and feed["podcastOwner"] == "priya@example.org"
    assert feed["guid"] and feed["pubsub"]["self"] == BASE + "feed.xml"
    (item,) = feed["items"]
    folder = BASE + SLUG + "/"
    mp3 = site / SLUG / f"{SLUG}.mp3"
    assert item["title"] == "The Lantern Keeper" and item["author"] == "Priya Natt"
    assert item["enclosure"] == {"url": folder + f"{SLUG}.mp3", "length": mp3.stat().st_size, "type": "audio/mpeg"}
    manifest = json.loads((site / SLUG / f"{SLUG}.json").read_text(encoding="utf-8"))
    assert item["duration"] == whole_seconds(manifest["versions"]["full"]["duration_s"])
    assert item["link"] == "https://example.org/reviews/lantern-keeper"
    assert item["guid"] and item["pubDate"].startswith("2024-05-21")
    assert item["itunesImage"] == folder + "cover.jpg"
    assert item["podcastTranscripts"] == [
        {"url": folder + f"{SLUG}.txt", "type": "text/plain", "language": "en"},
        {"url": folder + f"{SLUG}.transcript.json", "type": "application/json", "language": "en"},
        {"url": folder + f"{SLUG}.plain.vtt", "type": "text/vtt", "language": "en", "rel": "captions"},
    ]
    assert item["podcastChapters"] == {"url": folder + f"{SLUG}.chapters.json", "type": "application/json+chapters"}
    (bite,) = item["podcastSoundbites"]
    verdict = next(c for c in manifest["versions"]["full"]["chapters"] if c["title"] == "Verdict")
    assert bite["title"] == "Verdict" and bite["startTime"] == pytest.approx(max(0.0, min(
        verdict["start_s"], manifest["versions"]["full"]["duration_s"] - bite["duration"])), abs=0.01)
    assert 15 <= bite["duration"] <= 120 and bite["startTime"] + bite["duration"] <= item["duration"] + 0.5
    assert [(p["name"], p["group"], p["role"]) for p in item["podcastPeople"]] == [("Priya Natt", "Writing", "Author")]  # taxonomy names: recognised
    for key in ("transcript", "chapters", "locked", "soundbite"):
        assert key in feed["pc20support"]["1"]
    assert "person" in feed["pc20support"]["2"]


def test_podcastparser_reads_the_feed(site: Path) -> None:
    parsed = podcastparser.parse(BASE + "feed.xml", io.BytesIO(_feed_bytes(site)))
    assert parsed["title"] == "Night Shelf"
    assert parsed["itunes_categories"] == [["TV & Film", "Film Reviews"]]
    assert parsed["itunes_owner"] == {"name": "Priya Natt", "email": "priya@example.org"}
    (episode,) = parsed["episodes"]
    mp3 = site / SLUG / f"{SLUG}.mp3"
    (enclosure,) = episode["enclosures"]
    assert enclosure == {"url": BASE + f"{SLUG}/{SLUG}.mp3", "file_size": mp3.stat().st_size, "mime_type": "audio/mpeg"}
    assert episode["title"] == "The Lantern Keeper" and episode["link"] == "https://example.org/reviews/lantern-keeper"
    assert episode["total_time"] > 20 and episode["episode_art_url"] == BASE + f"{SLUG}/cover.jpg"
    assert "Verdict" in episode["description"] and episode["published"] > 0
    # podcastparser knows podcast: tags only under an older namespace URI: read ours with XPath.
    item = etree.fromstring(_feed_bytes(site)).find("channel/item")
    assert [t.get("type") for t in item.xpath("podcast:transcript", namespaces=NS)] == [
        "text/plain", "application/json", "text/vtt"]
    assert item.xpath("podcast:chapters/@type", namespaces=NS) == ["application/json+chapters"]


def test_feedparser_reads_the_feed(site: Path) -> None:
    parsed = feedparser.parse(_feed_bytes(site))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Night Shelf" and parsed.feed.author == "Priya Natt"
    (entry,) = parsed.entries
    assert entry.title == "The Lantern Keeper" and entry.published_parsed[:3] == (2024, 5, 21)
    assert entry.enclosures[0].href == BASE + f"{SLUG}/{SLUG}.mp3"
    assert int(entry.itunes_duration) > 20
    # feedparser keeps one podcast:transcript, the last: the captions.
    assert entry.podcast_transcript["type"] == "text/vtt" and entry.podcast_transcript["rel"] == "captions"
    assert "Chapters:" in entry.summary and "Verdict" in entry.content[0].value


@pytest.mark.parametrize("stem", [SLUG, f"{SLUG}-short"])
def test_the_json_transcript_is_podcasting_2_segments_in_time_order(site: Path, stem: str) -> None:
    doc = json.loads((site / SLUG / f"{stem}.transcript.json").read_text(encoding="utf-8"))
    assert doc["version"] == "1.0.0" and set(doc) == {"version", "segments"}
    segments = doc["segments"]
    manifest = json.loads((site / SLUG / f"{SLUG}.json").read_text(encoding="utf-8"))
    entry = manifest["versions"]["full" if stem == SLUG else "short"]
    assert len(segments) > 4 * entry["sentences"]  # a segment per word, not per sentence
    for segment in segments:
        assert set(segment) == {"speaker", "startTime", "endTime", "body"}
        assert segment["speaker"] in ("Host", "Narrator") and segment["body"].strip() == segment["body"] != ""
        assert 0 <= segment["startTime"] <= segment["endTime"] <= entry["duration_s"] + 0.001
    starts = [s["startTime"] for s in segments]
    assert starts == sorted(starts)
    # The words, read in order, are the captions' words.
    captions = (site / SLUG / f"{stem}.plain.vtt").read_text(encoding="utf-8")
    spoken = [line for block in captions.split("\n\n")[1:] for line in block.split("\n")[2:]]
    caption_words = " ".join(spoken).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").split()
    assert " ".join(s["body"] for s in segments).split() == caption_words


def test_linked_files_exist(site: Path) -> None:
    """Every URL under the base URL in the feed names a file that was produced."""
    root = etree.fromstring(_feed_bytes(site))
    urls = root.xpath("//@url | //@href | //link/text() | //url/text()")
    local = sorted({str(u) for u in urls if str(u).startswith(BASE) and str(u) != BASE})
    assert len(local) >= 6
    for url in local:
        assert (site / url[len(BASE):]).is_file(), url


# -- the folder to upload --------------------------------------------------------


def test_the_published_folder_holds_no_internals(site: Path) -> None:
    """Locks and state live in .audioreview/ only; every other file is meant for listeners."""
    hidden = sorted(p.relative_to(site).as_posix() for p in site.rglob(".*"))
    assert hidden and all(h == ".audioreview" or h.startswith(".audioreview/") for h in hidden), hidden
    assert (site / ".audioreview" / "locks" / f"{SLUG}.lock").is_file()
    for path in site.rglob("*"):
        if path.is_file() and ".audioreview" not in path.relative_to(site).parts:
            assert path.stat().st_size > 0, path


# -- the page and the snippet ----------------------------------------------------


def test_nu_html_checker_finds_nothing(site: Path, snippet_page: Path) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed (make validators installs Debian's default-jre-headless)")
    if not VNU.is_file():
        pytest.skip(f"{VNU} is missing: run `make validators`")
    page = site / SLUG / "index.html"
    done = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--also-check-svg", str(page), str(snippet_page)],
                          capture_output=True, text=True, timeout=300)
    report = json.loads(done.stderr or done.stdout)
    assert report["messages"] == [], json.dumps(report["messages"], indent=1)[:4000]
    assert done.returncode == 0


@pytest.fixture(scope="module")
def served_site(site: Path, snippet_page: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser_args() -> list[str]:
    return [a for a in ARGS if not a.startswith("--autoplay-policy")]


def _axe(browser: Any, url: str, ready: str, color_scheme: str = "light") -> list[dict[str, Any]]:
    """axe-core's violations on the page at ``url``, once ``ready`` is on it."""
    if not AXE.is_file():
        pytest.skip(f"{AXE} is missing: run `make validators`")
    context = browser.new_context(color_scheme=color_scheme)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(ready)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [{"id": v["id"], "nodes": [n["html"][:200] for n in v["nodes"]]} for v in result["violations"]]
    finally:
        context.close()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_core_finds_no_violations_on_the_page(browser: Any, served_site: str, color_scheme: str) -> None:
    assert _axe(browser, served_site + f"{SLUG}/", "section.episode[data-ready='true'] .cue .w", color_scheme) == []


def test_axe_core_finds_no_violations_in_the_snippet(browser: Any, served_site: str, snippet_page: Path) -> None:
    assert _axe(browser, served_site + f"{SLUG}/{snippet_page.name}", "div.audioreview") == []


# -- the audio files ------------------------------------------------------------


@pytest.mark.parametrize("stem", [SLUG, f"{SLUG}-short"])
def test_mutagen_and_eyed3_read_the_date_and_the_chapters_in_order(site: Path, stem: str) -> None:
    eyed3 = pytest.importorskip("eyed3", reason="eyeD3 is a dev dependency (pip install -e '.[dev]')")
    from mutagen.id3 import ID3

    from audioreview.publish.tags import read_chapters

    mp3 = site / SLUG / f"{stem}.mp3"
    toc_order = read_chapters(mp3)
    assert len(toc_order) >= 3 and [c[1] for c in toc_order] == sorted(c[1] for c in toc_order)
    assert str(ID3(mp3)["TDRC"]) == "2024-05-21"
    tag = eyed3.load(str(mp3)).tag
    assert tag.version[:2] == (2, 3)
    date = tag.getBestDate()
    assert (date.year, date.month, date.day) == (2024, 5, 21)
    # File order as eyeD3 sees it, which is what players that ignore CTOC show.
    assert [(c.title, c.times.start) for c in tag.chapters] == [(t, s) for t, s, _ in toc_order]
