"""The listening page word by word, in Debian's Chromium: the highlight follows the audio, a word seeks.

The production's captions carry word timestamps (written by audioreview's
own caption writer); the page is made from those files, as ``audioreview
podcast`` makes it, and served by ``serve.py``.
"""

from __future__ import annotations

import io
import subprocess
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixtures.local_server import served
from fixtures.podcast_production import SENTENCES, ffmpeg_exe, make_production, word_cues

from audioreview.publish import sidecars
from audioreview.publish.page import write_page

pytestmark = pytest.mark.real

SLUG = "quiet-harbour"
AXE = Path(__file__).parent / "validators" / "node_modules" / "axe-core" / "axe.min.js"
WORDS = sum(len([t for t in s.split() if t not in ("—", "–")]) for s in SENTENCES)

# Every animation frame for ``ms``: the audio's time, the lit word and the sentence marked current.
SAMPLE = """(ms) => new Promise((done) => {
  const audio = document.querySelector('#full audio');
  const words = Array.from(document.querySelectorAll('#full .w'));
  const cues = Array.from(document.querySelectorAll('#full .cue'));
  const out = [];
  const until = performance.now() + ms;
  function frame() {
    const lit = document.querySelector('#full .w.now');
    out.push([audio.currentTime, lit ? words.indexOf(lit) : -1,
              cues.findIndex((c) => c.getAttribute('aria-current') === 'true'), audio.paused]);
    if (performance.now() < until) requestAnimationFrame(frame); else done(out);
  }
  requestAnimationFrame(frame);
})"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("words")
    make_production(root, SLUG, "Quiet Harbour", versions={"full": 20.0}, words=True)
    write_page(root / SLUG)
    return root


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base_url}{SLUG}/")
    page.wait_for_selector("section.episode[data-ready='true']")
    page.wait_for_function("document.querySelector('#full audio').duration > 0", timeout=15_000)
    yield page
    assert errors == []
    ctx.close()


def _timing(page: Any) -> tuple[list[float], list[int]]:
    """Each word's start and the index of its sentence, as the markup gives them."""
    starts = page.eval_on_selector_all("#full .w", "els => els.map(e => parseFloat(e.dataset.t))")
    sentence = page.eval_on_selector_all(
        "#full .w", "els => { const cues = Array.from(document.querySelectorAll('#full .cue'));"
                    " return els.map(e => cues.indexOf(e.closest('.cue'))); }")
    return starts, sentence


MARK = """(i) => {
  const word = document.querySelectorAll('#full .w')[i].getClientRects()[0];
  const mark = document.querySelector('#full .word-mark');
  const bar = mark.getBoundingClientRect();
  return [bar.left - word.left, bar.width - word.width, bar.top - word.bottom, getComputedStyle(mark).opacity];
}"""


def _assert_marked(page: Any, word: int) -> None:
    """The bar that shows the lit word is under that word, as wide as it."""
    dx, dwidth, dy, opacity = page.evaluate(MARK, word)
    assert abs(dx) < 1.5 and abs(dwidth) < 1.5 and -6 < dy < 2 and opacity == "1", (dx, dwidth, dy, opacity)


def _check_follows(samples: list[list[Any]], starts: list[float], sentence: list[int]) -> tuple[set[int], set[int]]:
    """Every frame lights the word being heard (give or take a frame at a boundary).

    Returns the words lit and the words some frame fell clearly inside (a
    loaded machine drops frames: at 4x a word may pass between two of them).
    """
    lit: set[int] = set()
    heard: set[int] = set()
    for time, word, cue, _paused in samples:
        expected = bisect_right(starts, time + 0.0005) - 1
        near = min((abs(time - s) for s in starts), default=1.0) < 0.06
        if expected >= 0 and sentence[expected] != cue:
            expected = -1  # the pause before a sentence's first word: nothing lit
        assert word == expected or near, (time, word, expected)
        if expected >= 0 and not near:
            heard.add(expected)
        if word >= 0:
            assert sentence[word] == cue  # the lit word is inside the current sentence
            lit.add(word)
    return lit, heard


def test_every_word_is_marked_up_with_its_time(page: Any) -> None:
    starts, sentence = _timing(page)
    assert len(starts) == WORDS and starts == sorted(starts)
    assert sorted(set(sentence)) == list(range(len(SENTENCES)))
    texts = page.eval_on_selector_all("#full .cue", "els => els.map(e => e.textContent)")
    assert texts == list(SENTENCES)  # whole sentences, though the captions split them
    assert page.get_attribute("#full", "data-cue-source") in ("markup", "track")


