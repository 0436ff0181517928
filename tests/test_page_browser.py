"""The listening page in a real browser: Debian's Chromium driven by Playwright.

Served by our own ``serve.py`` on an ephemeral port, and opened from file://
(where Chromium refuses to load <track> files, so the embedded VTT is used).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixtures.local_server import served
from fixtures.podcast_production import SENTENCES, cue_times, decoded_duration, make_production

from audioreview.publish.page import write_page

pytestmark = pytest.mark.real

SLUG = "quiet-harbour"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    make_production(root, SLUG, "Quiet Harbour", url="https://example.org/reviews/quiet-harbour", image=True,
                    rating={"value": 7.5, "scale": 10, "text": "7.5/10"}, versions={"full": 20.0, "short": 8.0})
    write_page(root / SLUG)
    return root


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


def _open(browser: Any, url: str, **context: Any) -> tuple[Any, Any, list[str]]:
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_selector("section.episode[data-ready='true']")
    assert errors == []
    return ctx, page, requests


def _wait_time(page: Any, selector: str, target: float, tolerance: float = 0.6) -> float:
    page.wait_for_function(
        "([sel, t, tol]) => Math.abs(document.querySelector(sel).currentTime - t) <= tol",
        arg=[selector, target, tolerance], timeout=10_000,
    )
    return float(page.evaluate("(sel) => document.querySelector(sel).currentTime", selector))


def _active(page: Any, section: str) -> list[int]:
    return page.evaluate(
        """(section) => Array.from(document.querySelectorAll(`#${section} .cue`))
             .map((el, i) => el.getAttribute('aria-current') === 'true' ? i : -1).filter(i => i >= 0)""",
        section,
    )


def test_page_plays_seeks_and_follows_the_audio(site: Path, base_url: str, browser: Any,
                                                 tmp_path: Path) -> None:
    url = f"{base_url}{SLUG}/index.html"
    ctx, page, requests = _open(browser, url, viewport={"width": 1280, "height": 900})
    try:
        audio = "#full audio"
        page.wait_for_function("(sel) => document.querySelector(sel).duration > 0", arg=audio, timeout=15_000)
        duration = page.evaluate("(sel) => document.querySelector(sel).duration", audio)
        assert abs(duration - decoded_duration(site / SLUG / f"{SLUG}.mp3")) < 0.5
        assert page.evaluate("document.querySelector('#short audio').duration") > 0

        # Over http the <track> loads; its cues drive the page (mode "hidden" so they load silently).
        page.wait_for_function("(n) => document.querySelector('#full audio').textTracks[0].cues?.length === n",
                               arg=len(SENTENCES), timeout=10_000)
        assert page.evaluate("document.querySelector('#full audio').textTracks[0].mode") == "hidden"
        page.wait_for_selector("#full[data-cue-source='track']")

        # A chapter button seeks there.
        manifest_chapters = page.eval_on_selector_all(
            "#full .chapters button", "els => els.map(b => parseFloat(b.dataset.start))")
        page.click("#full .chapters li:nth-child(3) button")
        _wait_time(page, audio, manifest_chapters[2])
        page.evaluate("document.querySelectorAll('audio').forEach(a => a.pause())")

        # Setting currentTime moves the highlight to the sentence being spoken.
        cues = cue_times(duration, len(SENTENCES))
        for index in (3, 0, 5):
            start, end = cues[index]
            page.evaluate("([sel, t]) => { document.querySelector(sel).currentTime = t; }",
                          [audio, (start + end) / 2])
            page.wait_for_function(
                "(i) => document.querySelectorAll('#full .cue')[i].getAttribute('aria-current') === 'true'",
                arg=index, timeout=5_000)
            assert _active(page, "full") == [index]
        assert page.evaluate("document.querySelectorAll('#full .chapters [aria-current=true]').length") == 1

        # Clicking a sentence seeks to its start; so does Enter on a focused sentence.
        page.click("#full .cue >> nth=4")
        _wait_time(page, audio, cues[4][0])
        page.evaluate("document.querySelectorAll('audio').forEach(a => a.pause())")
        page.focus("#full .cue >> nth=1")
        page.keyboard.press("Enter")
        _wait_time(page, audio, cues[1][0])
        page.evaluate("document.querySelectorAll('audio').forEach(a => a.pause())")

        # Only one player at a time.
        page.evaluate("document.querySelector('#short audio').play().catch(() => {})")
        page.wait_for_function("document.querySelector('#full audio').paused")

        page.screenshot(path=str(tmp_path / "desktop.png"), full_page=True)
        assert all(u.startswith((base_url, "data:")) for u in requests), requests
    finally:
        ctx.close()


def test_page_on_a_phone_in_dark_mode(base_url: str, browser: Any, tmp_path: Path) -> None:
    ctx, page, _ = _open(browser, f"{base_url}{SLUG}/", viewport={"width": 390, "height": 844},
                         device_scale_factor=2, is_mobile=True, has_touch=True, color_scheme="dark")
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(20, 18, 31)"
        page.screenshot(path=str(tmp_path / "phone-dark.png"), full_page=True)
        ctx.close()
        ctx, page, _ = _open(browser, f"{base_url}{SLUG}/", viewport={"width": 390, "height": 844},
                             device_scale_factor=2, is_mobile=True, color_scheme="light")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(248, 245, 239)"
        page.screenshot(path=str(tmp_path / "phone-light.png"))
    finally:
        ctx.close()
    for name in ("phone-dark.png", "phone-light.png"):
        assert (tmp_path / name).stat().st_size > 10_000


def test_page_works_from_file_urls(site: Path, browser: Any, tmp_path: Path) -> None:
    copy = tmp_path / SLUG
    shutil.copytree(site / SLUG, copy)
    ctx, page, requests = _open(browser, copy.joinpath("index.html").as_uri())
    try:
        audio = "#full audio"
        page.wait_for_function("(sel) => document.querySelector(sel).duration > 0", arg=audio, timeout=15_000)
        # Chromium loads no <track> from file://: the cue times come from the VTT embedded in the page.
        assert page.get_attribute("#full", "data-cue-source") == "embedded"
        assert page.evaluate("document.querySelector('#full audio').textTracks[0].cues?.length ?? 0") == 0
        duration = page.evaluate("(sel) => document.querySelector(sel).duration", audio)
        cues = cue_times(duration, len(SENTENCES))
        start, end = cues[2]
        page.evaluate("([sel, t]) => { document.querySelector(sel).currentTime = t; }", [audio, (start + end) / 2])
        page.wait_for_function(
            "document.querySelectorAll('#full .cue')[2].getAttribute('aria-current') === 'true'", timeout=5_000)
        assert _active(page, "full") == [2]
        page.click("#short summary")
        page.click("#short .cue >> nth=3")
        short_duration = page.evaluate("document.querySelector('#short audio').duration")
        _wait_time(page, "#short audio", cue_times(short_duration, len(SENTENCES))[3][0])
        assert all(u.startswith(("file:", "data:")) for u in requests), requests
    finally:
        ctx.close()
