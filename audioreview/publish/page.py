"""The listening page (``<slug>/index.html``) and the snippet to paste under a post.

``render_page`` is pure: a ``Manifest`` plus the caption cues of each version
give one self-contained HTML page (CSS and JS inlined, no external fonts or
CDN), which works from file:// and from any static host. ``write_page`` does
the atomic write; a production just made hands it the manifest and the cues
it has in memory, and ``audioreview podcast`` lets it read them from disk.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import PublishError
from ..files import write_if_changed
from ..model import Cue, Rating
from ..values import primary_language
from .captions import VttCue, parse_vtt, read_sentences, render_vtt, sentence_tokens
from .manifest import ChapterEntry, Manifest, VersionEntry, manifest_path, read_manifest
from .values import clock, duration_clock

PAGE_NAME = "index.html"
VERSION_LABELS = {"full": "Full version", "short": "Short version"}
_ORDER_PAGE = ("full", "short")
_ORDER_SNIPPET = ("short", "full")
_LANGUAGE_NAMES = {
    "en": "English", "de": "Deutsch", "fr": "Français", "es": "Español", "it": "Italiano",
    "nl": "Nederlands", "pt": "Português", "sv": "Svenska", "da": "Dansk", "no": "Norsk",
    "nb": "Norsk bokmål", "fi": "Suomi", "pl": "Polski", "cs": "Čeština", "ru": "Русский",
    "uk": "Українська", "tr": "Türkçe", "el": "Ελληνικά", "zh": "中文", "ja": "日本語",
}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
__all__ = ["PageCaptions", "VttCue", "parse_vtt", "render_page", "render_snippet", "transcript_html", "write_page"]


@dataclass(frozen=True, slots=True)
class PageCaptions:
    """A version's captions for the page: the sentences it shows, the WebVTT text it embeds.

    The page shows whole sentences even where the captions split them; their
    words and word times (when known) go into the markup itself.
    """

    cues: tuple[Cue, ...]
    vtt: str

    @classmethod
    def of(cls, cues: Sequence[Cue]) -> PageCaptions:
        """From the sentences of a version just rendered (the text its .vtt file holds)."""
        return cls(tuple(cues), render_vtt(cues))

    @classmethod
    def from_vtt(cls, text: str, source: str = "captions") -> PageCaptions:
        """From a WebVTT file's text: split sentences joined again, words read from their timestamps."""
        return cls(tuple(read_sentences(parse_vtt(text, source))), text)

    @property
    def timed(self) -> bool:
        """Some sentence has word times (the page then marks up each word)."""
        return any(sentence_tokens(cue) for cue in self.cues)


def language_name(code: str) -> str:
    """A human label for a language code ("en" -> "English")."""
    return _LANGUAGE_NAMES.get(primary_language(code), code)


@lru_cache(maxsize=2)
def _asset(name: str) -> str:
    return resources.files("audioreview.publish").joinpath("assets", name).read_text(encoding="utf-8")


def _rating(rating: Rating | None) -> tuple[float, str, str] | None:
    """(fill fraction, the text shown, the text screen readers say) of a rating."""
    if rating is None:
        return None
    value, scale = float(rating.value), float(rating.scale)
    text = rating.text or f"{value:g}/{scale:g}"
    spoken = f"Rated {value:g} out of {scale:g}"
    return (max(0.0, min(1.0, value / scale)) if scale > 0 else 0.0), text, spoken


def _star_points(index: int) -> str:
    """The ten corners of the index-th star in a 120x24 box, as SVG points."""
    cx, cy, outer, inner = 12 + 24 * index, 12.6, 11.2, 4.6
    corners = []
    for k in range(10):
        angle = -math.pi / 2 + k * math.pi / 5
        radius = outer if k % 2 == 0 else inner
        corners.append(f"{cx + radius * math.cos(angle):.2f},{cy + radius * math.sin(angle):.2f}")
    return " ".join(corners)


def _stars_svg(fraction: float) -> str:
    """Five stars filled from the left by ``fraction`` (0..1), as inline SVG."""
    stars = "".join(f'<polygon points="{_star_points(i)}"/>' for i in range(5))
    return (
        '<svg viewBox="0 0 120 24" aria-hidden="true" focusable="false">'
        f'<clipPath id="rating-clip"><rect x="0" y="0" width="{fraction * 120:.2f}" height="24"/></clipPath>'
        f'<g fill="currentColor" fill-opacity="0.2" stroke="currentColor" stroke-width="1" '
        f'stroke-linejoin="round">{stars}</g>'
        f'<g fill="currentColor" clip-path="url(#rating-clip)">{stars}</g>'
        "</svg>"
    )


def _display_date(value: Any, language: str) -> tuple[str, str] | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        day = Date.fromisoformat(value[:10])
    except ValueError:
        return None
    shown = f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if language.startswith("en") else day.isoformat()
    return day.isoformat(), shown


def _duration_label(duration_s: float) -> str:
    return f" ({duration_clock(duration_s)})"


