"""``python -m audioreview``."""

from .cli import run

run()
