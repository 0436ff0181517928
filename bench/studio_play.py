"""How long the studio's play button takes, through its routes, with real Piper.

Opens a studio on a small folder (the default voice), plans the review's
script (which loads the voice and times the short version on real takes),
then posts /api/say as the play button does and fetches the take, for a
sentence already in the cache and for new takes nobody has cached. Prints
the median of each; the browser test prints the same from click to sound.

    python bench/studio_play.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.studio_site import make_site  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from audioreview.studio.app import create_app  # noqa: E402
from audioreview.studio.guard import csrf_token  # noqa: E402
from audioreview.studio.workspace import Workspace  # noqa: E402


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site", engine=None)
        token = secrets.token_hex(8)
        client = TestClient(create_app(Workspace.open(site), token, hosts=("testserver",)))
        client.get(f"/?token={token}")
        client.headers["X-CSRF-Token"] = csrf_token(token)
        start = time.perf_counter()
        client.get("/review", params={"path": "lantern.md"}).raise_for_status()
        print(f"script screen, first open (voice load + timing the short version): {_ms(start):.0f} ms")

        def play(extra: dict[str, str]) -> tuple[float, bool]:
            start = time.perf_counter()
            said = client.post("/api/say", json={"path": "lantern.md", "index": 3, **extra}).json()
            client.get(said["url"]).raise_for_status()
            return _ms(start), said["cached"]

        play({})
        cached = [play({})[0] for _ in range(args.runs)]
        uncached = [play({"word": "ledger", "sounds": f"led-jer {secrets.token_hex(3)}"}) for _ in range(args.runs)]
        assert not any(hit for _, hit in uncached)
        load = os.getloadavg()[0]
        print(f"play, cached take:   median {statistics.median(cached):.0f} ms over {args.runs}")
        print(f"play, uncached take: median {statistics.median(t for t, _ in uncached):.0f} ms over {args.runs}")
        print(f"(load average {load:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
