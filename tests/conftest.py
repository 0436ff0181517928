"""Shared fixtures: settings that use the fake engine, a private cache, no network; a real browser."""

from __future__ import annotations

import socket
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from fixtures.bad_inputs import env, template  # noqa: F401  (the bad-input harness, for the modules that ask)
from fixtures.chromium import ARGS, chromium

from audioreview.settings import Settings

HERE = Path(__file__).parent
ROOT = HERE.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a non-loopback connection fails the test."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(host, str) and not (host.startswith("127.") or host in ("::1", "localhost")) and self.family in (
            socket.AF_INET,
            socket.AF_INET6,
        ):
            raise AssertionError(f"test tried to reach the network: {address}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def fake_settings(tmp_path: Path) -> Settings:
    """Settings with the fake engine, no stings or bed, a cache and output under tmp_path."""
    return Settings(
        narrator="fake",
        host="fake-host",
        voices_dir=str(HERE / "voices"),
        intro_sting=None,
        outro_sting=None,
        bed=None,
        cache_dir=str(tmp_path / "cache"),
        output_dir=str(tmp_path / "out"),
        versions=("full",),
    )


@pytest.fixture
def piper_settings(tmp_path: Path) -> Settings:
    """Settings with the real default voices, cache and output under tmp_path."""
    return Settings(cache_dir=str(tmp_path / "cache"), output_dir=str(tmp_path / "out"))


@pytest.fixture(scope="module")
def browser_args() -> Sequence[str]:
    """Chromium's command line for a module's ``browser``: a module defines its own to change it."""
    return ARGS


@pytest.fixture(scope="module")
def browser(browser_args: Sequence[str]) -> Iterator[Any]:
    """Debian's Chromium, launched once a module (skipped where it or Playwright is missing)."""
    with chromium(browser_args) as launched:
        yield launched
