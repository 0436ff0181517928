"""The second hardening pass, where a case of tests/test_bad_inputs.py does not fit:
two inputs in one convert, the feed writer over a folder holding a bad
production, `serve` facing silent clients and dotfile requests, and the pure
guards (lengths, metadata, user regexes, front matter) table-tested.
"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from fixtures.bad_checks import alias_bomb
from fixtures.bad_inputs import Env, invoke, snapshot, temp_leftovers
from fixtures.bad_setups import BODY
from fixtures.local_server import served as serving_folder
from fixtures.podcast_production import make_production
from lxml import etree

from audioreview.batch.frontmatter import front_matter_data
from audioreview.ingest.meta_guard import image_reference, safe_metadata, safe_text, web_link
from audioreview.model import Block, Direction, Metadata, Review, Span
from audioreview.publish import serve as serve_module
from audioreview.speech.bounds import MAX_BLOCK_CHARS, bound_review, chunks, cut_tokens
from audioreview.speech.regex_guard import nested_quantifier

HANG_GUARD_S = 60.0




# --- one convert, two inputs with the same slug ----------------------------------------


def test_two_inputs_with_one_slug_in_one_convert_keep_the_first_and_name_the_second(env: Env) -> None:
    first = env.write("a/review.md", f"---\ntitle: First\n---\n\nThe first review. {BODY}")
    second = env.write("b/review.md", f"---\ntitle: Second\n---\n\nThe second review. {BODY}")
    before = snapshot(env.root, skip=env.cache)
    started = time.monotonic()
    result = invoke(["--config", str(env.config), *env.convert(first, str(second))])
    assert time.monotonic() - started < HANG_GUARD_S
    after = snapshot(env.root, skip=env.cache)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(second) in lines[0] and str(first) in lines[0], result.stderr
    assert "production folder 'review' is already" in lines[0]
    assert {p.split("/")[1] for p in before.changed(after)} - {".audioreview"} == {"review"}  # its lock aside
    assert "The first review." in (env.out / "review" / "review.txt").read_text(encoding="utf-8")
    assert before.lost(after) == set() and temp_leftovers(env.root) == []


def test_the_same_file_twice_in_one_convert_is_no_clash(env: Env) -> None:
    result = invoke(["--config", str(env.config), *env.convert(env.good_source, str(env.good_source))])
    assert (result.exit_code, result.stderr) == (0, "")


# --- the feed writer over a folder holding a production it cannot write ----------------------


def test_podcast_names_and_leaves_out_a_production_xml_cannot_hold(tmp_path: Path) -> None:
    make_production(tmp_path, "fine", "Fine Film")
    bad = make_production(tmp_path, "bell", "Bell Tower")
    manifest = json.loads((bad / "bell.json").read_text(encoding="utf-8"))
    manifest["title"] = "Bell\x01Tower"  # as an older version wrote it
    (bad / "bell.json").write_text(json.dumps(manifest), encoding="utf-8")
    # A real process: the warning reaches stderr as a user sees it (pytest's log capture is not in the way).
    result = subprocess.run(
        [sys.executable, "-m", "audioreview", "podcast", str(tmp_path), "--base-url", "https://example.org/pod/", "--no-pages"],
        capture_output=True, text=True, timeout=HANG_GUARD_S, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "bell.json: left out of the feed: its title holds the control character U+0001" in lines[0]
    items = etree.fromstring((tmp_path / "feed.xml").read_bytes()).findall(".//item")
    assert [i.findtext("title") for i in items] == ["Fine Film"]


# --- serve: silent clients and dotfiles ---------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, int]]:
    monkeypatch.setattr(serve_module.PreviewHandler, "timeout", 0.5)
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "good.mp3").write_bytes(b"ID3 audio")
    (tmp_path / "good" / ".lock").write_bytes(b"")
    (tmp_path / ".audioreview").mkdir()
    (tmp_path / ".audioreview" / "state.sqlite").write_bytes(b"SQLite format 3\x00 secret rows")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "link-to-state").symlink_to(tmp_path / ".audioreview" / "state.sqlite")
    with serving_folder(tmp_path) as url:
        address = urlsplit(url)
        assert address.hostname is not None and address.port is not None
        yield address.hostname, address.port


def test_serve_lets_silent_connections_go(served: tuple[str, int]) -> None:
    host, port = served
    clients = []
    for _ in range(20):
        sock = socket.create_connection((host, port), timeout=10)
        sock.sendall(b"GET /good/good.mp3 HTTP/1.1\r\nHost: x\r\n")  # never finished
        clients.append(sock)
    started = time.monotonic()
    for sock in clients:
        with sock:
            assert sock.recv(1024) == b""  # closed by the server, without an answer
    assert time.monotonic() - started < HANG_GUARD_S
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", "/good/good.mp3")
    assert conn.getresponse().read() == b"ID3 audio"  # and it still serves


@pytest.mark.parametrize(
    "path",
    ["/.audioreview/state.sqlite", "/good/.lock", "/.hidden/x.txt", "/%2eaudioreview/state.sqlite", "/link-to-state"],
)
def test_serve_never_serves_dotfiles(served: tuple[str, int], path: str) -> None:
    host, port = served
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    assert response.status == 404
    assert b"secret" not in response.read()


# --- the pure guards -------------------------------------------------------------------------


def test_front_matter_with_aliases_is_refused_before_anything_is_built() -> None:
    with pytest.raises(yaml.YAMLError, match=r"YAML aliases are refused \(\*a\)"):
        front_matter_data(alias_bomb())
    assert front_matter_data("---\ntitle: &t Fine\n---\n") == {"title": "Fine"}  # an anchor alone is harmless


@pytest.mark.parametrize(
    ("pattern", "nested"),
    [
        ("(a+)+$", True), (r"(\w*\s?)*x", True), (r"^(?:\s*\w+\s*)+:", True), ("(a|b+){2,}", True),
        ("(?:foo|bar)+", False), (r"\bKubrick's\b", False), (r"(\d{1,3},)*", False), ("a{2,5}b*", False),
        ("((a|b)c)*", False), ("[", False),
    ],
)  # fmt: skip
def test_nested_quantifiers_are_found(pattern: str, nested: bool) -> None:
    assert nested_quantifier(pattern) is nested


def test_tokens_and_paragraphs_are_cut_to_safe_lengths_losing_nothing() -> None:
    assert cut_tokens("a " + "1" * 700 + " b", 300) == "a " + " ".join(["1" * 300, "1" * 300, "1" * 100]) + " b"
    text = "The film is good. " * 1000
    pieces = list(chunks(text))
    assert all(len(p) <= MAX_BLOCK_CHARS and p.endswith("good.") for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    review = Review(meta=Metadata(title="T"), blocks=(Block(kind="quote", text="x" * 9000),), source="s")
    bounded = bound_review(review)
    assert len(bounded.blocks) == 3 and all(b.kind == "quote" and len(b.text) <= MAX_BLOCK_CHARS for b in bounded.blocks)
    assert all(len(t) <= 300 for b in bounded.blocks for t in b.text.split())
    assert "".join(b.text for b in bounded.blocks).replace(" ", "") == "x" * 9000
    short = Review(meta=Metadata(title="T"), blocks=(Block(kind="paragraph", text="fine"),), source="s")
    assert bound_review(short) is short


def test_a_word_that_runs_on_across_directed_spans_is_cut_too() -> None:
    # "111*111...*****": emphasis splits one long run of characters into three spans
    spans = (Span("111"), Span("1" * 180, (Direction("emphasis"),)), Span("*" * 400))
    block = Block(kind="paragraph", text="".join(s.text for s in spans), spans=spans)
    bounded = bound_review(Review(meta=Metadata(title="T"), blocks=(block,), source="s"))
    assert all(len(t) <= 300 for b in bounded.blocks for t in b.text.split())
    assert all(len(t) <= 300 for b in bounded.blocks for s in b.spans for t in s.text.split())
    assert "".join(b.text for b in bounded.blocks).replace(" ", "") == block.text
    assert [s.directions for s in bounded.blocks[0].spans][:2] == [(), (Direction("emphasis"),)]
    # a run over the limit across spans is cut where the spans meet, not inside one
    short = (Span("ab"), Span("cd", (Direction("emphasis"),)), Span("e" * 300))
    kept = Block(kind="paragraph", text="abcd" + "e" * 300, spans=short)
    assert bound_review(Review(meta=Metadata(title="T"), blocks=(kept,), source="s")).blocks[0].text == "abcd " + "e" * 300


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("https://example.org/review", True), ("http://example.org", True), ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False), ("data:text/html,<script>", False), ("vbscript:x", False),
        ("//example.org/x", False), ("/local/path", False), ("https://", False), ("https://a b", False),
    ],
)  # fmt: skip
def test_only_absolute_web_links_are_kept(value: str, kept: bool) -> None:
    assert (web_link(value) == value) is kept


@pytest.mark.parametrize(
    ("value", "kept"),
    [("cover.jpg", True), ("C:\\art\\cover.jpg", True), ("https://x.org/a.png", True), ("data:image/png;base64,xx", False),
     ("javascript:alert(1)", False), ("file:///etc/passwd", False)],
)  # fmt: skip
def test_images_are_paths_or_web_links(value: str, kept: bool) -> None:
    assert (image_reference(value) == value) is kept


def test_metadata_loses_its_control_characters_and_bad_links() -> None:
    meta = Metadata(title="Night\x00Watch\x1b[0m", author="A\x85B", url="javascript:alert(1)", summary="s\u2028ok\ufffe")
    safe = safe_metadata(meta, "x.md")
    assert (safe.title, safe.author, safe.url) == ("Night Watch [0m", "A B", None)
    assert safe.summary is not None and "\ufffe" not in safe.summary
    assert safe_metadata(safe, "x.md") is safe
    assert safe_metadata(Metadata(title="\x00\x01"), "x.md").title == "Untitled review"
    assert len(safe_text("word " * 10_000)) <= 1000


def test_a_review_whose_written_words_alone_are_too_long_is_refused_at_once() -> None:
    from audioreview.errors import LimitExceeded
    from audioreview.speech.prepare import check_written_length

    review = Review(meta=Metadata(title="Long"), blocks=(Block(kind="paragraph", text="word " * 2000),), source="s")
    with pytest.raises(LimitExceeded, match=r"'Long' would run about 14 minutes, over the 10 minutes limit"):
        check_written_length(review, 600)
    check_written_length(review, 900)  # 840 s: under the limit
