"""Batch runs with the fake engine: incremental, robust, reported; and the ``batch`` command."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner as ClickRunner
from fixtures.batch_feeds import DUPLICATE_GUID, make_feed, post_markdown, write_fake_config

from audioreview.batch import BatchOptions, StateStore, batch_lock, run_batch
from audioreview.batch.frontmatter import render_audio
from audioreview.batch.run import BatchSummary, EntryReport, output_present
from audioreview.cli import main
from audioreview.errors import BatchError
from audioreview.settings import Settings


def _runner() -> ClickRunner:
    """Keeps stderr apart from stdout on click 8.1 and 8.2+."""
    try:
        return ClickRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return ClickRunner()


def _by_key(summary: BatchSummary) -> dict[str, EntryReport]:
    return {r.key: r for r in summary.reports if not r.reason.startswith("duplicate id")}


def _cache_files(settings: Settings) -> set[str]:
    return {p.name for p in Path(settings.cache_dir).rglob("*.wav")}


def _rendered(summary: BatchSummary) -> list[str]:
    return [r.key for r in summary.reports if r.status == "rendered"]


def test_a_feed_of_24_entries_first_second_and_third_run(tmp_path: Path, fake_settings: Settings) -> None:
    settings = fake_settings
    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(20), encoding="utf-8")
    out = tmp_path / "out"
    options = BatchOptions(out_dir=str(out), jobs=2)

    first = run_batch(str(feed), settings, options)
    assert first.counts["rendered"] == 22 and first.counts["failed"] == 2 and first.counts["skipped"] == 0
    reasons = sorted(r.reason for r in first.failures)
    assert reasons == [f"duplicate id 'review-0001': {feed}#22 repeats {feed}#1", "no content or summary"]
    rows = StateStore.open(out).rows()
    assert len([r for r in rows.values() if r.content_hash]) == 22
    assert DUPLICATE_GUID in rows and "review-empty" not in rows
    for row in rows.values():
        assert output_present(out, row.slug)
        manifest = json.loads((out / row.slug / f"{row.slug}.json").read_text())
        assert manifest["guid"] == row.key and set(manifest["versions"]) == {"full"}
    reports = _by_key(first)
    assert json.loads((out / reports["review-0022"].slug / f"{reports['review-0022'].slug}.json").read_text())["date"] is None
    summary_slug = reports["review-summary"].slug
    assert "Review 23 visits the" in (out / summary_slug / f"{summary_slug}.txt").read_text()
    stamps = {k: r.rendered_at for k, r in rows.items()}
    hashes = {k: r.content_hash for k, r in rows.items()}

    second = run_batch(str(feed), settings, options)
    assert second.counts["rendered"] == 0 and second.counts["skipped"] == 22 and second.counts["failed"] == 2
    assert {k: r.rendered_at for k, r in StateStore.open(out).rows().items()} == stamps

    cached_before = _cache_files(settings)
    feed.write_text(make_feed(20, edited=frozenset({5})), encoding="utf-8")
    third = run_batch(str(feed), settings, options)
    assert _rendered(third) == ["review-0005"]
    edited = _by_key(third)["review-0005"]
    assert edited.reason == "content changed"
    assert (edited.synthesized, edited.cached) == (1, 8)  # only the edited sentence; intro, outro and 6 others cached
    assert len(_cache_files(settings) - cached_before) == 1  # exactly one new sentence synthesized
    rows = StateStore.open(out).rows()
    assert [k for k, r in rows.items() if r.content_hash != hashes[k]] == ["review-0005"]
    assert {k: r.rendered_at for k, r in rows.items() if k != "review-0005"} == {
        k: v for k, v in stamps.items() if k != "review-0005"
    }
    slug = rows["review-0005"].slug
    assert "at noon and leaves before the rain" in (out / slug / f"{slug}.txt").read_text()


def test_unchanged_entries_load_no_engine(tmp_path: Path, fake_settings: Settings) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(3, broken=False), encoding="utf-8")
    out = tmp_path / "out"
    run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(out), jobs=1))
    script = textwrap.dedent(
        f"""
        import sys
        from audioreview.batch import BatchOptions, run_batch
        from audioreview.settings import Settings
        settings = Settings(**{json.dumps({k: getattr(fake_settings, k) for k in ("narrator", "host", "voices_dir", "cache_dir")})},
                            intro_sting=None, outro_sting=None, bed=None, versions=("full",))
        summary = run_batch({str(feed)!r}, settings, BatchOptions(out_dir={str(out)!r}, jobs=2))
        heavy = ["audioreview.pipeline", "audioreview.engines.fake", "piper", "onnxruntime", "numpy", "pydub"]
        print(dict(summary.counts)["skipped"], [m for m in heavy if m in sys.modules])
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "[]"]


