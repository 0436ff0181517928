"""Plain-text reviews and decoding bytes to text."""

from __future__ import annotations

import codecs

import pytest

from audioreview.errors import IngestError
from audioreview.ingest import read_review_bytes
from audioreview.ingest.decode import binary_kind, charset_from_html, decode_text
from audioreview.ingest.text import parse_text, wrap_width
from audioreview.model import Block

PROSE = "Café crème, naïve “quotes” — and a €5 ticket."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PROSE.encode("utf-8"), PROSE),
        (codecs.BOM_UTF8 + PROSE.encode("utf-8"), PROSE),
        (PROSE.encode("utf-16"), PROSE),  # with BOM
        (codecs.BOM_UTF16_BE + PROSE.encode("utf-16-be"), PROSE),
        (PROSE.encode("cp1252"), PROSE),
        ("Déjà vu, à la française.".encode("latin-1"), "Déjà vu, à la française."),
        (b"line one\r\nline two\r", "line one\nline two\n"),
    ],
)
def test_decode_text(data: bytes, expected: str) -> None:
    assert decode_text(data, name="review.txt") == expected


def test_decode_uses_a_declared_charset_first() -> None:
    text = "Привет, мир"
    assert decode_text(text.encode("koi8-r"), name="page.html", declared="koi8-r") == text


@pytest.mark.parametrize(
    ("data", "cause"),
    [
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"text\x00with\x00nuls", "binary"),
        ("Привет".encode("koi8-r") + b"\x81\x8d", "not valid UTF-8"),
        ("Привет, мир".encode("koi8-r"), "not clearly Windows-1252"),
        (b"\x81\x8d\x8f\x90 control-ish bytes", "not valid UTF-8"),
    ],
)
def test_decode_refuses_binary_and_unknown_encodings(data: bytes, cause: str) -> None:
    with pytest.raises(IngestError) as info:
        decode_text(data, name="mystery.txt")
    assert "mystery.txt" in str(info.value)
    assert cause in str(info.value)
    assert "\n" not in str(info.value)


def test_binary_kind_text_is_none() -> None:
    assert binary_kind(b"plain words") is None
    assert binary_kind(PROSE.encode("utf-16")) is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="windows-1252">', "cp1252"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "iso8859-1"),
        (b"<meta charset=bogus-charset>", None),
        (b"<p>none</p>", None),
    ],
)
def test_charset_from_html(head: bytes, expected: str | None) -> None:
    assert charset_from_html(head) == expected


def _texts(blocks: tuple[Block, ...]) -> list[str]:
    return [b.text for b in blocks]


def test_title_is_first_non_empty_line_and_blank_lines_split_paragraphs() -> None:
    review = parse_text("\n\n  The Title  \n\nFirst paragraph.\n\n\nSecond paragraph.\n", source="r.txt")
    assert review.meta.title == "The Title"
    assert _texts(review.blocks) == ["First paragraph.", "Second paragraph."]
    assert review.source == "r.txt"
    assert all(b.kind == "paragraph" for b in review.blocks)


def test_unwrapped_export_keeps_each_line_a_block() -> None:
    text = (
        "Title\nBy Jane Doe\nPublished on March 3, 2024\n\n"
        + "A long paragraph line that runs well past any wrap width. " * 5
        + "\nAnother full paragraph on its own line, not wrapped at all by any editor here.\n"
    )
    review = parse_text(text, source="r.txt")
    assert _texts(review.blocks)[:2] == ["By Jane Doe", "Published on March 3, 2024"]
    assert len(review.blocks) == 4


def test_hard_wrapped_text_is_joined_but_short_lines_stay_apart() -> None:
    text = """Title
By Jane Doe
Posted 3rd June 2024

This is a paragraph that an editor wrapped at about seventy-two columns so
that it would fit an email, and every line but the last reaches the width
of the text before the next word would have made it too long to fit.

The second paragraph is wrapped just the same way as the first one, with a
line that reaches close to the width and a last line that is short.
"""
    review = parse_text(text, source="r.txt")
    texts = _texts(review.blocks)
    assert texts[:2] == ["By Jane Doe", "Posted 3rd June 2024"]
    assert texts[2].startswith("This is a paragraph") and texts[2].endswith("made it too long to fit.")
    assert texts[3].endswith("a last line that is short.")
    assert len(texts) == 4


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([["short", "lines"], ["only"]], None),
        ([["x" * 70, "y" * 72, "z" * 68, "end"]], 72),
        ([["x" * 300, "y" * 500, "z" * 200, "end"]], None),
    ],
)
def test_wrap_width(lines: list[list[str]], expected: int | None) -> None:
    assert wrap_width(lines) == expected


def test_bullets_become_list_items() -> None:
    review = parse_text(
        "Title\n\nPros:\n- Lovely score\n* Great cast\n• Short\n+ Cheap\n\nAfter.", source="r.txt"
    )
    assert [(b.kind, b.text) for b in review.blocks] == [
        ("paragraph", "Pros:"),
        ("list_item", "Lovely score"),
        ("list_item", "Great cast"),
        ("list_item", "Short"),
        ("list_item", "Cheap"),
        ("paragraph", "After."),
    ]


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", "\ufeff  \n".encode()])
def test_empty_input_is_refused_naming_the_input(data: bytes) -> None:
    with pytest.raises(IngestError, match="empty.txt"):
        read_review_bytes(data, name="empty.txt", fmt="txt")


def test_title_only_is_refused() -> None:
    with pytest.raises(IngestError, match="title.txt: no review text"):
        read_review_bytes(b"Just a title\n\n", name="title.txt", fmt="txt")


def test_read_review_bytes_refuses_binary() -> None:
    with pytest.raises(IngestError, match="cover.txt: this looks like a PNG image"):
        read_review_bytes(b"\x89PNG\r\n\x1a\nxxxx", name="cover.txt", fmt="txt")
