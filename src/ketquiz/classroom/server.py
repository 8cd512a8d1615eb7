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
import contextlib
import hmac
import logging
import socket
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
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


class ClassroomServer(Server):
    """textual-serve's server with ketquiz's page and its Host, Origin, code and session-count checks."""

    def __init__(self, options: ServeOptions) -> None:
        super().__init__(options.command, title=options.title)
        self.options = options
        self.sessions = 0
        self._wrong_codes: dict[str, int] = {}
        self._services: set[AppService] = set()
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

    async def handle_index(self, request: web.Request) -> web.Response:
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
            return await self._run_app(request)
        finally:
            self.sessions -= 1

    async def _run_app(self, request: web.Request) -> web.WebSocketResponse:
        """One browser's app: a process of its own, driven through the websocket, stopped when it closes.

        Every process is stopped and its pipes closed when its websocket ends or the server stops, so none
        outlives the class.
        """
        websocket = web.WebSocketResponse(heartbeat=15)
        width, height = _size(request.query.get("width"), 80), _size(request.query.get("height"), 24)
        await websocket.prepare(request)

        async def close() -> None:
            await websocket.close()

        service = AppService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
            debug=False,
        )
        self._services.add(service)
        try:
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            pass
        except Exception as exc:  # a malformed message from the client ends its session, not the server
            logging.getLogger("textual-serve").warning("session ended: %s", exc)
        finally:
            self._services.discard(service)
            await _stop(service)
            await websocket.close()
        return websocket

    async def stop_apps(self) -> None:
        """Stop every app still running (the server is stopping)."""
        await asyncio.gather(*(_stop(s) for s in list(self._services)), return_exceptions=True)

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: ketquiz prints its own banner (the addresses to type), not textual-serve's."""

    # --- running -------------------------------------------------------------------------------------------

    def initialize_logging(self) -> None:
        super().initialize_logging()
        if not self.options.verbose:
            logging.getLogger().setLevel(logging.WARNING)

    def start_in_thread(self, sock: socket.socket, log_file: Path | None = None) -> Callable[[], None]:
        """Serve on ``sock`` from a thread of its own (beside a Textual app that owns the terminal); returns the
        function that stops the server and every app it started. Warnings go to ``log_file``, never the screen."""
        log = logging.getLogger("textual-serve")
        log.propagate = False
        log.setLevel(logging.INFO if self.options.verbose else logging.WARNING)
        if log_file is not None:
            log.addHandler(logging.FileHandler(log_file, encoding="utf-8"))
        loop = asyncio.new_event_loop()
        started = threading.Event()
        failure: list[BaseException] = []

        async def start() -> web.AppRunner:
            kwargs: dict[str, Any] = {} if self.options.verbose else {"access_log": None}
            runner = web.AppRunner(await self._make_app(), handle_signals=False, **kwargs)
            await runner.setup()
            await web.SockSite(runner, sock).start()
            return runner

        def serve() -> None:
            asyncio.set_event_loop(loop)
            try:
                runner = loop.run_until_complete(start())
            except BaseException as exc:  # reported to the caller below
                failure.append(exc)
                started.set()
                return
            started.set()
            loop.run_forever()
            loop.run_until_complete(self.stop_apps())
            loop.run_until_complete(runner.cleanup())
            loop.close()

        thread = threading.Thread(target=serve, name="ketquiz-server", daemon=True)
        thread.start()
        started.wait(30)
        if failure:
            raise OSError(f"the server did not start: {failure[0]}")

        def stop() -> None:
            if loop.is_running():
                loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=30)

        return stop

    def run_on(self, sock: socket.socket) -> None:
        """Serve on an already bound socket until Ctrl+C or SIGTERM."""
        self.initialize_logging()
        kwargs: dict[str, Any] = {} if self.options.verbose else {"access_log": None}
        web.run_app(self._make_app(), sock=sock, print=None, handle_signals=True, **kwargs)


def _size(value: str | None, default: int) -> int:
    """A terminal dimension from the client, within what a screen can have."""
    try:
        return max(10, min(500, int(value or default)))
    except ValueError:
        return default


async def _stop(service: AppService) -> None:
    """Stop an app and wait for its process, so no process or pipe outlives its session (or the server)."""
    try:
        await service.stop()
    finally:
        with contextlib.suppress(Exception):
            service.stdin.close()
        # textual-serve has no public way to wait for the app's process; without the wait a stopping server
        # would leave it running unreaped.
        process = getattr(service, "_process", None)
        if process is not None and process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: any free one). Raises OSError with the reason."""
    if host == "::":
        return socket.create_server(("::", port), family=socket.AF_INET6, dualstack_ipv6=True)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family)
