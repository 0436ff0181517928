"""Format detection and ``load``: files, standard input, limits and overrides."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from audioreview.errors import IngestError, LimitExceeded
from audioreview.ingest import load, read_review_bytes
from audioreview.ingest.detect import (
    detect_format,
    format_from_content_type,
    format_from_name,
    is_url,
    normalize_format,
    sniff_format,
)
from audioreview.settings import Settings


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("review.txt", "txt"),
        ("review.TEXT", "txt"),
        ("review.md", "md"),
        ("review.markdown", "md"),
        ("page.html", "html"),
        ("page.HTM", "html"),
        ("page.xhtml", "html"),
        ("https://example.org/review", "url"),
        ("HTTP://example.org", "url"),
        ("-", None),
        ("review", None),
        ("review.docx", None),
    ],
)
def test_format_from_name(name: str, expected: str | None) -> None:
    assert format_from_name(name) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"\n  <html lang='en'><p>x</p>", "html"),
        (b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", "html"),
        (b"<div><p>one</p><p>two</p></div>", "html"),
        (b"---\ntitle: T\n---\nBody", "md"),
        (b"# Title\n\nBody text.", "md"),
        (b"Title\n\nSome [link](https://x.org) and **bold** text.", "md"),
        (b"Title\n\n- one\n- two\n", "txt"),  # plain text has bullets too
        (b"Title\n\n- one\n- **two**\n", "md"),
        (b"Title\n\nJust prose, nothing marked up. Rating: 4/5.", "txt"),
        (b"Title\n\nA #hashtag is not a heading.", "txt"),
        (b"\xef\xbb\xbf# BOM heading\n", "md"),
    ],
)
def test_sniff_format(data: bytes, expected: str) -> None:
    assert sniff_format(data) == expected


def test_detect_format_prefers_the_extension() -> None:
    assert detect_format("notes.txt", b"# looks like markdown") == "txt"
    assert detect_format("notes", b"# looks like markdown") == "md"
    assert detect_format("notes") == "txt"


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("text/html; charset=utf-8", "html"),
        ("text/markdown", "md"),
        ("application/xhtml+xml", "html"),
        ("text/plain", None),
    ],
)
def test_format_from_content_type(content_type: str, expected: str | None) -> None:
    assert format_from_content_type(content_type) == expected


@pytest.mark.parametrize(
    ("fmt", "expected"), [("markdown", "md"), (".HTM", "html"), ("text", "txt"), ("url", "url")]
)
def test_normalize_format(fmt: str, expected: str) -> None:
    assert normalize_format(fmt) == expected


def test_unknown_format_is_refused() -> None:
    with pytest.raises(IngestError, match="unknown input format 'docx'"):
        normalize_format("docx")


def test_is_url() -> None:
    assert is_url("https://x.org") and is_url(" http://x.org")
    assert not is_url("ftp://x.org") and not is_url("x.org") and not is_url("review.md")


def test_load_file_by_extension(tmp_path: Path) -> None:
    path = tmp_path / "review.md"
    path.write_text("---\ntitle: T\nlang: fr\n---\nCorps du texte.\n", encoding="utf-8")
    review = load(str(path))
    assert review.source == str(path)
    assert review.meta.title == "T"
    assert review.meta.language == "fr"


def test_load_sniffs_a_file_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "review"
    path.write_bytes(b"<html><body><h1>Head</h1><p>A paragraph.</p><p>Another one.</p></body></html>")
    assert load(str(path)).meta.title == "Head"


def test_fmt_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "review.txt"
    path.write_text("# Not a heading here\n\nBody.\n", encoding="utf-8")
    assert load(str(path)).meta.title == "# Not a heading here"
    assert load(str(path), fmt="md").meta.title == "Not a heading here"


def test_stdin() -> None:
    review = load("-", stdin=io.BytesIO(b"Stdin title\n\nA body line.\n"))
    assert review.source == "-"
    assert review.meta.title == "Stdin title"


def test_stdin_markdown_is_sniffed() -> None:
    review = load("-", stdin=io.BytesIO(b"---\ntitle: Piped\n---\nBody.\n"))
    assert review.meta.title == "Piped"


def test_empty_stdin_names_standard_input() -> None:
    with pytest.raises(IngestError, match="standard input: the input is empty"):
        load("-", stdin=io.BytesIO(b"  \n"))


def test_settings_language_overrides(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("---\nlang: fr\n---\nBody.\n", encoding="utf-8")
    assert load(str(path), settings=Settings(language="de_AT")).meta.language == "de-AT"


def test_max_input_bytes_for_files(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Title\n\n" + b"word " * 100)
    with pytest.raises(LimitExceeded, match=r"big.txt: file is 507 bytes, over the 100-byte limit"):
        load(str(path), settings=Settings(max_input_bytes=100))
    assert load(str(path), settings=Settings(max_input_bytes=507)).meta.title == "Title"


def test_max_input_bytes_for_stdin() -> None:
    with pytest.raises(LimitExceeded, match="standard input: input is over the 10-byte limit"):
        load("-", stdin=io.BytesIO(b"x" * 11), settings=Settings(max_input_bytes=10))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.txt", "missing.txt: file not found"),
        (lambda p: p, "is a folder"),
    ],
)
def test_unreadable_paths(tmp_path: Path, make: object, message: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(IngestError, match=message):
        load(str(path))


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.4 binary")
    with pytest.raises(IngestError, match="scan.txt: this looks like a PDF document"):
        load(str(path))


def test_url_format_needs_a_url() -> None:
    with pytest.raises(IngestError, match="not an http"):
        load("review.md", fmt="url")


def test_read_review_bytes_refuses_url_format() -> None:
    with pytest.raises(IngestError, match="not a content format"):
        read_review_bytes(b"x", name="x", fmt="url")
