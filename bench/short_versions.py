"""The short version of every example on real Piper audio: target, actual, picks, rating.

    .venv/bin/python bench/short_versions.py [--seconds 75]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from audioreview.ingest import load
from audioreview.pipeline import plan, produce
from audioreview.settings import Settings
from audioreview.speech.summarize import _RATING

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=75.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(cache_dir=f"{tmp}/cache", output_dir=f"{tmp}/out", versions=("short",), short_seconds=args.seconds)
        print("| example | words | target | narration | picked / total | rating kept |")
        print("|---|---|---|---|---|---|")
        for example in sorted((ROOT / "examples").glob("*.*")):
            review = load(str(example), settings=settings)
            production = produce(review, settings)
            (short,) = production.renditions
            cues = short.timeline.cues
            narration = (cues[-1].end_ms - cues[0].start_ms) / 1000
            p = plan(review, settings)
            full = plan(review, Settings(cache_dir=settings.cache_dir, versions=("full",))).full
            total = sum(1 for sec in full.sections if sec.kind == "body" for _ in sec.segments)
            body = [s for sec in p.short.sections if sec.kind == "body" for s in sec.segments]  # type: ignore[union-attr]
            rated = p.review.meta.rating is not None
            kept = any(s.role == "rating" or _RATING.search(s.display) for s in body)
            words = sum(len(b.text.split()) for b in p.review.blocks)
            print(
                f"| {example.name} | {words} | {args.seconds:.0f} s | {narration:.1f} s | {len(body)} / {total} | "
                f"{('yes' if kept else 'NO') if rated else 'no rating'} |",
                flush=True,
            )
    sys.exit(0)


if __name__ == "__main__":
    main()
