"""``ketquiz live DECK...``: a teacher-paced quiz on the local network, every answer revealed with its source."""

from __future__ import annotations

import argparse
import secrets
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ketquiz.commands.common import error, load_checked_deck, say
from ketquiz.commands.serve import add_server_options

if TYPE_CHECKING:
    from ketquiz.classroom.live_quiz import LiveSetup


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "live",
        help="run a live class quiz: students answer in browsers or terminals, you reveal each answer",
        description="Run a live quiz for a class on the local network. Your terminal is the console to show "
        "on the projector: n opens the next question, r reveals the answers with their source, e ends the quiz "
        "and writes one result file per student for `ketquiz report`. Students open the address shown (or run "
        "`ketquiz join HOST:PORT`) and type the code. Choice questions (mcq, multi, truefalse) are asked.",
    )
    p.add_argument("decks", nargs="*", type=Path, metavar="DECK", help="deck file(s) (not with --resume)")
    p.add_argument("--count", type=int, default=None, metavar="N", help="number of questions (default: all)")
    p.add_argument("--topics", nargs="+", default=None, metavar="TOPIC", help="only these topic ids")
    p.add_argument(
        "--seed", type=int, default=None, metavar="S", help="question and option order (default: random)"
    )
    p.add_argument(
        "--seconds", type=float, default=30.0, metavar="S", help="time to answer each question (default 30)"
    )
    p.add_argument(
        "--include-contested",
        action="store_true",
        help="also ask cards resting on a disagreement between sources, accepting any position a source takes",
    )
    p.add_argument(
        "--session",
        type=Path,
        default=None,
        metavar="DIR",
        help="the session folder, which holds every join and answer (default: ketquiz-live-DATE-TIME)",
    )
    p.add_argument(
        "--leaderboard",
        action="store_true",
        help="show the five students with most right answers after each reveal (off: no name is ever shown "
        "on the console once the quiz has begun)",
    )
    p.add_argument("--resume", type=Path, default=None, metavar="DIR", help="continue the session in DIR")
    p.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="result files folder (default: DIR/results)"
    )
    add_server_options(p, default_code="auto")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ketquiz.classroom.live_quiz import LiveSetupError

    if not 1 <= args.seconds <= 3600:
        return error(f"--seconds must be between 1 and 3600, not {args.seconds:g}")
    if args.resume is not None and args.decks:
        return error("--resume takes its decks from the session: give no DECK")
    if args.resume is None and not args.decks:
        return error("give the deck(s) to quiz on, or --resume DIR")
    try:
        from ketquiz.classroom.network import addresses_to_type, only_this_computer
        from ketquiz.classroom.server import ClassroomServer, ServeOptions, bind
    except ImportError:
        return error("ketquiz live needs textual-serve: pip install 'ketquiz[serve]'")
    try:  # before the session folder is made: a port in use leaves nothing behind
        sock = bind(args.host, args.port)
    except OSError as exc:
        return error(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    try:
        setup = _setup(args)
    except LiveSetupError as exc:
        sock.close()
        return error(str(exc))
    port = int(sock.getsockname()[1])
    urls = addresses_to_type(args.host, port)
    options = ServeOptions(
        command=setup.student_command(sys.executable),
        title=f"Live: {setup.deck.title}",
        code=setup.code,
        max_sessions=args.max_sessions,
        verbose=args.verbose,
        allowed_names=frozenset(n.lower() for n in args.allow_host),
    )
    server = ClassroomServer(options)
    stop = server.start_in_thread(sock, log_file=setup.session.folder / "server.log")
    out_dir = args.out or setup.session.folder / "results"
    from ketquiz.ui.running import run_app
    from ketquiz.ui.screens.live_teacher import LiveTeacherApp, Where

    address = urls[0].removeprefix("http://").rstrip("/")
    where = Where(address, tuple(urls), setup.code, only_this_computer(args.host))
    app = LiveTeacherApp(setup.session, setup.deck, setup.paper, where, out_dir)
    from ketquiz.crash import InternalError

    try:
        run_app(app)
    except InternalError:  # a bug stopped the console: say where the session is kept, then report the bug
        say(
            f"The session is kept in {setup.session.folder}: continue it with `ketquiz live --resume {setup.session.folder}`."
        )
        raise
    finally:
        stop()
    folder = setup.session.folder
    if setup.session.ended_at is None:
        say(f"The session is kept in {folder}: continue it with `ketquiz live --resume {folder}`.")
    else:
        for name, path, why in app.written:
            say(
                f"{name}: saved to {path}" if path else f"{name}: NOT SAVED ({why}); answers kept in {folder}"
            )
        if any(path is None for _, path, _ in app.written):
            return 1
        if app.written:
            say(f"Report: ketquiz report {out_dir}")
    setup.session.close()
    return 0


def _setup(args: argparse.Namespace) -> LiveSetup:
    """The session to run: the one in --resume DIR, or a new one (raises LiveSetupError with the reason)."""
    from ketquiz.classroom.live_quiz import new_session, resume_session

    if args.resume is not None:
        return resume_session(args.resume, load_checked_deck)
    now = datetime.now(UTC)
    return new_session(
        args.session or Path(f"ketquiz-live-{now:%Y%m%d-%H%M%S}"),
        args.decks,
        load_checked_deck,
        now=now,
        seed=args.seed if args.seed is not None else secrets.randbelow(900_000) + 100_000,
        count=args.count,
        topics=args.topics,
        include_contested=args.include_contested,
        seconds=args.seconds,
        code=args.code,
        leaderboard=args.leaderboard,
    )
