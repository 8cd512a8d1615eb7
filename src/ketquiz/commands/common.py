"""Options and helpers several commands share."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ketquiz.core.model import Deck


#: The bundled decks, found beside the package in a source checkout or installed as data.
def bundled_decks_dir() -> Path:
    """The ``decks/`` directory shipped with ketquiz (the repository's, for an editable install)."""
    here = Path(__file__).resolve().parent.parent  # src/ketquiz
    for candidate in (here / "bundled_decks", here.parent.parent / "decks"):
        if candidate.is_dir():
            return candidate
    return here.parent.parent / "decks"


def add_profile_options(parser: argparse.ArgumentParser) -> None:
    """``--profile`` and ``--data-dir``, for every command that reads or writes study state."""
    parser.add_argument("--profile", default=None, help="learner profile (default: 'default')")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="where study state lives (default: $KETQUIZ_DATA_DIR, else the user data directory)",
    )


def resolve_data_dir(arg: Path | None) -> Path:
    """The study-state directory: --data-dir, then $KETQUIZ_DATA_DIR, then platformdirs' user data dir."""
    if arg is not None:
        return arg
    env = os.environ.get("KETQUIZ_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("ketquiz", appauthor=False))


def error(message: str) -> int:
    """Print a one-line error for the user and return the exit code for failure."""
    print(f"ketquiz: error: {message}", file=sys.stderr)
    return 1


def load_checked_deck(path: Path) -> Deck | None:
    """One deck that must check clean (exam, present, serve, export); None after its errors are printed."""
    from ketquiz.decks import load_deck

    if not path.is_file():
        error(f"{path}: no such deck file" + (" (it is a directory)" if path.is_dir() else ""))
        return None
    res = load_deck(path)
    for d in res.diagnostics:
        if d.severity == "error":
            print(d.format(), file=sys.stderr)
    if res.deck is None or not res.ok:
        error(f"{path}: the deck has errors (run `ketquiz check {path}`)")
        return None
    return res.deck


def load_deck_for_authoring(path: Path) -> Deck | None:
    """The deck at ``path`` even when it has errors (an author mid-edit); None, with the reasons printed, if the
    file cannot be read as a deck at all."""
    from ketquiz.decks import load_deck

    result = load_deck(path)
    if result.deck is None:
        for d in result.diagnostics:
            print(d.format(), file=sys.stderr)
        error(f"{path}: cannot be read as a deck (see above)")
        return None
    return result.deck
