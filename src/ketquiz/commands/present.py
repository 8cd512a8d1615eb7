"""``ketquiz present DECK``: projector mode, one question at a time, for a teacher leading a class."""

from __future__ import annotations

import argparse
from pathlib import Path

from ketquiz.commands.common import error


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "present",
        help="projector mode: one large, high-contrast question at a time, no scoring",
        description="Show a deck's cards one at a time for a class. Keys: right/space next, left previous, "
        "a reveal the answer and its source passage, d the disagreement notes, q quit.",
    )
    p.add_argument("deck", type=Path, metavar="DECK", help="the deck file (.yaml)")
    p.add_argument("--topics", nargs="+", default=None, metavar="TOPIC", help="only these topic ids")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ketquiz.commands.common import load_checked_deck

    deck = load_checked_deck(args.deck)
    if deck is None:
        return 1
    topics = set(args.topics) if args.topics else None
    if topics:
        unknown = sorted(topics - {t.id for t in deck.topics})
        if unknown:
            return error(f"unknown topic(s) {', '.join(unknown)} in deck {deck.id!r}")
    cards = deck.cards_in(topics)
    if not cards:
        return error(f"{args.deck}: no cards to present")
    from ketquiz.ui.apps import PresentApp
    from ketquiz.ui.running import run_app

    run_app(PresentApp(deck, cards))
    return 0
