"""The studio in a real browser: Debian's Chromium driven by Playwright through the whole loop.

The loop runs on the fake engine: open, play a sentence (the audio element
reports its duration), fix a word and hear the new take (its cache key
changed), save it, toggle a short-version paragraph and write a summary,
render with progress by server-sent events (and by polling when the browser
has none), open the listening page and the feed. The security cases (no
token, wrong token, a rebound host name, path traversal, cross-site POSTs
from pages of other origins) are answered 403/404. The settings form shows
the server's validation messages. One test plays sentences with real Piper,
prints the time from the click to sound and checks a phoneme fix against
the voice's phoneme list. axe-core (``make validators`` installs it from
npm) checks both screens at desktop and phone widths, dark and light; set
``STUDIO_SCREENSHOTS`` to a folder (docs/studio) to keep the screenshots.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from fixtures.chromium import ARGS  # noqa: E402
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


class Attacker:
    """Another origin's pages on 127.0.0.1: /form posts to the studio when opened, /page is blank."""

    def __init__(self, studio: str) -> None:
        import http.server

        form = (f'<form id=f method=post enctype=text/plain action="{studio}/api/settings">'
                '<input name=\'{"show": "Hijacked", "x": "\' value=\'"}\'></form>'
                "<script>document.getElementById('f').submit()</script>").encode()  # fmt: skip

        class Pages(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802  (the handler's API)
                body = form if self.path == "/form" else b"<p>another site</p>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
        self.port = self.server.server_address[1]

    def __enter__(self) -> Attacker:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def browser_args() -> list[str]:
    # evil.test resolves to this machine, as a DNS-rebinding attacker would arrange
    return [*ARGS, "--host-resolver-rules=MAP evil.test 127.0.0.1"]


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


def _estimated(page: Any) -> None:
    page.wait_for_selector("#review[data-estimate='ready']", timeout=120_000)


def test_the_whole_loop(browser: Any, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    with Running(site) as studio:
        ctx, page, errors = _open(browser, studio.url)
        assert page.url.endswith("/") and "token=" not in page.url
        assert page.locator("tr[data-state='not rendered']").count() == 2
        page.click("text=The Lantern Keeper")
        page.wait_for_selector("#review")
        page.wait_for_selector("body[data-ready='true']")
        _estimated(page)

        index = _row_of(page, "Halvorsen directs")
        first = _play(page, index)
        assert first["duration"] > 0.5

        # fix a word: double-click it in the script, type how it sounds, Enter to hear it, then save
        page.dblclick(f"#s{index} p.written", position={"x": 20, "y": 5})
        assert page.input_value("#fix-word") == "Halvorsen" and page.input_value("#fix-sentence") == str(index)
        assert page.evaluate("document.activeElement.id") == "fix-sounds"
        page.keyboard.type("Hal-vor-sen")
        page.evaluate("document.getElementById('player').dataset.latencyMs = ''")
        page.keyboard.press("Enter")
        page.wait_for_function("() => { const p = document.getElementById('player');"
                               " return p.dataset.latencyMs && p.duration > 0; }")  # fmt: skip
        fixed = page.evaluate("() => { const p = document.getElementById('player');"
                              " return {key: p.dataset.key, cached: p.dataset.cached, duration: p.duration}; }")  # fmt: skip
        assert fixed["key"] != first["key"] and fixed["cached"] == "false" and fixed["duration"] > 0.5
        page.wait_for_selector("#fix-message:has-text('Hal-vor-sen')")
        page.click("#fix-save")
        page.wait_for_selector("#fix-message:has-text('Saved to lexicon.toml')")
        assert page.locator("tr.affected").count() == 2
        assert "Hal-vor-sen" in (site / "lexicon.toml").read_text()
        again = _play(page, index)
        assert again["key"] == fixed["key"] and again["cached"] == "true"

        # a word the voice cannot say as phonemes: the choice is there, but off for this engine
        assert page.locator("#fix-kind option[value='phonemes']").is_disabled()

        keeper = _row_of(page, "The keeper counts")
        page.check(f"#s{keeper} input.short-toggle")
        page.wait_for_function("() => document.getElementById('status').textContent.includes('short version')")
        _estimated(page)
        assert "<!-- short -->\nHalvorsen directs" in (site / "lantern.md").read_text()
        assert page.locator("tr.in-short").count() == 2  # exactly the marked paragraph, as the CLI reads it

        page.fill("#summary-text", "A patient film about a keeper. Worth every minute.")
        page.click("#summary-save")
        page.wait_for_selector("#summary-message:has-text('Summary saved')")
        _estimated(page)
        assert 'summary: "A patient film about a keeper. Worth every minute."' in (site / "lantern.md").read_text()
        assert page.locator("tr.in-short").count() == 0  # the summary is the short version now
        assert "reads your summary (2 sentence(s))" in page.inner_text("#short-note")
        page.fill("#summary-text", "")
        page.click("#summary-save")
        page.wait_for_selector("#summary-message:has-text('Summary removed')")
        assert "summary:" not in (site / "lantern.md").read_text()

        page.click("#render")
        page.wait_for_selector("#listen:not([hidden])", timeout=60_000)
        assert page.evaluate("document.body.dataset.progress") == "events"
        assert page.evaluate("document.getElementById('render-progress').value") == 100
        if os.environ.get("STUDIO_SCREENSHOTS"):  # the script after a fix, a marked paragraph and a render
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(Path(os.environ["STUDIO_SCREENSHOTS"]) / "loop-desktop-light.png"), full_page=True)
        page.click("#listen")
        page.wait_for_selector("section.episode")
        assert "The Lantern Keeper" in page.title()
        page.goto(studio.url.replace("/?", "/feed?"))
        assert "The Lantern Keeper" in page.content()
        assert errors == []
        ctx.close()


def test_render_progress_falls_back_to_polling(browser: Any, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    with Running(site) as studio:
        ctx = browser.new_context()
        ctx.add_init_script("delete window.EventSource;")
        page = ctx.new_page()
        page.goto(studio.url.replace("/?", "/review?path=lantern.md&"))
        page.wait_for_selector("body[data-ready='true']")
        page.click("#render")
        page.wait_for_selector("#listen:not([hidden])", timeout=60_000)
        assert page.evaluate("document.body.dataset.progress") == "poll"
        assert page.inner_text("#render-state") == "done"
        ctx.close()


def test_settings_are_checked_in_the_form(browser: Any, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    with Running(site) as studio:
        ctx, page, errors = _open(browser, studio.url)
        page.fill("#s-short", "5")
        page.click("#settings button[type=submit]")
        page.wait_for_selector("#settings-message:has-text('between 15 and 900 seconds')")
        page.fill("#s-show", "Night Shift Reviews")
        page.fill("#s-short", "60")
        page.fill("#s-speed", "2.5")
        page.click("#settings button[type=submit]")
        page.wait_for_selector("#settings-message:has-text('speed must be between 0.5')")
        page.fill("#s-speed", "0.9")
        page.select_option("#s-narrator", "fake")
        page.click("#settings button[type=submit]")
        page.wait_for_selector("#settings-message:has-text('Saved')")
        text = (site / "audioreview.toml").read_text()
        assert 'show = "Night Shift Reviews"' in text and "short_seconds = 60.0" in text and "# tones" in text
        assert "speed = 0.9" in text
        assert errors == []
        ctx.close()


def test_no_token_wrong_host_cross_site_post_and_traversal_in_the_browser(browser: Any, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    (site.parent / "secret.md").write_text("# Secret\n\nNot for the studio.\n")
    with Running(site) as studio:
        base = f"http://127.0.0.1:{studio.port}"
        ctx = browser.new_context()
        page = ctx.new_page()
        answers: dict[str, int] = {}
        answers["no token"] = page.goto(f"{base}/").status
        answers["wrong token"] = page.goto(f"http://localhost:{studio.port}/?token=wrong").status
        answers["rebound host"] = page.goto(f"http://evil.test:{studio.port}/?token={studio.token}").status
        assert page.goto(studio.url).status == 200
        answers["traversal ../"] = page.goto(f"{base}/review?path=../secret.md").status
        answers["absolute path"] = page.goto(f"{base}/review?path=/etc/passwd").status
        answers["output ../"] = page.goto(f"{base}/out/..%2f..%2fsecret.md").status
        answers["take key"] = page.goto(f"{base}/take/..%2f..%2fsecret.wav").status

        # pages of other origins with a form that posts to the studio and a script that fetches from it:
        # evil.test (another site) and 127.0.0.1 on another port (same site: the browser sends the cookie)
        why: dict[str, str] = {}
        with Attacker(base) as attacker:
            for origin in (f"http://evil.test:{attacker.port}", f"http://127.0.0.1:{attacker.port}"):
                name = "other site" if "evil" in origin else "same site, other port"
                with page.expect_response(f"{base}/api/settings") as posted:
                    page.goto(f"{origin}/form")
                answers[f"form POST from {name}"] = posted.value.status
                why[name] = posted.value.text()
                page.goto(f"{origin}/page")
                with page.expect_response(f"{base}/api/settings") as fetched:
                    page.evaluate("(url) => fetch(url, {method: 'POST', mode: 'no-cors', credentials: 'include',"
                                  " body: JSON.stringify({show: 'Hijacked'})}).catch(() => null)",
                                  f"{base}/api/settings")  # fmt: skip
                answers[f"fetch POST from {name}"] = fetched.value.status
        print("\nstudio security in Chromium:", answers, why)
        # same site: the cookie went along (SameSite does not tell ports apart), the Origin check refused it
        assert why == {"other site": "open the address the studio printed (it carries the access token)",
                       "same site, other port": "cross-site request refused"}  # fmt: skip
        assert "Hijacked" not in (site / "audioreview.toml").read_text()
        assert answers == {"no token": 403, "wrong token": 403, "rebound host": 403, "traversal ../": 404,
                           "absolute path": 404, "output ../": 404, "take key": 404,
                           "form POST from other site": 403, "fetch POST from other site": 403,
                           "form POST from same site, other port": 403,
                           "fetch POST from same site, other port": 403}  # fmt: skip
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
                _estimated(page)
                page.screenshot(path=str(shots / f"script-{size}-{scheme}.png"), full_page=True)
                if AXE.is_file():
                    violations[f"script {size} {scheme}"] = _axe(page)
                assert errors == []
                ctx.close()
    assert len([*shots.glob("reviews-*.png"), *shots.glob("script-*.png")]) == 8
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE}): run `make validators` (npm) to check accessibility")
    assert {k: v for k, v in violations.items() if v} == {}


def test_play_with_real_piper_times_click_to_sound(browser: Any, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", engine=None)
    with Running(site) as studio:
        ctx, page, errors = _open(browser, studio.url.replace("/?", "/review?path=lantern.md&"))
        _estimated(page)  # the voice is loaded and timed: what a writer who opened the review a moment ago has
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

        # phonemes: checked against the voice's phoneme list, then heard
        name = _row_of(page, "Halvorsen directs")
        page.fill("#fix-sentence", str(name))
        page.fill("#fix-word", "Halvorsen")
        page.select_option("#fix-kind", "phonemes")
        page.fill("#fix-sounds", "hˈælvQʃən")
        page.click("#fix-hear")
        page.wait_for_selector("#fix-message:has-text(\"has no phoneme 'Q'\")")
        page.fill("#fix-sounds", "hˈælvɔːɹsən")
        spoken = _play(page, None)
        assert spoken["cached"] == "false" and spoken["duration"] > 1.0
        page.wait_for_selector("#fix-message:has-text('[[ hˈælvɔːɹsən ]]')")
        assert errors == []
        ctx.close()
