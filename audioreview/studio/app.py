"""The studio's routes: pages for the screens, small JSON calls for what they do.

GET requests only read; everything that changes a file or makes audio is a
POST through the guard (token, CSRF, origin, size). Paths a request names go
through ``Workspace`` and never leave the opened folder. Work that takes time
(planning, synthesis) runs in worker threads, so one slow take never holds up
the page, a progress stream or another sentence.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..errors import AudioReviewError, ConfigError
from ..files import write_atomic
from ..render.synthesize import SegmentCache
from ..settings import Settings
from . import edits, work
from .guard import BodyTooLarge, Guard, csrf_token
from .workspace import OutsideFolder, Workspace, inside, one_line, review_state

HERE = Path(__file__).parent
SITE_LEXICON = "lexicon.toml"
"""The site lexicon the studio creates (and names in ``audioreview.toml``) when the folder has none."""
HEARTBEAT_S = 15.0
"""How often a quiet progress stream sends a comment line (keeps proxies and browsers from closing it)."""


class Studio:
    """What the routes share: the folder, the token, the take cache, the plans and the renders."""

    def __init__(self, ws: Workspace, token: str) -> None:
        self.ws = ws
        self.token = token
        self.csrf = csrf_token(token)
        self.renders = work.Renders()
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._views: dict[tuple[Any, ...], work.ScriptView] = {}
        self._estimates: dict[tuple[Any, ...], Future[work.Estimate]] = {}
        self._lock = threading.Lock()
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studio-estimate")

    def stamp(self, rel: str, settings: Settings) -> tuple[Any, ...]:
        """What a review's plan depends on: its file, the settings, the lexicons and voice profiles."""
        files = [self.ws.review_file(rel), *(Path(p) for p in settings.lexicons)]
        voices = Path(settings.voices_dir) if settings.voices_dir else None
        if voices is not None and voices.is_dir():
            files += sorted(voices.glob("*.toml"))
        return (rel, repr(settings), tuple((str(p), _stat(p)) for p in files), self._voice_lexicons(settings))

    def _voice_lexicons(self, settings: Settings) -> tuple[tuple[int, int], ...]:
        try:
            from ..engines.cast import cast_roles

            roles = cast_roles(settings)
        except AudioReviewError:
            return ()
        return tuple(_stat(Path(v.lexicon)) for v in (roles.narrator, roles.host) if v.lexicon)

    def view(self, rel: str, settings: Settings) -> work.ScriptView:
        """The script of ``rel``, planned again only when the review, its settings or lexicons change."""
        stamp = self.stamp(rel, settings)
        with self._lock:
            found = self._views.get(stamp)
        if found is None:
            found = work.script_view(self.ws, rel, settings)
            with self._lock:
                self._views = {k: v for k, v in self._views.items() if k[0] != rel}
                self._views[stamp] = found
        return found

    def estimate(self, rel: str, settings: Settings) -> work.Estimate | None:
        """The short version's estimate for the current plan, or None while it is computed in the background."""
        stamp = self.stamp(rel, settings)
        with self._lock:
            future = self._estimates.get(stamp)
            if future is None:
                self._estimates = {k: v for k, v in self._estimates.items() if k[0] != rel}
                future = self._estimates[stamp] = self._background.submit(self._estimate, rel, settings)
        return future.result() if future.done() else None

    def _estimate(self, rel: str, settings: Settings) -> work.Estimate:
        try:
            view = self.view(rel, settings)
        except AudioReviewError as exc:
            return work.Estimate((), (), None, int(settings.short_seconds * 1000), error=one_line(str(exc)))
        return work.estimate(view, settings, self.cache(settings))

    def cache(self, settings: Settings) -> SegmentCache:
        """The take cache the CLI uses (a folder of this run when caching is off)."""
        return SegmentCache(self.cache_dir(settings))

    def cache_dir(self, settings: Settings) -> str:
        if settings.cache_dir:
            return settings.cache_dir
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="audioreview-studio-")
        return self._scratch.name

    def heard(self, rel: str, settings: Settings, word: str, sounds: str, kind: str) -> work.ScriptView:
        """The review planned as it will be once the fix is saved (the fix lexicon read last)."""
        folder = Path(self.cache_dir(settings)) / "studio-fixes"
        lexicon = work.fix_lexicon(word, sounds, kind)
        path = folder / f"{hashlib.sha256(lexicon.encode()).hexdigest()[:20]}.toml"
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(path, lexicon)
        trial = settings.replace(lexicons=(*settings.lexicons, str(path)))
        return work.view_of(work.plan_text(work.load_review(self.ws, rel, trial), trial), trial)

    def warm_up(self, most: int = 50) -> None:
        """In the background: load the library and plan each review's text, so the first open is quick."""

        def plan_all() -> None:
            try:
                settings = self.ws.settings()
                for rel in self.ws.review_paths()[:most]:
                    try:
                        self.view(rel, settings)
                    except AudioReviewError:
                        continue  # the reviews screen shows the error; opening it shows it again
            except AudioReviewError:
                return

        self._background.submit(plan_all)

    def close(self) -> None:
        self._background.shutdown(wait=False, cancel_futures=True)


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


