"""The same controls from HTML pages (SSML elements, data- attributes, no-audio) and from SSML documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from audioreview.errors import IngestError
from audioreview.ingest import load
from audioreview.ingest.detect import detect_format, sniff_format
from audioreview.ingest.html import parse_html
from audioreview.ingest.ssml import parse_ssml
from audioreview.model import Direction, Review
from audioreview.pipeline import plan
from audioreview.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


def _kinds(review: Review) -> dict[str, set[str]]:
    return {b.text: {d.kind for s in b.spans for d in s.directions} for b in review.blocks}


def test_html_ssml_elements_data_attributes_and_no_audio() -> None:
    review = load(str(FIXTURES / "directed-page.html"))
    kinds = _kinds(review)
    assert kinds["The film is not a comedy, whatever the poster says about it."] == {"emphasis"}
    assert kinds["It is Kubrick's most patient film and his best one by far."] == {"say", "pause", "emphasis"}
    assert kinds["Share this review on your favourite network today."] == {"skip"}
    assert kinds["Table of contents here."] == kinds["And a second hidden paragraph."] == {"skip"}
    assert kinds["The BBC aired it on 3 May, slowly and surely."] == {"say_as", "rate", "pause"}
    assert kinds["Read by a second voice for a while, then back."] == {"voice"}
    assert kinds[""] == {"only"}
    assert kinds["I give it eight out of ten, and I would see it again tomorrow."] == set()


def test_html_controls_reach_the_script(fake_settings: Settings) -> None:
    review = load(str(FIXTURES / "directed-page.html"))
    body = [s for s in plan(_without_voice(review), fake_settings).full.segments if s.voice_role == "narrator"]
    said = {s.display: s for s in body}
    assert said["The BBC aired it on 3 May, slowly and surely."].text.startswith("The bee, bee, see aired it on third May")
    assert "Share this review" not in " ".join(s.text for s in body)
    assert said["The rating follows."].notes == ('heard, not shown: "The rating follows."',)


def _without_voice(review: Review) -> Review:
    """The page with its voice control pointed at the test voices' second voice."""
    from dataclasses import replace

    from audioreview.model import Span

    def fix(span: Span) -> Span:
        return Span(span.text, tuple(replace(d, value="fake-quote") if d.kind == "voice" else d for d in span.directions))

    return replace(review, blocks=tuple(replace(b, spans=tuple(fix(s) for s in b.spans)) for b in review.blocks))


def test_html_comments_between_and_inside_paragraphs() -> None:
    page = (
        "<html><body><article><h1>T</h1><p>One sentence here to read.</p>"
        "<!-- audio: skip --><p>Hidden one.</p><p>Hidden two.</p><!-- /audio -->"
        '<p>It is <!-- audio: say "Koo-brick" -->Kubrick<!-- /audio -->, the director of many films.</p>'
        "<!-- audio: pause 1.5s --><p>After the pause comes the last sentence.</p></article></body></html>"
    )
    kinds = _kinds(parse_html(page, source="p.html"))
    assert kinds["Hidden one."] == kinds["Hidden two."] == {"skip"}
    assert kinds["It is Kubrick, the director of many films."] == {"say", "pause"}


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("<html><body>\n<p>One <break time='forever'/> two.</p></body></html>", "p.html:2: pause length 'forever'"),
        ("<html><body>\n<p>One.</p>\n<!-- audio: skip -->\n<p>Two.</p></body></html>", "p.html:3: this <!-- audio: ... --> control is never closed"),
        ("<html><body>\n\n<p>One <prosody rate='fastest'>two</prosody>.</p></body></html>", "p.html:3: rate 'fastest'"),
    ],
)
def test_bad_html_controls_name_the_line(page: str, message: str) -> None:
    with pytest.raises(IngestError) as caught:
        parse_html(page, source="p.html")
    assert str(caught.value).startswith(message), str(caught.value)


def test_an_ssml_document_is_an_input_format() -> None:
    path = FIXTURES / "directed.ssml"
    assert detect_format(str(path)) == "ssml"
    assert sniff_format(path.read_bytes()) == "ssml"
    review = load(str(path))
    assert review.meta.title == "Harbour Lights" and review.meta.language.startswith("en")
    assert [b.text for b in review.blocks] == [
        "The film is not a comedy. It is long.",
        "A first sentence. The BBC aired it.",
        "A quoted paragraph in the second voice.",
        "Loose text under speak, with a mark and an audio fallback and unknown words.",
    ]
    first = review.blocks[0].spans
    assert Direction("emphasis", value="strong", line=4) in first[1].directions
    assert first[3].directions == (Direction("pause", ms=1500, line=4),)
    assert {d.value for s in review.blocks[2].spans for d in s.directions} == {"joe-quote"}
    assert review.blocks[3].spans == ()  # unknown elements read as text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<speak>\n<p>Bad <emphasis>unclosed</p>\n</speak>", "s.ssml:2: malformed SSML: Opening and ending tag mismatch"),
        ("<speak>\n<p>A <break time='2 years'/> wait.</p></speak>", "s.ssml:2: pause length"),
        ("<notspeak><p>Hi.</p></notspeak>", "s.ssml:1: an SSML document is one <speak> element"),
        ('<!DOCTYPE speak [<!ENTITY x SYSTEM "file:///etc/passwd">]><speak><p>&x;</p></speak>', "s.ssml"),
    ],
)
def test_bad_ssml_is_one_error_naming_the_line(text: str, message: str) -> None:
    try:
        review = parse_ssml(text, source="s.ssml")
    except IngestError as exc:
        assert str(exc).startswith(message), str(exc)
    else:  # an external entity is never read: it stays empty
        assert "root:" not in " ".join(b.text for b in review.blocks)
