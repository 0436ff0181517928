"""The studio's file edits: lexicon and config TOML with comments kept, short marks with nothing else changed."""

from __future__ import annotations

import pytest

pytest.importorskip("tomlkit")

from audioreview.errors import ConfigError  # noqa: E402
from audioreview.ingest.markdown import parse_body  # noqa: E402
from audioreview.speech.lexicon import parse_lexicon  # noqa: E402
from audioreview.studio.edits import (  # noqa: E402
    add_lexicon_file,
    paragraphs,
    set_phonemes,
    set_settings,
    set_short,
    set_summary,
    set_word,
)

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


def test_set_phonemes_writes_the_phonemes_table() -> None:
    after = set_phonemes("# mine\n[words]\n\"Halvorsen\" = \"Hal-vor-sen\"\n", "Halvorsen", " [[ hˈælvɔːɹsən ]] ")
    lexicon = parse_lexicon(after)
    assert dict(lexicon.phonemes)["Halvorsen"] == "hˈælvɔːɹsən"
    assert dict(lexicon.words)["Halvorsen"] == "Hal-vor-sen" and after.startswith("# mine\n")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (REVIEW, '---\ntitle: T\nsummary: "Short, \\"quoted\\" — yes."\n---\n'),
        ("---\ntitle: T\nsummary: old one\n# a comment\n---\nBody.\n", '---\ntitle: T\nsummary: "Short, \\"quoted\\" — yes."\n# a comment\n---\n'),
        ("---\nsummary: >\n  folded\n  old text\ntitle: T\n---\nBody.\n", '---\nsummary: "Short, \\"quoted\\" — yes."\ntitle: T\n---\n'),
        ("Body only.\n", '---\nsummary: "Short, \\"quoted\\" — yes."\n---\nBody only.\n'),
        ("---\r\ntitle: T\r\n---\r\nBody.\r\n", '---\r\ntitle: T\r\nsummary: "Short, \\"quoted\\" — yes."\r\n---\r\n'),
        # A summary written as a sequence, its items at the key's indentation, is replaced whole.
        ("---\nsummary:\n- one\n- two\ntitle: T\n---\nBody.\n", '---\nsummary: "Short, \\"quoted\\" — yes."\ntitle: T\n---\n'),
    ],
)
def test_set_summary_changes_one_line(before: str, after: str) -> None:
    from audioreview.batch.frontmatter import front_matter_data

    summary = 'Short, "quoted" — yes.'
    changed = set_summary(before, summary)
    assert changed.startswith(after)
    body = before.split("---", 2)[2] if before.startswith("---") else before
    assert changed.endswith(body.split("\n", 1)[1] if before.startswith("---") else body)
    assert front_matter_data(changed)["summary"] == summary
    assert set_summary(changed, summary) == changed


def test_set_summary_removes_the_line_and_refuses_what_it_cannot_edit() -> None:
    text = "---\ntitle: T\nsummary: \"x\"\n---\nBody.\n"
    assert set_summary(text, "") == "---\ntitle: T\n---\nBody.\n"
    assert set_summary("Body.\n", "") == "Body.\n"
    with pytest.raises(ConfigError, match="not YAML"):
        set_summary("+++\ntitle = 'T'\n+++\nBody.\n", "x")
    with pytest.raises(ConfigError, match="not valid YAML"):
        set_summary("---\ntitle: [unclosed\n---\nBody.\n", "x")