def _is_markdown(rel: str) -> bool:
    return rel.lower().endswith((".md", ".markdown"))


def create_app(ws: Workspace, token: str, *, hosts: tuple[str, ...]) -> Starlette:
    """The studio app for ``ws``, answering only requests with ``token`` sent to one of ``hosts``."""
    studio = Studio(ws, token)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["csrf"] = studio.csrf

    def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
        return templates.TemplateResponse(request, name, context, status_code=status)

    async def reviews(request: Request) -> Response:
        try:
            settings = ws.settings()
        except AudioReviewError as exc:
            return page(request, "reviews.html", states=[], settings=None, error=one_line(str(exc)), voices=[])
        from ..engines.base import load_voices

        failures = studio.renders.failures()
        states = await run_in_threadpool(
            lambda: [review_state(ws, rel, settings, failures) for rel in ws.review_paths()])
        voices = sorted(load_voices(settings.voices_dir))
        return page(request, "reviews.html", states=states, settings=settings, error="", voices=voices)

    async def review(request: Request) -> Response:
        rel = request.query_params.get("path", "")
        ws.review_file(rel)
        settings = ws.settings()
        try:
            view = await run_in_threadpool(studio.view, rel, settings)
        except AudioReviewError as exc:
            return page(request, "problem.html", 400, path=rel, error=one_line(str(exc)))
        estimate = studio.estimate(rel, settings)  # starts it in the background when it is not known yet
        return page(request, "review.html", path=rel, view=view, settings=settings, job=studio.renders.get(rel),
                    estimate=estimate, is_markdown=_is_markdown(rel))  # fmt: skip

    async def estimate(request: Request) -> Response:
        rel = request.query_params.get("path", "")
        ws.review_file(rel)
        found = studio.estimate(rel, ws.settings())
        return JSONResponse({"state": "pending"} if found is None else found.as_json())

    async def take(request: Request) -> Response:
        path = work.take_path(studio.cache(ws.settings()), request.path_params["key"])
        if path is None:
            return PlainTextResponse("no such take", status_code=404)
        return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "private, max-age=3600"})

    async def say(request: Request) -> Response:
        data = await _json(request)
        rel, index = _field(data, "path"), _field(data, "index", int)
        settings = ws.settings()
        view = await run_in_threadpool(studio.view, rel, settings)
        if not 0 <= index < len(view.segments):
            raise ConfigError(f"sentence {index} is not in the script")
        segment, cast = view.segments[index], view.text.cast
        engine, voice = cast.for_segment(segment)
        if data.get("word"):
            word, sounds = _field(data, "word"), _field(data, "sounds")
            kind = data.get("kind", "respelling")
            if kind == "phonemes":
                work.check_phonemes(sounds, [(engine, voice)])
            fixed = await run_in_threadpool(studio.heard, rel, settings, word, sounds, kind)
            if len(fixed.segments) != len(view.segments) or fixed.segments[index].text == segment.text:
                raise ConfigError(f"the fix of {word!r} changes nothing in sentence {index}: "
                                  "pick the word in the sentence it is in")  # fmt: skip
            segment, cast = fixed.segments[index], fixed.text.cast
        said = await run_in_threadpool(work.say, cast, segment, studio.cache(settings))
        return JSONResponse({"key": said.key, "cached": said.cached, "duration_ms": said.duration_ms,
                             "synth_ms": said.synth_ms, "spoken": said.spoken,
                             "url": f"/take/{said.key}.wav"})  # fmt: skip

    async def lexicon(request: Request) -> Response:
        data = await _json(request)
        rel, word, sounds = _field(data, "path"), _field(data, "word"), _field(data, "sounds")
        kind, target = data.get("kind", "respelling"), data.get("target", "site")
        settings = ws.settings()
        before_view = await run_in_threadpool(studio.view, rel, settings)
        if kind == "phonemes":
            cast = before_view.text.cast
            work.check_phonemes(sounds, [cast.narrator, cast.host])
        if kind not in work.KINDS:
            raise ConfigError(f"kind {kind!r}: choose respelling or phonemes")
        path, named = _lexicon_file(ws, before_view, target)
        before = path.read_text(encoding="utf-8") if path.is_file() else ""
        change = edits.set_phonemes if kind == "phonemes" else edits.set_word
        write_atomic(path, change(before, word, sounds, source=path.name))
        if not named:  # a new site lexicon: named in the config once it holds the fix
            config = ws.config_path.read_text(encoding="utf-8") if ws.config_path.is_file() else ""
            write_atomic(ws.config_path, edits.add_lexicon_file(config, SITE_LEXICON))
        settings = ws.settings()
        view = await run_in_threadpool(studio.view, rel, settings)
        return JSONResponse({"file": path.relative_to(ws.root.resolve()).as_posix(),
                             "affected": work.changed_rows(before_view, view),
                             "spoken": [row.spoken for row in view.rows]})  # fmt: skip

    async def short(request: Request) -> Response:
        data = await _json(request)
        rel, index, wanted = _field(data, "path"), _field(data, "index", int), _field(data, "on", bool)
        settings = ws.settings()
        view = await run_in_threadpool(studio.view, rel, settings)
        if not 0 <= index < len(view.rows) or view.rows[index].framing:
            raise ConfigError(f"sentence {index} is not a sentence of the review")
        if not _is_markdown(rel):
            raise ConfigError("short-version marks are for Markdown reviews")
        path = ws.review_file(rel)
        text = path.read_bytes().decode("utf-8")
        changed = edits.set_short(text, view.rows[index].written, wanted)
        if changed != text:
            write_atomic(path, changed.encode("utf-8"))
        view = await run_in_threadpool(studio.view, rel, settings)
        studio.estimate(rel, settings)
        return JSONResponse({"marked": [row.marked for row in view.rows]})

    async def summary(request: Request) -> Response:
        data = await _json(request)
        rel, text = _field(data, "path"), _field(data, "summary")
        if not _is_markdown(rel):
            raise ConfigError("a summary goes in a Markdown review's front matter")
        if len(text) > 2000:
            raise ConfigError("summary: keep it under 2000 characters (it is read as the whole short version)")
        path = ws.review_file(rel)
        before = path.read_bytes().decode("utf-8")
        after = edits.set_summary(before, text, name=rel)
        if after != before:
            write_atomic(path, after.encode("utf-8"))
        settings = ws.settings()
        view = await run_in_threadpool(studio.view, rel, settings)
        studio.estimate(rel, settings)
        return JSONResponse({"summary": view.review.meta.summary or ""})

    async def render(request: Request) -> Response:
        data = await _json(request)
        rel = _field(data, "path")
        ws.review_file(rel)
        settings = ws.settings()
        settings = settings.replace(cache_dir=studio.cache_dir(settings))
        studio.renders.start(rel, lambda job: work.render_review(ws, rel, settings, job))
        return JSONResponse({"state": "running"})

    async def render_status(request: Request) -> Response:
        rel = request.query_params.get("path", "")
        ws.review_file(rel)
        job = studio.renders.get(rel)
        if job is None:
            return JSONResponse({"state": "idle", "percent": 0, "steps": []})
        return JSONResponse(job.as_json())

    async def render_events(request: Request) -> Response:
        rel = request.query_params.get("path", "")
        ws.review_file(rel)

        async def stream() -> AsyncIterator[str]:
            job = studio.renders.get(rel)
            if job is None:
                yield _event({"state": "idle", "percent": 0, "steps": []})
                return
            seen, quiet = -1, 0.0
            while True:
                state = job.as_json()
                if state["version"] != seen:
                    seen, quiet = int(state["version"]), 0.0  # type: ignore[call-overload]
                    yield _event(state)
                    if state["state"] != "running":
                        return
                elif quiet >= HEARTBEAT_S:
                    quiet = 0.0
                    yield ": still rendering\n\n"
                await asyncio.sleep(0.1)
                quiet += 0.1

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})  # fmt: skip

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
        if not changes:
            return JSONResponse({"saved": []})
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
        Route("/api/estimate", estimate),
        Route("/api/say", say, methods=["POST"]),
        Route("/api/lexicon", lexicon, methods=["POST"]),
        Route("/api/short", short, methods=["POST"]),
        Route("/api/summary", summary, methods=["POST"]),
        Route("/api/render", render, methods=["POST"]),
        Route("/api/render", render_status),
        Route("/api/render/events", render_events),
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
        lifespan=_closing(studio),
    )
    app.state.studio = studio
    return app


