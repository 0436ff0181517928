"""The listening page and the paste-under-your-post snippet, rendered to strings."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from fixtures.podcast_production import SENTENCES, make_production, vtt_text, word_cues

from audioreview.errors import PublishError
from audioreview.model import Cue
from audioreview.publish import page, sidecars
from audioreview.publish.manifest import ChapterEntry, Manifest
from audioreview.publish.page import PageCaptions, VttCue, parse_vtt, write_page


def render_page(manifest: dict[str, Any], *, captions: dict[str, str]) -> str:
    """The page for a manifest written as data, with captions given as WebVTT text."""
    vtts = {version: PageCaptions.from_vtt(text) for version, text in captions.items()}
    return page.render_page(Manifest.from_dict(manifest), captions=vtts)


def render_snippet(manifest: dict[str, Any], **options: Any) -> str:
    """The snippet for a manifest written as data."""
    return page.render_snippet(Manifest.from_dict(manifest), **options)

VTT = """WEBVTT
Kind: captions

NOTE written by audioreview

1
00:00:01.000 --> 00:00:03.500 align:start
Salt &amp; &lt;pepper&gt; on
every page.

00:03.500 --> 00:05.250
<v Narrator>The <b>end</b>.</v>

STYLE
::cue { color: red }

01:02:03.004 --> 01:02:04.000
Late.
"""


def _manifest(**changes: Any) -> dict[str, Any]:
    versions = {
        "full": {"audio": "qh.mp3", "duration_s": 212.48, "bytes": 1, "captions": "qh.vtt",
                 "transcript": "qh.txt", "chapters_json": "qh.chapters.json",
                 "chapters": [{"title": "Intro", "start_s": 0.0, "end_s": 7.1},
                              {"title": "Review", "start_s": 7.1, "end_s": 200.0},
                              {"title": "Outro", "start_s": 200.0, "end_s": 212.48}]},
        "short": {"audio": "qh-short.mp3", "duration_s": 64.0, "bytes": 1, "captions": "qh-short.vtt",
                  "transcript": "qh-short.txt", "chapters_json": "qh-short.chapters.json",
                  "chapters": [{"title": "Intro", "start_s": 0.0, "end_s": 5.0}]},
    }
    manifest = {
        "title": "Quiet Harbour", "author": "Mara Quill", "date": "2024-03-03",
        "url": "https://example.org/reviews/quiet-harbour", "rating": {"value": 7.5, "scale": 10, "text": "7.5/10"},
        "slug": "qh", "show": "The Short Audio Version", "language": "en", "image": None, "guid": "qh",
        "description": "one-line summary", "generator": "audioreview 0.1.0", "versions": versions,
    }
    manifest.update(changes)
    return manifest


def _captions() -> dict[str, str]:
    return {"full": vtt_text(212.48), "short": vtt_text(64.0)}


def test_parse_vtt_reads_cues_tags_entities_and_hours() -> None:
    assert parse_vtt(VTT) == [
        VttCue(1.0, 3.5, "Salt & <pepper> on every page.", ident="1"),
        VttCue(3.5, 5.25, "The end."),
        VttCue(3723.004, 3724.0, "Late."),
    ]


def test_parse_vtt_handles_bom_and_crlf() -> None:
    assert parse_vtt("\ufeffWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nHi\r\n") == [VttCue(1.0, 2.0, "Hi")]


def test_parse_vtt_requires_the_header() -> None:
    with pytest.raises(PublishError, match="qh full captions: not a WebVTT file"):
        parse_vtt("1\n00:01.000 --> 00:02.000\nHi\n", "qh full captions")


def _doc(html: str) -> Any:
    return lxml.html.document_fromstring(html)


def test_page_has_title_author_rating_and_both_players() -> None:
    html = render_page(_manifest(), captions=_captions())
    doc = _doc(html)
    assert doc.findtext(".//h1") == "Quiet Harbour"
    assert doc.find(".//html") is None and doc.get("lang") == "en"
    assert "Review by Mara Quill" in doc.find_class("byline")[0].text_content()
    rating = doc.find_class("rating")[0]
    assert rating.get("role") == "img" and rating.get("aria-label") == "Rated 7.5 out of 10"
    audios = doc.xpath("//audio")
    assert [a.get("src") for a in audios] == ["qh.mp3", "qh-short.mp3"]
    for audio in audios:
        assert audio.get("preload") == "metadata" and audio.get("controls") is not None
        (track,) = audio.xpath("track")
        assert track.get("kind") == "captions" and track.get("srclang") == "en" and track.get("label") == "English"
        assert track.get("default") is not None
        assert audio.get("aria-labelledby")


def test_chapters_are_buttons_with_start_times() -> None:
    doc = _doc(render_page(_manifest(), captions=_captions()))
    buttons = doc.xpath("//section[@id='full']//nav[contains(@class,'chapters')]//button")
    assert [(b.get("type"), b.get("data-start")) for b in buttons] == [
        ("button", "0.000"), ("button", "7.100"), ("button", "200.000")]
    assert [b.text_content() for b in buttons] == ["0:00Intro", "0:07Review", "3:20Outro"]
    assert doc.xpath("//section[@id='full']//nav/@aria-label") == ["Chapters of the full version"]


def test_transcript_has_one_focusable_sentence_per_cue_and_the_vtt_embedded() -> None:
    captions = _captions()
    doc = _doc(render_page(_manifest(), captions=captions))
    spans = doc.xpath("//section[@id='full']//span[contains(@class,'cue')]")
    assert [s.text_content() for s in spans] == list(SENTENCES)
    assert all(s.get("tabindex") == "0" for s in spans)
    cues = parse_vtt(captions["full"])
    assert [float(s.get("data-start")) for s in spans] == [c.start_s for c in cues]
    (embedded,) = doc.xpath("//section[@id='full']//script[@class='vtt']")
    assert embedded.get("type") == "application/json"
    assert json.loads(embedded.text) == captions["full"]
    assert doc.xpath("//section[@id='full']//details/@open") == [""]
    assert doc.xpath("//section[@id='short']//details/@open") == []


def test_page_is_self_contained_responsive_and_themed() -> None:
    html = render_page(_manifest(), captions=_captions())
    assert not re.search(r"<link\b", html)
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html.replace(
        'href="https://example.org/reviews/quiet-harbour"', ""))
    assert "@import" not in html and "url(http" not in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "prefers-color-scheme: dark" in html
    assert "scrollIntoView" in html and 'block: "nearest"' in html
    assert 'track.mode = "hidden"' in html and "cuechange" in html
    assert "aria-current" in html


def test_everything_from_the_manifest_is_escaped() -> None:
    evil = '<script>alert("x")</script>'
    manifest = _manifest(title=evil, author=evil, description=evil, show=evil,
                         rating={"value": 1, "scale": 5, "text": evil}, url='https://x.org/"><script>')
    captions = {"full": "WEBVTT\n\n00:01.000 --> 00:02.000\n<c>&lt;/script&gt;bad()</c></script><script>x()\n"}
    html = render_page(manifest, captions=captions)
    assert "<script>alert" not in html and "</script><script>" not in html
    assert html.count("<script") == 2  # the embedded VTT (full only) and the page's own JS
    doc = _doc(html)
    assert json.loads(doc.xpath("//script[@class='vtt']")[0].text) == captions["full"]
    assert doc.xpath("//span[@class='cue']")[0].text_content() == "</script>bad()x()"
    snippet = render_snippet(manifest)
    assert "<script" not in snippet


def test_page_without_captions_or_rating_or_short_version() -> None:
    manifest = _manifest(rating=None, author=None, date=None, url=None, description=None)
    del manifest["versions"]["short"]
    html = render_page(manifest, captions={})
    doc = _doc(html)
    assert [a.get("src") for a in doc.xpath("//audio")] == ["qh.mp3"]
    assert not doc.find_class("cue") and not doc.find_class("rating") and not doc.find_class("byline")


def test_page_shows_episode_art_when_present() -> None:
    doc = _doc(render_page(_manifest(image="cover.jpg"), captions=_captions()))
    (img,) = doc.xpath("//header//img")
    assert img.get("src") == "cover.jpg" and img.get("alt") == ""


def test_snippet_lists_short_first_with_labels_and_captions() -> None:
    snippet = render_snippet(_manifest())
    doc = lxml.html.fragment_fromstring(snippet)
    assert [f.text_content() for f in doc.xpath("//figcaption")] == ["Short version (1:04)", "Full version (3:32)"]
    audios = doc.xpath("//audio")
    assert [a.get("src") for a in audios] == ["qh-short.mp3", "qh.mp3"]
    assert [a.xpath("track/@src")[0] for a in audios] == ["qh-short.vtt", "qh.vtt"]
    assert re.search(r'<audio controls src="qh-short\.mp3"[^>]*><track kind="captions" src="qh-short\.vtt" '
                     r'srclang="en" label="English" default>', snippet)


def test_snippet_with_base_url_uses_absolute_urls() -> None:
    snippet = render_snippet(_manifest(), base_url="https://cdn.example.org/pod/")
    assert 'src="https://cdn.example.org/pod/qh/qh-short.mp3"' in snippet
    assert 'src="https://cdn.example.org/pod/qh/qh.vtt"' in snippet


def test_snippet_with_only_the_full_version() -> None:
    manifest = _manifest()
    del manifest["versions"]["short"]
    snippet = render_snippet(manifest)
    assert snippet.count("<audio") == 1 and "Full version (3:32)" in snippet


def test_manifest_without_versions_is_refused() -> None:
    with pytest.raises(PublishError, match="no versions"):
        render_snippet(_manifest(versions={}))


def test_write_page_writes_index_html(tmp_path: Path) -> None:
    folder = make_production(tmp_path, "quiet-harbour", "Quiet Harbour", versions={"full": 4.0})
    path = write_page(folder)
    assert path == folder / "index.html"
    html = path.read_text(encoding="utf-8")
    assert 'src="quiet-harbour.mp3"' in html and html.count('class="cue"') == len(SENTENCES)
    stamp = path.stat().st_mtime_ns
    write_page(folder)
    assert path.stat().st_mtime_ns == stamp  # unchanged content: file left alone
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


def test_write_page_names_a_missing_manifest_or_captions(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match=r"nothing\.json: manifest not found"):
        write_page(tmp_path / "nothing")
    folder = make_production(tmp_path, "gone", "Gone", versions={"full": 2.0})
    (folder / "gone.vtt").unlink()
    with pytest.raises(PublishError, match=r"gone\.vtt: captions file named in gone\.json is missing"):
        write_page(folder)


def test_the_rating_is_read_as_words() -> None:
    doc = _doc(render_page(_manifest(rating={"value": 3.5, "scale": 5, "text": "★★★½"}), captions=_captions()))
    rating = doc.find_class("rating")[0]
    assert rating.get("aria-label") == "Rated 3.5 out of 5"
    assert rating.xpath(".//svg/@aria-hidden") == ["true"] and rating.xpath("span/@aria-hidden") == ["true"]


def test_each_transcript_region_has_its_own_name() -> None:
    doc = _doc(render_page(_manifest(), captions=_captions()))
    names = [r.get("aria-label") for r in doc.xpath("//*[@role='region']")]
    assert names == ["Transcript of the full version", "Transcript of the short version"]


def test_the_transcript_has_a_heading_and_a_paragraph_per_chapter() -> None:
    cues = [Cue(0, 2000, "Intro line."), Cue(2500, 3500, "What works"), Cue(4000, 6000, "The sea is a character."),
            Cue(6500, 8000, "So is the light."), Cue(8500, 9000, "Verdict"), Cue(9500, 11000, "See it."),
            Cue(11500, 12000, "Bye.")]
    chapters = [ChapterEntry("Intro", 0, 2.5), ChapterEntry("What works", 2.5, 8.5),
                ChapterEntry("Verdict", 8.5, 11.5), ChapterEntry("Outro", 11.5, 12.0)]
    fragment = lxml.html.fragment_fromstring("<div>" + "".join(page.transcript_html(cues, chapters)) + "</div>")
    blocks = [(child.tag, child.text_content()) for child in fragment]
    assert blocks == [("h3", "Intro"), ("p", "Intro line."), ("h3", "What works"),
                      ("p", "The sea is a character. So is the light."), ("h3", "Verdict"), ("p", "See it."),
                      ("h3", "Outro"), ("p", "Bye.")]
    spans = fragment.xpath("//span[@class='cue']")
    assert [s.text_content() for s in spans] == [c.text for c in cues]  # every cue, in order, for the script
    without_chapters = lxml.html.fragment_fromstring("".join(page.transcript_html(cues[:2], ())))
    assert without_chapters.tag == "p" and without_chapters.text_content() == "Intro line. What works"


@pytest.mark.parametrize(("seconds", "shown"), [(159.6, "2:39"), (160.0, "2:40"), (0.5, "0:01"), (3600.7, "1:00:00")])
def test_one_rounding_rule_for_every_duration(seconds: float, shown: str) -> None:
    from audioreview.cli import _format_duration
    from audioreview.publish.values import duration_clock, whole_seconds

    assert duration_clock(seconds) == shown == _format_duration(round(seconds * 1000))
    manifest = _manifest()
    manifest["versions"]["full"]["duration_s"] = seconds
    doc = _doc(render_page(manifest, captions=_captions()))
    assert doc.xpath("//section[@id='full']//span[@class='duration']")[0].text == shown
    assert f"Full version ({shown})" in render_snippet(manifest)
    h, m, s_ = ([0, 0] + [int(x) for x in shown.split(":")])[-3:]
    assert whole_seconds(seconds) == h * 3600 + m * 60 + s_


def test_a_page_with_word_times_marks_up_every_word_and_embeds_no_captions() -> None:
    cues = word_cues(212.48)
    from_memory = page.render_page(Manifest.from_dict(_manifest()), captions={"full": PageCaptions.of(cues)})
    from_file = page.render_page(Manifest.from_dict(_manifest()),
                                 captions={"full": PageCaptions.from_vtt(sidecars.render_vtt(cues))})
    for html in (from_memory, from_file):
        doc = _doc(html)
        spans = doc.xpath("//section[@id='full']//span[@class='cue']")
        assert [s.text_content() for s in spans] == list(SENTENCES)  # whole sentences, as written
        words = doc.xpath("//section[@id='full']//span[@class='cue']/span[@class='w']")
        assert [w.text_content() for w in words] == [t for s in SENTENCES for t in s.split()]
        assert doc.xpath("//section[@id='full']//script[@class='vtt']") == []
        assert "word by word" in doc.xpath("string(//section[@id='full']//p[@class='hint'])")
    # In memory every word's own start; read back from the file, the first word of a cue starts with it.
    memory_starts = [float(t) for t in _doc(from_memory).xpath("//section[@id='full']//span[@class='w']/@data-t")]
    assert memory_starts == [round(w.start_ms / 1000, 3) for c in cues for w in c.words]
    file_words = _doc(from_file).xpath("//section[@id='full']//span[@class='w']")
    assert [float(w.get("data-t")) for w in file_words][1:4] == memory_starts[1:4]
    assert "<00:" not in from_memory  # the timestamps are attributes, never text


def test_a_page_without_word_times_is_as_before() -> None:
    doc = _doc(render_page(_manifest(), captions=_captions()))
    assert doc.xpath("//span[@class='w']") == [] and len(doc.xpath("//script[@class='vtt']")) == 2
    assert doc.xpath("string(//section[@id='full']//p[@class='hint'])") == "Select a sentence to play from there."


def test_write_page_reads_the_words_back_from_the_captions(tmp_path: Path) -> None:
    folder = make_production(tmp_path, "qh", "Quiet Harbour", versions={"full": 6.0}, words=True)
    html = write_page(folder).read_text(encoding="utf-8")
    assert html.count('class="cue"') == len(SENTENCES)
    assert html.count('<span class="w" data-t=') == sum(len(s.split()) for s in SENTENCES)
