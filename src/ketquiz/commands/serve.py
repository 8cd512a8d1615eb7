"""``ketquiz serve``: the terminal app in browsers on the local network, with no internet needed.

The served command line is checked whole first (:mod:`ketquiz.commands.served_args` parses it,
:mod:`ketquiz.classroom.served_command` checks it); the server and its checks
(Host, Origin, class code, session cap) are :mod:`ketquiz.classroom.server`.
"""

from __future__ import annotations

import argparse
import re
import secrets
import shlex
import sys

from ketquiz.commands.common import error, say

DEFAULT_PORT = 8000
#: A class code: letters and digits, short enough to read off a projector.
CODE_PATTERN = re.compile(r"[A-Za-z0-9]{4,32}")


def _code(value: str) -> str:
    if value == "auto":
        return f"{secrets.randbelow(1_000_000):06d}"
    if not CODE_PATTERN.fullmatch(value):
        raise argparse.ArgumentTypeError(f"{value!r}: a class code is 4 to 32 letters or digits (or 'auto')")
    return value


def _max_sessions(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= n <= 1000:
        raise argparse.ArgumentTypeError(f"must be between 1 and 1000, not {n}")
    return n


def _port(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 0 (any free port) and 65535, not {n}")
    return n


def add_server_options(p: argparse.ArgumentParser, default_code: str | None = None) -> None:
    """Options every classroom server shares (``serve``, ``live``)."""
    p.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every network; default 127.0.0.1)"
    )
    p.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any free)"
    )
    p.add_argument(
        "--code",
        type=_code,
        default=default_code,
        metavar="CODE",
        help="class code students must type before the app opens (4-32 letters or digits; 'auto': a random "
        "6-digit code); shown here when the server starts",
    )
    p.add_argument(
        "--max-sessions",
        type=_max_sessions,
        default=60,
        metavar="N",
        help="most browsers connected at once; the next one is told the class is full (default 60)",
    )
    p.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name students may use besides this computer's IP addresses and name (repeatable)",
    )
    p.add_argument("--verbose", action="store_true", help="print every web request (quiet by default)")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "serve",
        help="serve the app (study, exam, present or report) to browsers on the local network",
        description="Serve ketquiz to web browsers on the local network; each browser tab gets its own copy "
        "of the app. Everything the page needs comes from this machine, so no internet is needed. Give the "
        "command to serve after the options, e.g. `ketquiz serve --host 0.0.0.0 --code auto exam decks/d.yaml "
        "--count 10 --time-limit 20 --out results` (default: `study`). Served study keeps each learner's "
        "progress in its own 'served' folder of the data directory, apart from this computer's own profiles.",
    )
    add_server_options(p)
    p.add_argument(
        "--title", default=None, help="title shown in the browser tab (default: names the exam or deck)"
    )
    p.add_argument(
        "app", nargs=argparse.REMAINDER, metavar="COMMAND ...", help="the ketquiz command to serve"
    )
    p.set_defaults(func=run)


def announce(what: str, host: str, urls: list[str], code: str | None, max_sessions: int) -> None:
    """Tell the teacher what is served, where students go, and the code they need."""
    say(f"Serving {what}.")
    say("Students open, in a browser:" if len(urls) == 1 else "Students open one of these in a browser:")
    for url in urls:
        say(f"  {url}")
    from ketquiz.classroom.network import only_this_computer

    if only_this_computer(host):
        say("  (only this computer can open it: --host 0.0.0.0 lets the class in)")
    if code:
        say(f"Class code: {code}")
    say(f"At most {max_sessions} at once. Ctrl+C stops the server.")
    sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    from ketquiz.commands.served_args import ServedCommandError, check_served_command, report_error

    try:
        served = check_served_command(list(args.app))
    except ServedCommandError as exc:
        return report_error(exc)
    try:
        from ketquiz.classroom.network import addresses_to_type
        from ketquiz.classroom.server import ClassroomServer, ServeOptions, bind
    except ImportError:
        return error("ketquiz serve needs textual-serve: pip install 'ketquiz[serve]'")
    options = ServeOptions(
        command=served.shell(),
        title=args.title or served.title,
        code=args.code,
        max_sessions=args.max_sessions,
        verbose=args.verbose,
        allowed_names=frozenset(n.lower() for n in args.allow_host),
    )
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        return error(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    port = int(sock.getsockname()[1])
    shown = [a for a in args.app if a != "--"] or ["study"]
    what = f"`{shlex.join(['ketquiz', *shown])}` ({options.title})"
    announce(what, args.host, addresses_to_type(args.host, port), options.code, options.max_sessions)
    ClassroomServer(options).run_on(sock)
    return 0
