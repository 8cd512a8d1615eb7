"""``ketquiz serve``: the terminal app in browsers on the local network, with no internet needed.

textual-serve's stock page fetches its font from Google Fonts and builds absolute URLs from the host it was
told, so a page served on 0.0.0.0 would point students' browsers at 0.0.0.0. ketquiz serves its own page:
every asset (terminal script, stylesheet, Roboto Mono font) comes from textual-serve's own ``/static`` folder on
this machine, and the websocket address is worked out in the browser from the address the student typed.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from ketquiz.commands.common import error

#: The page each browser loads. Only relative URLs: nothing from outside the teacher's machine.
PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>{{ application.name }}</title>
    <link rel="stylesheet" href="static/css/xterm.css" />
    <style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: italic;
      }
      body { background: #0c181f; margin: 0; }
      .dialog-container {
        position: absolute; width: 100vw; height: 100vh; display: flex;
        align-items: center; justify-content: center; z-index: 10;
      }
      .intro {
        width: 640px; min-height: 160px; font-size: 18px; z-index: 20;
        font-family: "Roboto Mono", menlo, monospace; text-align: center;
        color: rgba(255, 255, 255, 0.95); background-color: #12232d;
        display: flex; flex-direction: column; align-items: center; justify-content: center; margin: 32px;
      }
      body.-first-byte .intro-dialog { display: none; }
      body .textual-terminal { opacity: 0; transition: opacity 0.3s ease-out; }
      body.-first-byte .textual-terminal { opacity: 1; }
      button {
        padding: 16px 32px; background-color: #1f6f8b; color: #fff; border: none;
        font-family: "Roboto Mono", menlo, monospace; font-size: 16px; margin: 16px; cursor: pointer;
      }
      .closed-dialog { display: none; }
      body.-closed .closed-dialog { display: flex; }
      #start { display: none; }
      #start.-delay { display: block; }
    </style>
    <script src="static/js/textual.js"></script>
    <script>
      function getStartUrl() {
        const url = new URL(window.location.href);
        url.searchParams.delete("delay");
        return url.pathname + url.search;
      }
      function refresh() { window.location.href = getStartUrl(); }
    </script>
  </head>
  <body>
    <div class="dialog-container intro-dialog">
      <div class="intro">
        <div>{{ application.name }}</div>
        <div>connecting…</div>
        <button type="button" onclick="refresh()" id="start">Start</button>
      </div>
    </div>
    <div class="dialog-container closed-dialog">
      <div class="intro">
        <div>Session ended.</div>
        <button type="button" onclick="refresh()">Start again</button>
      </div>
    </div>
    <div id="terminal" class="textual-terminal" data-font-size="{{ font_size }}"></div>
    <script>
      (function () {
        const ws = new URL("ws", window.location.href);
        ws.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
        ws.search = "";
        document.getElementById("terminal").dataset.sessionWebsocketUrl = ws.href;
      })();
    </script>
  </body>
</html>
"""

DEFAULT_PORT = 8000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "serve",
        help="serve the app (study, exam or present) to browsers on the local network",
        description="Serve ketquiz to web browsers on the local network; each browser tab gets its own copy "
        "of the app. Everything the page needs comes from this machine, so no internet is needed. Give the "
        "command to serve after the options, e.g. `ketquiz serve --host 0.0.0.0 exam decks/d.yaml --count 10 "
        "--time-limit 20 --out results` (default: `study`).",
    )
    p.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every network; default 127.0.0.1)"
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--title", default=None, help="title shown in the browser tab")
    p.add_argument(
        "app", nargs=argparse.REMAINDER, metavar="COMMAND ...", help="the ketquiz command to serve"
    )
    p.set_defaults(func=run)


def served_command(app_args: list[str]) -> str:
    """The shell command each browser session runs: this Python, this ketquiz, the given subcommand."""
    args = [a for a in app_args if a != "--"] or ["study"]
    if args[0] == "study" and "--profile" not in args and "--ask-profile" not in args:
        # Every browser runs its own app on this one machine: ask each learner's name so progress stays apart.
        args = [*args, "--ask-profile"]
    return shlex.join([sys.executable, "-m", "ketquiz", *args])


def build_server(command: str, host: str, port: int, title: str | None) -> Any:
    """A textual-serve server that answers with ketquiz's offline page."""
    import aiohttp_jinja2
    import jinja2
    from aiohttp import web
    from textual_serve.server import Server

    class OfflineServer(Server):  # type: ignore[misc]
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"app_index.html": PAGE}), autoescape=True)
            return app

    return OfflineServer(command, host=host, port=port, title=title or "ketquiz")


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        return error(f"--port must be between 1 and 65535, not {args.port}")
    if args.app and args.app[0] not in ("study", "exam", "present", "report", "--"):
        return error(f"ketquiz serve can serve study, exam, present or report, not {args.app[0]!r}")
    if args.app and args.app[0] in ("exam", "present", "report"):
        target = next((a for a in args.app[1:] if not a.startswith("-")), None)
        if target is None:
            return error(
                f"ketquiz serve {args.app[0]}: give the {'folder' if args.app[0] == 'report' else 'deck'}"
            )
        if not Path(target).exists():
            return error(
                f"{target}: no such file or folder (checked before serving, so no student sees a crash)"
            )
        if args.app[0] != "report":
            from ketquiz.commands.common import load_checked_deck

            if load_checked_deck(Path(target)) is None:
                return 1
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return error("ketquiz serve needs textual-serve: pip install 'ketquiz[serve]'")
    command = served_command(args.app)
    server = build_server(command, args.host, args.port, args.title)
    where = "every network interface" if args.host in ("0.0.0.0", "::") else args.host
    print(f"Serving `{shlex.join(['ketquiz', *(args.app or ['study'])])}` on {where}, port {args.port}.")
    if args.host in ("0.0.0.0", "::"):
        print(f"Students open http://<this computer's address>:{args.port}/ in a browser.")
    try:
        server.serve()
    except OSError as exc:
        return error(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    return 0
