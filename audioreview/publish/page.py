"""The listening page (``<slug>/index.html``) and the snippet to paste under a post.

``render_page`` is pure: a manifest plus the WebVTT text of each version gives
one self-contained HTML page (CSS and JS inlined, no external fonts or CDN),
which works from file:// and from any static host. ``write_page`` does the
reading and the atomic write.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import PublishError
from ..files import write_if_changed
from .values import clock, file_name

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
_TIMING = re.compile(r"^\s*((?:\d+:)?\d{1,2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}\.\d{3})")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class VttCue:
    """One caption cue, times in seconds."""

    start_s: float
    end_s: float
    text: str


def parse_vtt(text: str, source: str = "captions") -> list[VttCue]:
    """Parse WebVTT text into cues (tags removed, entities decoded, lines joined)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("WEBVTT"):
        raise PublishError(f"{source}: not a WebVTT file (no WEBVTT header)")
    cues = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = block.split("\n")
        for i, line in enumerate(lines):
            match = _TIMING.match(line)
            if match:
                payload = " ".join(part.strip() for part in lines[i + 1:] if part.strip())
                cues.append(VttCue(_seconds(match[1]), _seconds(match[2]),
                                   html.unescape(_TAG.sub("", payload)).strip()))
                break
    return cues


def _seconds(stamp: str) -> float:
    total = 0.0
    for part in stamp.split(":"):
        total = total * 60 + float(part)
    return round(total, 3)


def language_name(code: str) -> str:
    """A human label for a language code ("en" -> "English")."""
    return _LANGUAGE_NAMES.get(code.split("-")[0].lower(), code)


@lru_cache(maxsize=2)
def _asset(name: str) -> str:
    return resources.files("audioreview.publish").joinpath("assets", name).read_text(encoding="utf-8")


def _versions(manifest: Mapping[str, Any], order: tuple[str, ...]) -> list[tuple[str, Mapping[str, Any]]]:
    versions = manifest.get("versions")
    if not isinstance(versions, Mapping) or not versions:
        raise PublishError(f"{manifest.get('slug', 'manifest')}: manifest has no versions")
    return [(v, versions[v]) for v in order if isinstance(versions.get(v), Mapping)]


def _rating(manifest: Mapping[str, Any]) -> tuple[float, str] | None:
    rating = manifest.get("rating")
    if not isinstance(rating, Mapping):
        return None
    try:
        value, scale = float(rating["value"]), float(rating["scale"])
    except (KeyError, TypeError, ValueError):
        return None
    text = str(rating.get("text") or f"{value:g}/{scale:g}")
    return (max(0.0, min(1.0, value / scale)) if scale > 0 else 0.0), text


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


def _minutes(duration_s: Any) -> str:
    try:
        minutes = max(1, round(float(duration_s) / 60))
    except (TypeError, ValueError):
        return ""
    return f" ({minutes} min)"


def render_page(manifest: Mapping[str, Any], *, captions: Mapping[str, str]) -> str:
    """Render the listening page for one production.

    ``captions`` maps each version ("full", "short") to the text of its VTT
    file; a version without captions gets a player and chapters but no
    transcript.
    """
    esc = html.escape
    title = str(manifest.get("title") or "Untitled")
    language = str(manifest.get("language") or "en")
    show = str(manifest.get("show") or "")
    head = [f'<p class="show">{esc(show)}</p>' if show else "", f"<h1>{esc(title)}</h1>"]
    byline = []
    if manifest.get("author"):
        byline.append(f"Review by {esc(str(manifest['author']))}")
    if shown := _display_date(manifest.get("date"), language):
        byline.append(f'<time datetime="{esc(shown[0])}">{esc(shown[1])}</time>')
    if byline:
        head.append(f'<p class="byline">{" · ".join(byline)}</p>')
    if rating := _rating(manifest):
        fraction, text = rating
        head.append(f'<p class="rating" role="img" aria-label="Rating: {esc(text)}">{_stars_svg(fraction)}'
                    f'<span aria-hidden="true">{esc(text)}</span></p>')
    if manifest.get("description"):
        head.append(f'<p class="lede">{esc(str(manifest["description"]))}</p>')
    if manifest.get("url"):
        head.append(f'<p class="source"><a href="{esc(str(manifest["url"]))}">Read the written review</a></p>')

    art = ""
    image = manifest.get("image")
    if isinstance(image, str) and image:
        art = f'<img class="art" src="{quote(file_name(image, "image", str(manifest.get("slug"))))}" alt="" ' \
              'width="144" height="144">'
    sections = [_section(version, data, captions.get(version), language, manifest)
                for version, data in _versions(manifest, _ORDER_PAGE)]
    page_title = f"{title} — {show}" if show else title
    description = str(manifest.get("description") or f"Listen to {title}.")
    generator = str(manifest.get("generator") or "audioreview")
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


