"""Markdown reviews: front matter, blocks, and short-version markers."""

from __future__ import annotations

import logging

import pytest

from audioreview.errors import IngestError
from audioreview.ingest.markdown import inline_text, parse_body, parse_markdown, title_from_name
from audioreview.model import Rating

FRONT = """---
title: "Quiet Harbour: a review"
author: Nora Lindqvist
date: 2025-03-14
url: https://example.org/quiet-harbour
rating: 7.5/10
image: cover.jpg
show: Film Club
lang: en_GB
summary: A short summary.
description: A description.
guid: quiet-harbour-2025
---

Body paragraph.
"""


def test_front_matter_fills_every_field() -> None:
    meta = parse_markdown(FRONT, source="q.md").meta
    assert meta.title == "Quiet Harbour: a review"
    assert meta.author == "Nora Lindqvist"
    assert meta.date == "2025-03-14"
    assert meta.url == "https://example.org/quiet-harbour"
    assert meta.rating == Rating(7.5, 10.0, "7.5/10")
    assert meta.image == "cover.jpg"
    assert meta.show == "Film Club"
    assert meta.language == "en-GB"
    assert meta.summary == "A short summary."
    assert meta.description == "A description."
    assert meta.guid == "quiet-harbour-2025"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("rating: 4\nrating_scale: 5", Rating(4.0, 5.0, "4/5")),
        ("rating: 8\nrating_scale: 10", Rating(8.0, 10.0, "8/10")),
        ('rating: "★★★½"', Rating(3.5, 5.0, "★★★½")),
        ("rating:\n  value: 3\n  scale: 4", Rating(3.0, 4.0, "3/4")),
        ("rating: PG-13", None),
    ],
)
def test_front_matter_ratings(front: str, expected: Rating | None) -> None:
    review = parse_markdown(f"---\ntitle: T\n{front}\n---\nBody.\n", source="r.md")
    assert review.meta.rating == expected


def test_unreadable_rating_and_date_are_logged_not_fatal(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        review = parse_markdown("---\ntitle: T\nrating: PG-13\ndate: someday\n---\nBody.\n", source="r.md")
    assert review.meta.rating is None and review.meta.date is None
    assert "r.md: rating 'PG-13' not understood" in caplog.text
    assert "r.md: date 'someday' not understood" in caplog.text


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("author: [Ann Lee, Bo Chan]", "Ann Lee and Bo Chan"),
        ("author: [Ann Lee, Bo Chan, Cy Dee]", "Ann Lee, Bo Chan and Cy Dee"),
        ("author:\n  name: Ann Lee", "Ann Lee"),
        ("authors: [Ann Lee]", "Ann Lee"),
    ],
)
def test_author_shapes(front: str, expected: str) -> None:
    assert parse_markdown(f"---\n{front}\n---\nBody.\n", source="r.md").meta.author == expected


@pytest.mark.parametrize(
    ("text", "title", "first"),
    [
        ("# From Heading\n\nBody.", "From Heading", "Body."),
        ("---\ntitle: Front\n---\n# Front\n\nBody.", "Front", "Body."),
        ("---\ntitle: Front\n---\n# Other\n\nBody.", "Front", "Other"),
        ("Body only.", "Quiet harbour", "Body only."),
    ],
)
def test_title_sources(text: str, title: str, first: str) -> None:
    review = parse_markdown(text, source="notes/quiet-harbour.md")
    assert review.meta.title == title
    assert review.blocks[0].text == first


def test_language_defaults_to_english() -> None:
    assert parse_markdown("Body.", source="r.md").meta.language == "en"
    assert parse_markdown("---\nlanguage: de\n---\nBody.", source="r.md").meta.language == "de"


def test_invalid_yaml_is_one_line_naming_the_file() -> None:
    with pytest.raises(IngestError) as info:
        parse_markdown("---\ntitle: [unclosed\n---\nBody.\n", source="broken.md")
    message = str(info.value)
    assert message.startswith("broken.md: invalid YAML front matter")
    assert "\n" not in message


BODY = """## Heading **two**

A paragraph with *emphasis*, a [link](https://example.org) and ![an image](pic.png) and `code`,
wrapped onto a second line.

- first item
  - nested item
- second item

1. ordered

> A quoted line
> that continues.

```
let x = 1
```

<div>Raw <b>html</b> text</div>

---
"""


def test_body_blocks() -> None:
    blocks = parse_body(BODY)
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("heading", 2, "Heading two"),
        (
            "paragraph",
            0,
            "A paragraph with emphasis, a link and and code, wrapped onto a second line.",
        ),
        ("list_item", 1, "first item"),
        ("list_item", 2, "nested item"),
        ("list_item", 1, "second item"),
        ("list_item", 1, "ordered"),
        ("quote", 0, "A quoted line that continues."),
        ("paragraph", 0, "let x = 1"),
        ("paragraph", 0, "Raw html text"),
    ]


SHORT = """First.

<!-- short -->
Marked alone.

Not marked.

<!-- short -->
- list item one
- list item two

Not marked either.

<!-- short -->
Region one.

## Region heading

Region two.
<!-- /short -->

After the region.

Inline <!-- short --> marker paragraph.
"""


def test_short_markers() -> None:
    marked = {b.text: b.marked_short for b in parse_body(SHORT)}
    assert marked == {
        "First.": False,
        "Marked alone.": True,
        "Not marked.": False,
        "list item one": True,
        "list item two": True,
        "Not marked either.": False,
        "Region one.": True,
        "Region heading": True,
        "Region two.": True,
        "After the region.": False,
        "Inline marker paragraph.": True,
    }


def test_inline_text_of_a_heading_token() -> None:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse("# A [b](c) ![d](e) `f`\n")
    assert inline_text(tokens[1]) == "A b f"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("reviews/quiet-harbour.md", "Quiet harbour"),
        ("the_long_static.txt", "The long static"),
        ("-", "Untitled review"),
        ("https://example.org/x", "Untitled review"),
    ],
)
def test_title_from_name(source: str, expected: str) -> None:
    assert title_from_name(source) == expected
