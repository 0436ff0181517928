"""The studio's file edits: lexicon and config TOML with comments kept, short marks with nothing else changed."""

from __future__ import annotations

import pytest

pytest.importorskip("tomlkit")

from audioreview.errors import ConfigError  # noqa: E402
from audioreview.ingest.markdown import parse_body  # noqa: E402
from audioreview.speech.lexicon import parse_lexicon  # noqa: E402
from audioreview.studio.edits import add_lexicon_file, paragraphs, set_settings, set_short, set_word  # noqa: E402

REVIEW = "---\ntitle: T\n---\n\nFirst paragraph. Two sentences.\n\n## Heading\n\nSecond one here.\n"


@pytest.mark.parametrize(
    ("before", "word", "spoken", "kept"),
    [
        ("", "Nguyen", "Win", ""),
        ("# mine\n[words]\n\"Kubrick\" = \"Koo-brick\"  # film\n", "Nguyen", "Win", "# mine\n"),
        ("[words]\n\"nguyen\" = \"old\"\n", "Nguyen", "Win", ""),
        ("[[rules]]\npattern = \"x\"\nreplace = \"y\"\n", "Nguyen", "Win", "[[rules]]"),
    ],
)
def test_set_word_keeps_the_rest(before: str, word: str, spoken: str, kept: str) -> None:
    after = set_word(before, word, spoken)
    assert kept in after and "old" not in after
    assert dict(parse_lexicon(after).words)[word] == spoken
    if "Kubrick" in before:
        assert '"Kubrick" = "Koo-brick"  # film' in after


@pytest.mark.parametrize(("word", "spoken"), [("", "x"), ("x", "  "), ("Nguyen", "W{in}")])
def test_set_word_refuses_what_the_cli_could_not_read(word: str, spoken: str) -> None:
    with pytest.raises(ConfigError):
        set_word("", word, spoken)


def test_config_edits_keep_comments_and_add_the_lexicon_once() -> None:
    text = "# site\nshow = \"Old\"  # the name\n"
    after = set_settings(text, {"show": "New", "short_seconds": 60.0})
    assert after.startswith("# site\n") and 'show = "New"  # the name' in after and "short_seconds = 60.0" in after
    once = add_lexicon_file(after, "lexicon.toml")
    assert add_lexicon_file(once, "lexicon.toml") == once and 'lexicons = ["lexicon.toml"]' in once


def test_paragraph_lines_count_the_front_matter() -> None:
    found = paragraphs(REVIEW)
    lines = REVIEW.splitlines()
    assert [lines[p.line] for p in found] == ["First paragraph. Two sentences.", "## Heading", "Second one here."]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_set_short_adds_and_removes_one_line(newline: str) -> None:
    text = REVIEW.replace("\n", newline)
    marked = set_short(text, "Second one here.", True)
    assert marked.replace("<!-- short -->" + newline, "", 1) == text
    body = marked.split("---" + newline, 2)[2]
    assert [b.text for b in parse_body(body) if b.marked_short] == ["Second one here."]
    assert set_short(marked, "Second one here.", True) == marked
    assert set_short(marked, "Second one here.", False) == text


def test_set_short_leaves_regions_and_unknown_sentences_alone() -> None:
    with pytest.raises(ConfigError, match="regions"):
        set_short("<!-- short -->\n\nA.\n\n<!-- /short -->\n", "A.", False)
    with pytest.raises(ConfigError, match="cannot find"):
        set_short(REVIEW, "Not in it.", True)
