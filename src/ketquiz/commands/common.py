"""Options and helpers several commands share, and the one way commands print.

Every command prints through :func:`say` (and :func:`error`, :func:`warning`, :func:`print_diagnostics`,
:func:`print_json`): deck text, source text, file names and anything else a deck, a source or a user wrote is
data, and a control character in it (an escape sequence that would retitle the terminal, move the cursor or
rewrite the screen) must never reach a terminal. Plain text goes through :func:`ketquiz.core.safetext.clean`,
which shows each control character as a visible placeholder; JSON escapes them (``\\u001b``), C1 controls
included, so a JSON consumer still gets the exact text.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ketquiz.core.safetext import clean, json_text

if TYPE_CHECKING:
    from ketquiz.core.diagnostics import Diagnostic
    from ketquiz.core.model import Deck
    from ketquiz.decks.deckfiles import DeckLoad


def say(text: object = "", *, err: bool = False, end: str = "\n") -> None:
    """Print ``text`` for a person, with every control character made visible (see the module docstring)."""
    stream: TextIO = sys.stderr if err else sys.stdout
    stream.write(clean(str(text)) + end)


def warning(message: str) -> None:
    """Print a one-line warning on standard error."""
    say(f"ketquiz: warning: {message}", err=True)


def print_diagnostics(
    diagnostics: Iterable[Diagnostic], *, err: bool = True, errors_only: bool = False
) -> None:
    """Deck problems, one ``FILE:LINE:COL: severity: message [code]`` a line (the file name is cleaned too)."""
    for d in diagnostics:
        if not errors_only or d.is_error:
            say(d.format(), err=err)


def print_json(data: Any, *, allow_nan: bool = True) -> None:
    """Print ``data`` as indented JSON on standard output, control characters escaped (see
    :func:`ketquiz.core.safetext.json_text`)."""
    sys.stdout.write(json_text(data, allow_nan=allow_nan) + "\n")


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
    say(f"ketquiz: error: {message}", err=True)
    return 1


def note(message: str) -> None:
    """Print a one-line note on standard error (something the user may want to know, not a problem)."""
    say(f"ketquiz: note: {message}", err=True)


def load_deck_results(paths: list[Path]) -> list[DeckLoad]:
    """Every deck named or found under the directories named, each from the compiled-deck cache when it is fresh
    (see :mod:`ketquiz.decks.cache`), else from its YAML. Notes about the cache are printed."""
    from ketquiz.decks.cached_load import load_decks_cached

    loaded = load_decks_cached(paths)
    for message in loaded.notes:
        note(message)
    return loaded.loads


def load_deck_result(path: Path) -> DeckLoad:
    """One deck file, from the compiled-deck cache when it is fresh, with its diagnostics."""
    from ketquiz.decks.cached_load import Loaded, load_deck_cached

    loaded = Loaded()
    result = load_deck_cached(path, into=loaded)
    for message in loaded.notes:
        note(message)
    return result


def one_deck_file(path: Path) -> Path | None:
    """``path``, or for a folder holding exactly one deck file that file; None after saying, for a folder of
    several, which decks it holds (or that it holds none)."""
    if not path.is_dir():
        return path
    from ketquiz.decks.deckfiles import find_deck_files

    found, _ = find_deck_files([path])
    if len(found) == 1:
        return found[0]
    names = ", ".join(str(f) for f in found[:4]) + (", ..." if len(found) > 4 else "")
    error(
        f"{path}: a folder of {len(found)} decks; name one deck file ({names})"
        if found
        else f"{path}: a folder with no deck files (*.yaml) in it"
    )
    return None


def load_checked_deck(path: Path) -> Deck | None:
    """One deck that must check clean (exam, present, serve, export); None after its errors are printed.

    A folder holding exactly one deck file stands for that deck (``ketquiz present decks``)."""
    one = one_deck_file(path)
    if one is None:
        return None
    path = one
    if not path.is_file():
        error(f"{path}: no such deck file")
        return None
    res = load_deck_result(path)
    print_diagnostics(res.diagnostics, errors_only=True)
    if res.deck is None or not res.ok:
        error(f"{path}: the deck has errors (run `ketquiz check {path}`)")
        return None
    return res.deck


def load_deck_for_authoring(path: Path) -> Deck | None:
    """The deck at ``path`` even when it has errors (an author mid-edit); None, with the reasons printed, if the
    file cannot be read as a deck at all."""
    result = load_deck_result(path)
    if result.deck is None:
        print_diagnostics(result.diagnostics)
        error(f"{path}: cannot be read as a deck (see above)")
        return None
    return result.deck
