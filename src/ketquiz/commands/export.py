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
    from ketquiz.decks import load_deck
    from ketquiz.decks.export import export

    if args.deck.is_dir():
        print(f"ketquiz: error: {args.deck} is a directory; export takes one deck file", file=sys.stderr)
        return 1
    load = load_deck(args.deck)
    for d in load.diagnostics:
        print(d.format(), file=sys.stderr)
    if not load.ok or load.deck is None:
        print(f"ketquiz: error: {args.deck} has errors; fix them before exporting", file=sys.stderr)
        return 1
    text = export(load.deck, args.format)
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"ketquiz: error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    return 0