def test_output_missing_settings_changed_and_force(tmp_path: Path, fake_settings: Settings) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(3, broken=False), encoding="utf-8")
    out = tmp_path / "out"
    options = BatchOptions(out_dir=str(out), jobs=1)
    first = run_batch(str(feed), fake_settings, options)
    slug = _by_key(first)["review-0002"].slug
    assert slug
    for path in (out / slug).iterdir():
        path.unlink()
    (out / slug).rmdir()
    again = run_batch(str(feed), fake_settings, options)
    assert [(r.key, r.reason) for r in again.reports if r.status == "rendered"] == [("review-0002", "output missing")]
    assert _by_key(again)["review-0002"].slug == slug and output_present(out, slug)
    louder = dataclasses.replace(fake_settings, bitrate_kbps=128)
    changed = run_batch(str(feed), louder, options)
    assert {r.reason for r in changed.reports} == {"settings changed"} and changed.counts["rendered"] == 3
    forced = run_batch(str(feed), louder, dataclasses.replace(options, force=True, only=("review-0003",)))
    assert [(r.key, r.reason) for r in forced.reports] == [("review-0003", "forced")]


def test_dry_run_limit_since_only(tmp_path: Path, fake_settings: Settings) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(4), encoding="utf-8")
    out = tmp_path / "out"
    dry = run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(out), dry_run=True))
    assert dry.counts["planned"] == 6 and dry.counts["failed"] == 2 and dry.dry_run
    assert {r.reason for r in dry.reports if r.status == "planned"} == {"new"}
    assert not out.exists()  # a dry run writes nothing

    limited = run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(out), jobs=1, limit=2))
    assert limited.counts["rendered"] == 2 and limited.counts["deferred"] == 4
    assert _rendered(limited) == ["review-0001", "review-0002"]
    rest = run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(out), jobs=1, only=("review-0004",)))
    assert [(r.key, r.status) for r in rest.reports] == [("review-0004", "rendered")]
    # entry 3 is dated 4 Jan 2024, entry 5 5 Jan, entry 6 has no readable date (kept), summary-only has none
    since = run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(out), jobs=1, since="2024-01-05", dry_run=True))
    assert {r.key for r in since.reports if r.status == "planned"} == {"review-0006", "review-summary"}
    with pytest.raises(BatchError, match="--since 'soon' is not a date"):
        run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(out), since="soon"))


def test_a_retitled_entry_keeps_its_slug(tmp_path: Path, fake_settings: Settings) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(2, broken=False), encoding="utf-8")
    out = tmp_path / "out"
    first = _by_key(run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(out), jobs=1)))
    feed.write_text(make_feed(2, broken=False).replace("The Lighthouse Review 1", "A New Name"), encoding="utf-8")
    second = run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(out), jobs=1))
    assert _rendered(second) == ["review-0001"]
    assert _by_key(second)["review-0001"].slug == first["review-0001"].slug == "the-lighthouse-review-1"
    manifest = json.loads((out / "the-lighthouse-review-1" / "the-lighthouse-review-1.json").read_text())
    assert manifest["title"] == "A New Name"


