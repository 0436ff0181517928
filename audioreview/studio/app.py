"""The studio's routes: pages for the screens, small JSON calls for what they do.

GET requests only read; everything that changes a file or makes audio is a
POST through the guard (token, CSRF, origin, size). Paths a request names go
through ``Workspace`` and never leave the opened folder.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..errors import AudioReviewError, ConfigError
from ..files import write_atomic
from ..render.synthesize import SegmentCache
from . import edits, work
from .guard import BodyTooLarge, Guard, csrf_token
from .workspace import OutsideFolder, Workspace, inside, one_line, review_state

HERE = Path(__file__).parent
SITE_LEXICON = "lexicon.toml"
"""The site lexicon the studio creates (and names in ``audioreview.toml``) when the folder has none."""


class Studio:
    """What the routes share: the folder, the token, the take cache and the renders."""

    def __init__(self, ws: Workspace, token: str) -> None:
        self.ws = ws
        self.token = token
        self.csrf = csrf_token(token)
        self.renders = work.Renders()
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._views: dict[tuple[Any, ...], work.ScriptView] = {}

    def view(self, rel: str, settings: Any) -> work.ScriptView:
        """The script of ``rel``, planned again only when the review, its settings or lexicons change."""
        files = [self.ws.review_file(rel), *(Path(p) for p in settings.lexicons)]
        stamp = (rel, repr(settings), tuple(_stat(p) for p in files))
        if stamp not in self._views:
            self._views = {stamp: work.script_view(self.ws, rel, settings, self.cache(settings))}
        return self._views[stamp]

    def cache(self, settings: Any) -> SegmentCache:
        """The take cache the CLI uses (a folder of this run when caching is off)."""
        if settings.cache_dir:
            return SegmentCache(settings.cache_dir)
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="audioreview-studio-")
        return SegmentCache(self._scratch.name)


def _stat(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, -1)
    return (info.st_mtime_ns, info.st_size)


async def _json(request: Request) -> dict[str, Any]:
    try:
        data = json.loads(await request.body() or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError("the request is not valid JSON") from exc
    if not isinstance(data, dict):
        raise ConfigError("the request must be a JSON object")
    return data


def _field(data: dict[str, Any], name: str, kind: type = str) -> Any:
    value = data.get(name)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ConfigError(f"{name}: missing or not {kind.__name__}")
    return value


def create_app(ws: Workspace, token: str, *, hosts: tuple[str, ...]) -> Starlette:
    """The studio app for ``ws``, answering only requests with ``token`` sent to one of ``hosts``."""
    studio = Studio(ws, token)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["csrf"] = studio.csrf

    def page(request: Request, name: str, **context: Any) -> Response:
        return templates.TemplateResponse(request, name, context)

    async def reviews(request: Request) -> Response:
        settings_error = ""
        try:
            settings = ws.settings()
        except AudioReviewError as exc:
            return page(request, "reviews.html", states=[], settings=None, error=one_line(str(exc)), voices=[])
        from ..engines.base import load_voices

        failures = studio.renders.failures()
        states = [review_state(ws, rel, settings, failures) for rel in ws.review_paths()]
        voices = sorted(load_voices(settings.voices_dir))
        return page(request, "reviews.html", states=states, settings=settings, error=settings_error, voices=voices)

    async def review(request: Request) -> Response:
        rel = request.query_params.get("path", "")
        settings = ws.settings()
        view = studio.view(rel, settings)
        job = studio.renders.get(rel)
        return page(request, "review.html", path=rel, view=view, settings=settings, job=job,
                    is_markdown=rel.lower().endswith((".md", ".markdown")))  # fmt: skip

    async def take(request: Request) -> Response:
        settings = ws.settings()
        path = work.take_path(studio.cache(settings), request.path_params["key"])
        if path is None:
            return PlainTextResponse("no such take", status_code=404)
        return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "private, max-age=3600"})

    async def say(request: Request) -> Response:
        data = await _json(request)
        rel, index = _field(data, "path"), _field(data, "index", int)
        settings = ws.settings()
        cache = studio.cache(settings)
        view = studio.view(rel, settings)
        if not 0 <= index < len(view.segments):
            raise ConfigError(f"sentence {index} is not in the script")
        segment = view.segments[index]
        text = segment.text
        if data.get("word"):
            text = work.respell(text, _field(data, "word"), _field(data, "sounds"))
        said = work.say(segment, text, settings, cache)
        return JSONResponse({"key": said.key, "cached": said.cached, "duration_ms": said.duration_ms,
                             "spoken": said.spoken, "url": f"/take/{said.key}.wav"})  # fmt: skip

    async def lexicon(request: Request) -> Response:
        data = await _json(request)
        rel, word, sounds = _field(data, "path"), _field(data, "word"), _field(data, "sounds")
        target = data.get("target", "site")
        settings = ws.settings()
        path = _lexicon_file(ws, settings, target)
        before = path.read_text(encoding="utf-8") if path.is_file() else ""
        write_atomic(path, edits.set_word(before, word, sounds, source=path.name))
        settings = ws.settings()
        view = studio.view(rel, settings)
        return JSONResponse({"file": path.relative_to(ws.root.resolve()).as_posix(),
                             "affected": work.mentions(view.rows, word),
                             "spoken": [row.spoken for row in view.rows]})  # fmt: skip

    async def short(request: Request) -> Response:
        data = await _json(request)
        rel, index, wanted = _field(data, "path"), _field(data, "index", int), _field(data, "on", bool)
        settings = ws.settings()
        view = studio.view(rel, settings)
        if not 0 <= index < len(view.rows) or view.segments[index].block_index < 0:
            raise ConfigError(f"sentence {index} is not a sentence of the review")
        path = ws.review_file(rel)
        text = path.read_bytes().decode("utf-8")
        changed = edits.set_short(text, view.rows[index].written, wanted)
        if changed != text:
            write_atomic(path, changed.encode("utf-8"))
        view = studio.view(rel, settings)
        return JSONResponse({"short_ms": view.short_ms, "target_ms": view.target_ms,
                             "short": [row.short for row in view.rows],
                             "marked": [row.marked for row in view.rows]})  # fmt: skip

    async def render(request: Request) -> Response:
        data = await _json(request)
        rel = _field(data, "path")
        ws.review_file(rel)
        settings = ws.settings()
        studio.renders.start(rel, lambda job: work.render_review(ws, rel, settings, job))
        return JSONResponse({"state": "running"})

    async def render_status(request: Request) -> Response:
        rel = request.query_params.get("path", "")
        ws.review_file(rel)
        job = studio.renders.get(rel)
        if job is None:
            return JSONResponse({"state": "idle", "percent": 0, "steps": []})
        return JSONResponse({"state": job.state, "percent": job.percent, "steps": job.steps, "error": job.error,
                             "page": f"/out/{job.slug}/index.html" if job.slug else None})  # fmt: skip

    async def output(request: Request) -> Response:
        settings = ws.settings()
        out = ws.output_dir(settings)
        if not out.is_relative_to(ws.root.resolve()):
            raise OutsideFolder("the output folder is outside the opened folder")
        target = inside(out, request.path_params["file"])
        if not target.is_file():
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(target)

    async def feed(request: Request) -> Response:
        from ..publish.podcast import channel_image_url, feed_config, read_manifests, render_feed

        settings = ws.settings()
        version = request.query_params.get("version", "full")
        base = f"http://{request.headers['host']}/out/"
        config = feed_config(settings)
        data = render_feed(read_manifests(ws.output_dir(settings)), config, base_url=base,
                           image_url=channel_image_url(config, base) or base + "cover.png", version=version)  # fmt: skip
        return Response(data, media_type="text/xml; charset=utf-8")

    async def save_settings(request: Request) -> Response:
        data = await _json(request)
        changes = _checked_settings(data, ws)
        path = ws.config_path
        before = path.read_text(encoding="utf-8") if path.is_file() else ""
        after = edits.set_settings(before, changes)
        write_atomic(path, after)
        try:
            ws.settings()
        except AudioReviewError:
            write_atomic(path, before)
            raise
        return JSONResponse({"saved": sorted(changes)})

    routes = [
        Route("/", reviews),
        Route("/review", review),
        Route("/take/{key}.wav", take),
        Route("/out/{file:path}", output),
        Route("/feed", feed),
        Route("/api/say", say, methods=["POST"]),
        Route("/api/lexicon", lexicon, methods=["POST"]),
        Route("/api/short", short, methods=["POST"]),
        Route("/api/render", render, methods=["POST"]),
        Route("/api/render", render_status),
        Route("/api/settings", save_settings, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(Guard, token=token, hosts=hosts)],
        exception_handlers={
            OutsideFolder: lambda _r, exc: PlainTextResponse(one_line(str(exc)), status_code=404),
            AudioReviewError: lambda _r, exc: JSONResponse({"error": one_line(str(exc))}, status_code=400),
            BodyTooLarge: lambda _r, _e: PlainTextResponse("request too large", status_code=413),
        },
    )
    app.state.studio = studio
    return app


def _lexicon_file(ws: Workspace, settings: Any, target: str) -> Path:
    """Where a fix goes: the site lexicon (created and named in the config when missing) or the voice's."""
    root = ws.root.resolve()
    if target == "voice":
        from ..engines.cast import cast_roles

        lexicon = cast_roles(settings).narrator.lexicon
        if not lexicon or not Path(lexicon).resolve().is_relative_to(root):
            raise ConfigError("the narrator's voice has no lexicon file in this folder: save to the site lexicon")
        return inside(ws.root, Path(lexicon).resolve().relative_to(root).as_posix())
    if target != "site":
        raise ConfigError(f"target {target!r}: choose site or voice")
    for name in settings.lexicons:
        path = Path(name).resolve()
        if path.is_relative_to(root):
            return inside(ws.root, path.relative_to(root).as_posix())
    config = ws.config_path
    before = config.read_text(encoding="utf-8") if config.is_file() else ""
    write_atomic(config, edits.add_lexicon_file(before, SITE_LEXICON))
    return inside(ws.root, SITE_LEXICON)


def _checked_settings(data: dict[str, Any], ws: Workspace) -> dict[str, Any]:
    """The settings form's values, each checked, with a message naming the field that is wrong."""
    from ..engines.base import load_voices

    settings = ws.settings()
    voices = load_voices(settings.voices_dir)
    changes: dict[str, Any] = {}
    show = data.get("show")
    if show is not None:
        if not isinstance(show, str) or not show.strip():
            raise ConfigError("show: give the show a name")
        changes["show"] = " ".join(show.split())
    for role in ("narrator", "host"):
        name = data.get(role)
        if name is not None:
            if name not in voices:
                raise ConfigError(f"{role}: no voice called {name!r} (known: {', '.join(sorted(voices))})")
            changes[role] = name
    seconds = data.get("short_seconds")
    if seconds is not None:
        try:
            value = float(seconds)
        except (TypeError, ValueError):
            raise ConfigError("short_seconds: give the short version's length in seconds") from None
        if not 15 <= value <= 900:
            raise ConfigError("short_seconds: the short version's length must be between 15 and 900 seconds")
        changes["short_seconds"] = value
    if not changes:
        raise ConfigError("nothing to save")
    return changes
