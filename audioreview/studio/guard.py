"""The studio's gate: every request passes here before any route sees it.

- the Host header must name this server (127.0.0.1 or localhost on its port),
  so a page on another site that rebinds its DNS name to 127.0.0.1 is refused;
- the access token must come with the request: in the URL the first time
  (then it is moved to a strict, HTTP-only cookie and dropped from the URL),
  or in that cookie;
- a request that changes anything must be a POST carrying the CSRF token in
  a header (which a cross-site form or image cannot send), and an Origin,
  when the browser sends one, must be this server;
- request bodies are capped.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from urllib.parse import urlencode

from starlette.datastructures import URL
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "audioreview_studio"
CSRF_HEADER = "x-csrf-token"
MAX_BODY = 256 * 1024
"""The largest request body accepted (a lexicon entry or a settings form is far smaller)."""
SAFE_METHODS = frozenset({"GET", "HEAD"})


def csrf_token(token: str) -> str:
    """The CSRF token that goes with an access token (derived, so there is nothing more to store)."""
    return hmac.new(token.encode(), b"csrf", hashlib.sha256).hexdigest()


class Guard:
    """ASGI middleware enforcing host, token, CSRF and body-size rules for the wrapped app."""

    def __init__(self, app: ASGIApp, *, token: str, hosts: Iterable[str], max_body: int = MAX_BODY) -> None:
        self.app = app
        self.token = token
        self.csrf = csrf_token(token)
        self.hosts = frozenset(h.lower() for h in hosts)
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = self.refuse(request)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        given = request.query_params.get("token")
        if given is not None and request.method in SAFE_METHODS:
            # The token came in the URL: keep it in a cookie and take it out of the address bar.
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            url = URL(scope=scope).replace(query=urlencode(rest))
            response = RedirectResponse(f"{url.path}{'?' + url.query if url.query else ''}", status_code=303)
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict", path="/")
            await response(scope, receive, send)
            return
        await self.app(scope, self._capped(receive), send)

    def refuse(self, request: Request) -> Response | None:
        """The refusal for a request that breaks a rule, or None when it may pass."""
        host = request.headers.get("host", "").lower()
        if host not in self.hosts:
            return PlainTextResponse("unknown host", status_code=403)
        given = request.query_params.get("token") or request.cookies.get(COOKIE) or ""
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return PlainTextResponse("open the address the studio printed (it carries the access token)", 403)
        if request.method in SAFE_METHODS:
            return None
        if request.method != "POST":
            return PlainTextResponse("method not allowed", status_code=405)
        origin = request.headers.get("origin")
        if origin is not None and origin.lower() not in {f"http://{h}" for h in self.hosts}:
            return PlainTextResponse("cross-site request refused", status_code=403)
        if not hmac.compare_digest(request.headers.get(CSRF_HEADER, "").encode(), self.csrf.encode()):
            return PlainTextResponse("missing or wrong CSRF token", status_code=403)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return PlainTextResponse("request too large", status_code=413)
        return None

    def _capped(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.max_body

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        return capped


class BodyTooLarge(Exception):
    """A streamed body grew past the cap (no Content-Length was given)."""
