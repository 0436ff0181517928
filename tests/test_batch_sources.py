"""Where entries come from: feed files and URLs, folders of posts, lists of URLs; and the state store."""

from __future__ import annotations

import dataclasses
import http.server
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.batch_feeds import make_feed, post_markdown
from fixtures.local_server import serving

from audioreview.batch.entries import entry_review
from audioreview.batch.sources import collect, url_lines
from audioreview.batch.state import STATE_NAME, StateStore, batch_lock
from audioreview.errors import BatchError, IngestError
from audioreview.settings import Settings

PAGE = """<html lang="en"><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{title} is the page's own review. It has two sentences in this paragraph.</p>
<p>And a second paragraph, for good measure, that says it all again.</p></article></body></html>"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """A local web server (127.0.0.1) serving tmp_path/site."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "a.html").write_text(PAGE.format(title="Page A"))
    (root / "b.html").write_text(PAGE.format(title="Page B"))
    (root / "feed.xml").write_text(make_feed(3, broken=False))

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    with serving(Handler) as url:
        yield url


def test_feed_file(tmp_path: Path, fake_settings: Settings) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(5))
    got = collect(str(feed), fake_settings)
    assert got.kind == "feed"
    assert [e.key for e in got.entries][:5] == [f"review-{i:04d}" for i in range(1, 6)]
    assert [p.reason for p in got.problems] == ["no content or summary"]
    # the duplicate guid is still an entry here; the coordinator reports it
    assert sum(1 for e in got.entries if e.key == "review-0001") == 2


def test_feed_url_and_url_list(site: str, tmp_path: Path, fake_settings: Settings) -> None:
    settings = dataclasses.replace(fake_settings, allow_private=True)
    got = collect(f"{site}/feed.xml", settings)
    assert got.kind == "feed" and len(got.entries) == 3
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# my reviews\n{site}/a.html\n\n  {site}/b.html  \n{site}/missing.html\n")
    got = collect(str(listing), settings)
    assert got.kind == "urls"
    assert [e.title for e in got.entries] == ["Page A", "Page B"]
    assert got.entries[0].key == f"{site}/a.html"
    assert len(got.problems) == 1 and "404" in got.problems[0].reason
    review = entry_review(got.entries[0])
    assert review.meta.title == "Page A" and review.blocks


def test_private_addresses_are_refused_by_default(site: str, tmp_path: Path, fake_settings: Settings) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{site}/a.html\n")
    got = collect(str(listing), fake_settings)
    assert not got.entries and "private or local address" in got.problems[0].reason


def test_fetch_full_reads_the_linked_page(site: str, tmp_path: Path, fake_settings: Settings) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<rss version="2.0"><channel><title>t</title><item><title>Feed Title</title><guid>g</guid>'
        f"<link>{site}/a.html</link><description>Only a teaser.</description></item></channel></rss>"
    )
    settings = dataclasses.replace(fake_settings, allow_private=True)
    plain = collect(str(feed), settings).entries[0]
    full = collect(str(feed), settings, fetch_full=True).entries[0]
    assert plain.review is None and full.review is not None
    assert plain.digest != full.digest
    review = entry_review(full)
    assert review.meta.title == "Feed Title"  # the feed's metadata wins
    assert "page's own review" in " ".join(b.text for b in review.blocks)


def test_url_list_lines() -> None:
    urls, problems = url_lines("# mine\nhttps://a.example/x\n\nnot a url\n  https://b.example/y  \n", name="urls.txt")
    assert urls == ["https://a.example/x", "https://b.example/y"]
    assert [(p.key, p.reason) for p in problems] == [("urls.txt:4", "line 4 is not an http(s) URL")]
    with pytest.raises(IngestError, match="urls.txt: no URLs listed"):
        url_lines("# nothing\n\nhello\n", name="urls.txt")


