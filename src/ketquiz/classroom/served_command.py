"""The command line ``ketquiz serve`` runs for every browser, checked whole before anything is served.

Each browser tab runs its own ketquiz process with the command given after serve's options. A mistake in it
(``--count abc``, a missing deck, ``--profile ../x``) would otherwise show up only as a crash in every student's
browser. So the command line layer parses the served command with the very parser that command uses, and the
functions here check what it parsed as the command itself would (its decks loaded through the ``load_deck`` it
passes in, which prints a deck's errors and returns None) and build the arguments each browser's process runs.
"""

from __future__ import annotations

import math
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ketquiz.core.safetext import clean

if TYPE_CHECKING:
    from ketquiz.core.model import Deck

SERVABLE = ("study", "exam", "present", "report")
#: The folder under the data directory where served learners' profiles live: plain `ketquiz` never looks there.
SERVED_NAMESPACE = "served"

#: Reads a deck that must check clean; None (its errors printed) when it does not.
DeckLoader = Callable[[Path], "Deck | None"]


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


def split_command(app_args: Sequence[str]) -> tuple[str, list[str]]:
    """The command to serve and its arguments (``study`` when none is given); raise ServedCommandError for a
    command that cannot be served or a request for its help."""
    args = [a for a in app_args if a != "--"] or ["study"]
    name, rest = args[0], args[1:]
    if name not in SERVABLE:
        raise ServedCommandError(
            f"ketquiz serve can serve study, exam, present or report, not {clean(name)!r}"
        )
    if any(a in ("-h", "--help") for a in rest):
        raise ServedCommandError(f"--help is not served; run `ketquiz {name} --help`")
    return name, rest


def require_existing(path: Path) -> None:
    """Raise ServedCommandError unless ``path`` exists."""
    if not path.exists():
        raise ServedCommandError(f"{clean(str(path))}: no such file or folder (checked before serving)")


def served_data_dir(data_dir: Path) -> Path:
    """Where served learners' profiles live under ``data_dir``, apart from this computer's own."""
    return (data_dir / SERVED_NAMESPACE).absolute()


def served_study(
    paths: Sequence[Path], served_dir: Path, profile: str | None, *, no_cache: bool = False
) -> ServedCommand:
    """``study PATHS`` in ``served_dir``: every learner types a name, or all share ``profile`` (a demonstration);
    with ``no_cache``, decks are read from their YAML (``--no-cache``).

    The paths must exist and the profile name be valid (the caller checks both, the name with the store).
    """
    args = ["study", *(str(p) for p in paths), "--data-dir", str(served_dir)]
    if profile is not None:
        args += ["--profile", profile]  # one shared profile for every browser (a demonstration)
    else:
        args.append("--ask-profile")  # every learner types a name; their progress stays apart
    if no_cache:
        args.append("--no-cache")
    return ServedCommand(tuple(args), "ketquiz: study")


def _decks(paths: Sequence[Path], load_deck: DeckLoader) -> list[Deck]:
    decks: list[Deck] = []
    for path in paths:
        require_existing(path)
        deck = load_deck(path)
        if deck is None:
            raise ServedCommandError(f"{clean(str(path))}: fix the deck before serving it")
        decks.append(deck)
    return decks


def served_exam(
    rest: Sequence[str],
    deck_paths: Sequence[Path],
    load_deck: DeckLoader,
    *,
    student: str | None,
    time_limit: float | None,
    seed: int | None,
    count: int | None,
    topics: Sequence[str] | None,
    include_contested: bool,
    out: Path,
) -> ServedCommand:
    """``exam REST``, once its decks check clean, its options select a paper and its results folder is writable."""
    from ketquiz.classroom.paper import PaperError, build_paper
    from ketquiz.core.combine import combine_decks

    if student is not None:
        raise ServedCommandError(
            "--student would give every browser the same name; each browser asks its own"
        )
    if time_limit is not None and not (math.isfinite(time_limit) and 0 < time_limit <= 24 * 60):
        raise ServedCommandError(f"--time-limit must be a number of minutes from 0 to 1440, not {time_limit}")
    decks = _decks(deck_paths, load_deck)
    deck = combine_decks(decks)
    try:  # the same options the exam will use; any seed shows whether they select a paper at all
        build_paper(
            deck,
            seed=seed if seed is not None else 1,
            count=count,
            topics=set(topics) if topics else None,
            include_contested=include_contested,
        )
    except PaperError as exc:
        raise ServedCommandError(str(exc)) from exc
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ServedCommandError(f"cannot create the results folder {out}: {exc.strerror or exc}") from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise ServedCommandError(f"cannot write results to {out}: permission denied")
    title = " + ".join(d.title for d in decks)
    return ServedCommand(("exam", *rest), f"Exam: {title}")


def served_present(
    rest: Sequence[str], deck_path: Path, load_deck: DeckLoader, *, topics: Sequence[str] | None
) -> ServedCommand:
    """``present REST``, once its deck checks clean and has the topics asked for."""
    (deck,) = _decks([deck_path], load_deck)
    if topics:
        unknown = sorted(set(topics) - {t.id for t in deck.topics})
        if unknown:
            raise ServedCommandError(f"unknown topic(s) {', '.join(map(clean, unknown))} in deck {deck.id!r}")
    return ServedCommand(("present", *rest), deck.title)


def served_report(rest: Sequence[str], folder: Path, *, tui: bool) -> ServedCommand:
    """``report REST`` in its terminal UI (the only one that can be served), once its folder exists."""
    if not folder.is_dir():
        raise ServedCommandError(f"{clean(str(folder))}: not a folder of result files")
    args = ["report", *rest] + ([] if tui else ["--tui"])
    return ServedCommand(tuple(args), f"Report: {folder.resolve().name or folder}")