def test_one_bad_entry_never_stops_the_rest(tmp_path: Path, fake_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = tmp_path / "feed.xml"
    text = make_feed(4, broken=False).replace(
        "<p>Review 2 visits", '<p><img src="x.png"/></p><p hidden="">Review 2 visits'
    )
    text = text.replace(text[text.index("<![CDATA[<p><img") : text.index("]]>", text.index("<![CDATA[<p><img"))],
                        '<![CDATA[<img src="x.png"/>')  # fmt: skip
    feed.write_text(text, encoding="utf-8")
    import audioreview.pipeline as pipeline

    real = pipeline.produce

    def flaky(review, settings, **kw):  # type: ignore[no-untyped-def]
        if "Review 3" in review.meta.title:
            raise RuntimeError("boom")
        return real(review, settings, **kw)

    monkeypatch.setattr(pipeline, "produce", flaky)
    summary = run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(tmp_path / "out"), jobs=1))
    failed = {r.key: r.reason for r in summary.failures}
    assert set(failed) == {"review-0002", "review-0003"}
    assert "no review text found" in failed["review-0002"]
    assert failed["review-0003"] == "internal error: RuntimeError: boom"
    assert _rendered(summary) == ["review-0001", "review-0004"]


def test_a_second_run_on_the_same_folder_is_refused(tmp_path: Path, fake_settings: Settings) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(1, broken=False), encoding="utf-8")
    out = tmp_path / "out"
    with batch_lock(out):
        with pytest.raises(BatchError, match="another audioreview batch is running on this output folder"):
            run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(out), jobs=1))
        config = write_fake_config(tmp_path / "audioreview.toml", tmp_path / "cache")
        result = _runner().invoke(main, ["--config", str(config), "batch", str(feed), "-o", str(out)])
        assert result.exit_code == 1
        assert result.stderr.startswith(f"audioreview: error: {out}: another audioreview batch is running")
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (out / ".audioreview-state.sqlite").exists() or not StateStore.open(out).rows()


def test_front_matter_update_changes_only_the_audio_lines(tmp_path: Path, fake_settings: Settings) -> None:
    content = tmp_path / "content" / "posts"
    content.mkdir(parents=True)
    originals = {
        "one.md": post_markdown(1).encode(),
        "two.md": post_markdown(2, front="title: Two\naudio:\n  full: stale.mp3\ndraft: false\n").replace("\n", "\r\n").encode(),
        "three.md": (b"Post three has no front matter at all. It is short but fine.\n\nSecond paragraph here.\n"),
    }
    for name, data in originals.items():
        (content / name).write_bytes(data)
    out = tmp_path / "static" / "audio"
    options = BatchOptions(out_dir=str(out), jobs=1, update_front_matter=True, base_url="https://cdn.example.org/audio/")
    first = run_batch(str(tmp_path / "content"), fake_settings, options)
    assert first.counts["rendered"] == 3 and not first.failures
    rows = StateStore.open(out).rows()
    for name, original in originals.items():
        row = rows[f"posts/{name}"]
        slug = row.slug
        seconds = json.loads((out / slug / f"{slug}.json").read_text())["versions"]["full"]["duration_s"]
        audio = {"full": f"https://cdn.example.org/audio/{slug}/{slug}.mp3", "full_duration_s": seconds}
        after = (content / name).read_bytes()
        newline = "\r\n" if b"\r\n" in original else "\n"
        block = render_audio(audio, newline).encode()
        assert block in after
        if name == "two.md":
            restored = after.replace(block, b"audio:\r\n  full: stale.mp3\r\n")
        elif name == "three.md":
            restored = after.replace(b"---\n" + block + b"---\n", b"", 1)
        else:
            restored = after.replace(block, b"")
        assert restored == original
    snapshot = {n: (content / n).read_bytes() for n in originals}
    again = run_batch(str(tmp_path / "content"), fake_settings, options)
    assert again.counts["skipped"] == 3 and again.counts["rendered"] == 0
    assert {n: (content / n).read_bytes() for n in originals} == snapshot
    assert not list(content.glob(".tmp-*"))


