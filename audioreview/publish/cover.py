"""Cover art: the review's own image, or a square JPEG with the show name, the title and the rating as stars.

``choose_cover`` picks (and checks) the image a production publishes.

The design: a dark diagonal gradient, concentric "sound" arcs and a waveform
strip in an amber accent, the show name in small capitals, the title large and
white, and the rating drawn as five star shapes (not font glyphs). The
waveform's bar heights come from a hash of the title, so each episode gets its
own pattern and the same inputs always give the same bytes.

Fonts come from pip packages only: Lato (the ``font-lato`` package) when it is
installed, else Pillow's bundled scalable font (Pillow >= 10.1).

Pillow is imported only where a picture is drawn or read: a run whose cover
is kept from before (every run but a review's first) does without it.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from ..errors import PublishError
from ..files import write_if_changed
from ..fingerprint import RENDER_EPOCH, digest_of, local_image_path
from ..model import Rating, Review
from ..version import __version__
from .tags import image_mime

MIN_SIZE = 1400
MAX_SIZE = 3000
MAX_COVER_PIXELS = 40_000_000
"""Largest cover image accepted (width x height), far below Pillow's own bomb limit."""
_BASE = 1400  # the layout is drawn in units of a 1400 px canvas
_SUPERSAMPLE = 2  # shapes are drawn larger and scaled down for smooth edges

_BG_TOP = (16, 20, 40)
_BG_BOTTOM = (46, 17, 58)
_ACCENT = (255, 178, 63)
_TEXT = (250, 247, 242)
_MUTED = (198, 190, 214)

if TYPE_CHECKING:
    from PIL import Image, ImageFont

    Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
    FontLoader = Callable[[float], Font]


def render_cover(show: str, title: str, rating: Rating | None, size: int = MIN_SIZE) -> bytes:
    """Render square RGB JPEG cover art (``size`` px, 1400..3000) and return its bytes.

    The show name sits at the top, the title is wrapped and sized to fill the
    middle, and the rating (when given) is drawn as five stars with its text.
    """
    from PIL import Image, ImageDraw

    if not MIN_SIZE <= size <= MAX_SIZE:
        raise PublishError(f"cover: size {size} px is outside {MIN_SIZE}..{MAX_SIZE} px")
    unit = size / _BASE
    image = _background(size)
    shapes = _shapes_layer(size, title, rating)
    image = Image.alpha_composite(image, shapes)
    draw = ImageDraw.Draw(image)
    margin = round(110 * unit)
    width = size - 2 * margin

    show_text = " ".join(show.split()).upper() or "PODCAST"
    show_font = _fit_single_line(show_text, _bold, start=60 * unit, minimum=34 * unit, width=width)
    draw.text((margin, round(118 * unit)), show_text, font=show_font, fill=_ACCENT, anchor="ls")
    draw.rounded_rectangle(
        (margin, round(160 * unit), margin + round(150 * unit), round(172 * unit)),
        radius=round(6 * unit),
        fill=_ACCENT,
    )

    top, bottom = round(250 * unit), round((1000 if rating else 1120) * unit)
    lines, font, line_height = _fit_title(" ".join(title.split()) or "Untitled", width, bottom - top, unit)
    y = top
    for line in lines:
        draw.text((margin, y), line, font=font, fill=_TEXT, anchor="la")
        y += line_height

    if rating is not None:
        label = rating_label(rating)
        label_font = _fit_single_line(label, _bold, start=72 * unit, minimum=40 * unit, width=width // 2)
        star_right = margin + round(5 * 118 * unit)
        draw.text((star_right + round(36 * unit), round(1122 * unit)), label, font=label_font,
                  fill=_MUTED, anchor="lm")

    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=90, optimize=True)
    return out.getvalue()


MAX_COVER_BYTES = 20 * 2**20
"""Largest cover image file read (covers are 1400 to 3000 px JPEG or PNG: a few MB at most)."""


class MadeStore(Protocol):
    """Where things a run makes and the next run can reuse are kept (the segment cache)."""

    def made(self, kind: str, name: str, make: Callable[[], bytes]) -> bytes:
        """The stored bytes of ``kind/name``, made with ``make`` and kept when missing."""
        ...


@dataclass(frozen=True, slots=True)
class Cover:
    """A production's cover image."""

    data: bytes
    mime: str
    """image/jpeg or image/png."""

    @property
    def file_name(self) -> str:
        """The name it is published under in the production folder."""
        return "cover.jpg" if self.mime == "image/jpeg" else "cover.png"


