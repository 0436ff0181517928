"""The studio in a real browser: Debian's Chromium driven by Playwright through the whole loop.

The loop runs on the fake engine (open, play, fix a word and hear the new
take, toggle a short-version sentence, render, open the page); one test plays
sentences with real Piper and prints the time from the click to sound.
axe-core (``make validators`` installs it from npm) checks both screens. Set
``STUDIO_SCREENSHOTS`` to a folder (docs/studio) to keep the screenshots.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from fixtures.chromium import chromium
from fixtures.studio_site import make_site  # noqa: E402

from audioreview.studio.app import create_app  # noqa: E402
from audioreview.studio.server import free_port  # noqa: E402
from audioreview.studio.workspace import Workspace  # noqa: E402

pytestmark = pytest.mark.real

ROOT = Path(__file__).parent.parent
AXE = ROOT / "tests" / "validators" / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


class Running:
    """A studio served by uvicorn in a thread on a free port."""

    def __init__(self, folder: Path) -> None:
        import uvicorn

        self.port = free_port()
        self.token = secrets.token_urlsafe(16)
        hosts = (f"127.0.0.1:{self.port}", f"localhost:{self.port}")
        app = create_app(Workspace.open(folder), self.token, hosts=hosts)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def __enter__(self) -> Running:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.server.started, "the studio did not start"
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def _open(browser: Any, url: str, **context: Any) -> tuple[Any, Any, list[str]]:
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(180_000)  # the script screen times the short version on real takes first
    page.goto(url)
    page.wait_for_selector("body[data-ready='true']")
    return ctx, page, errors


def _play(page: Any, index: int | None) -> dict[str, Any]:
    """Click a sentence's play button (or "Hear it" for the fix); wait for sound; key, duration, latency."""
    page.evaluate("document.getElementById('player').dataset.latencyMs = ''")
    page.click("#fix-hear" if index is None else f"#s{index} button.play")
    page.wait_for_function(
        "() => { const p = document.getElementById('player'); return p.dataset.latencyMs && p.duration > 0; }",
        timeout=60_000,
    )
    return page.evaluate(
        "() => { const p = document.getElementById('player');"
        " return {key: p.dataset.key, cached: p.dataset.cached, duration: p.duration, latency: Number(p.dataset.latencyMs)}; }"
    )


def _axe(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in result["violations"]]


def _row_of(page: Any, text: str) -> int:
    return int(page.locator("tbody tr", has_text=text).first.get_attribute("data-index"))


