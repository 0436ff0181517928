"""How quickly the studio opens a review and plays a sentence, through its routes, with real Piper.

Opens a studio on a folder holding ``examples/quiet-harbour.md`` (the
default voice, an empty take cache), and times:

- the script screen's first open in a fresh process, and once the studio's
  start-up warm-up (``Studio.warm_up``, as ``audioreview studio`` runs it)
  has planned the text; neither synthesizes anything;
- the short version's estimate, which times the voice on a few real takes
  in the background;
- the play button (POST /api/say, then GET of the take), for a sentence in
  the cache and for new takes nobody has cached, against the engine's own
  synthesis time for those takes.

    python bench/studio_play.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from starlette.testclient import TestClient  # noqa: E402

from audioreview.studio.app import create_app  # noqa: E402
from audioreview.studio.guard import csrf_token  # noqa: E402
from audioreview.studio.workspace import Workspace  # noqa: E402

REVIEW = "quiet-harbour.md"


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _client(site: Path, *, warm: bool) -> TestClient:
    token = secrets.token_hex(8)
    app = create_app(Workspace.open(site), token, hosts=("testserver",))
    if warm:
        app.state.studio.warm_up()
    client = TestClient(app)
    client.get(f"/?token={token}").raise_for_status()
    client.headers["X-CSRF-Token"] = csrf_token(token)
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        shutil.copy(ROOT / "examples" / REVIEW, site / REVIEW)
        (site / "audioreview.toml").write_text('cache_dir = "cache"\n', encoding="utf-8")

        client = _client(site, warm=False)
        start = time.perf_counter()
        client.get("/review", params={"path": REVIEW}).raise_for_status()
        print(f"script screen, first open in a fresh process (imports, text work, no synthesis): {_ms(start):.0f} ms")
        start = time.perf_counter()
        while client.get("/api/estimate", params={"path": REVIEW}).json()["state"] == "pending":
            time.sleep(0.02)
        print(f"short version's estimate ready (voice loaded, takes timed) {_ms(start):.0f} ms after the page")
        takes = list((site / "cache").rglob("*.wav"))
        print(f"  ({len(takes)} takes synthesized for it, in the background)")

        warm = _client(site, warm=True)
        time.sleep(1.0)  # the browser opens the reviews screen first; the warm-up runs meanwhile
        start = time.perf_counter()
        warm.get("/review", params={"path": REVIEW}).raise_for_status()
        print(f"script screen, first open after the start-up warm-up: {_ms(start):.0f} ms")

        def play(extra: dict[str, str]) -> tuple[float, bool, int]:
            start = time.perf_counter()
            said = client.post("/api/say", json={"path": REVIEW, "index": 3, **extra}).json()
            client.get(said["url"]).raise_for_status()
            return _ms(start), said["cached"], said["synth_ms"]

        play({})
        cached = [play({})[0] for _ in range(args.runs)]
        uncached = [play({"word": "harbour", "sounds": f"har-bor {secrets.token_hex(3)}"}) for _ in range(args.runs)]
        assert not any(hit for _, hit, _ in uncached)
        load = os.getloadavg()[0]
        print(f"play, cached take:   median {statistics.median(cached):.0f} ms over {args.runs}")
        print(f"play, uncached take: median {statistics.median(t for t, _, _ in uncached):.0f} ms over {args.runs}"
              f" (of which the engine: median {statistics.median(s for _, _, s in uncached):.0f} ms)")
        print(f"(load average {load:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
