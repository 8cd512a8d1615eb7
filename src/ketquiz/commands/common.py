"""Options and helpers several commands share."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


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