def _cli(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    config = write_fake_config(tmp_path / "audioreview.toml", tmp_path / "cache", versions=("full",))
    result = _runner().invoke(main, ["--config", str(config), "batch", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_json_summary_and_exit_codes(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(2), encoding="utf-8")
    code, out, err = _cli(tmp_path, str(feed), "-o", str(tmp_path / "out"), "--jobs", "1", "--json")
    assert code == 1  # two entries are broken
    doc = json.loads(out)
    assert doc["counts"]["rendered"] == 4 and doc["counts"]["failed"] == 2
    entry = next(e for e in doc["entries"] if e["id"] == "review-0001")
    assert entry["status"] == "rendered" and entry["reason"] == "new" and entry["slug"]
    assert entry["durations_s"]["full"] > 0 and entry["seconds"] > 0
    assert "[1/6]" in err  # plain progress lines when not on a terminal

    feed.write_text(make_feed(2, broken=False), encoding="utf-8")
    code, out, err = _cli(tmp_path, str(feed), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 0
    assert out.splitlines()[0].startswith(f"feed {feed}: 2 skipped, 0 failed")


def test_cli_lists_each_failure_on_one_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(1), encoding="utf-8")
    code, out, _ = _cli(tmp_path, str(feed), "-o", str(tmp_path / "out"), "--jobs", "1", "--dry-run", "-q")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].endswith("(dry run: nothing written)")
    assert "failed    review-empty: no content or summary" in lines
    assert any(line.startswith("failed    review-0001: duplicate id") for line in lines)
    assert sum(line.startswith("would render") for line in lines) == 3


def test_cli_bad_source_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text('<rss version="2.0"><channel><item><title>x</item></channel></rss>')
    code, _, err = _cli(tmp_path, str(bad), "-o", str(tmp_path / "out"))
    assert code == 1
    assert err.strip() == f"audioreview: error: {bad}: malformed XML at line 1, column 45: mismatched tag"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers inherit the patch only when forked")
def test_a_dying_worker_fails_only_the_entries_in_flight(
    tmp_path: Path, fake_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import audioreview.pipeline as pipeline

    real = pipeline.produce

    def crashing(review, settings, **kw):  # type: ignore[no-untyped-def]
        if "Review 2" in review.meta.title:
            os._exit(9)  # as if the kernel killed the worker
        return real(review, settings, **kw)

    monkeypatch.setattr(pipeline, "produce", crashing)
    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(8, broken=False), encoding="utf-8")
    summary = run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(tmp_path / "out"), jobs=2))
    failed = {r.key: r.reason for r in summary.failures}
    assert "review-0002" in failed and failed["review-0002"].startswith("worker failed: BrokenProcessPool")
    assert len(failed) <= 4  # at most the window of entries in flight when the worker died
    assert set(_rendered(summary)) | set(failed) == {f"review-{i:04d}" for i in range(1, 9)}
    assert {f"review-{i:04d}" for i in range(6, 9)} <= set(_rendered(summary))  # a fresh pool took over


def test_only_that_matches_nothing_is_an_error(tmp_path: Path, fake_settings: Settings) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(2, broken=False), encoding="utf-8")
    with pytest.raises(BatchError, match="--only nope: no such entry in feed"):
        run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(tmp_path / "out"), only=("nope",)))


def test_an_output_folder_inside_the_content_is_not_read_as_posts(tmp_path: Path, fake_settings: Settings) -> None:
    content = tmp_path / "site"
    content.mkdir()
    (content / "one.md").write_text(post_markdown(1))
    options = BatchOptions(out_dir=str(content / "audio"), jobs=1)
    assert run_batch(str(content), fake_settings, options).counts["rendered"] == 1
    again = run_batch(str(content), fake_settings, options)
    assert [(r.key, r.status) for r in again.reports] == [("one.md", "skipped")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_rendered_entry_names_its_worker_and_its_peak_memory(
    tmp_path: Path, fake_settings: Settings, jobs: int
) -> None:
    import os

    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(6, broken=False), encoding="utf-8")
    summary = run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(tmp_path / "out"), jobs=jobs))
    rendered = [r for r in summary.reports if r.status == "rendered"]
    assert len(rendered) == 6
    workers = {r.worker for r in rendered}
    if jobs == 1:
        assert workers == {os.getpid()}
    else:
        assert os.getpid() not in workers and 1 <= len(workers) <= 2
    assert all(r.worker_peak_kb > 10_000 for r in rendered)  # a Python process with the pipeline loaded
    again = run_batch(str(feed), fake_settings, BatchOptions(out_dir=str(tmp_path / "out"), jobs=jobs))
    assert {r.status for r in again.reports} == {"skipped"} and {r.worker for r in again.reports} == {0}