def render_page(manifest: Manifest, *, captions: Mapping[str, PageCaptions]) -> str:
    """Render the listening page for one production.

    ``captions`` maps each version ("full", "short") to its captions; a
    version without them gets a player and chapters but no transcript.
    """
    esc = html.escape
    title = manifest.title
    language = manifest.language
    show = manifest.show
    head = [f'<p class="show">{esc(show)}</p>' if show else "", f"<h1>{esc(title)}</h1>"]
    byline = []
    if manifest.author:
        byline.append(f"Review by {esc(manifest.author)}")
    if shown := _display_date(manifest.date, language):
        byline.append(f'<time datetime="{esc(shown[0])}">{esc(shown[1])}</time>')
    if byline:
        head.append(f'<p class="byline">{" · ".join(byline)}</p>')
    if rating := _rating(manifest.rating):
        fraction, text, spoken = rating
        head.append(f'<p class="rating" role="img" aria-label="{esc(spoken)}">{_stars_svg(fraction)}'
                    f'<span aria-hidden="true">{esc(text)}</span></p>')
    if manifest.description:
        head.append(f'<p class="lede">{esc(manifest.description)}</p>')
    if manifest.url:
        head.append(f'<p class="source"><a href="{esc(manifest.url)}">Read the written review</a></p>')

    art = ""
    if manifest.image:
        art = f'<img class="art" src="{quote(manifest.image)}" alt="" width="144" height="144">'
    sections = [_section(version, entry, captions.get(version), manifest)
                for version, entry in manifest.ordered(_ORDER_PAGE)]
    page_title = f"{title} — {show}" if show else title
    description = manifest.description or f"Listen to {title}."
    generator = manifest.generator
    return "\n".join([
        "<!doctype html>",
        f'<html lang="{esc(language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        f"<title>{esc(page_title)}</title>",
        f'<meta name="description" content="{esc(description)}">',
        f'<meta name="generator" content="{esc(generator)}">',
        f"<style>\n{_asset('page.css')}</style>",
        "</head>",
        "<body>",
        '<div class="page">',
        '<header class="has-art">' if art else "<header>",
        art,
        '<div class="heading">',
        *[line for line in head if line],
        "</div>",
        "</header>",
        '<main id="main">',
        *sections,
        "</main>",
        f"<footer>Narrated with {esc(generator)}.</footer>",
        "</div>",
        f"<script>\n{_asset('page.js')}</script>",
        "</body>",
        "</html>",
        "",
    ])


def _section(version: str, data: VersionEntry, captions: PageCaptions | None, manifest: Manifest) -> str:
    esc = html.escape
    language = manifest.language
    label = VERSION_LABELS.get(version, version.title())
    heading_id = f"h-{version}"
    audio = data.audio
    parts = [
        f'<section class="episode" id="{esc(version)}" data-version="{esc(version)}" '
        f'aria-labelledby="{heading_id}">',
        '<div class="episode-head">',
        f'<h2 id="{heading_id}">{esc(label)}</h2>',
        f'<span class="duration">{esc(duration_clock(data.duration_s))}</span>',
        "</div>",
        f'<audio controls preload="metadata" src="{quote(audio)}" aria-labelledby="{heading_id}">',
    ]
    if data.captions:
        parts.append(f'<track kind="captions" src="{quote(data.captions)}" srclang="{esc(language)}" '
                     f'label="{esc(language_name(language))}" default>')
    parts.append(f'<a href="{quote(audio)}">Download the {esc(label.lower())} (MP3)</a>')
    parts.append("</audio>")
    files = [f'<a href="{quote(audio)}" download>MP3</a>']
    for name, text in ((data.transcript, "Transcript"), (data.captions, "Captions"), (data.chapters_json, "Chapters")):
        if name:
            files.append(f'<a href="{quote(name)}">{text}</a>')
    parts.append(f'<p class="files">{" · ".join(files)}</p>')

    chapters = data.chapters
    if chapters:
        parts.append(f'<nav class="chapters" aria-label="Chapters of the {esc(label.lower())}">')
        parts.append("<h3>Chapters</h3>")
        parts.append("<ol>")
        for chapter in chapters:
            start = chapter.start_s
            parts.append(
                f'<li><button type="button" data-start="{start:.3f}">'
                f'<span class="time">{esc(clock(start))}</span>'
                f'<span class="title">{esc(chapter.title)}</span></button></li>'
            )
        parts.append("</ol>")
        parts.append("</nav>")

    if captions is not None:
        parts.append(f'<details class="transcript-box"{" open" if version == "full" else ""}>')
        parts.append(f'<summary id="t-{version}">Transcript</summary>')
        parts.append(f'<div class="transcript" role="region" aria-label="Transcript of the {esc(label.lower())}">')
        parts.extend(transcript_html(captions.cues, data.chapters))
        parts.append("</div>")
        if captions.timed:
            # The word times are in the markup: the page needs no copy of the captions.
            parts.append('<p class="hint">Select a sentence or a word to play from there; on a sentence, '
                         "the arrow keys go word by word.</p>")
            parts.append("</details>")
        else:
            parts.append('<p class="hint">Select a sentence to play from there.</p>')
            parts.append("</details>")
            embedded = json.dumps(captions.vtt).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            parts.append(f'<script type="application/json" class="vtt">{embedded}</script>')
    parts.append("</section>")
    return "\n".join(parts)


