"""The studio: a local web app to hear a review sentence by sentence, fix it and publish it.

A thin edge like the command line: every piece of work is done by the
library (``ingest.load``, ``pipeline.plan`` and ``produce``, the take cache
and the engines, the lexicon, the manifest, the folder locks). The server
binds 127.0.0.1 only and answers nobody without the random token it prints.
"""

from __future__ import annotations

__all__ = ["create_app", "serve"]


def __getattr__(name: str) -> object:
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "serve":
        from .server import serve

        return serve
    raise AttributeError(name)
