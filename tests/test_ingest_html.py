"""HTML pages: metadata from markup, the article body, short markers."""

from __future__ import annotations

import json

import pytest

from audioreview.errors import IngestError
from audioreview.ingest import read_review_bytes
from audioreview.ingest.html import blocks_from_xml, parse_html, rating_from_json_ld
from audioreview.model import Rating

WORDS = "with enough ordinary words in it that an article extractor treats it as real content"


def page(head: str = "", body: str = "", lang: str = 'lang="en"') -> str:
    paragraphs = "".join(f"<p>Paragraph {i} {WORDS}.</p>" for i in range(3))
    return f"<!doctype html><html {lang}><head>{head}</head><body><article>{body}{paragraphs}</article></body></html>"


def json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


REVIEW_LD = {
    "@context": "https://schema.org",
    "@type": "Review",
    "name": "Lanternfall review",
    "author": {"@type": "Person", "name": "Marcus Hale"},
    "datePublished": "2025-05-09T08:00:00Z",
    "image": {"@type": "ImageObject", "url": "/img/hero.jpg"},
    "reviewRating": {"@type": "Rating", "ratingValue": "8", "bestRating": "10"},
    "inLanguage": "fr",
}


def test_json_ld_review_wins() -> None:
    head = (
        json_ld(REVIEW_LD)
        + '<meta property="og:title" content="OG title"><meta name="author" content="Meta Author">'
    )
    meta = parse_html(page(head), source="p.html", base_url="https://site.example/reviews/x").meta
    assert meta.title == "Lanternfall review"
    assert meta.author == "Marcus Hale"
    assert meta.date == "2025-05-09"
    assert meta.rating == Rating(8.0, 10.0, "8/10")
    assert meta.image == "https://site.example/img/hero.jpg"
    assert meta.language == "en"  # <html lang> comes before JSON-LD inLanguage


def test_json_ld_in_a_graph() -> None:
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Site"}, REVIEW_LD]}
    meta = parse_html(page(json_ld(graph)), source="p.html").meta
    assert meta.author == "Marcus Hale"
    assert meta.rating == Rating(8.0, 10.0, "8/10")


def test_meta_tags_and_open_graph() -> None:
    head = (
        '<meta property="og:title" content="OG title">'
        '<meta name="author" content="Jane Doe">'
        '<meta property="article:published_time" content="2024-03-03T10:00:00+00:00">'
        '<meta property="og:image" content="https://cdn.example/c.jpg">'
        '<meta property="og:locale" content="de_DE">'
        '<meta name="description" content="About the film.">'
        '<link rel="canonical" href="https://site.example/r">'
    )
    meta = parse_html(page(head, lang=""), source="p.html").meta
    assert (meta.title, meta.author, meta.date) == ("OG title", "Jane Doe", "2024-03-03")
    assert meta.image == "https://cdn.example/c.jpg"
    assert meta.language == "de-DE"
    assert meta.description == "About the film."
    assert meta.url == "https://site.example/r"
    assert meta.rating is None


def test_title_falls_back_to_h1_or_title_tag() -> None:
    meta = parse_html(page("<title>Tag title</title>", "<h1>Heading title</h1>"), source="p.html").meta
    assert meta.title == "Heading title"


def test_author_url_is_not_an_author() -> None:
    meta = parse_html(
        page('<meta property="article:author" content="https://facebook.example/jane">'), source="p.html"
    )
    assert meta.meta.author is None


def test_language_defaults_to_english() -> None:
    assert parse_html(page(lang=""), source="p.html").meta.language == "en"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"ratingValue": "4"}, Rating(4.0, 5.0, "4/5")),
        ({"ratingValue": 7.5, "bestRating": 10}, Rating(7.5, 10.0, "7.5/10")),
        ({"ratingValue": "3,5", "bestRating": "5"}, Rating(3.5, 5.0, "3.5/5")),
        ({"ratingValue": "11", "bestRating": "10"}, None),
        ({"ratingValue": "great"}, None),
        ("8/10", None),
    ],
)
def test_rating_from_json_ld(value: object, expected: Rating | None) -> None:
    assert rating_from_json_ld(value) == expected


def test_body_keeps_headings_lists_and_quotes() -> None:
    body = (
        f"<h1>The title</h1><h2>Part one</h2><p>Opening {WORDS}.</p>"
        "<ul><li>Good thing</li><li>Other good thing</li></ul>"
        f"<blockquote><p>A quoted line {WORDS}.</p></blockquote>"
        "<h3>Smaller</h3>"
    )
    blocks = parse_html(page(body=body), source="p.html").blocks
    kinds = [(b.kind, b.level, b.text[:12]) for b in blocks]
    assert ("heading", 2, "Part one") in kinds
    assert ("list_item", 1, "Good thing") in kinds
    assert ("quote", 0, "A quoted lin") in kinds
    assert ("heading", 3, "Smaller") in kinds
    assert not any("<" in b.text for b in blocks)


def test_scripts_nav_and_footer_are_not_body() -> None:
    html = (
        "<html><body><nav><a>Home</a> <a>Reviews</a></nav><script>var tracking = 1;</script>"
        f"<article><p>The review itself {WORDS}.</p><p>More review {WORDS}.</p></article>"
        "<footer><p>Copyright footer text here</p></footer></body></html>"
    )
    texts = " ".join(b.text for b in parse_html(html, source="p.html").blocks)
    assert "The review itself" in texts
    assert "tracking" not in texts and "Home" not in texts and "Copyright" not in texts


def test_tiny_fragment_uses_the_fallback_walk() -> None:
    review = read_review_bytes(
        b"<p>One small paragraph.</p><ul><li>An item</li></ul>", name="frag.html", fmt="html"
    )
    assert [(b.kind, b.text) for b in review.blocks] == [
        ("paragraph", "One small paragraph."),
        ("list_item", "An item"),
    ]
    assert review.meta.title == "Untitled review"


SHORT_BODY = f"""
<p>First {WORDS}.</p>
<!-- short --><p>Marked alone {WORDS}.</p>
<p>Not marked {WORDS}.</p>
<!-- short -->
<p>Region start {WORDS}.</p>
<ul><li>Region item</li></ul>
<!-- /short -->
<p>After region {WORDS}.</p>
"""


def test_short_markers_survive_extraction() -> None:
    blocks = parse_html(page(body=SHORT_BODY), source="p.html").blocks
    marked = {b.text.split(" with ")[0]: b.marked_short for b in blocks}
    assert marked["First"] is False
    assert marked["Marked alone"] is True
    assert marked["Not marked"] is False
    assert marked["Region start"] is True
    assert marked["Region item"] is True
    assert marked["After region"] is False
    assert not any("audioreview-short" in b.text for b in blocks)


def test_xml_declaration_and_declared_charset() -> None:
    html = f'<?xml version="1.0" encoding="windows-1252"?><html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 {WORDS}.</p></body></html>'
    review = read_review_bytes(html.encode("cp1252"), name="x.xhtml", fmt="html")
    assert review.blocks[0].text.startswith("Café")


def test_blocks_from_xml_nested_lists() -> None:
    xml = "<doc><main><list><item>Top<list><item>Inner</item></list></item></list><head rend='h4'>H</head></main></doc>"
    assert [(b.kind, b.level, b.text) for b in blocks_from_xml(xml)] == [
        ("list_item", 1, "Top"),
        ("list_item", 2, "Inner"),
        ("heading", 4, "H"),
    ]


def test_empty_page_is_refused() -> None:
    with pytest.raises(IngestError, match="blank.html"):
        read_review_bytes(b"<html><body></body></html>", name="blank.html", fmt="html")