def _cue_span(cue: Cue) -> str:
    """A sentence as a focusable span; its words as spans carrying their start (``data-t``) when known."""
    esc = html.escape
    tokens = sentence_tokens(cue)
    if tokens:
        text = " ".join(f'<span class="w" data-t="{t.start_ms / 1000:.3f}">{esc(t.text)}</span>' for t in tokens)
    else:
        text = esc(" ".join(cue.text.split()))
    return (f'<span class="cue" tabindex="0" data-start="{cue.start_ms / 1000:.3f}" data-end="{cue.end_ms / 1000:.3f}" '
            f'title="Play from {esc(clock(cue.start_ms / 1000))}">{text}</span>')


def transcript_html(cues: Sequence[Cue], chapters: Sequence[ChapterEntry]) -> list[str]:
    """The transcript as headed paragraphs: one ``<h3>`` and one ``<p>`` per chapter.

    Each cue falls in the chapter its start is in. A chapter whose first
    sentence is its own heading (a section of the review) shows that
    sentence as the heading; the others (intro, outro) get their title.
    Every cue stays a ``.cue`` span, in order, for the page's script.
    """
    esc = html.escape
    starts = [round(ch.start_s * 1000) for ch in chapters]
    groups: list[tuple[str | None, list[Cue]]] = [(ch.title, []) for ch in chapters] or [(None, [])]
    for cue in cues:
        index = max((i for i, start in enumerate(starts) if start <= cue.start_ms + 1), default=0)
        groups[index][1].append(cue)
    out = []
    for title, members in groups:
        if not members:
            continue
        if title is not None and " ".join(members[0].text.split()) == title:
            out.append(f"<h3>{_cue_span(members[0])}</h3>")
            members = members[1:]
        elif title is not None:
            out.append(f"<h3>{esc(title)}</h3>")
        if members:
            out.append("<p>" + " ".join(_cue_span(cue) for cue in members) + "</p>")
    return out


def render_snippet(manifest: Manifest, *, base_url: str | None = None) -> str:
    """The HTML to paste under a post: one captioned player per version, short first.

    With ``base_url`` (where the output folder is published) the file URLs are
    absolute (``base_url/<slug>/<file>``); without it they are relative to the
    production folder.
    """
    esc = html.escape
    slug = manifest.slug
    language = manifest.language
    prefix = ""
    if base_url is not None:
        prefix = base_url.rstrip("/") + "/" + (quote(slug) + "/" if slug else "")

    def url(name: str) -> str:
        return esc(prefix + quote(name))

    title = manifest.title
    parts = [f'<div class="audioreview" data-slug="{esc(slug)}">']
    for version, data in manifest.ordered(_ORDER_SNIPPET):
        audio = data.audio
        label = VERSION_LABELS.get(version, version.title()) + _duration_label(data.duration_s)
        track = ""
        if data.captions:
            track = (f'<track kind="captions" src="{url(data.captions)}" srclang="{esc(language)}" '
                     f'label="{esc(language_name(language))}" default>')
        aria = f"{label}: {title}" if title else label
        parts.append(
            f"<figure>\n<figcaption>{esc(label)}</figcaption>\n"
            f'<audio controls src="{url(audio)}" preload="metadata" aria-label="{esc(aria)}">{track}'
            f'<a href="{url(audio)}">Download the MP3</a></audio>\n</figure>'
        )
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def write_page(
    production_folder: Path,
    *,
    manifest: Manifest | None = None,
    cues: Mapping[str, Sequence[Cue]] | None = None,
) -> Path:
    """Write ``<production_folder>/index.html``; returns its path.

    A production just made passes its ``manifest`` and the ``cues`` it has in
    memory; without them, they are read from the folder (the manifest, and
    each version's WebVTT file).
    """
    folder = Path(production_folder)
    path = manifest_path(folder)
    if manifest is None:
        manifest = read_manifest(path)
    captions: dict[str, PageCaptions] = {}
    if cues is not None:
        captions = {version: PageCaptions.of(version_cues) for version, version_cues in cues.items()}
    else:
        for version, entry in manifest.ordered(_ORDER_PAGE):
            if entry.captions:
                vtt = folder / entry.captions
                captions[version] = PageCaptions.from_vtt(_read_captions(vtt, path.name), str(vtt))
    return write_if_changed(folder / PAGE_NAME, render_page(manifest, captions=captions).encode("utf-8"))


def _read_captions(path: Path, manifest_name: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PublishError(f"{path}: captions file named in {manifest_name} is missing") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PublishError(f"{path}: cannot read captions: {exc}") from exc
