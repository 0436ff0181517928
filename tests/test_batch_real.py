"""A small feed rendered with real Piper voices, in worker processes, then skipped on the second run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audioreview.batch import BatchOptions, StateStore, run_batch
from audioreview.settings import Settings

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Real Reviews</title><link>https://reviews.example.org/</link><description>d</description>
<item><title>Small Boats</title><guid>real-1</guid><link>https://reviews.example.org/boats</link>
<content:encoded><![CDATA[<p>Small Boats is a gentle film about a fishing family. The photography is lovely.</p>
<p>It is slow, but it earns its ending. I recommend it.</p>]]></content:encoded></item>
<item><title>Iron Garden</title><guid>real-2</guid><link>https://reviews.example.org/iron</link>
<description>&lt;p&gt;Iron Garden is a puzzle game with clever levels. The music is calm.&lt;/p&gt;</description></item>
</channel></rss>
"""


@pytest.mark.real
def test_real_piper_feed(tmp_path: Path, piper_settings: Settings) -> None:
    pytest.importorskip("piper")
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED, encoding="utf-8")
    out = tmp_path / "out"
    first = run_batch(str(feed), piper_settings, BatchOptions(out_dir=str(out), jobs=2))
    assert not first.failures, [r.reason for r in first.failures]
    assert first.counts["rendered"] == 2
    for report in first.reports:
        assert report.synthesized > 0
        manifest = json.loads((out / str(report.slug) / f"{report.slug}.json").read_text(encoding="utf-8"))
        assert set(manifest["versions"]) == {"full", "short"}
        full = manifest["versions"]["full"]
        assert full["duration_s"] > 5
        assert abs(full["loudness_lufs"] - piper_settings.target_lufs) < 1.5
        assert (out / str(report.slug) / full["audio"]).stat().st_size > 10_000
    second = run_batch(str(feed), piper_settings, BatchOptions(out_dir=str(out), jobs=2))
    assert second.counts == {**second.counts, "rendered": 0, "skipped": 2}
    assert all(row.content_hash for row in StateStore.open(out).rows().values())
