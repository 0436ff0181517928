"""Bad inputs: each ends in a clear message, loses nothing, and writes nothing outside the output folder.

Every case runs the CLI in-process in a working folder that already holds a
good production (``out/good/``) and checks, besides its own expectation:

- no traceback, and no exception other than the CLI's own exit;
- no ``.tmp-`` file or folder left anywhere (inputs, output, cache);
- nothing that existed before the run is gone, and, when the run fails,
  nothing at all changed: no new folder, no partial or zero-byte file, and
  every earlier file with the same bytes and modification time;
- when the run succeeds, everything it wrote is inside one new
  ``out/<slug>/`` folder whose slug is safe, and no file there is empty.

Kinds of expectation: ``Fails`` (exit code, one line on stderr naming the
input and matching the cause), ``Converts`` (exit 0, the slug it lands in)
and ``Settles`` (a batch run: which entries render, which fail and why).
Process-level cases (Ctrl-C, two runs at once) are in test_bad_processes.py.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from fixtures.bad_checks import (
    CANONICAL_SCRIPT,
    DIGITS,
    DOCTORS,
    DOTS,
    PARAGRAPH,
    SCRIPT_LINK_FEED,
    alias_bomb,
    clean_title,
    clutter_with,
    convert_twice,
    corrupt_state,
    cover_is_a_picture,
    cut_takes_in_half,
    dripping_fetch,
    fresh_run,
    garbage_covers,
    lexicon_with,
    long_sting,
    no_script_links,
    note_duration,
    png_header,
    read_only_lock,
    same_duration_as_before,
    srt_holds_no_markup,
    symlinked,
)
from fixtures.bad_inputs import (
    PRIVATE_DIR,
    Env,
    invoke,
    snapshot,
    temp_leftovers,
)
from fixtures.bad_setups import (
    BODY,
    SLEEPS,
    Run,
    bad_config,
    batch_of,
    configured,
    disk_full_on,
    env_limit,
    feed_with_device_image,
    feed_with_local_image,
    ffmpeg_disk_full,
    file_input,
    fresh_review,
    gtts_answers,
    gtts_body,
    local_image_not_published,
    output_under_a_file,
    production_locked,
    quick,
    read_only_output,
    rss_feed,
    stdin_input,
    titled,
    with_cover,
    with_engine,
    with_sting,
)

from audioreview.ingest.feed import looks_like_feed
from audioreview.slugs import MAX_SLUG, RESERVED, make_slug

SAFE_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SECRET = "secret-token-7f3a9c"
HANG_GUARD_S = 60.0
"""Every case ends well within this (a guard against hangs, not a benchmark: see bench/adversarial.py)."""


# --- what a case runs and expects -------------------------------------------------


@dataclass(frozen=True)
class Fails:
    """Exit ``code`` with one line matching ``cause`` and naming the input (or ``name``)."""

    code: int
    cause: str
    name: str | None = None


@dataclass(frozen=True)
class Converts:
    """Exit 0 with one new production in ``out/<slug>/`` (``slug``: exact, or a pattern with ``*``)."""

    slug: str | None = None
    check: Callable[[Env, Path], None] | None = None


@dataclass(frozen=True)
class Settles:
    """A batch run: ``rendered`` entries made, the entries in ``failed`` failing with those causes."""

    rendered: int
    failed: dict[str, str] = field(default_factory=dict)
    slugs: frozenset[str] | None = None


@dataclass(frozen=True)
class UpToDate:
    """Exit 0 with nothing written or changed at all."""


@dataclass(frozen=True)
class Case:
    id: str
    setup: Callable[[Env], Run]
    expect: Fails | Converts | Settles | UpToDate
    engine_unused: bool = False
    """The fake engine must not have been called at all (the input is refused before synthesis)."""
    after: Callable[[Env], None] | None = None


# --- inputs -----------------------------------------------------------------------------

LATIN1 = "Café review\n\nThe café was naïve and the crème brûlée was fine. It is good.\n".encode("latin-1")
UTF16_TEXT = "Über die Brücke\n\nThe naïve café is good. I liked it.\n"
HUGE = ("Huge review\n\n" + "This is one more sentence of a very long review. " * 110_000).encode()
WORDS = ["film", "light", "harbour", "quiet", "long", "slow", "story", "actor", "camera", "night", "keeper", "sea", "lamp", "storm"]
UNPUNCTUATED = "Run on\n\n" + " ".join(WORDS[i * 7 % len(WORDS)] for i in range(4000))[:20_000] + "\n"
LAUGHS = "".join(
    f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' if n else '<!ENTITY lol0 "lol">' for n in range(10)
)
HTML_LAUGHS = (
    f'<?xml version="1.0"?>\n<!DOCTYPE html [{LAUGHS}]>\n<html><head><title>Laughs</title></head><body>'
    f"<article><h1>Laughs</h1><p>&lol9; The film is good.</p><p>{BODY}</p></article></body></html>"
)
FEED_LAUGHS = (
    f'<?xml version="1.0"?>\n<!DOCTYPE rss [{LAUGHS}]>\n<rss version="2.0"><channel><title>F</title>'
    f"<item><title>&lol9;</title><guid>a</guid><description>{BODY}</description></item></channel></rss>"
)


def _xxe(kind: str, secret_file: str) -> str:
    if kind == "feed":
        return (
            f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret_file}">]>\n'
            '<rss version="2.0"><channel><title>F</title><item><title>Leak</title><guid>a</guid>'
            f"<description>The secret is &xxe; and {BODY}</description></item></channel></rss>"
        )
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret_file}">]>\n'
        f"<html><body><article><h1>Leak</h1><p>The secret is &xxe; and the film is good.</p><p>{BODY}</p>"
        "</article></body></html>"
    )


def xxe_input(kind: str) -> Callable[[Env], Run]:
    """A document declaring an external entity that points at a local secret."""

    def setup(env: Env) -> Run:
        secret = env.write("secret.txt", SECRET)
        if kind == "feed":
            return batch_of("xxe.xml", _xxe("feed", str(secret)))(env)
        return file_input("xxe.html", _xxe("html", str(secret)))(env)

    return setup


GOOD_FEED = rss_feed(f"<title>Fine</title><guid>g1</guid><description>{BODY}</description>")
FIELDS_FEED = rss_feed(
    f"<guid>no-title</guid><link>https://example.org/reviews/untitled-one</link><description>{BODY}</description>",
    "<title>No content</title><guid>no-content</guid><link>https://example.org/c</link>",
    f"<title>No guid</title><link>https://example.org/no-guid</link><description>A second review. {BODY}</description>",
    "<title>Nothing but a title</title>",
)
DUPLICATES_FEED = rss_feed(
    f"<title>First</title><guid>same</guid><description>The first review. {BODY}</description>",
    f"<title>Second</title><guid>same</guid><description>The second review. {BODY}</description>",
)
HOSTILE_TITLES_FEED = rss_feed(
    f"<title>../../etc/passwd</title><guid>t1</guid><description>One. {BODY}</description>",
    f"<title>CON</title><guid>t2</guid><description>Two. {BODY}</description>",
    f"<title>a\\b/c</title><guid>t3</guid><description>Three. {BODY}</description>",
)


# --- checks on productions ---------------------------------------------------------------


def transcript_has(*phrases: str) -> Callable[[Env, Path], None]:
    def check(env: Env, folder: Path) -> None:
        text = (folder / f"{folder.name}.txt").read_text(encoding="utf-8")
        for phrase in phrases:
            assert phrase in text, (phrase, text)

    return check


def nothing_expanded(env: Env, folder: Path) -> None:
    text = (folder / f"{folder.name}.txt").read_text(encoding="utf-8")
    assert "lollol" not in text and len(text) < 2000, text[:300]


def secret_not_leaked(env: Env, folder: Path | None = None) -> None:
    for path in env.root.rglob("*"):
        if path.is_file() and path.name != "secret.txt":
            assert SECRET.encode() not in path.read_bytes(), path


def segments_bounded(env: Env, folder: Path) -> None:
    cues = (folder / f"{folder.name}.vtt").read_text(encoding="utf-8").split("\n\n")[1:]
    texts = [" ".join(cue.split(" --> ", 1)[1].splitlines()[1:]) for cue in cues if " --> " in cue]
    body = [t for t in texts if "Run on" not in t and "Short Audio Version" not in t]
    assert len(body) >= 50, len(body)
    assert max(len(t) for t in body) <= 400


def gtts_slept(expected: list[float] | None = None, *, count: int = 0) -> Callable[[Env], None]:
    """The engine waited as told: Retry-After exactly, else jittered backoff within its bounds."""

    def check(env: Env) -> None:
        if expected is not None:
            assert expected == SLEEPS
            return
        assert len(SLEEPS) == count
        for attempt, seconds in enumerate(SLEEPS, 1):
            assert 0 <= seconds <= min(30.0, 2 ** (attempt - 1))
        assert len(set(SLEEPS)) == len(SLEEPS)  # jitter: no two waits alike

    return check


# --- the corpus ------------------------------------------------------------------------------

NFC = unicodedata.normalize("NFC", "Café Crème Brûlée")
NFD = unicodedata.normalize("NFD", NFC)
assert NFC != NFD

CASES: list[Case] = [
    # Bytes that are not a review, or are too much of one.
    Case("empty-file", file_input("empty.txt", b""), Fails(1, "the input is empty"), engine_unused=True),
    Case("whitespace-only", file_input("blank.txt", " \n\t\n  \r\n\u3000\n"), Fails(1, "empty"), engine_unused=True),
    Case("binary-noise", file_input("noise.txt", bytes(range(256)) * 8), Fails(1, "binary data")),
    Case("png-named-md", file_input("image.md", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), Fails(1, "a PNG image")),
    Case("pdf-named-txt", file_input("paper.txt", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj"), Fails(1, "a PDF document")),
    Case("latin1-text", file_input("latin1.txt", LATIN1), Converts("latin1", transcript_has("café", "naïve", "brûlée"))),
    Case("utf16-le-bom", file_input("u16le.txt", UTF16_TEXT.encode("utf-16")), Converts("u16le", transcript_has("Über die Brücke", "naïve"))),
    Case("utf16-be-bom", file_input("u16be.txt", b"\xfe\xff" + UTF16_TEXT.encode("utf-16-be")), Converts("u16be", transcript_has("naïve café"))),
    Case("utf16-without-bom", file_input("u16raw.txt", UTF16_TEXT.encode("utf-16-le")), Fails(1, "binary data")),
    Case("shift-jis", file_input("sjis.txt", "映画のレビュー\n\nこれは良い映画です。".encode("shift_jis")), Fails(1, "not valid UTF-8")),
    Case("utf8-bom-over-bad-bytes", file_input("liar.txt", b"\xef\xbb\xbfTitle\n\n\xff\xfe\xfa broken"), Fails(1, "byte-order mark")),
    Case("five-megabytes", file_input("huge.txt", HUGE), Fails(1, "over the 2000000-byte limit"), engine_unused=True),
    Case("five-megabytes-on-stdin", stdin_input(HUGE), Fails(1, "over the 2000000-byte limit"), engine_unused=True),
    Case("over-max-audio-seconds", configured(file_input("long.md", f"# Long\n\n{BODY * 6}"), max_audio_seconds=20), Fails(1, r"would run about \d+ seconds, over the 20 seconds limit"), engine_unused=True),
    Case("over-max-audio-seconds-from-env", env_limit("AUDIOREVIEW_MAX_AUDIO_SECONDS", "15"), Fails(1, r"over the 15 seconds limit \(max_audio_seconds\)"), engine_unused=True),
    Case("over-max-input-bytes-from-config", configured(file_input("small.md", f"# Small\n\n{BODY}"), max_input_bytes=64), Fails(1, "over the 64-byte limit"), engine_unused=True),
    Case("unpunctuated-20000-chars", quick(file_input("runon.txt", UNPUNCTUATED)), Converts("runon", segments_bounded)),
    Case("emoji-only", file_input("emoji.txt", "🎬🎬🎬\n\n😀😀😀 🍿🍿 👍\n"), Fails(1, "no words to read aloud, only symbols or emoji"), engine_unused=True),
    Case("title-only", file_input("title.txt", "Just a title\n"), Fails(1, "no review text found"), engine_unused=True),
    Case("front-matter-only", file_input("fm.md", "---\ntitle: Nothing else\n---\n"), Fails(1, "no review text found")),
    Case("broken-front-matter", file_input("yaml.md", "---\ntitle: [unclosed\n---\n\nText. More text.\n"), Fails(1, "invalid YAML front matter")),
    Case("only-page-clutter", file_input("clutter.txt", "Clutter\n\nShare this article\n\nSubscribe to our newsletter\n"), Fails(1, "nothing is left of the review")),
    Case("missing-file", lambda env: Run(env.convert(env.inputs / "nope.md"), str(env.inputs / "nope.md")), Fails(1, "file not found")),
    Case("folder-as-input", lambda env: Run(env.convert(env.inputs), str(env.inputs)), Fails(1, "is a folder")),
    Case("language-no-voice-speaks", file_input("zu.md", "---\ntitle: Ichweba\nlang: zu\n---\n\nIfilimu lihamba kancane kodwa lihle kakhulu. Ngilithandile kakhulu.\n"), Fails(1, r"no installed voice speaks Zulu \('zu'\)"), engine_unused=True),
    Case("lang-flag-no-voice-speaks", file_input("zu.txt", f"The film\n\n{BODY}", "--lang", "zu"), Fails(1, r"no installed voice speaks Zulu \('zu'\).*voices_dir"), engine_unused=True),
    # HTML and XML.
    Case("html-only-scripts-and-nav", file_input("scripts.html", "<!doctype html><html><head><title>Only scripts</title><script>var a = 'This is a long string of script text that must never be read.';</script></head><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/about'>About us</a></li></ul></nav><script>document.write('More script prose that is long enough to look like a paragraph.')</script><noscript>Please enable JavaScript to view this page.</noscript><footer>© 2024 Example</footer></body></html>"), Fails(1, "no review text found"), engine_unused=True),
    Case("html-malformed", file_input("broken.html", "<html><head><title>Broken page</title></head><body><article><h1>Broken <i>page</h1>\n<p>The film opens on a quiet harbour at dawn. <b>It is slow, <i>and lovely.</p>\n<p>The second act drags</div></span> but the ending lands.\n<p>Verdict: see it.</article></body"), Converts("broken", transcript_has("quiet harbour at dawn", "the ending lands"))),
    Case("html-title-never-closed", file_input("untitled.html", "<html><head><title>Everything is a title<body><p>Swallowed by the title. Browsers show nothing.</p>"), Fails(1, "no review text found|nothing is left of the review")),
    Case("html-billion-laughs", file_input("laughs.html", HTML_LAUGHS), Converts("laughs", nothing_expanded)),
    Case("html-external-entity", xxe_input("html"), Converts("xxe", secret_not_leaked)),
    Case("feed-given-to-convert", file_input("feed.xml", GOOD_FEED), Fails(1, "this is an RSS or Atom feed, not a review"), engine_unused=True),
    Case("billion-laughs-feed-to-convert", stdin_input(FEED_LAUGHS), Fails(1, "RSS or Atom feed"), engine_unused=True),
    # Titles that must become safe, readable, unique folder names inside the output folder.
    Case("title-path-traversal", titled("../../etc/passwd"), Converts("etc-passwd")),
    Case("title-slashes", titled("Good / Bad / Ugly"), Converts("good-bad-ugly")),
    Case("title-backslashes", titled("C:\\Windows\\System32"), Converts("c-windows-system32")),
    Case("title-dot-dot", titled(".."), Converts("review-*")),
    Case("title-nul-byte", titled("Night\x00Watch"), Converts("night-watch")),
    Case("title-device-con", titled("CON"), Converts("con-review")),
    Case("title-device-nul", titled("nul"), Converts("nul-review")),
    Case("title-device-com1", titled("COM1"), Converts("com1-review")),
    Case("title-500-chars", quick(titled(" ".join(["Longwinded"] * 46)[:500])), Converts("longwinded-*")),
    Case("title-nfd", titled(NFD), Converts(make_slug(NFC))),
    Case("title-hebrew-rtl", titled("שלום עולם"), Converts("shlvm-vlm")),
    Case("title-arabic-rtl", titled("مرحبا بالعالم"), Converts("mrhb-bl-lm")),
    Case("title-rtl-override", titled("Review \u202egnp.exe"), Converts("review-gnp-exe")),
    Case("title-emoji-only", titled("🎬🍿"), Converts("review-*")),
    # Stings and cover art.
    Case("sting-missing", with_sting(None), Fails(1, "sting file not found"), engine_unused=True),
    Case("sting-empty", with_sting(b""), Fails(1, "sting file is empty"), engine_unused=True),
    Case("sting-corrupt", with_sting(bytes(range(256)) * 20), Fails(1, "cannot decode sting")),
    Case("sting-truncated-wav", with_sting(b"RIFF\x24\x00\x00\x00WAVEfmt "), Fails(1, "cannot decode sting")),
    Case("cover-corrupt-jpeg", with_cover(b"\xff\xd8\xff\xe0" + b"garbage" * 10), Fails(1, "cover image is corrupt")),
    Case("cover-not-an-image", with_cover(b"just some text, not a picture"), Fails(1, "not a JPEG or PNG")),
    Case("cover-empty", with_cover(b""), Fails(1, "not a JPEG or PNG")),
    Case("cover-huge", with_cover(b"\xff\xd8\xff\xe0" + bytes(21 * 2**20)), Fails(1, "cover image is over 20 MB")),
    # The output folder and the disk.
    Case("output-under-a-regular-file", output_under_a_file, Fails(1, "cannot write: not a directory")),
    Case("output-read-only", read_only_output, Fails(1, "cannot write: permission denied")),
    Case("disk-full-on-a-sidecar", disk_full_on("audioreview.files", ".vtt"), Fails(1, "no space left on the device")),
    Case("disk-full-re-rendering", disk_full_on("audioreview.files", ".vtt", again=True), Fails(1, "no space left on the device")),
    Case("disk-full-on-scratch-audio", disk_full_on("audioreview.render.version", ".pcm"), Fails(1, "no space left on the device")),
    Case("disk-full-in-ffmpeg", ffmpeg_disk_full, Fails(1, "No space left on device")),
    Case("production-locked", production_locked, Fails(1, "another audioreview run is writing this production")),
    # Engines.
    Case("engine-fails-on-one-sentence", with_engine("flaky"), Fails(1, "flaky failed on 'The poison sentence is here.': the model crashed")),
    Case("engine-returns-no-audio", with_engine("mute"), Fails(1, "mute produced no audio")),
    Case("gtts-429", gtts_answers({"status": 429, "headers": {"Retry-After": "7"}}), Fails(1, "gave up after 5 tries: translate.google.com answered HTTP 429"), after=gtts_slept([7.0] * 4)),
    Case("gtts-500", gtts_answers({"status": 500}), Fails(1, "gave up after 5 tries: translate.google.com answered HTTP 500"), after=gtts_slept(count=4)),
    Case("gtts-timeout", gtts_answers({"body": requests.exceptions.ReadTimeout("slow")}), Fails(1, "translate.google.com timed out after 2 s"), after=gtts_slept(count=4)),
    Case("gtts-429-then-fine", gtts_answers({"status": 429, "headers": {"Retry-After": "2"}}, {"body": gtts_body}), Converts("online"), after=gtts_slept([2.0])),
    # Usage and settings.
    Case("usage-no-input", lambda env: Run(["convert"], "INPUTS"), Fails(2, "Missing argument")),
    Case("usage-unknown-option", lambda env: Run([*env.convert(env.good_source), "--bogus"], "--bogus"), Fails(2, "No such option")),
    Case("usage-bad-format", lambda env: Run([*env.convert(env.good_source), "--format", "pdf"], "--format"), Fails(2, "is not one of")),
    Case("usage-bitrate-not-a-number", lambda env: Run([*env.convert(env.good_source), "--bitrate", "loud"], "--bitrate"), Fails(2, "is not a valid integer")),
    Case("config-bad-value", bad_config("bitrate_kbps = 'loud'\n"), Fails(1, "is not a number")),
    Case("config-unknown-setting", bad_config("loudness = 3\n"), Fails(1, "unknown setting 'loudness'")),
    Case("config-not-toml", bad_config("narrator = \n"), Fails(1, "invalid TOML")),
    Case("unknown-voice", lambda env: Run(env.convert(fresh_review(env), "--voice", "nobody"), str(env.inputs / "fresh.md")), Fails(1, "unknown voice 'nobody'")),
    # URLs that must not be fetched.
    Case("url-ftp", lambda env: Run(env.convert("ftp://example.org/review.txt"), "ftp://example.org/review.txt"), Fails(1, "only http and https")),
    Case("url-file-scheme", lambda env: Run(env.convert("file:///etc/passwd"), "file:///etc/passwd"), Fails(1, "only http and https")),
    Case("url-loopback", lambda env: Run(env.convert("http://127.0.0.1:9/review"), "http://127.0.0.1:9/review"), Fails(1, "private or local address")),
    Case("url-cloud-metadata", lambda env: Run(env.convert("http://169.254.169.254/latest/meta-data/"), "http://169.254.169.254/latest/meta-data/"), Fails(1, "private or local address")),
    # Feeds, through `audioreview batch`.
    Case("feed-malformed-xml", batch_of("broken.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>A</title>\n<description>cut'), Fails(1, "malformed XML at line 2")),
    Case("feed-without-entries", batch_of("none.xml", rss_feed()), Fails(1, "the feed has no entries")),
    Case("feed-billion-laughs", batch_of("laughs.xml", FEED_LAUGHS), Fails(1, "refusing the feed: it declares or references XML entities")),
    Case("feed-external-entity", xxe_input("feed"), Fails(1, "refusing the feed"), after=secret_not_leaked),
    Case("feed-empty-file", batch_of("empty.xml", b""), Fails(1, "no URLs listed")),
    Case("feed-entries-missing-fields", batch_of("fields.xml", FIELDS_FEED), Settles(2, {"no-content": "no content or summary", "sha256:": "no content or summary"})),
    Case("feed-duplicate-guids", batch_of("dups.xml", DUPLICATES_FEED), Settles(1, {"same": r"duplicate id 'same': .*#2 repeats .*#1"})),
    Case("feed-entry-image-is-a-local-file", feed_with_local_image, Settles(1, slugs=frozenset({"leaky"})), after=local_image_not_published),
    Case("feed-entry-image-is-a-device", feed_with_device_image, Settles(1, slugs=frozenset({"endless"}))),
    Case("feed-hostile-titles", batch_of("titles.xml", HOSTILE_TITLES_FEED), Settles(3, slugs=frozenset({"etc-passwd", "con-review", "a-b-c"}))),
    # The second hardening pass: bounded time and memory, no script in links, nothing damaged trusted.
    Case("front-matter-alias-bomb", file_input("bomb.md", alias_bomb()), Fails(1, r"YAML aliases are refused \(\*a\)"), engine_unused=True),
    Case("fetch-drips-its-headers", dripping_fetch("headers"), Fails(1, r"the fetch took longer than 6 s")),
    Case("fetch-drips-its-body", dripping_fetch("body"), Fails(1, r"the fetch took longer than 6 s")),
    Case("digits-50000", configured(file_input("digits.md", DIGITS), max_audio_seconds=600), Fails(1, "over the 10 minutes limit"), engine_unused=True),
    Case("dots-50000", quick(file_input("dots.md", DOTS)), Converts("dots", transcript_has("It is kind."))),
    Case("abbreviations-50000", configured(file_input("doctors.md", DOCTORS), max_audio_seconds=600), Fails(1, "over the 10 minutes limit"), engine_unused=True),
    Case("paragraph-400k", configured(file_input("paragraph.md", PARAGRAPH), max_audio_seconds=600), Fails(1, "over the 10 minutes limit"), engine_unused=True),
    Case("front-matter-javascript-url", file_input("js.md", f'---\ntitle: Js Link\nurl: "javascript:alert(document.cookie)"\n---\n\n{BODY}'), Converts("js", no_script_links)),
    Case("front-matter-data-url", file_input("data.md", f'---\ntitle: Data Link\nurl: "data:text/html;base64,PHNjcmlwdD4="\nimage: "data:text/html,x"\n---\n\n{BODY}'), Converts("data", no_script_links)),
    Case("html-canonical-javascript", file_input("canon.html", CANONICAL_SCRIPT), Converts("canon", no_script_links)),
    Case("feed-entry-link-javascript", batch_of("scripted.xml", SCRIPT_LINK_FEED), Settles(1, slugs=frozenset({"scripted"})), after=no_script_links),
    Case("title-control-characters", stdin_input(f'---\ntitle: "Night\\x01Watch\\x07 \\x1b[0m"\nauthor: "A\\x00B"\n---\n\n{BODY}'), Converts("night-watch-0m", clean_title("Night Watch [0m"))),
    Case("feed-title-control-characters", batch_of("ctl.xml", rss_feed(f"<title>Bell&#x85;Tower</title><guid>b1</guid><description>{BODY}</description>")), Settles(1, slugs=frozenset({"bell-tower"}))),
    Case("cache-takes-cut-in-half", convert_twice(fresh_run, note_duration(cut_takes_in_half)), Converts("fresh", same_duration_as_before)),
    Case("cache-cover-is-garbage", convert_twice(fresh_run, garbage_covers), Converts("fresh", cover_is_a_picture)),
    Case("srt-cue-injection", file_input("cues.txt", "Cues\n\nThe film says 00:00:01,000 --> 00:00:09,000 and <script>alert(1)</script> then ends well. It is good.\n"), Converts("cues", srt_holds_no_markup)),
    Case("cover-decompression-bomb", with_cover(png_header(20_000, 20_000)), Fails(1, r"cover image is over the 40-megapixel limit \(400 megapixels\)")),
    Case("cover-100-megapixels", with_cover(png_header(10_000, 10_000)), Fails(1, "cover image is 10000x10000 pixels, over the 40-megapixel limit")),
    Case("production-folder-is-a-symlink", symlinked("fresh"), Fails(1, "cannot write: it is a symbolic link")),
    Case("production-lock-is-a-symlink", symlinked(".audioreview/locks/good.lock"), Fails(1, "it is a symbolic link")),
    Case("state-db-is-a-symlink", symlinked(".audioreview/state.sqlite", batch=True), Fails(1, "cannot open the batch state: it is a symbolic link", name="state.sqlite")),
    Case("batch-lock-is-a-symlink", symlinked(".audioreview/batch.lock", batch=True), Fails(1, "it is a symbolic link", name="out")),
    Case("state-db-corrupt-page", corrupt_state, Fails(1, "the batch state is unreadable", name="state.sqlite")),
    Case("lexicon-nested-quantifier", lexicon_with("(a+)+$"), Fails(1, r"repeats a repeat \(nested quantifiers\)")),
    Case("clutter-nested-quantifier", clutter_with("^(ab+c?)*$"), Fails(1, r"clutter pattern .* repeats a repeat")),
    Case("sting-longer-than-max-audio", long_sting(30), Fails(1, r"over the 35 seconds limit"), engine_unused=True),
    Case("up-to-date-in-a-read-only-folder", read_only_lock, UpToDate()),
]  # fmt: skip


# --- the harness ----------------------------------------------------------------------------




def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)
    assert looks_like_feed(GOOD_FEED.encode())


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, env: Env) -> None:
    run = case.setup(env)
    before = snapshot(env.root, skip=env.cache)
    env.engine.calls.clear()
    started = time.monotonic()
    result = invoke(["--config", str(env.config), *run.args], run.stdin)
    elapsed = time.monotonic() - started
    after = snapshot(env.root, skip=env.cache)

    assert elapsed < HANG_GUARD_S, f"the run took {elapsed:.0f} s"
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr + result.stdout
    assert temp_leftovers(env.root) == []
    assert before.lost(after) == set(), "files that existed before the run are gone"
    expect = case.expect
    if isinstance(expect, Fails):
        _check_failure(result.exit_code, result.stderr, run, expect)
        # An empty lock file (and its private folder), taken before the input proved bad, is no output.
        private = f"out/{PRIVATE_DIR}"
        changed = {
            p for p in before.changed(after)
            if not (p.startswith(private) and (p not in after.files or after.files[p][0] == 0))
        }  # fmt: skip
        assert changed == set(), "a failed run wrote or changed files"
    elif isinstance(expect, Converts):
        assert (result.exit_code, result.stderr) == (0, ""), result.stderr
        folders = _new_productions(env, before.changed(after))
        assert len(folders) == 1, folders
        folder = env.out / folders.pop()
        if expect.slug is not None:
            assert re.fullmatch(re.escape(expect.slug).replace(r"\*", "[a-z0-9-]+"), folder.name), folder.name
        assert (folder / f"{folder.name}.mp3").stat().st_size > 0
        if expect.check is not None:
            expect.check(env, folder)
    elif isinstance(expect, UpToDate):
        assert (result.exit_code, result.stderr) == (0, ""), result.stderr
        assert before.changed(after) == set()
    else:
        _check_batch(result.exit_code, result.stderr, env, before.changed(after), expect)
    if case.engine_unused:
        assert env.engine.calls == []
    if case.after is not None:
        case.after(env)


def _check_failure(code: int, stderr: str, run: Run, expect: Fails) -> None:
    assert code == expect.code, stderr
    lines = stderr.strip().splitlines()
    if expect.code == 2:  # click's usage block: the "Error:" line is the message
        errors = [line for line in lines if line.startswith("Error:")]
        assert len(errors) == 1, stderr
        line = errors[0]
    else:
        assert len(lines) == 1, stderr
        line = lines[0]
        assert line.startswith("audioreview: error: ")
    names = expect.name or run.name
    assert any(name in line for name in ((names,) if isinstance(names, str) else names)), line
    assert re.search(expect.cause, line, re.IGNORECASE), line


def _new_productions(env: Env, changed: set[str]) -> set[str]:
    """The production folders a run created; everything it wrote must be inside them."""
    slugs = set()
    for rel in changed:
        parts = rel.split("/")
        assert parts[0] == "out" and len(parts) >= 2, f"{rel} was written outside a production folder"
        if parts[1] == PRIVATE_DIR:
            continue  # the locks and the batch's state
        slugs.add(parts[1])
    for slug in slugs:
        assert SAFE_SLUG.fullmatch(slug) and slug not in RESERVED and len(slug) <= MAX_SLUG, slug
        folder = env.out / slug
        assert folder.resolve().parent == env.out.resolve()
        assert slug != "good", "the earlier production was rewritten"
        for path in folder.iterdir():
            assert path.is_file(), path
            assert path.stat().st_size > 0, f"{path} is empty"
            assert not path.name.startswith("."), f"{path} would be published"
    return slugs


def _check_batch(code: int, stderr: str, env: Env, changed: set[str], expect: Settles) -> None:
    assert code == (1 if expect.failed else 0), stderr
    lines = stderr.strip().splitlines()
    assert all(re.match(r"^\[\d+/\d+\] (rendered|failed|skipped) ", line) for line in lines), stderr
    failed = [line for line in lines if "] failed " in line]
    assert len(failed) == len(expect.failed), stderr
    for key, cause in expect.failed.items():
        mine = [line for line in failed if re.search(rf"\] failed +{re.escape(key)}\S*: ", line)]
        assert len(mine) == 1 and re.search(cause, mine[0]), (key, stderr)
    assert sum("] rendered " in line for line in lines) == expect.rendered, stderr
    slugs = _new_productions(env, changed)
    assert len(slugs) == expect.rendered
    if expect.slugs is not None:
        assert slugs == expect.slugs


@pytest.mark.parametrize(("nfc", "nfd"), [(NFC, NFD), ("Ångström", unicodedata.normalize("NFD", "Ångström"))])
def test_nfc_and_nfd_titles_land_in_the_same_folder(nfc: str, nfd: str, env: Env) -> None:
    slugs = []
    for title in (nfc, nfd):
        run = titled(title)(env)
        result = invoke(["--config", str(env.config), *run.args, "--json"], run.stdin)
        assert result.exit_code == 0, result.stderr
        slugs.append(json.loads(result.stdout)["slug"])
    assert slugs[0] == slugs[1] == make_slug(nfc)
    assert sorted(p.name for p in env.out.iterdir() if p.name != PRIVATE_DIR) == sorted(["good", slugs[0]])


def test_a_killed_runs_leftovers_are_swept_by_the_next_run(env: Env) -> None:
    folder = env.out / "good"
    stale = folder / ".tmp-stage-killed"
    stale.mkdir()
    (stale / "good.mp3").write_bytes(b"half an mp3")
    (folder / ".tmp-abc.vtt").write_text("WEBVTT\n\n00:00.000 --> ")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}
    result = invoke(["--config", str(env.config), *env.convert(env.good_source)])
    assert result.exit_code == 0, result.stderr
    assert temp_leftovers(env.root) == []
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert after.keys() == before.keys()
    assert after["good.json"] == before["good.json"]  # same review, same cache: the same production
