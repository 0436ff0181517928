"""The studio's routes and its gate, through Starlette's TestClient, on the fake engine."""

from __future__ import annotations

import time
import wave
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("tomlkit")

from fixtures.studio_site import make_site  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from audioreview.settings import load_settings  # noqa: E402
from audioreview.speech.prepare import load_lexicons  # noqa: E402
from audioreview.studio.app import create_app  # noqa: E402
from audioreview.studio.guard import COOKIE, MAX_BODY, csrf_token  # noqa: E402
from audioreview.studio.workspace import Workspace  # noqa: E402

TOKEN = "test-token-0123456789"
HOST = "testserver"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


@pytest.fixture
def bare(site: Path) -> TestClient:
    """A client that has not presented the token yet."""
    return TestClient(create_app(Workspace.open(site), TOKEN, hosts=(HOST,)), follow_redirects=False)


@pytest.fixture
def client(bare: TestClient) -> TestClient:
    """A client past the first visit: it holds the cookie and sends the CSRF header."""
    first = bare.get(f"/?token={TOKEN}")
    assert first.status_code == 303 and first.headers["location"] == "/"
    bare.headers["X-CSRF-Token"] = csrf_token(TOKEN)
    return bare


# --- the gate ---------------------------------------------------------------


def test_no_token_is_refused_everywhere(bare: TestClient) -> None:
    for path in ("/", "/review?path=lantern.md", "/static/studio.js", "/feed", "/take/" + "a" * 64 + ".wav"):
        assert bare.get(path).status_code == 403, path
    assert bare.post("/api/say", json={"path": "lantern.md", "index": 0}).status_code == 403


def test_wrong_token_is_refused(bare: TestClient) -> None:
    assert bare.get("/?token=guess").status_code == 403
    bare.cookies.set(COOKIE, "guess")
    assert bare.get("/").status_code == 403


def test_token_moves_to_a_strict_cookie(bare: TestClient) -> None:
    first = bare.get(f"/review?path=lantern.md&token={TOKEN}")
    assert first.status_code == 303
    assert first.headers["location"] == "/review?path=lantern.md"
    cookie = first.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert bare.get("/").status_code == 200


def test_wrong_host_is_refused_even_with_the_token(client: TestClient) -> None:
    assert client.get("/", headers={"Host": "evil.example:8000"}).status_code == 403
    assert client.get(f"/?token={TOKEN}", headers={"Host": "127.0.0.1.evil.example"}).status_code == 403