def _closing(studio: Studio) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """The app's lifespan: on shutdown, the background estimates stop."""

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            studio.close()

    return lifespan


def _event(data: dict[str, object]) -> str:
    """One server-sent event carrying a render's state."""
    return f"event: progress\ndata: {json.dumps(data)}\n\n"


def _lexicon_file(ws: Workspace, view: work.ScriptView, target: str) -> tuple[Path, bool]:
    """Where a fix goes, and whether the config names it already: the site lexicon or the voice's."""
    root = ws.root.resolve()
    if target == "voice":
        lexicon = view.text.cast.narrator[1].lexicon
        if not lexicon or not Path(lexicon).resolve().is_relative_to(root):
            raise ConfigError("the narrator's voice has no lexicon file in this folder: save to the site lexicon")
        return inside(ws.root, Path(lexicon).resolve().relative_to(root).as_posix()), True
    if target != "site":
        raise ConfigError(f"target {target!r}: choose site or voice")
    for name in ws.settings().lexicons:
        path = Path(name).resolve()
        if path.is_relative_to(root):
            return inside(ws.root, path.relative_to(root).as_posix()), True
    return inside(ws.root, SITE_LEXICON), False


def _checked_settings(data: dict[str, Any], ws: Workspace) -> dict[str, Any]:
    """The settings form's values, each checked, with a message naming the field that is wrong."""
    from ..engines.base import SPEED_RANGE, load_voices

    settings = ws.settings()
    voices = load_voices(settings.voices_dir)
    changes: dict[str, Any] = {}
    show = data.get("show")
    if show is not None:
        if not isinstance(show, str) or len(show) > 200:
            raise ConfigError("show: give the show a name (up to 200 characters), or leave it empty for none")
        changes["show"] = " ".join(show.split())
    for role in ("narrator", "host"):
        name = data.get(role)
        if name is not None:
            if name not in voices:
                raise ConfigError(f"{role}: no voice called {name!r} (known: {', '.join(sorted(voices))})")
            changes[role] = name
    changes |= _number(data, "short_seconds", 15, 900, "the short version's length must be between 15 and 900 seconds")
    low, high = SPEED_RANGE
    changes |= _number(data, "speed", low, high, f"speed must be between {low:g} (slower) and {high:g} (faster); 1 is the voice's own pace")
    return {name: value for name, value in changes.items() if getattr(settings, name) != value}


def _number(data: dict[str, Any], name: str, low: float, high: float, message: str) -> dict[str, float]:
    """``{name: value}`` when the form gave a number in ``[low, high]``, ``{}`` when it gave none."""
    raw = data.get(name)
    if raw is None or raw == "":
        return {}
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{name}: give a number ({message})") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}: {message}")
    return {name: value}
