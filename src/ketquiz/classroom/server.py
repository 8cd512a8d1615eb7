"""The classroom web server: textual-serve (one app process per browser tab) behind ketquiz's own gate.

textual-serve runs a command for every websocket that connects to it and accepts any page's websocket. On a
classroom network that would let any web page a student (or the teacher) has open drive the app, so every request
passes :class:`ClassroomServer`'s checks first:

- the Host header must name this machine (an IP address, ``localhost``, its host name): a page on another name
  that resolves to this machine (DNS rebinding) is refused;
- a websocket's Origin, when the client sends one (every browser does), must be the address it connects to;
- with a class code, the page asks for it and the websocket needs it; after too many wrong codes an address is
  refused for the rest of the run;
- at most ``max_sessions`` apps run at once; past that the page says the class is full.

The per-request log stays out of the teacher's terminal unless ``verbose``.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from aiohttp import web
from textual_serve.server import Server
from yarl import URL

from ketquiz.classroom.network import host_is_allowed
from ketquiz.classroom.served_pages import MESSAGE_PAGE, PAGE

#: Wrong class codes one address may try before it is refused for the rest of the run.
MAX_WRONG_CODES = 20
#: Seconds a wrong code waits before its answer, so codes cannot be tried quickly.
WRONG_CODE_DELAY_S = 1.0
DEFAULT_MAX_SESSIONS = 60

_SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class ServeOptions:
    """What to serve and to whom."""

    command: str
    title: str
    code: str | None = None
    max_sessions: int = DEFAULT_MAX_SESSIONS
    verbose: bool = False
    #: Host names (besides IP addresses, localhost and this machine's name) the page may be reached under.
    allowed_names: frozenset[str] = field(default_factory=frozenset)


def origin_matches(origin: str | None, host: str) -> bool:
    """Whether a websocket's Origin header is the page served from ``host`` (the request's Host header).

    No Origin at all is a client that is not a browser (``ketquiz join``, a script on the network): no web page can
    open a websocket without one, so it cannot be the cross-site attack this check is for.
    """
    if origin is None:
        return True
    try:
        url = URL(origin)
    except ValueError:
        return False
    if url.scheme not in ("http", "https") or not url.host:
        return False
    return url.raw_authority.lower() == host.lower()


class ClassroomServer(Server):  # type: ignore[misc]
    """textual-serve's server with ketquiz's page and its Host, Origin, code and session-count checks."""

    def __init__(self, options: ServeOptions) -> None:
        super().__init__(options.command, title=options.title)
        self.options = options
        self.sessions = 0
        self._wrong_codes: dict[str, int] = {}
        self._pages = jinja2.Environment(autoescape=True)

    # --- the application ---------------------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/ws/{code}", self.handle_websocket, name="websocket-code"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        hostname = URL(f"http://{request.host}").host or ""
        if not host_is_allowed(hostname, self.options.allowed_names):
            return web.Response(
                status=403, text="This server answers only under this computer's own address.\n"
            )
        response = await handler(request)
        if not response.prepared:
            response.headers.update(_SECURITY_HEADERS)
        return response

    # --- checks --------------------------------------------------------------------------------------------

    def _locked_out(self, request: web.Request) -> bool:
        return self._wrong_codes.get(request.remote or "", 0) >= MAX_WRONG_CODES

    async def _code_ok(self, request: web.Request, given: str | None) -> bool:
        """Whether ``given`` is the class code (always, when there is none); a wrong one is counted and slowed."""
        code = self.options.code
        if code is None:
            return True
        if given is not None and hmac.compare_digest(given.strip().encode(), code.encode()):
            return not self._locked_out(request)
        if given is not None:
            who = request.remote or ""
            self._wrong_codes[who] = self._wrong_codes.get(who, 0) + 1
            await asyncio.sleep(WRONG_CODE_DELAY_S)
        return False

    def _full(self) -> bool:
        return self.sessions >= self.options.max_sessions

    # --- pages ---------------------------------------------------------------------------------------------

    def _message(self, status: int, message: str, *, ask_code: bool = False, error: str = "") -> web.Response:
        html = self._pages.from_string(MESSAGE_PAGE).render(
            title=self.options.title, message=message, ask_code=ask_code, error=error
        )
        return web.Response(status=status, text=html, content_type="text/html")

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        given = request.query.get("code")
        if self._locked_out(request):
            return self._message(403, "Too many wrong class codes from this computer. Ask your teacher.")
        if not await self._code_ok(request, given):
            error = "That is not the class code." if given is not None else ""
            return self._message(401, "Type the class code your teacher shows.", ask_code=True, error=error)
        if self._full():
            return self._message(
                503,
                f"The class is full ({self.options.max_sessions} people are connected). Ask your teacher, or "
                "try again when someone has left.",
            )
        try:
            font_size = max(8, min(40, int(request.query.get("fontsize", "16"))))
        except ValueError:
            font_size = 16
        ws_path = "ws" if self.options.code is None else f"ws/{given or ''}"
        html = self._pages.from_string(PAGE).render(
            application={"name": self.options.title}, font_size=font_size, ws_path=ws_path
        )
        return web.Response(text=html, content_type="text/html")

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not origin_matches(request.headers.get("Origin"), request.host):
            raise web.HTTPForbidden(text="This page may only be opened from the address it is served on.\n")
        if self._locked_out(request) or not await self._code_ok(request, request.match_info.get("code")):
            raise web.HTTPForbidden(text="Wrong or missing class code.\n")
        if self._full():
            raise web.HTTPServiceUnavailable(text="The class is full.\n")
        self.sessions += 1
        try:
            return await super().handle_websocket(request)  # type: ignore[no-any-return]
        finally:
            self.sessions -= 1

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: ketquiz prints its own banner (the addresses to type), not textual-serve's."""

    # --- running -------------------------------------------------------------------------------------------

    def initialize_logging(self) -> None:
        super().initialize_logging()
        if not self.options.verbose:
            logging.getLogger().setLevel(logging.WARNING)

    def run_on(self, sock: socket.socket) -> None:
        """Serve on an already bound socket until Ctrl+C or SIGTERM."""
        self.initialize_logging()
        kwargs: dict[str, Any] = {} if self.options.verbose else {"access_log": None}
        web.run_app(self._make_app(), sock=sock, print=None, handle_signals=True, **kwargs)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: any free one). Raises OSError with the reason."""
    if host == "::":
        return socket.create_server(("::", port), family=socket.AF_INET6, dualstack_ipv6=True)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family)
