"""``ketquiz join HOST:PORT``: take part in a live class from a terminal."""

from __future__ import annotations

import argparse
from pathlib import Path

from ketquiz.commands.common import error, load_checked_deck, say


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "join",
        help="join a live class from this terminal (ketquiz join HOST:PORT)",
        description="Join the live class your teacher runs with `ketquiz live`: give the address shown on the "
        "projector (HOST:PORT) and type the code when asked. (`--session DIR` runs a student's screen on the "
        "teacher's computer; the class server starts it for each student.)",
    )
    p.add_argument("address", nargs="?", default=None, metavar="HOST:PORT", help="the class's address")
    p.add_argument("--code", default=None, help="the class code (asked for if needed and not given)")
    p.add_argument("--session", type=Path, default=None, metavar="DIR", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.session is not None:
        return _student_screen(args.session)
    if args.address is None:
        return error("give the class's address, e.g. ketquiz join 192.168.1.20:8000")
    import asyncio
    import sys

    from ketquiz.classroom.live_client import JoinError, Target, join_in_terminal

    try:
        target = Target.parse(args.address)
        if not sys.stdin.isatty() or not sys.stdout.isatty():
            return error("ketquiz join needs a terminal (it shows the class's screen)")
        asyncio.run(join_in_terminal(target, args.code, lambda: input("Class code: ")))
    except JoinError as exc:
        return error(str(exc))
    except (EOFError, KeyboardInterrupt):
        return 130
    say("Left the class.")
    return 0


def _student_screen(folder: Path) -> int:
    from ketquiz.classroom.live_quiz import LiveSetupError, resume_session

    try:
        setup = resume_session(folder, load_checked_deck)
    except LiveSetupError as exc:
        return error(str(exc))
    from ketquiz.ui.running import run_app
    from ketquiz.ui.screens.live_student import LiveStudentApp

    try:
        run_app(LiveStudentApp(setup.session, setup.deck, setup.paper))
    finally:
        setup.session.close()
    return 0