@pytest.mark.parametrize("rate", [1.0, 4.0])
def test_the_highlight_follows_playback(page: Any, rate: float) -> None:
    starts, sentence = _timing(page)
    page.evaluate("([t, r]) => { const a = document.querySelector('#full audio'); a.currentTime = t; "
                  "a.playbackRate = r; return a.play(); }", [starts[0] - 0.2, rate])
    samples = page.evaluate(SAMPLE, 2500)
    page.evaluate("document.querySelector('#full audio').pause()")
    playing = [s for s in samples if not s[3]]
    assert len(playing) > 30  # frames (timeupdate would give ten in 2.5 s)
    assert playing[-1][0] - playing[0][0] > 1.5 * rate  # the audio did play
    lit, heard = _check_follows(playing, starts, sentence)
    assert heard <= lit and len(lit) >= 5 * rate  # every word a frame showed was lit, and it moved on
    _assert_marked(page, page.evaluate("Array.from(document.querySelectorAll('#full .w')).findIndex("
                                       "(w) => w.classList.contains('now'))"))


def test_a_click_on_a_word_seeks_there_and_lights_it(page: Any) -> None:
    starts, sentence = _timing(page)
    target = next(i for i, s in enumerate(sentence) if s == 4) + 2
    page.click(f"#full .w >> nth={target}")
    page.wait_for_function("(t) => Math.abs(document.querySelector('#full audio').currentTime - t) < 0.3",
                           arg=starts[target], timeout=5_000)
    page.evaluate("document.querySelector('#full audio').pause()")
    page.wait_for_function("(i) => document.querySelectorAll('#full .w')[i].classList.contains('now')",
                           arg=target, timeout=5_000)
    assert page.evaluate("document.querySelectorAll('#full .cue')[4].getAttribute('aria-current')") == "true"
    assert page.evaluate("document.querySelectorAll('#full .w.now').length") == 1
    _assert_marked(page, target)
    # A narrower window rewraps the words: the bar moves with its word.
    page.set_viewport_size({"width": 420, "height": 900})
    page.wait_for_timeout(200)
    _assert_marked(page, target)


def test_the_keyboard_goes_word_by_word_and_enter_seeks(page: Any) -> None:
    starts, sentence = _timing(page)
    first_of_2 = sentence.index(2)
    focused = "(() => { const a = document.activeElement; const ws = Array.from(document.querySelectorAll('#full .w'));" \
              " return a.classList.contains('w') ? ws.indexOf(a) : a.classList.contains('cue') ? 'cue' : a.tagName; })()"
    page.focus("#full .cue >> nth=2")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(focused) == first_of_2
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(focused) == first_of_2 + 2
    page.keyboard.press("Enter")
    page.wait_for_function("(t) => Math.abs(document.querySelector('#full audio').currentTime - t) < 0.3",
                           arg=starts[first_of_2 + 2], timeout=5_000)
    page.evaluate("document.querySelector('#full audio').pause()")
    page.keyboard.press("Home")
    assert page.evaluate(focused) == first_of_2
    page.keyboard.press("ArrowLeft")  # back into the sentence before, at its last word
    assert page.evaluate(focused) == first_of_2 - 1
    page.keyboard.press("End")
    assert page.evaluate(focused) == first_of_2 - 1
    page.keyboard.press("Escape")
    assert page.evaluate(focused) == "cue"
    assert page.evaluate("document.activeElement === document.querySelectorAll('#full .cue')[1]")
    # The words are not tab stops: Tab leaves the sentence for the next one.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement === document.querySelectorAll('#full .cue')[2]")


def test_axe_core_finds_no_violations_on_a_page_with_words(page: Any) -> None:
    if not AXE.is_file():
        pytest.skip(f"{AXE} is missing: run `make validators`")
    page.click("#full .w >> nth=3")  # a word lit and a sentence current, as while listening
    page.evaluate("document.querySelector('#full audio').pause()")
    page.wait_for_selector("#full .w.now")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in result["violations"]] == []