def _section(version: str, data: Mapping[str, Any], vtt: str | None, language: str,
             manifest: Mapping[str, Any]) -> str:
    esc = html.escape
    slug = str(manifest.get("slug") or "production")
    label = VERSION_LABELS.get(version, version.title())
    heading_id = f"h-{version}"
    audio = file_name(data.get("audio"), f"versions.{version}.audio", slug)
    parts = [
        f'<section class="episode" id="{esc(version)}" data-version="{esc(version)}" '
        f'aria-labelledby="{heading_id}">',
        '<div class="episode-head">',
        f'<h2 id="{heading_id}">{esc(label)}</h2>',
        f'<span class="duration">{esc(clock(float(data.get("duration_s") or 0)))}</span>',
        "</div>",
        f'<audio controls preload="metadata" src="{quote(audio)}" aria-labelledby="{heading_id}">',
    ]
    if data.get("captions"):
        captions = file_name(data["captions"], f"versions.{version}.captions", slug)
        parts.append(f'<track kind="captions" src="{quote(captions)}" srclang="{esc(language)}" '
                     f'label="{esc(language_name(language))}" default>')
    parts.append(f'<a href="{quote(audio)}">Download the {esc(label.lower())} (MP3)</a>')
    parts.append("</audio>")
    files = [f'<a href="{quote(audio)}" download>MP3</a>']
    for key, text in (("transcript", "Transcript"), ("captions", "Captions"), ("chapters_json", "Chapters")):
        if data.get(key):
            files.append(f'<a href="{quote(file_name(data[key], key, slug))}">{text}</a>')
    parts.append(f'<p class="files">{" · ".join(files)}</p>')

    chapters = data.get("chapters") or []
    if chapters:
        parts.append(f'<nav class="chapters" aria-label="Chapters of the {esc(label.lower())}">')
        parts.append("<h3>Chapters</h3>")
        parts.append("<ol>")
        for chapter in chapters:
            start = float(chapter.get("start_s") or 0)
            parts.append(
                f'<li><button type="button" data-start="{start:.3f}">'
                f'<span class="time">{esc(clock(start))}</span>'
                f'<span class="title">{esc(str(chapter.get("title") or ""))}</span></button></li>'
            )
        parts.append("</ol>")
        parts.append("</nav>")

    if vtt is not None:
        cues = parse_vtt(vtt, f"{slug} {version} captions")
        sentences = " ".join(
            f'<span class="cue" tabindex="0" data-start="{cue.start_s:.3f}" data-end="{cue.end_s:.3f}" '
            f'title="Play from {esc(clock(cue.start_s))}">{esc(cue.text)}</span>'
            for cue in cues
        )
        parts.append(f'<details class="transcript-box"{" open" if version == "full" else ""}>')
        parts.append(f'<summary id="t-{version}">Transcript</summary>')
        parts.append(f'<div class="transcript" role="region" aria-labelledby="t-{version}">')
        parts.append(f"<p>{sentences}</p>")
        parts.append("</div>")
        parts.append('<p class="hint">Select a sentence to play from there.</p>')
        parts.append("</details>")
        embedded = json.dumps(vtt).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        parts.append(f'<script type="application/json" class="vtt">{embedded}</script>')
    parts.append("</section>")
    return "\n".join(parts)


def render_snippet(manifest: Mapping[str, Any], *, base_url: str | None = None) -> str:
    """The HTML to paste under a post: one captioned player per version, short first.

    With ``base_url`` (where the output folder is published) the file URLs are
    absolute (``base_url/<slug>/<file>``); without it they are relative to the
    production folder.
    """
    esc = html.escape
    slug = str(manifest.get("slug") or "")
    language = str(manifest.get("language") or "en")
    prefix = ""
    if base_url is not None:
        prefix = base_url.rstrip("/") + "/" + (quote(slug) + "/" if slug else "")

    def url(name: str) -> str:
        return esc(prefix + quote(name))

    title = str(manifest.get("title") or "")
    parts = [f'<div class="audioreview" data-slug="{esc(slug)}">']
    for version, data in _versions(manifest, _ORDER_SNIPPET):
        audio = file_name(data.get("audio"), f"versions.{version}.audio", slug or "manifest")
        label = VERSION_LABELS.get(version, version.title()) + _minutes(data.get("duration_s"))
        track = ""
        if data.get("captions"):
            captions = file_name(data["captions"], f"versions.{version}.captions", slug or "manifest")
            track = (f'<track kind="captions" src="{url(captions)}" srclang="{esc(language)}" '
                     f'label="{esc(language_name(language))}" default>')
        aria = f"{label}: {title}" if title else label
        parts.append(
            f"<figure>\n<figcaption>{esc(label)}</figcaption>\n"
            f'<audio controls src="{url(audio)}" preload="metadata" aria-label="{esc(aria)}">{track}'
            f'<a href="{url(audio)}">Download the MP3</a></audio>\n</figure>'
        )
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def write_page(production_folder: Path) -> Path:
    """Write ``<production_folder>/index.html`` from its manifest and captions; returns its path."""
    folder = Path(production_folder)
    manifest_path = folder / f"{folder.name}.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PublishError(f"{manifest_path}: manifest not found") from exc
    except OSError as exc:
        raise PublishError(f"{manifest_path}: cannot read manifest: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PublishError(f"{manifest_path}: invalid manifest JSON: {exc}") from exc
    if not isinstance(manifest, dict):
        raise PublishError(f"{manifest_path}: manifest is not a JSON object")
    captions: dict[str, str] = {}
    for version, data in _versions(manifest, _ORDER_PAGE):
        if not data.get("captions"):
            continue
        path = folder / file_name(data["captions"], f"versions.{version}.captions", str(manifest_path))
        try:
            captions[version] = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise PublishError(f"{path}: captions file named in {manifest_path.name} is missing") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise PublishError(f"{path}: cannot read captions: {exc}") from exc
    return write_if_changed(folder / PAGE_NAME, render_page(manifest, captions=captions).encode("utf-8"))
