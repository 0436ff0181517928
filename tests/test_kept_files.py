"""Big kept files stream through a block at a time, in the layout small kept files use."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from audioreview.render import kept
from audioreview.render.synthesize import SegmentCache, kept_entry, read_kept_entry


def _source(tmp_path: Path, size: int) -> Path:
    path = tmp_path / "made.mp3"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"tail")
    return path


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept, "BLOCK", 1000)  # many blocks, and a last one cut short


@pytest.mark.usefixtures("small_blocks")
def test_a_kept_file_comes_back_whole_with_its_head(tmp_path: Path) -> None:
    source = _source(tmp_path, 10_000)
    kept.store_file(tmp_path / "cache" / "k", b'{"lufs": -16}', source)
    assert kept.copy_kept(tmp_path / "cache" / "k", tmp_path / "out.mp3") == b'{"lufs": -16}'
    assert (tmp_path / "out.mp3").read_bytes() == source.read_bytes()
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["k"]  # no temp file left


def test_the_layout_is_the_one_small_kept_files_have(tmp_path: Path) -> None:
    source = _source(tmp_path, 3000)
    kept.store_file(tmp_path / "streamed", b"head", source)
    assert read_kept_entry((tmp_path / "streamed").read_bytes()) == b"head\n" + source.read_bytes()
    (tmp_path / "whole").write_bytes(kept_entry(b"other\n" + b"data"))
    assert kept.copy_kept(tmp_path / "whole", tmp_path / "out") == b"other"
    assert (tmp_path / "out").read_bytes() == b"data"


@pytest.mark.parametrize("damage", ["cut", "flipped", "no marker", "empty"])
def test_a_damaged_kept_file_counts_as_missing_and_writes_nothing(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "k"
    kept.store_file(path, b"head", _source(tmp_path, 5000))
    data = bytearray(path.read_bytes())
    if damage == "cut":
        data = data[:-100]
    elif damage == "flipped":
        data[2000] ^= 0xFF
    elif damage == "no marker":
        data = data[:-8] + b"XXXXXXXX"
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    assert kept.copy_kept(path, tmp_path / "out") is None
    assert not (tmp_path / "out").exists()
    assert kept.copy_kept(tmp_path / "absent", tmp_path / "out") is None


def test_a_head_must_be_one_short_line(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        kept.store_file(tmp_path / "k", b"two\nlines", _source(tmp_path, 10))


def test_keeping_and_copying_out_hold_a_block_not_the_file(tmp_path: Path) -> None:
    source = _source(tmp_path, 24 << 20)
    tracemalloc.start()
    try:
        kept.store_file(tmp_path / "k", b"head", source)
        assert kept.copy_kept(tmp_path / "k", tmp_path / "out") == b"head"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * kept.BLOCK  # the file is 24 MB
    assert (tmp_path / "out").stat().st_size == source.stat().st_size


@pytest.mark.parametrize("root", ["folder", "memory"])
def test_a_made_file_is_made_once_then_copied(tmp_path: Path, root: str) -> None:
    cache = SegmentCache(tmp_path / "cache" if root == "folder" else None)
    made: list[Path] = []

    def make(target: Path) -> bytes:
        made.append(target)
        target.write_bytes(b"mp3 bytes")
        return b"head"

    assert cache.made_file("masters", "key", tmp_path / "a.mp3", make) == b"head"
    assert cache.made_file("masters", "key", tmp_path / "b.mp3", make) == b"head"
    assert made == [tmp_path / "a.mp3"]
    assert (tmp_path / "b.mp3").read_bytes() == b"mp3 bytes"
