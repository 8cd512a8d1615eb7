"""The command line ``ketquiz serve`` runs for every browser, parsed with the very parser that command uses.

The checks themselves (decks that check clean, options that select a paper, a writable results folder, the served
study's own data folder) are :mod:`ketquiz.classroom.served_command`'s; this module parses the served command,
resolves what the command line layer resolves (the data directory, a profile name the store accepts) and hands
the rest over, with the deck loader that prints a deck's errors.
"""

from __future__ import annotations

import argparse
import importlib
import shlex

from ketquiz.classroom.served_command import (
    ServedCommand,
    ServedCommandError,
    require_existing,
    served_data_dir,
    served_exam,
    served_present,
    served_report,
    served_study,
    split_command,
)
from ketquiz.commands.common import error, load_checked_deck, resolve_data_dir

__all__ = ["ServedCommand", "ServedCommandError", "check_served_command", "report_error"]


def _parse(name: str, args: list[str]) -> argparse.Namespace:
    from ketquiz.commands.parser import CommandParser

    # the command line's own parser class, so the served command takes the options every command shares
    parser = CommandParser(prog="ketquiz serve", add_help=False, shared_options=False)
    sub = parser.add_subparsers(dest="command")
    importlib.import_module(f"ketquiz.commands.{name}").register(sub)
    try:
        return parser.parse_args([name, *args])
    except SystemExit as exc:  # argparse has printed the usage and the reason
        raise ServedCommandError(f"the command to serve is not valid: {shlex.join([name, *args])}") from exc


def check_served_command(app_args: list[str]) -> ServedCommand:
    """Parse and check ``app_args`` (e.g. ``["exam", "deck.yaml", "--count", "3"]``); raise ServedCommandError."""
    name, rest = split_command(app_args)
    ns = _parse(name, rest)
    if name == "study":
        return _study(ns)
    if name == "exam":
        return served_exam(
            rest,
            ns.decks,
            load_checked_deck,
            student=ns.student,
            time_limit=ns.time_limit,
            seed=ns.seed,
            count=ns.count,
            topics=ns.topics,
            include_contested=ns.include_contested,
            out=ns.out,
        )
    if name == "present":
        return served_present(rest, ns.deck, load_checked_deck, topics=ns.topics)
    return served_report(rest, ns.dir, tui=ns.tui)


def _study(ns: argparse.Namespace) -> ServedCommand:
    from ketquiz.store import StoreError, profile_path

    for path in ns.paths:
        require_existing(path)
    served_dir = served_data_dir(resolve_data_dir(ns.data_dir))
    if ns.profile is not None:
        try:
            profile_path(served_dir, ns.profile)
        except StoreError as exc:
            raise ServedCommandError(f"--profile: {exc}") from exc
    return served_study(ns.paths, served_dir, ns.profile, no_cache=getattr(ns, "no_cache", False))


def report_error(exc: ServedCommandError) -> int:
    """Print ``exc`` as ketquiz's one-line error; the exit code for a bad command line."""
    error(str(exc))
    return 1
