"""Cover art: size, format, determinism, stars drawn as shapes, legibility when small."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from audioreview.errors import PublishError
from audioreview.model import Rating
from audioreview.publish.cover import rating_label, render_cover, star_fill, wrap_text, write_cover

RATING = Rating(7.5, 10, "7.5/10")


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("size", [1400, 2048, 3000])
def test_cover_is_a_square_rgb_jpeg_of_the_requested_size(size: int) -> None:
    image = _open(render_cover("The Short Audio Version", "Quiet Harbour", RATING, size))
    assert image.format == "JPEG" and image.mode == "RGB"
    assert image.size == (size, size)


@pytest.mark.parametrize("size", [200, 1399, 3001])
def test_sizes_outside_apples_range_are_refused(size: int) -> None:
    with pytest.raises(PublishError, match=f"size {size} px"):
        render_cover("Show", "Title", None, size)


def test_same_inputs_give_the_same_bytes() -> None:
    assert render_cover("Show", "Quiet Harbour", RATING) == render_cover("Show", "Quiet Harbour", RATING)


def test_title_show_and_rating_change_the_picture() -> None:
    base = render_cover("Show", "Quiet Harbour", RATING)
    assert render_cover("Show", "Loud Harbour", RATING) != base
    assert render_cover("Other show", "Quiet Harbour", RATING) != base
    assert render_cover("Show", "Quiet Harbour", None) != base


@pytest.mark.parametrize(
    ("rating", "stars"),
    [
        (Rating(7.5, 10), 4.0),
        (Rating(7, 10), 3.5),
        (Rating(3, 5), 3.0),
        (Rating(2.6, 5), 2.5),
        (Rating(0, 10), 0.0),
        (Rating(10, 10), 5.0),
        (Rating(12, 10), 5.0),
        (Rating(4, 0), 0.0),
        (Rating(93, 100), 4.5),
    ],
)
def test_star_fill_rounds_to_half_stars(rating: Rating, stars: float) -> None:
    assert star_fill(rating) == stars


@pytest.mark.parametrize(
    ("rating", "label"),
    [
        (Rating(7.5, 10, "7.5/10"), "7.5/10"),
        (Rating(3.5, 5, "★★★½"), "3.5/5"),
        (Rating(8, 10, ""), "8/10"),
        (Rating(90, 100, "90%"), "90%"),
        (Rating(4, 5, "B+"), "B+"),
    ],
)
def test_rating_label_avoids_symbols(rating: Rating, label: str) -> None:
    assert rating_label(rating) == label


def _star_centre_colour(rating: Rating) -> tuple[float, ...]:
    image = _open(render_cover("Show", "T", rating))
    # First star's centre (layout units of a 1400 px canvas): x = 110 + 56, y = 1122.
    box = (166 - 6, 1122 - 6, 166 + 6, 1122 + 6)
    return tuple(ImageStat.Stat(image.crop(box)).mean)


def test_stars_are_drawn_filled_or_empty() -> None:
    full = _star_centre_colour(Rating(5, 5))
    empty = _star_centre_colour(Rating(0, 5))
    assert full[0] > 200 and full[1] > 140 and full[2] < 120  # amber
    assert sum(empty) < sum(full) - 250  # dark, only a faint tint


def test_title_stays_legible_at_thumbnail_size() -> None:
    thumb = _open(render_cover("The Short Audio Version", "Quiet Harbour", RATING)).resize(
        (200, 200), Image.Resampling.LANCZOS).convert("L")
    # Title band (from y=250 px of 1400, scaled): light text on a dark ground, with strong contrast.
    band = thumb.crop((15, 36, 185, 110))
    histogram = band.histogram()
    total = sum(histogram)
    bright = sum(histogram[201:]) / total
    dark = sum(histogram[:60]) / total
    assert bright > 0.08 and dark > 0.4


@pytest.mark.parametrize("title", [
    "Café Ümlaut — “Quoted” ’s Łódź",
    "A" * 200,
    "An extraordinarily long title " * 8,
    "",
])
def test_awkward_titles_render(title: str) -> None:
    assert _open(render_cover("Show", title, Rating(3, 5, "★★★"))).size == (1400, 1400)


def _measure(text: str) -> float:
    return float(len(text))


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("one two three", 7, ["one two", "three"]),
        ("one two three", 100, ["one two three"]),
        ("abcdefghij", 5, ["abcd-", "efgh-", "ij"]),
        ("  spaced   out  ", 20, ["spaced out"]),
        ("", 10, []),
    ],
)
def test_wrap_text(text: str, width: int, lines: list[str]) -> None:
    assert wrap_text(text, _measure, width) == lines


def test_write_cover_writes_once_and_atomically(tmp_path: Path) -> None:
    path = write_cover(tmp_path / "cover.jpg", "Show", "Title", None)
    stamp = path.stat().st_mtime_ns
    write_cover(path, "Show", "Title", None)
    assert path.stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == ["cover.jpg"]


def test_a_kept_cover_is_chosen_without_loading_pillow() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from audioreview.model import Metadata, Review\n"
        "from audioreview.publish.cover import choose_cover\n"
        "class Kept:\n"
        "    def made(self, kind, name, make):\n"
        "        return b'kept'\n"
        "cover = choose_cover(Review(Metadata(title='T'), (), source='r.md'), Kept())\n"
        "assert cover.data == b'kept'\n"
        "print('PIL' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
