"""trafilatura's XML walked in full, tables read aloud, and which extraction reads like an article."""

from __future__ import annotations

import pytest

from audioreview.ingest.article import (
    TABLE_MAX_ROWS,
    TABLE_OMITTED,
    article_score,
    join_broken_lines,
    more_article_like,
)
from audioreview.ingest.html import blocks_from_xml, extract_blocks, parse_html
from audioreview.model import Block

SENTENCE = "This sentence is long enough and ends the way an article sentence does."


def xml(main: str) -> str:
    return f"<doc><main>{main}</main><comments/></doc>"


def texts(main: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in blocks_from_xml(xml(main))]


def test_a_div_wrapper_is_walked_into() -> None:
    assert texts("<div><p>Inside.</p><div><head rend='h3'>Deeper</head><p>Deepest.</p></div></div>") == [
        ("paragraph", "Inside."),
        ("heading", "Deeper"),
        ("paragraph", "Deepest."),
    ]


def test_text_after_a_heading_outside_any_paragraph_is_kept() -> None:
    assert texts("<head rend='h2'>Part</head>Loose text after it.<p>Then a paragraph.</p>Tail text.") == [
        ("heading", "Part"),
        ("paragraph", "Loose text after it."),
        ("paragraph", "Then a paragraph."),
        ("paragraph", "Tail text."),
    ]


def test_line_breaks_split_a_run_together_paragraph() -> None:
    got = texts("<p>First line.<lb/>Second <hi rend='#i'>line</hi>.<lb/><lb/>Third line.</p>")
    assert got == [("paragraph", "First line."), ("paragraph", "Second line."), ("paragraph", "Third line.")]


def test_a_line_break_inside_a_sentence_does_not_split_it() -> None:
    assert join_broken_lines(["A long", "sentence that goes on.", "Next one."]) == [
        "A long sentence that goes on.",
        "Next one.",
    ]


def test_quotes_lists_and_nested_paragraphs() -> None:
    got = texts("<quote><p>Quoted one.</p><p>Quoted two.</p></quote><list><item>Item <p>inner para.</p></item></list>")
    assert got == [
        ("quote", "Quoted one."),
        ("quote", "Quoted two."),
        ("list_item", "Item"),
        ("paragraph", "inner para."),
    ]


def test_a_table_is_read_as_its_header_then_its_rows() -> None:
    table = (
        "<table><row><cell role='head'>Model</cell><cell role='head'>Price</cell></row>"
        "<row><cell>Brisk</cell><cell>40 euros</cell></row><row><cell>Pro</cell><cell>60 euros</cell></row></table>"
    )
    assert texts(table) == [("paragraph", "Model, Price."), ("paragraph", "Brisk, 40 euros."), ("paragraph", "Pro, 60 euros.")]


def test_a_big_table_is_omitted_out_loud() -> None:
    rows = "".join(f"<row><cell>r{i}</cell><cell>v{i}</cell></row>" for i in range(TABLE_MAX_ROWS + 1))
    assert texts(f"<table>{rows}</table>") == [("paragraph", TABLE_OMITTED)]


def test_a_one_column_table_is_layout() -> None:
    assert texts("<table><row><cell>Just a paragraph in a cell.</cell></row></table>") == [
        ("paragraph", "Just a paragraph in a cell.")
    ]


def test_article_score_prefers_sentences_to_menus() -> None:
    menu = [Block("paragraph", t) for t in ("Home", "Reviews", "News", "About us", "Contact")]
    article = [Block("paragraph", SENTENCE), Block("paragraph", SENTENCE)]
    assert article_score(article) > article_score(menu)
    assert more_article_like(menu, article)
    assert not more_article_like(article, menu + article)  # more pieces is not better


PAGE = """<html lang="de"><body><nav><a>Home</a></nav><article><h1>Titel</h1>
<p>{s}</p><p>{s}</p><table><tr><th>Name</th><th>Preis</th></tr><tr><td>Alpha</td><td>10 Euro</td></tr></table>
</article></body></html>"""


def test_tables_reach_the_review_and_the_page_language_stays() -> None:
    review = parse_html(PAGE.format(s=SENTENCE), source="p.html")
    assert review.meta.language == "de"
    assert [b.text for b in review.blocks][-2:] == ["Name, Preis.", "Alpha, 10 Euro."]


def test_the_whole_page_is_walked_only_when_trafilatura_finds_nothing() -> None:
    import lxml.html

    root = lxml.html.document_fromstring("<html><body><div><span>menu</span></div></body></html>")
    assert [b.text for b in extract_blocks(root)] == ["menu"]


@pytest.mark.parametrize("count", [2, 6])
def test_a_single_run_together_paragraph_keeps_the_pages_own_blocks(count: int) -> None:
    body = "".join(f"<p>Short line {i}.</p>" for i in range(count))
    review = parse_html(f"<html><body>{body}</body></html>", source="p.html")
    assert [b.text for b in review.blocks] == [f"Short line {i}." for i in range(count)]
