"""Writing ``audio:`` into a post's front matter: only those lines change, byte for byte."""

from __future__ import annotations

import pytest
import yaml

from audioreview.batch.frontmatter import front_matter_data, render_audio, set_audio, strip_audio
from audioreview.errors import PublishError

AUDIO = {"full": "https://cdn.example.org/a/a.mp3", "short": "https://cdn.example.org/a/a-short.mp3",
         "full_duration_s": 61.25, "short_duration_s": 20.5}  # fmt: skip
BLOCK = (
    'audio:\n  full: "https://cdn.example.org/a/a.mp3"\n  short: "https://cdn.example.org/a/a-short.mp3"\n'
    "  full_duration_s: 61.25\n  short_duration_s: 20.5\n"
)


def test_render_audio() -> None:
    assert render_audio(AUDIO) == BLOCK


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # appended at the end of the front matter; comments, quoting and order untouched
        (
            "---\ntitle: 'Quoted: yes'\n# keep me\ntags: [a, b]\n---\nBody\n",
            "---\ntitle: 'Quoted: yes'\n# keep me\ntags: [a, b]\n" + BLOCK + "---\nBody\n",
        ),
        # an existing block mapping is replaced where it stands
        (
            "---\ntitle: T\naudio:\n  full: old.mp3\n  full_duration_s: 3\n\ndate: 2024-01-01\n---\nBody\n",
            "---\ntitle: T\n" + BLOCK + "\ndate: 2024-01-01\n---\nBody\n",
        ),
        # a flow mapping on one line, too
        ("---\naudio: {full: x.mp3}\ntitle: T\n---\n", "---\n" + BLOCK + "title: T\n---\n"),
        # a sequence written at the key's own indentation belongs to the key
        ("---\naudio:\n- a\n- b\ntitle: T\n---\n", "---\n" + BLOCK + "title: T\n---\n"),
        # nested keys called audio are left alone
        ("---\nmedia:\n  audio: keep\n---\nx", "---\nmedia:\n  audio: keep\n" + BLOCK + "---\nx"),
        # empty front matter
        ("---\n---\nBody", "---\n" + BLOCK + "---\nBody"),
        # no front matter: a new block on top, the rest unchanged
        ("# Title\n\nBody\n", "---\n" + BLOCK + "---\n# Title\n\nBody\n"),
        # Windows line endings stay Windows line endings
        ("---\r\ntitle: T\r\n---\r\nBody\r\n", "---\r\ntitle: T\r\n" + BLOCK.replace("\n", "\r\n") + "---\r\nBody\r\n"),
        # a byte-order mark stays first
        ("\ufeff---\ntitle: T\n---\nB", "\ufeff---\ntitle: T\n" + BLOCK + "---\nB"),
        # the YAML end marker ... closes front matter too
        ("---\ntitle: T\n...\nB", "---\ntitle: T\n" + BLOCK + "...\nB"),
    ],
)
def test_set_audio(before: str, after: str) -> None:
    assert set_audio(before, AUDIO) == after
    assert set_audio(after, AUDIO) == after  # running again changes nothing
    assert front_matter_data(after)["audio"] == AUDIO


def test_only_the_audio_lines_differ_and_the_body_is_untouched() -> None:
    body = "\n---\nA horizontal rule above, audio: in the body, and trailing spaces   \n\n\n"
    before = "---\ntitle: \"Épée\"   \nlist:\n  - one\n  - two\naudio:\n  full: old\n# tail comment\n---" + body
    after = set_audio(before, AUDIO)
    assert after.endswith("---" + body)
    assert after.replace(BLOCK, "audio:\n  full: old\n") == before
    data = front_matter_data(after)
    assert data["title"] == "Épée" and data["list"] == ["one", "two"]


def test_updating_values_in_place() -> None:
    first = set_audio("---\ntitle: T\n---\n", AUDIO)
    second = set_audio(first, {**AUDIO, "full_duration_s": 70.0})
    assert second == first.replace("full_duration_s: 61.25", "full_duration_s: 70.0")


def test_strings_that_need_quoting_stay_valid_yaml() -> None:
    tricky = {"full": 'a "quoted" path: with # hash', "short": "yes", "full_duration_s": 1.0}
    text = set_audio("---\ntitle: T\n---\n", tricky)
    assert yaml.safe_load(text.split("---\n")[1])["audio"] == tricky


def test_strip_audio_gives_the_post_as_written() -> None:
    original = "---\ntitle: T\ndate: 2024-01-01\n---\nBody\n"
    assert strip_audio(set_audio(original, AUDIO)) == original
    assert strip_audio(original) == original
    assert strip_audio(set_audio("# No front matter\n", AUDIO)) == "# No front matter\n"


@pytest.mark.parametrize("text", ["+++\ntitle = 'T'\n+++\nBody\n", '{"title": "T"}\nBody\n'])
def test_non_yaml_front_matter_is_refused(text: str) -> None:
    with pytest.raises(PublishError, match="post.md: front matter is not YAML"):
        set_audio(text, AUDIO, name="post.md")


def test_front_matter_that_would_break_is_refused() -> None:
    # an unclosed flow sequence swallows what follows: the check after the surgery catches it
    with pytest.raises(PublishError, match="post.md:"):
        set_audio("---\ntags: [a, b\n---\nBody\n", AUDIO, name="post.md")
