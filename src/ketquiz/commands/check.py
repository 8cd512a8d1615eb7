"""`ketquiz check PATH...`: report every problem in deck files, compiler style."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ketquiz.commands.common import error, print_diagnostics, print_json, say
from ketquiz.core.words import counted

if TYPE_CHECKING:
    from ketquiz.core.diagnostics import Diagnostic
    from ketquiz.decks.deckfiles import DeckLoad


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="check deck files for errors",
        description="Check deck files (or directories of them) and report every problem as FILE:LINE:COL. "
        "Exit status 0 when there is no error, 1 otherwise.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="deck files or directories")
    p.add_argument("--json", action="store_true", help="print the problems as a JSON list")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing when clean")
    p.add_argument("--watch", action="store_true", help="re-check on every save, printing only what changed")
    p.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings (question lints included) as errors: exit status 1 when there is any",
    )
    p.set_defaults(func=run)


def _load(paths: list[Path]) -> list[DeckLoad]:
    """Check reads the YAML every time (it is the authority) and compiles each clean deck for the other commands."""
    from ketquiz.decks.cached_load import default_mode, load_decks_cached

    return load_decks_cached(paths, default_mode(refresh=True)).loads


def _diagnostics(paths: list[Path], strict: bool = False) -> list[Diagnostic]:
    return _all_problems(_load(paths), strict)


def _all_problems(loads: list[DeckLoad], strict: bool) -> list[Diagnostic]:
    """Each deck's problems with its question lints merged in, in file order; warnings become errors if strict."""
    import dataclasses

    from ketquiz.core.lint import lint_deck
    from ketquiz.decks.provenance import stale_sources

    out: list[Diagnostic] = []
    for load in loads:
        found = list(load.diagnostics)
        if load.deck is not None:
            found.extend(lint_deck(load.deck))
            found.extend(stale_sources(load.deck))
            found.sort(key=lambda d: (d.file, d.line, d.column))
        out.extend(found)
    if strict:
        out = [d if d.is_error else dataclasses.replace(d, severity="error") for d in out]
    return out


def run(args: argparse.Namespace) -> int:
    if args.watch:
        if args.json:
            error("--watch prints text; leave out --json")
            return 2
        from ketquiz.authoring.watch import watch

        return watch(args.paths, lambda: _diagnostics(args.paths, args.strict), out=say)

    loads = _load(args.paths)
    diags = _all_problems(loads, args.strict)
    errors = sum(1 for d in diags if d.is_error)
    warnings = len(diags) - errors
    if args.json:
        print_json([d.to_dict() for d in diags])
    else:
        print_diagnostics(diags, err=False)
        if not args.quiet or diags:
            cards = sum(len(load.deck.cards) for load in loads if load.deck is not None)
            checked = sum(
                1 for load in loads if load.deck is not None or load.path.suffix in (".yaml", ".yml")
            )
            summary = f"{counted(checked, 'deck')}, {counted(cards, 'card')}: "
            summary += f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
            sys.stdout.flush()  # the summary comes after the problems, also when both go to one pipe
            say(summary, err=True)
    return 1 if errors else 0