def choose_cover(review: Review, store: MadeStore) -> Cover:
    """The review's own image when it is a local JPEG/PNG, else a generated cover.

    Only a review read from a local file (or standard input) may name a file
    on this disk: a page or feed entry from elsewhere must not get one of the
    machine's pictures published as its cover. A generated cover depends on
    the show, title and rating only, so it is drawn once and kept in the store.
    """
    path = local_image_path(review)
    if path is not None and path.is_file():
        if path.stat().st_size > MAX_COVER_BYTES:
            raise PublishError(f"{path}: cover image is over {MAX_COVER_BYTES // 2**20} MB")
        data = path.read_bytes()
        mime = image_mime(data)
        if mime is None:
            raise PublishError(f"{path}: cover image is not a JPEG or PNG (or is corrupt)")
        _check_image(data, path)
        return Cover(data, mime)
    meta = review.meta
    key = digest_of("cover", __version__, RENDER_EPOCH, meta.show or "", meta.title, meta.rating)
    data = store.made("covers", f"{key[:32]}.jpg", lambda: render_cover(meta.show or "", meta.title, meta.rating))
    return Cover(data, "image/jpeg")


def _check_image(data: bytes, path: Path) -> None:
    check_image(data, path)


def write_cover(path: Path, show: str, title: str, rating: Rating | None, size: int = MIN_SIZE) -> Path:
    """Render a cover and write it to ``path`` atomically (left untouched when unchanged)."""
    return write_if_changed(path, render_cover(show, title, rating, size))


def check_image(data: bytes, name: object) -> None:
    """Raise PublishError unless ``data`` is a whole image of at most MAX_COVER_PIXELS pixels.

    The size is read from the header before anything is decoded, so a
    decompression bomb (a small file of a huge picture) costs nothing.
    """
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                if width * height > MAX_COVER_PIXELS:
                    raise PublishError(
                        f"{name}: cover image is {width}x{height} pixels, over the "
                        f"{MAX_COVER_PIXELS // 1_000_000}-megapixel limit"
                    )
                img.verify()
    except Image.DecompressionBombError as exc:
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        size = f" ({int(pixels.group(1)) // 1_000_000} megapixels)" if pixels else ""
        raise PublishError(
            f"{name}: cover image is over the {MAX_COVER_PIXELS // 1_000_000}-megapixel limit{size}"
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:  # UnidentifiedImageError is an OSError
        raise PublishError(f"{name}: cover image is corrupt: {' '.join(str(exc).split())}") from exc


def rating_label(rating: Rating) -> str:
    """The rating as text for the cover: as written when plain ("7.5/10", "B+"), else value/scale.

    Written ratings made of symbols ("★★★½") are replaced, since the stars are
    drawn anyway and the font may lack the glyphs.
    """
    text = " ".join(rating.text.split())
    if re.fullmatch(r"[0-9A-Za-z .,/%+-]{1,16}", text):
        return text
    return f"{rating.value:g}/{rating.scale:g}"


def star_fill(rating: Rating) -> float:
    """How many of five stars a rating fills, to the nearest half star."""
    if rating.scale <= 0:
        return 0.0
    stars = max(0.0, min(5.0, rating.value / rating.scale * 5))
    return math.floor(stars * 2 + 0.5) / 2


# -- drawing -----------------------------------------------------------------


def _background(size: int) -> Image.Image:
    """A diagonal gradient from the top-left to the bottom-right corner."""
    from PIL import Image

    ramp = np.add.outer(np.arange(size), np.arange(size)) * (255 / max(1, 2 * (size - 1)))
    mask = Image.fromarray(ramp.astype(np.uint8), mode="L")
    top = Image.new("RGBA", (size, size), (*_BG_TOP, 255))
    bottom = Image.new("RGBA", (size, size), (*_BG_BOTTOM, 255))
    return Image.composite(bottom, top, mask)


def _shapes_layer(size: int, title: str, rating: Rating | None) -> Image.Image:
    """Arcs, waveform and stars, drawn supersampled and scaled down."""
    from PIL import Image, ImageDraw

    big = size * _SUPERSAMPLE
    u = big / _BASE
    layer = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)

    # Sound arcs spreading from the bottom-right corner.
    cx, cy = big + round(40 * u), big + round(40 * u)
    for i, radius in enumerate((330, 470, 610, 750, 890)):
        r = round(radius * u)
        alpha = 70 - i * 11
        draw.arc((cx - r, cy - r, cx + r, cy + r), start=180, end=270, fill=(*_ACCENT, alpha),
                 width=round((26 - i * 3) * u))

    # A waveform strip along the bottom, unique to the title.
    digest = hashlib.sha256(title.encode("utf-8")).digest()
    left, right = round(110 * u), round(1050 * u)
    mid = round(1262 * u)
    bar, gap = round(16 * u), round(12 * u)
    count = (right - left) // (bar + gap)
    for i in range(count):
        envelope = math.sin(math.pi * (i + 0.5) / count) ** 0.6
        height = round((16 + 62 * envelope * digest[i % len(digest)] / 255) * u)
        x = left + i * (bar + gap)
        draw.rounded_rectangle((x, mid - height, x + bar, mid + height), radius=bar // 2,
                               fill=(*_ACCENT, 120))

    if rating is not None:
        fill = star_fill(rating)
        radius = round(50 * u)
        for i in range(5):
            centre = (round((110 + 56 + i * 118) * u), round(1122 * u))
            _star(layer, centre, radius, max(0.0, min(1.0, fill - i)), u)

    return layer.reduce(_SUPERSAMPLE)  # a box average of each 2x2: the antialiasing