def test_folder_of_posts(tmp_path: Path, fake_settings: Settings) -> None:
    content = tmp_path / "content"
    (content / "posts" / "bundle").mkdir(parents=True)
    (content / "_drafts").mkdir()
    (content / "posts" / "one.md").write_text(post_markdown(1))
    (content / "posts" / "bundle" / "index.md").write_text(post_markdown(2))
    (content / "posts" / "_index.md").write_text("---\ntitle: Posts\n---\n")
    (content / "posts" / "draft.md").write_text(post_markdown(3, front="title: Draft\ndraft: true\n"))
    (content / "posts" / "unpublished.md").write_text(post_markdown(4, front="title: U\npublished: false\n"))
    (content / "_drafts" / "later.md").write_text(post_markdown(5))
    (content / "posts" / "guid.md").write_text(post_markdown(6, front="title: G\nguid: urn:post:6\nslug: custom\n"))
    (content / "posts" / "page.html").write_text(PAGE.format(title="Html Post"))
    (content / "posts" / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody\n")
    got = collect(str(content), fake_settings)
    assert got.kind == "folder"
    by_key = {e.key: e for e in got.entries}
    assert set(by_key) == {"posts/one.md", "posts/bundle/index.md", "urn:post:6", "posts/page.html"}
    assert by_key["posts/bundle/index.md"].slug_hint == "bundle"
    assert by_key["urn:post:6"].slug_hint == "custom"
    assert by_key["posts/one.md"].published == "2024-02-02"
    assert by_key["posts/page.html"].fmt == "html"
    assert [p.key for p in got.problems] == ["posts/broken.md"]
    assert "invalid YAML front matter" in got.problems[0].reason


def test_editing_only_the_audio_field_keeps_the_digest(tmp_path: Path, fake_settings: Settings) -> None:
    content = tmp_path / "content"
    content.mkdir()
    post = content / "a.md"
    post.write_text(post_markdown(1))
    before = collect(str(content), fake_settings).entries[0].digest
    post.write_text(post_markdown(1).replace("rating: 4/5\n", "rating: 4/5\naudio:\n  full: x.mp3\n"))
    assert collect(str(content), fake_settings).entries[0].digest == before
    post.write_text(post_markdown(1).replace("calm", "loud"))
    assert collect(str(content), fake_settings).entries[0].digest != before


def test_missing_source_and_empty_folder(tmp_path: Path, fake_settings: Settings) -> None:
    with pytest.raises(IngestError, match="file not found"):
        collect(str(tmp_path / "nope.xml"), fake_settings)
    (tmp_path / "empty").mkdir()
    with pytest.raises(IngestError, match="no posts found"):
        collect(str(tmp_path / "empty"), fake_settings)


# --- state store and lock ------------------------------------------------------


def test_state_store_round_trip(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.reserve([("k", "slug", "Title")])
    store.reserve([("k", "other", "Ignored"), ("k2", "slug-2", "Two")])  # a key keeps its first slug
    assert store.rows()["k"].slug == "slug" and store.rows()["k"].content_hash is None
    store.record("k", title="New", content_hash="c", settings_hash="s", durations_ms={"full": 1500})
    store.close()
    row = StateStore.open(tmp_path, readonly=True).rows()["k"]
    assert (row.slug, row.title, row.content_hash, row.settings_hash) == ("slug", "New", "c", "s")
    assert row.durations_ms == {"full": 1500} and row.rendered_at
    mode = sqlite3.connect(tmp_path / STATE_NAME).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_readonly_state_of_a_new_folder_writes_nothing(tmp_path: Path) -> None:
    assert StateStore.open(tmp_path / "new", readonly=True).rows() == {}
    assert not (tmp_path / "new").exists()


def test_corrupt_state_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / STATE_NAME).parent.mkdir()
    (tmp_path / STATE_NAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(BatchError, match="the batch state is unreadable") as info:
        StateStore.open(tmp_path)
    assert "delete the file" in str(info.value)


def test_second_lock_holder_is_refused(tmp_path: Path) -> None:
    busy = "another audioreview batch is running on this output folder"
    with batch_lock(tmp_path), pytest.raises(BatchError, match=busy), batch_lock(tmp_path):
        pass
    with batch_lock(tmp_path):  # released
        pass


@pytest.mark.parametrize(
    ("link", "stem"),
    [
        ("https://example.org/reviews/2024/quiet-harbour/", "quiet-harbour"),
        ("https://example.org/reviews/quiet-harbour.html", "quiet-harbour"),
        ("https://example.org/reviews/quiet-harbour/index.html", "quiet-harbour"),
        ("https://example.org/", None),
        (None, None),
    ],
)
def test_a_title_less_entry_is_named_by_its_address(link: str | None, stem: str | None) -> None:
    from audioreview.batch.sources import link_stem

    assert link_stem(link) == stem


def test_an_older_versions_state_is_moved_into_the_private_folder(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path / "old")
    store.reserve([("post-1", "post-1", "Post one")])
    store.close()
    rows = StateStore.open(tmp_path / "old", readonly=True).rows()
    assert list(rows) == ["post-1"]
    private = tmp_path / "old" / STATE_NAME
    legacy = tmp_path / "old" / ".audioreview-state.sqlite"
    os.replace(private, legacy)
    (tmp_path / "old" / ".audioreview-batch.lock").write_text("")
    assert StateStore.open(tmp_path / "old", readonly=True).rows() == rows  # a dry run reads it where it is
    assert legacy.exists()
    assert StateStore.open(tmp_path / "old").rows() == rows
    assert private.is_file() and not legacy.exists()
    assert not (tmp_path / "old" / ".audioreview-batch.lock").exists()
