"""`ketquiz coverage DECK`: how much of each source the deck's cards and disagreements cite, and what they miss."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ketquiz.commands.common import error, print_diagnostics, print_json, say, warning
from ketquiz.core.words import counted

if TYPE_CHECKING:
    from ketquiz.core.model import Deck


def register(sub: argparse._SubParsersAction) -> None:
    from ketquiz.authoring.coverage import DEFAULT_TOP

    p = sub.add_parser(
        "coverage",
        help="show which passages of a deck's sources no card cites",
        description="For each source of DECK: the share of its sentences that a card citation or a disagreement "
        "position covers, and the longest passages nothing cites, in source order with line numbers. Passages "
        "the deck marks as `ignore` do not count.",
    )
    p.add_argument("deck", type=Path, metavar="DECK", help="the deck file (or a folder holding one deck)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the figures and passages as JSON")
    out.add_argument("--tui", action="store_true", help="open the coverage view of the study app")
    p.add_argument(
        "--top",
        type=int,
        default=DEFAULT_TOP,
        metavar="N",
        help=f"longest passages listed per source ({DEFAULT_TOP})",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ketquiz.authoring.coverage import coverage_to_dict, deck_coverage, format_coverage
    from ketquiz.commands.common import load_deck_result, one_deck_file

    if args.top < 0:
        return error("--top must be 0 or more")
    path = one_deck_file(args.deck)  # a folder holding one deck stands for it, as for present and exam
    if path is None:
        return 1
    result = load_deck_result(path)  # not load_deck_for_authoring: the error count is wanted too
    if result.deck is None:
        print_diagnostics(result.diagnostics)
        return error(f"{path}: cannot be read as a deck (see above)")
    errors = sum(1 for d in result.diagnostics if d.is_error)
    if errors:
        warning(
            f"{path} has {counted(errors, 'error')}; citations that are not found do not count "
            f"(run `ketquiz check {path}`)"
        )
    if args.tui:
        return _run_tui(result.deck, args.top)
    cov = deck_coverage(result.deck)
    if args.json:
        print_json(coverage_to_dict(cov, args.top))
    else:
        say(format_coverage(cov, args.top))
    return 0


def _run_tui(deck: Deck, top: int) -> int:
    from ketquiz.ui.apps import CoverageApp
    from ketquiz.ui.running import run_app

    run_app(CoverageApp(deck, top))
    return 0