def test_post_needs_the_csrf_token(client: TestClient) -> None:
    del client.headers["X-CSRF-Token"]
    assert client.post("/api/settings", json={"show": "Hijacked"}).status_code == 403
    wrong = client.post("/api/settings", json={"show": "Hijacked"}, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    assert "Hijacked" not in (client.app.state.studio.ws.config_path.read_text())


def test_cross_site_post_is_refused(client: TestClient) -> None:
    response = client.post("/api/settings", json={"show": "Hijacked"}, headers={"Origin": "http://evil.example"})
    assert response.status_code == 403
    assert "Hijacked" not in client.app.state.studio.ws.config_path.read_text()


def test_state_changes_need_post(client: TestClient) -> None:
    assert client.get("/api/say").status_code == 405
    assert client.put("/api/settings", json={"show": "x"}).status_code == 405


def test_bodies_are_capped(client: TestClient) -> None:
    response = client.post("/api/settings", content=b"{" + b" " * (MAX_BODY + 1) + b"}",
                           headers={"Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 413


@pytest.mark.parametrize("path", ["../outside.md", "/etc/passwd", "notes/../../outside.md", "missing.md", "audioreview.toml"])
def test_paths_outside_the_reviews_are_not_found(client: TestClient, site: Path, path: str) -> None:
    (site.parent / "outside.md").write_text("# Secret\n\nNot for the studio.\n")
    assert client.get("/review", params={"path": path}).status_code == 404
    assert client.post("/api/short", json={"path": path, "index": 1, "on": True}).status_code == 404


def test_symlinks_out_are_refused(client: TestClient, site: Path) -> None:
    secret = site.parent / "secret.md"
    secret.write_text("# Secret\n\nA sentence.\n")
    (site / "link.md").symlink_to(secret)
    (site / "output").mkdir()
    (site / "output" / "leak").symlink_to(secret)
    assert "link.md" not in client.get("/").text
    assert client.get("/review", params={"path": "link.md"}).status_code == 404
    assert client.get("/out/leak").status_code == 404
    assert client.get("/out/../audioreview.toml").status_code == 404
    assert client.get("/out/%2e%2e/audioreview.toml").status_code == 404


def test_take_keys_are_checked(client: TestClient) -> None:
    assert client.get("/take/..%2F..%2Fetc%2Fpasswd.wav").status_code == 404
    assert client.get("/take/" + "0" * 64 + ".wav").status_code == 404


# --- the screens --------------------------------------------------------------


def test_reviews_screen_lists_each_review_with_its_state(client: TestClient, site: Path) -> None:
    (site / "broken.html").write_bytes(b"")
    page = client.get("/").text
    assert "The Lantern Keeper" in page and "notes/other.txt" in page
    assert page.count('data-state="not rendered"') == 2
    assert 'data-state="failed"' in page and "broken.html" in page


def test_script_screen_shows_sentences_chapters_and_the_short_version(client: TestClient) -> None:
    page = client.get("/review", params={"path": "lantern.md"}).text
    assert "The keeper counts ships at night" in page
    assert "The verdict" in page
    assert page.count('class="play"') >= 5
    estimate = _estimate(client)
    assert estimate["state"] == "ready" and estimate["short_ms"] > 0 and estimate["target_ms"] == 40_000
    written = _written(client)
    assert len(estimate["short"]) == len(written) and any(estimate["short"])
    assert 'class="in-short"' in client.get("/review", params={"path": "lantern.md"}).text  # known now: in the page


def test_the_script_opens_before_anything_is_synthesized(client: TestClient, site: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import threading

    from audioreview.studio import work

    gate, real = threading.Event(), work.estimate
    monkeypatch.setattr(work, "estimate", lambda *a: (gate.wait(30), real(*a))[1])
    page = client.get("/review", params={"path": "lantern.md"})
    assert page.status_code == 200 and "timing the voice" in page.text and 'data-estimate="pending"' in page.text
    assert client.get("/api/estimate", params={"path": "lantern.md"}).json() == {"state": "pending"}
    assert not list((site / "cache").rglob("*.wav"))  # the page came without a single take
    gate.set()
    assert _estimate(client)["state"] == "ready"
    assert list((site / "cache").rglob("*.wav"))  # the estimate timed the voice on real takes


def test_play_synthesizes_once_then_takes_from_the_cache(client: TestClient, site: Path) -> None:
    first = client.post("/api/say", json={"path": "lantern.md", "index": 3}).json()
    again = client.post("/api/say", json={"path": "lantern.md", "index": 3}).json()
    assert first["key"] == again["key"] and again["cached"] is True
    wav = client.get(first["url"])
    assert wav.status_code == 200 and wav.headers["content-type"] == "audio/wav"
    path = site / "cache" / first["key"][:2] / f"{first['key']}.wav"
    with wave.open(str(path)) as w:
        assert round(w.getnframes() * 1000 / w.getframerate()) == first["duration_ms"] > 0


def test_a_directed_sentence_plays_as_the_render_joins_it(client: TestClient, site: Path) -> None:
    from audioreview.render.synthesize import SegmentCache, synthesize_all

    (site / "directed.md").write_text("# Directed\n\nIt is *very* slow, and worth it.\n", encoding="utf-8")
    page = client.get("/review", params={"path": "directed.md"})
    assert page.status_code == 200
    view = client.app.state.studio.view("directed.md", client.app.state.studio.ws.settings())
    index = next(i for i, seg in enumerate(view.segments) if seg.parts)
    first = client.post("/api/say", json={"path": "directed.md", "index": index}).json()
    again = client.post("/api/say", json={"path": "directed.md", "index": index}).json()
    assert first["cached"] is False and again["cached"] is True and again["key"] == first["key"]
    takes, _ = synthesize_all([view.segments[index]], view.text.cast, SegmentCache(site / "cache"))
    joined = takes.take(view.segments[index]).audio
    plain = view.text.cast.narrator[0].synthesize(view.segments[index].text, view.text.cast.narrator[1])
    assert first["duration_ms"] == joined.duration_ms != plain.duration_ms  # the parts, joined: not one take
    assert client.get(first["url"]).status_code == 200


def test_fix_a_word_is_heard_then_saved_where_the_cli_reads_it(client: TestClient, site: Path) -> None:
    index = next(i for i, t in enumerate(_spoken(client)) if "Halvorsen directs" in t)
    plain = client.post("/api/say", json={"path": "lantern.md", "index": index}).json()
    heard = client.post("/api/say", json={"path": "lantern.md", "index": index, "word": "Halvorsen",
                                          "sounds": "Hal-vor-sen"}).json()  # fmt: skip
    assert heard["key"] != plain["key"] and "Hal-vor-sen" in heard["spoken"]
    saved = client.post("/api/lexicon", json={"path": "lantern.md", "word": "Halvorsen", "sounds": "Hal-vor-sen"})
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["file"] == "lexicon.toml" and len(body["affected"]) == 2
    config = (site / "audioreview.toml").read_text()
    assert config.startswith("# The folder's settings") and "# tones of known length" in config
    settings = load_settings(cwd=site)
    assert load_lexicons(list(settings.lexicons)).apply("Halvorsen smiles") == "Hal-vor-sen smiles"
    again = client.post("/api/say", json={"path": "lantern.md", "index": index}).json()
    assert again["key"] == heard["key"] and again["cached"] is True


def test_the_cli_speaks_a_saved_fix(client: TestClient, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from audioreview.cli import main

    saved = client.post("/api/lexicon", json={"path": "lantern.md", "word": "Halvorsen", "sounds": "Hal-vor-sen"})
    assert saved.status_code == 200
    monkeypatch.chdir(site)
    result = CliRunner().invoke(main, ["script", "lantern.md"])
    assert result.exit_code == 0, result.output
    assert result.output.count("Hal-vor-sen directs") == 1 and "Hal-vor-sen never hurries" in result.output


def test_a_second_fix_keeps_the_lexicon_comments(client: TestClient, site: Path) -> None:
    (site / "lexicon.toml").write_text("# names we say our way\n[words]\n\"Marsh\" = \"Marsh\"  # plain\n")
    (site / "audioreview.toml").write_text((site / "audioreview.toml").read_text() + 'lexicons = ["lexicon.toml"]\n')
    assert client.post("/api/lexicon", json={"path": "lantern.md", "word": "keeper", "sounds": "kee-per"}).status_code == 200
    text = (site / "lexicon.toml").read_text()
    assert text.startswith("# names we say our way\n") and '"Marsh" = "Marsh"  # plain' in text and "kee-per" in text


def test_bad_fixes_get_a_message(client: TestClient) -> None:
    response = client.post("/api/lexicon", json={"path": "lantern.md", "word": "Halvorsen", "sounds": "Hal{vor}"})
    assert response.status_code == 400 and "cannot say" in response.json()["error"]
    voice = client.post("/api/lexicon", json={"path": "lantern.md", "word": "a", "sounds": "b", "target": "voice"})
    assert voice.status_code == 400 and "site lexicon" in voice.json()["error"]


def test_a_fix_that_changes_nothing_in_the_sentence_says_so(client: TestClient) -> None:
    index = next(i for i, t in enumerate(_written(client)) if t.startswith("The keeper counts"))
    response = client.post("/api/say", json={"path": "lantern.md", "index": index, "word": "Halvorsen", "sounds": "Hal"})
    assert response.status_code == 400 and f"changes nothing in sentence {index}" in response.json()["error"]


def test_phonemes_need_an_engine_that_takes_them(client: TestClient, site: Path) -> None:
    index = next(i for i, t in enumerate(_written(client)) if "Halvorsen directs" in t)
    fix = {"path": "lantern.md", "word": "Halvorsen", "sounds": "hˈælvɔːɹsən", "kind": "phonemes"}
    heard = client.post("/api/say", json={**fix, "index": index})
    assert heard.status_code == 400 and "takes no phonemes: type a respelling" in heard.json()["error"]
    saved = client.post("/api/lexicon", json=fix)
    assert saved.status_code == 400 and "takes no phonemes" in saved.json()["error"]
    assert not (site / "lexicon.toml").exists() and "lexicons" not in (site / "audioreview.toml").read_text()
    assert client.get("/review", params={"path": "lantern.md"}).status_code == 200  # nothing half-saved


def test_phonemes_are_checked_against_the_voices_phoneme_list(tmp_path: Path) -> None:
    import json

    from audioreview.engines.base import Voice
    from audioreview.engines.piper import PiperEngine
    from audioreview.errors import ConfigError
    from audioreview.studio.work import check_phonemes, voice_phonemes

    onnx = tmp_path / "tiny.onnx"
    onnx.write_bytes(b"not a model")
    (tmp_path / "tiny.onnx.json").write_text(json.dumps({"phoneme_id_map": {p: [i] for i, p in enumerate(" hæɔːlvɹsənˈ")}}))
    voice = Voice(name="tiny", engine="piper", params={"model": str(onnx)})
    engine = PiperEngine()
    assert voice_phonemes(engine, voice) == frozenset(" hæɔːlvɹsənˈ")
    check_phonemes("hˈælvɔːɹsən", [(engine, voice)])
    with pytest.raises(ConfigError, match=r"voice tiny has no phoneme 'Q', 'ʒ'"):
        check_phonemes("hælQʒ", [(engine, voice)])


def test_summary_is_saved_in_the_front_matter_and_makes_the_short_version(client: TestClient, site: Path) -> None:
    before = (site / "lantern.md").read_bytes()
    text = "A patient film about a keeper. Worth every minute."
    saved = client.post("/api/summary", json={"path": "lantern.md", "summary": text})
    assert saved.status_code == 200 and saved.json()["summary"] == text
    after = (site / "lantern.md").read_bytes()
    assert after == before.replace(b"rating: 4/5\n", b'rating: 4/5\nsummary: "' + text.encode() + b'"\n', 1)
    estimate = _estimate(client)
    assert estimate["summary"] == ["A patient film about a keeper.", "Worth every minute."] and not any(estimate["short"])
    cleared = client.post("/api/summary", json={"path": "lantern.md", "summary": "  "})
    assert cleared.status_code == 200 and (site / "lantern.md").read_bytes() == before
    assert _estimate(client)["summary"] == []
    other = client.post("/api/summary", json={"path": "notes/other.txt", "summary": text})
    assert other.status_code == 400 and "Markdown" in other.json()["error"]


def test_short_toggle_edits_only_the_marker_line(client: TestClient, site: Path) -> None:
    before = (site / "lantern.md").read_bytes()
    index = next(i for i, t in enumerate(_written(client)) if t.startswith("The keeper counts"))
    on = client.post("/api/short", json={"path": "lantern.md", "index": index, "on": True})
    assert on.status_code == 200, on.text
    after = (site / "lantern.md").read_bytes()
    assert after.replace(b"<!-- short -->\n", b"", 1) == before
    assert after.index(b"<!-- short -->\nHalvorsen directs") > 0
    assert on.json()["marked"][index]
    estimate = _estimate(client)
    assert estimate["short"][index]
    assert sum(estimate["short"]) == 2  # the marked paragraph, exactly (the CLI's rule for author marks)
    off = client.post("/api/short", json={"path": "lantern.md", "index": index, "on": False})
    assert off.status_code == 200 and (site / "lantern.md").read_bytes() == before


def test_framing_lines_cannot_be_toggled(client: TestClient) -> None:
    response = client.post("/api/short", json={"path": "lantern.md", "index": 0, "on": True})
    assert response.status_code == 400


def test_render_then_listen_and_preview_the_feed(client: TestClient, site: Path) -> None:
    assert client.post("/api/render", json={"path": "lantern.md"}).status_code == 200
    job = _wait_render(client, "lantern.md")
    assert job["state"] == "done", job
    assert any(step.startswith("synthesizing") for step in job["steps"])
    page = client.get(job["page"])
    assert page.status_code == 200 and "The Lantern Keeper" in page.text
    assert 'data-state="up to date"' in client.get("/").text
    feed = client.get("/feed")
    assert feed.status_code == 200 and b"<rss" in feed.content and b"The Lantern Keeper" in feed.content
    (site / "lantern.md").write_text((site / "lantern.md").read_text() + "\nOne more line at the end.\n")
    assert 'data-state="changed since rendering"' in client.get("/").text


def test_render_progress_comes_as_server_sent_events(client: TestClient) -> None:
    import json

    assert client.get("/api/render/events", params={"path": "lantern.md"}).text.startswith("event: progress")
    assert client.post("/api/render", json={"path": "lantern.md"}).status_code == 200
    with client.stream("GET", "/api/render/events", params={"path": "lantern.md"}) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        events = [json.loads(line[6:]) for line in stream.iter_lines() if line.startswith("data: ")]
    assert events[-1]["state"] == "done" and events[-1]["percent"] == 100
    assert events[-1]["total"] > 5 and events[-1]["done"] == events[-1]["total"]
    percents = [e["percent"] for e in events]
    assert percents == sorted(percents)
    assert client.get("/api/render/events", params={"path": "../x.md"}).status_code == 404


def test_one_render_at_a_time_per_review(client: TestClient) -> None:
    studio = client.app.state.studio
    gate = __import__("threading").Event()
    studio.renders.start("lantern.md", lambda job: (gate.wait(5), "lantern")[1])
    try:
        busy = client.post("/api/render", json={"path": "lantern.md"})
        assert busy.status_code == 400 and "already running" in busy.json()["error"]
    finally:
        gate.set()


def test_a_failed_render_shows_its_one_line_error(client: TestClient, site: Path) -> None:
    from audioreview.files import folder_lock

    client.post("/api/say", json={"path": "lantern.md", "index": 1})
    with folder_lock(site / "output" / "lantern"):  # the CLI holds the production
        client.post("/api/render", json={"path": "lantern.md"})
        job = _wait_render(client, "lantern.md")
    assert job["state"] == "failed" and "another audioreview run" in job["error"]
    assert not any(step.startswith("speaking") for step in job["steps"])  # refused before speaking anything
    assert "another audioreview run is writing" in client.get("/").text


def test_settings_are_checked_and_saved_with_comments(client: TestClient, site: Path) -> None:
    bad = client.post("/api/settings", json={"short_seconds": "soon"})
    assert bad.status_code == 400 and "short_seconds" in bad.json()["error"]
    voice = client.post("/api/settings", json={"narrator": "nobody"})
    assert voice.status_code == 400 and "no voice called 'nobody'" in voice.json()["error"]
    fast = client.post("/api/settings", json={"speed": "3"})
    assert fast.status_code == 400 and "speed must be between 0.5 (slower) and 2 (faster)" in fast.json()["error"]
    ok = client.post("/api/settings", json={"show": "Night Shift Reviews", "short_seconds": "60", "narrator": "fake",
                                            "speed": "1.15"})  # fmt: skip
    assert ok.status_code == 200, ok.text
    assert ok.json()["saved"] == ["short_seconds", "show", "speed"]  # the narrator was fake already
    text = (site / "audioreview.toml").read_text()
    assert "# tones of known length" in text
    settings = load_settings(cwd=site)
    assert settings.show == "Night Shift Reviews" and settings.short_seconds == 60.0 and settings.speed == 1.15
    assert client.post("/api/settings", json={"speed": "1.15"}).json() == {"saved": []}


def _rows(client: TestClient, cls: str) -> list[str]:
    import re

    page = client.get("/review", params={"path": "lantern.md"}).text
    return [re.sub(r"\s+", " ", m) for m in re.findall(rf'<p class="{cls}">(.*?)</p>', page, re.S)]


def _written(client: TestClient) -> list[str]:
    return _rows(client, "written")


def _spoken(client: TestClient) -> list[str]:
    return _written(client)


def _estimate(client: TestClient, path: str = "lantern.md") -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = client.get("/api/estimate", params={"path": path}).json()
        if found["state"] != "pending":
            return found
        time.sleep(0.02)
    raise AssertionError("the short version's estimate did not come in 60 s")


def _wait_render(client: TestClient, path: str) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = client.get("/api/render", params={"path": path}).json()
        if job["state"] != "running":
            return job
        time.sleep(0.05)
    raise AssertionError("the render did not finish in 60 s")


def test_the_command_binds_localhost_and_prints_the_tokened_address(site: Path) -> None:
    import http.cookiejar
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    proc = subprocess.Popen([sys.executable, "-m", "audioreview", "studio", str(site), "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        url = line.split("open ", 1)[1].strip()
        assert url.startswith("http://127.0.0.1:") and "/?token=" in url
        port = int(url.split(":")[2].split("/")[0])
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        for _ in range(100):
            try:
                with opener.open(url, timeout=5) as response:
                    assert response.status == 200 and b"The Lantern Keeper" in response.read()
                break
            except ConnectionRefusedError:
                time.sleep(0.05)
            except urllib.error.URLError as exc:
                if not isinstance(exc.reason, ConnectionRefusedError):
                    raise
                time.sleep(0.05)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
        assert refused.value.code == 403
    finally:
        proc.terminate()
        proc.wait(timeout=10)
