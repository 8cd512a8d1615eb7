"""``ketquiz study [PATH...]``: the terminal study app (plain ``ketquiz`` opens it on the bundled decks)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ketquiz.commands.common import add_profile_options, bundled_decks_dir, error, resolve_data_dir


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "study",
        help="study decks in the terminal app",
        description="Open the study app on the given deck files or directories (default: the bundled decks).",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="deck files or directories of decks")
    add_profile_options(p)
    p.add_argument(
        "--ask-profile",
        action="store_true",
        help="ask the learner's name at start and keep their progress under it (for a shared, served ketquiz)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths: list[Path] = list(args.paths) or [bundled_decks_dir()]
    missing = [p for p in paths if not p.exists()]
    if missing:
        return error(f"{missing[0]}: no such file or directory")
    profile = args.profile or "default"
    data_dir = resolve_data_dir(args.data_dir)
    from ketquiz.ui import startup

    startup.pause()  # until the home screen is up: see ketquiz.ui.startup
    try:
        from ketquiz.ui.app import build_app
        from ketquiz.ui.running import run_app

        app = build_app(paths, data_dir, profile, ask_profile=args.ask_profile and not args.profile)
        result = run_app(app)
    finally:
        startup.resume()
    if app.return_code:  # the app stopped on an error it has already shown
        return app.return_code
    return int(result or 0)
