"""The command line ``ketquiz serve`` runs for every browser, checked whole before anything is served.

Each browser tab runs its own ketquiz process with the command given after serve's options. A mistake in it
(``--count abc``, a missing deck, ``--profile ../x``) would otherwise show up only as a crash in every student's
browser, so the command is parsed here with the very parser that command uses, and its decks and options are
checked as the command itself would, before the server starts.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ketquiz.commands.common import error, load_checked_deck, resolve_data_dir
from ketquiz.core.safetext import clean

if TYPE_CHECKING:
    from ketquiz.core.model import Deck

SERVABLE = ("study", "exam", "present", "report")
#: The folder under the data directory where served learners' profiles live: plain `ketquiz` never looks there.
SERVED_NAMESPACE = "served"


class ServedCommandError(Exception):
    """The served command line is wrong; the message (already printed, for argparse errors) says why."""


@dataclass(frozen=True)
class ServedCommand:
    """A checked command: the arguments each browser's process runs, and the page title naming it."""

    args: tuple[str, ...]
    title: str

    def shell(self) -> str:
        """The shell command each browser session runs: this Python, this ketquiz, these arguments."""
        return shlex.join([sys.executable, "-m", "ketquiz", *self.args])


def _parse(name: str, args: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ketquiz serve", add_help=False)
    sub = parser.add_subparsers(dest="command")
    importlib.import_module(f"ketquiz.commands.{name}").register(sub)
    try:
        return parser.parse_args([name, *args])
    except SystemExit as exc:  # argparse has printed the usage and the reason
        raise ServedCommandError(f"the command to serve is not valid: {shlex.join([name, *args])}") from exc


def check_served_command(app_args: list[str]) -> ServedCommand:
    """Parse and check ``app_args`` (e.g. ``["exam", "deck.yaml", "--count", "3"]``); raise ServedCommandError."""
    args = [a for a in app_args if a != "--"] or ["study"]
    name, rest = args[0], args[1:]
    if name not in SERVABLE:
        raise ServedCommandError(
            f"ketquiz serve can serve study, exam, present or report, not {clean(name)!r}"
        )
    if any(a in ("-h", "--help") for a in rest):
        raise ServedCommandError(f"--help is not served; run `ketquiz {name} --help`")
    ns = _parse(name, rest)
    check = {"study": _study, "exam": _exam, "present": _present, "report": _report}[name]
    return check(ns, rest)


def _study(ns: argparse.Namespace, rest: list[str]) -> ServedCommand:
    from ketquiz.store import StoreError, profile_path

    for path in ns.paths:
        if not path.exists():
            raise ServedCommandError(f"{clean(str(path))}: no such file or folder (checked before serving)")
    served_dir = (resolve_data_dir(ns.data_dir) / SERVED_NAMESPACE).absolute()
    args = ["study", *(str(p) for p in ns.paths), "--data-dir", str(served_dir)]
    if ns.profile is not None:
        try:
            profile_path(served_dir, ns.profile)
        except StoreError as exc:
            raise ServedCommandError(f"--profile: {exc}") from exc
        args += ["--profile", ns.profile]  # one shared profile for every browser (a demonstration)
    else:
        args.append("--ask-profile")  # every learner types a name; their progress stays apart
    return ServedCommand(tuple(args), "ketquiz: study")


def _decks(paths: list[Path]) -> list[Deck]:
    decks: list[Deck] = []
    for path in paths:
        if not path.exists():
            raise ServedCommandError(f"{clean(str(path))}: no such file or folder (checked before serving)")
        deck = load_checked_deck(path)
        if deck is None:
            raise ServedCommandError(f"{clean(str(path))}: fix the deck before serving it")
        decks.append(deck)
    return decks


def _exam(ns: argparse.Namespace, rest: list[str]) -> ServedCommand:
    from ketquiz.classroom.paper import PaperError, build_paper
    from ketquiz.core.combine import combine_decks

    if ns.student is not None:
        raise ServedCommandError(
            "--student would give every browser the same name; each browser asks its own"
        )
    if ns.time_limit is not None and not (math.isfinite(ns.time_limit) and 0 < ns.time_limit <= 24 * 60):
        raise ServedCommandError(
            f"--time-limit must be a number of minutes from 0 to 1440, not {ns.time_limit}"
        )
    decks = _decks(ns.decks)
    deck = combine_decks(decks)
    try:  # the same options the exam will use; any seed shows whether they select a paper at all
        build_paper(
            deck,
            seed=ns.seed if ns.seed is not None else 1,
            count=ns.count,
            topics=set(ns.topics) if ns.topics else None,
            include_contested=ns.include_contested,
        )
    except PaperError as exc:
        raise ServedCommandError(str(exc)) from exc
    out: Path = ns.out
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ServedCommandError(f"cannot create the results folder {out}: {exc.strerror or exc}") from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise ServedCommandError(f"cannot write results to {out}: permission denied")
    title = " + ".join(d.title for d in decks)
    return ServedCommand(("exam", *rest), f"Exam: {title}")


def _present(ns: argparse.Namespace, rest: list[str]) -> ServedCommand:
    (deck,) = _decks([ns.deck])
    if ns.topics:
        unknown = sorted(set(ns.topics) - {t.id for t in deck.topics})
        if unknown:
            raise ServedCommandError(f"unknown topic(s) {', '.join(map(clean, unknown))} in deck {deck.id!r}")
    return ServedCommand(("present", *rest), deck.title)


def _report(ns: argparse.Namespace, rest: list[str]) -> ServedCommand:
    if not ns.dir.is_dir():
        raise ServedCommandError(f"{clean(str(ns.dir))}: not a folder of result files")
    args = ["report", *rest] + ([] if ns.tui else ["--tui"])  # only the terminal UI can be served
    return ServedCommand(tuple(args), f"Report: {ns.dir.resolve().name or ns.dir}")


def report_error(exc: ServedCommandError) -> int:
    """Print ``exc`` as ketquiz's one-line error; the exit code for a bad command line."""
    error(str(exc))
    return 1