def test_the_whole_loop(browser: Any, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    with Running(site) as studio:
        ctx, page, errors = _open(browser, studio.url)
        assert page.url.endswith("/") and "token=" not in page.url
        assert page.locator("tr[data-state='not rendered']").count() == 2
        page.click("text=The Lantern Keeper")
        page.wait_for_selector("#review")
        page.wait_for_selector("body[data-ready='true']")

        index = _row_of(page, "Halvorsen directs")
        first = _play(page, index)
        assert first["duration"] > 0.5

        page.fill("#fix-word", "Halvorsen")
        page.fill("#fix-sounds", "Hal-vor-sen")
        page.fill("#fix-sentence", str(index))
        fixed = _play(page, None)
        assert fixed["key"] != first["key"] and fixed["cached"] == "false" and fixed["duration"] > 0.5
        page.wait_for_selector("#fix-message:has-text('Hal-vor-sen')")
        page.click("#fix-save")
        page.wait_for_selector("#fix-message:has-text('Saved to lexicon.toml')")
        assert page.locator("tr.affected").count() == 2
        assert 'Hal-vor-sen' in (site / "lexicon.toml").read_text()
        again = _play(page, index)
        assert again["key"] == fixed["key"] and again["cached"] == "true"

        keeper = _row_of(page, "The keeper counts")
        page.check(f"#s{keeper} input.short-toggle")
        page.wait_for_function("() => document.getElementById('status').textContent.includes('short version')")
        assert "<!-- short -->\nHalvorsen directs" in (site / "lantern.md").read_text()
        assert page.locator("tr.in-short").count() == 2  # exactly the marked paragraph, as the CLI reads it

        page.click("#render")
        page.wait_for_selector("#listen:not([hidden])", timeout=60_000)
        assert page.evaluate("document.getElementById('render-progress').value") == 100
        page.click("#listen")
        page.wait_for_selector("section.episode")
        assert "The Lantern Keeper" in page.title()
        page.goto(studio.url.replace("/?", "/feed?"))
        assert "The Lantern Keeper" in page.content()
        assert errors == []
        ctx.close()


def test_no_token_wrong_host_and_cross_site_post_in_the_browser(browser: Any, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    with Running(site) as studio:
        ctx = browser.new_context()
        page = ctx.new_page()
        assert page.goto(f"http://127.0.0.1:{studio.port}/").status == 403
        assert page.goto(f"http://localhost:{studio.port}/?token=wrong").status == 403
        assert page.goto(studio.url).status == 200
        assert page.goto(f"http://127.0.0.1:{studio.port}/review?path=../secret.md").status == 404
        # a page of another origin (data: URL) posting to the studio: refused, nothing written
        status = page.evaluate(
            "async (url) => { try { const r = await fetch(url, {method: 'POST', mode: 'no-cors',"
            " body: JSON.stringify({show: 'Hijacked'})}); return r.type; } catch (e) { return 'error'; } }",
            f"http://127.0.0.1:{studio.port}/api/settings",
        )
        assert status in ("opaque", "basic", "error")
        assert "Hijacked" not in (site / "audioreview.toml").read_text()
        ctx.close()


def test_screens_pass_axe_and_are_photographed(browser: Any, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    keep = os.environ.get("STUDIO_SCREENSHOTS")
    shots = Path(keep) if keep else tmp_path / "shots"
    shots.mkdir(parents=True, exist_ok=True)
    violations: dict[str, list[str]] = {}
    with Running(site) as studio:
        for size, viewport in SIZES.items():
            for scheme in ("light", "dark"):
                ctx, page, errors = _open(browser, studio.url, viewport=viewport, color_scheme=scheme)
                page.screenshot(path=str(shots / f"reviews-{size}-{scheme}.png"), full_page=True)
                if AXE.is_file():
                    violations[f"reviews {size} {scheme}"] = _axe(page)
                page.goto(f"http://127.0.0.1:{studio.port}/review?path=lantern.md")
                page.wait_for_selector("body[data-ready='true']")
                page.locator("tr.in-short").first.scroll_into_view_if_needed()
                page.screenshot(path=str(shots / f"script-{size}-{scheme}.png"), full_page=True)
                if AXE.is_file():
                    violations[f"script {size} {scheme}"] = _axe(page)
                assert errors == []
                ctx.close()
    assert len(list(shots.glob("*.png"))) == 8
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE}): run `make validators` (npm) to check accessibility")
    assert {k: v for k, v in violations.items() if v} == {}


def test_play_with_real_piper_times_click_to_sound(browser: Any, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", engine=None)
    with Running(site) as studio:
        ctx, page, errors = _open(browser, studio.url.replace("/?", "/review?path=lantern.md&"))
        index = _row_of(page, "The keeper counts")
        page.fill("#fix-word", "ledger")
        page.fill("#fix-sounds", f"led-jer {secrets.token_hex(2)}")  # a take no cache can hold yet
        page.fill("#fix-sentence", str(index))
        uncached = _play(page, None)
        cached = _play(page, None)
        plain = _play(page, index)
        print(f"\nstudio play, real Piper: uncached {uncached['latency']:.0f} ms, cached {cached['latency']:.0f} ms, "
              f"a sentence the script screen already timed {plain['latency']:.0f} ms (take {uncached['duration']:.2f} s)")
        assert uncached["cached"] == "false" and cached["cached"] == "true"
        assert cached["key"] == uncached["key"] and abs(cached["duration"] - uncached["duration"]) < 0.01
        assert uncached["duration"] > 1.0
        assert errors == []
        ctx.close()
