"""Starting the studio: a free port on 127.0.0.1, a fresh token, uvicorn, the browser."""

from __future__ import annotations

import secrets
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from .workspace import Workspace

HOST = "127.0.0.1"


def check_extra() -> None:
    """ImportError naming the first package of the ``studio`` extra that is missing."""
    import importlib

    for name in ("starlette", "uvicorn", "jinja2", "tomlkit"):
        importlib.import_module(name)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def studio_url(port: int, token: str) -> str:
    """The address to open: it carries the access token."""
    return f"http://{HOST}:{port}/?token={token}"


def serve(
    target: str | Path,
    *,
    port: int = 0,
    open_browser: bool = True,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the studio for ``target`` (a folder or one review) until interrupted."""
    import uvicorn

    from .app import create_app

    ws = Workspace.open(target)
    port = port or free_port()
    token = secrets.token_urlsafe(24)
    app = create_app(ws, token, hosts=(f"{HOST}:{port}", f"localhost:{port}"))
    app.state.studio.warm_up()
    url = studio_url(port, token)
    announce(f"audioreview studio for {ws.root}: open {url}")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=HOST, port=port, log_level="warning", server_header=False)