def _star_points(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        angle = -math.pi / 2 + k * math.pi / 5
        r = outer if k % 2 == 0 else inner
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def _star(layer: Image.Image, centre: tuple[int, int], radius: int, fraction: float, u: float) -> None:
    """Draw one star: an outline, filled from the left by ``fraction``."""
    from PIL import Image, ImageDraw

    cx, cy = centre
    points = _star_points(cx, cy, radius, radius * 0.45)
    draw = ImageDraw.Draw(layer)
    draw.polygon(points, fill=(*_ACCENT, 40), outline=(*_ACCENT, 150), width=max(2, round(5 * u)))
    if fraction <= 0:
        return
    # The fill is drawn in a box around the star only, not over the whole layer.
    x0, y0 = cx - radius - 2, cy - radius - 2
    box = (2 * radius + 5, 2 * radius + 5)
    mask = Image.new("L", box, 0)
    ImageDraw.Draw(mask).polygon([(x - x0, y - y0) for x, y in points], fill=255)
    cut = cx - radius + round(2 * radius * fraction)
    if fraction < 1:
        ImageDraw.Draw(mask).rectangle((cut - x0, 0, box[0], box[1]), fill=0)
    layer.paste(Image.new("RGBA", box, (*_ACCENT, 255)), (x0, y0), mask)


# -- text --------------------------------------------------------------------


@lru_cache(maxsize=4)
def _font_file(weight: str) -> str | None:
    """Path of a Lato face shipped by the ``font-lato`` package, if installed."""
    try:
        package = import_module("font_lato")
    except ImportError:
        return None
    path = Path(package.__file__ or "").parent / "files" / f"Lato-{weight}.ttf"
    return str(path) if path.is_file() else None


def _load(weight: str, size: float) -> Font:
    from PIL import ImageFont

    path = _font_file(weight)
    if path is not None:
        return ImageFont.truetype(path, max(1, round(size)))
    return ImageFont.load_default(size=max(1, round(size)))


def _bold(size: float) -> Font:
    return _load("Bold", size)


def _black(size: float) -> Font:
    return _load("Black", size)


def _fit_single_line(text: str, loader: FontLoader, *, start: float, minimum: float, width: int) -> Font:
    size = start
    font = loader(size)
    while size > minimum and font.getlength(text) > width:
        size -= 2
        font = loader(size)
    return font


def wrap_text(text: str, measure: Callable[[str], float], width: float) -> list[str]:
    """Greedy word wrap by measured width; words wider than a line are split."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while measure(word) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and measure(word[:cut] + "-") > width:
                cut -= 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut] + "-")
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if current and measure(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _fit_title(title: str, width: int, height: int, unit: float) -> tuple[list[str], Font, int]:
    """The largest title size whose wrapped lines fit the box (at most 5 lines)."""
    size = 200 * unit
    minimum = 92 * unit
    while True:
        font = _black(size)
        lines = wrap_text(title, font.getlength, width)
        line_height = round(size * 1.12)
        if (len(lines) <= 5 and len(lines) * line_height <= height) or size <= minimum:
            break
        size -= 6 * unit
    max_lines = max(1, min(5, height // line_height))
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return lines, font, line_height