def test_from_file_urls_the_words_still_follow(site: Path, browser: Any) -> None:
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto((site / SLUG / "index.html").as_uri())
        page.wait_for_selector("section.episode[data-ready='true']")
        assert page.get_attribute("#full", "data-cue-source") == "markup"
        starts, _ = _timing(page)
        page.evaluate("(t) => { document.querySelector('#full audio').currentTime = t; }", starts[7] + 0.01)
        page.wait_for_function("document.querySelectorAll('#full .w')[7].classList.contains('now')", timeout=5_000)
    finally:
        ctx.close()


def _webm(path: Path, seconds: float) -> None:
    """A grey video with a tone (Chromium draws captions over video only, never over audio)."""
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", f"color=c=gray:s=480x270:d={seconds}", "-f", "lavfi", "-i", f"sine=d={seconds}",
                    "-c:v", "libvpx", "-b:v", "100k", "-c:a", "libvorbis", "-shortest", str(path)],
                   check=True, timeout=120)


def test_chromium_draws_the_tagged_captions_as_it_draws_the_plain_ones(tmp_path: Path, browser: Any) -> None:
    """Why the page's <track> can be the file with word timestamps: Chromium's own renderer hides them.

    The cue's raw text keeps the tags (a player that shows ``cue.text`` would
    print them: that is what the plain file is for), while the rendered
    caption is the plain one's, to the antialiasing of a few glyphs.
    """
    cues = word_cues(6.0)
    (tmp_path / "tagged.vtt").write_text(sidecars.render_vtt(cues), encoding="utf-8")
    (tmp_path / "plain.vtt").write_text(sidecars.render_vtt(cues, words=False), encoding="utf-8")
    _webm(tmp_path / "v.webm", 6.0)
    videos = "".join(f'<video id="{name}" muted src="v.webm"><track kind="captions" src="{name}.vtt" srclang="en" '
                     f'label="{name}" default></video>' for name in ("tagged", "plain"))
    (tmp_path / "index.html").write_text(f'<!doctype html><html lang="en"><meta charset="utf-8"><title>t</title>'
                                         f"<style>body{{margin:0}} video{{display:block}}</style>{videos}</html>",
                                         encoding="utf-8")
    ctx = browser.new_context(viewport={"width": 500, "height": 600})
    try:
        with served(tmp_path) as url:
            page = ctx.new_page()
            page.goto(f"{url}index.html")
            page.wait_for_function("['tagged', 'plain'].every((id) => { const v = document.getElementById(id);"
                                   " return v.readyState >= 2 && v.textTracks[0].cues && v.textTracks[0].cues.length; })",
                                   timeout=15_000)
            middle = (cues[1].words[3].start_ms + 50) / 1000  # inside the second sentence, past some of its words
            page.evaluate("(t) => ['tagged', 'plain'].forEach((id) => { document.getElementById(id).currentTime = t; })",
                          middle)
            page.wait_for_function("['tagged', 'plain'].every((id) => document.getElementById(id).textTracks[0]"
                                   ".activeCues.length === 1)", timeout=5_000)
            page.wait_for_timeout(300)
            raw = page.evaluate("document.getElementById('tagged').textTracks[0].activeCues[0].text")
            shown = page.evaluate("document.getElementById('tagged').textTracks[0].activeCues[0].getCueAsHTML().textContent")
            plain = page.evaluate("document.getElementById('plain').textTracks[0].activeCues[0].getCueAsHTML().textContent")
            assert "<00:00:" in raw and shown == plain and " ".join(shown.split()) == cues[1].text
            tagged_png = page.locator("#tagged").screenshot()
            plain_png = page.locator("#plain").screenshot()
    finally:
        ctx.close()
    from PIL import Image, ImageChops

    tagged_image = Image.open(io.BytesIO(tagged_png)).convert("RGB")
    plain_image = Image.open(io.BytesIO(plain_png)).convert("RGB")
    # The same caption in the same place: the two differ at most in the antialiasing of a few glyphs
    # (the words are separate text runs in one), never by a tag drawn as text.
    diff = ImageChops.difference(tagged_image, plain_image).convert("L")
    changed = [value for value in diff.tobytes() if value]
    assert len(changed) < 0.005 * diff.width * diff.height and max(changed, default=0) < 96
    # And there is a caption in it: the bottom of the frame is not all grey.
    bottom = tagged_image.crop((0, 200, 480, 270))
    assert len(set(bottom.tobytes())) > 10
