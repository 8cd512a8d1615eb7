"""`ketquiz export DECK --format json|csv|anki`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export",
        help="export a checked deck as JSON, CSV or an Anki text file",
        description="Export a deck. The deck must check clean; problems are printed as by 'ketquiz check'.",
    )
    p.add_argument("deck", type=Path, metavar="DECK", help="deck file")
    p.add_argument("--format", "-f", choices=("json", "csv", "anki"), default="json")
    p.add_argument("--output", "-o", type=Path, default=None, help="write here instead of standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ketquiz.commands.common import load_checked_deck
    from ketquiz.decks.export import export

    deck = load_checked_deck(args.deck)
    if deck is None:
        return 1
    text = export(deck, args.format)
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"ketquiz: error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    return 0
