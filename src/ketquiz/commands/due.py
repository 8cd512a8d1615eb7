"""`ketquiz due [PATH...] [--json]`: new and due cards per deck and topic, without opening the study app."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ketquiz.commands.common import (
    add_profile_options,
    bundled_decks_dir,
    error,
    print_diagnostics,
    print_json,
    resolve_data_dir,
    say,
)
from ketquiz.core.diagnostics import has_errors
from ketquiz.core.safetext import clean


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "due",
        help="show new and due cards per deck and topic",
        description="Count the cards waiting today in each deck and topic: new (within the daily limit), "
        "learning steps due, and reviews due. Decks default to the bundled ones. Exits 1 when a deck named "
        "could not be loaded (the others are still counted).",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="deck files or directories")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_profile_options(p)
    p.set_defaults(func=run)


#: The plain table fits a standard terminal: ids and titles are cut with an ellipsis, never wrapped.
WIDTH = 80
_NUMBERS = f"{'new':>5} {'learning':>8} {'review':>6} {'cards':>5}"
_ID_WIDTH = 22


def fit(text: str, width: int) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` terminal cells."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def _row(label: str, title: str, c: Any, id_width: int) -> str:
    title_width = WIDTH - id_width - len(_NUMBERS) - 2
    numbers = f"{c.new:>5} {c.learning:>8} {c.review:>6} {c.total:>5}"
    return f"{fit(clean(label), id_width)} {fit(clean(title), title_width)} {numbers}"


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from ketquiz.commands.common import load_deck_results
    from ketquiz.store import StoreError, blank_store, open_store, profile_path

    loads = load_deck_results(list(args.paths) or [bundled_decks_dir()])
    for load in loads:
        print_diagnostics(load.diagnostics, errors_only=True)
    decks = [load.deck for load in loads if load.deck is not None]
    now = datetime.now(UTC)
    data_dir, profile = resolve_data_dir(args.data_dir), args.profile or "default"
    try:  # only reads: never creates, upgrades or writes the profile (a new one is counted in memory)
        if profile_path(data_dir, profile).exists():
            store = open_store(data_dir, profile, read_only=True)
        else:
            store = blank_store(data_dir, profile)
    except StoreError as exc:
        return error(str(exc))
    with store:
        try:
            counted = {deck.id: store.deck_counts(deck, now) for deck in decks}
            known = store.known_decks()
        except StoreError as exc:
            return error(str(exc))
    per_deck = {deck_id: c.topics for deck_id, c in counted.items()}
    # The deck line is what a study session over the whole deck would queue: the store's own figure.
    whole = {deck_id: c.queue(None) for deck_id, c in counted.items()}
    missing = {deck_id: n for deck_id, n in known.items() if deck_id not in per_deck}
    out: dict[str, Any] = {
        "decks": [],
        "missing_decks": [{"id": k, "reviews": n} for k, n in sorted(missing.items())],
    }
    for deck in decks:
        topics = per_deck[deck.id]
        total = whole[deck.id]
        titles = {t.id: t.title for t in deck.topics}
        out["decks"].append(
            {
                "id": deck.id,
                "title": deck.title,
                **_counts_dict(total),
                "topics": [
                    {"id": tid, "title": titles.get(tid, tid), **_counts_dict(c)} for tid, c in topics.items()
                ],
            }
        )
    # As `ls` does with a missing name: the decks that loaded are counted, and the exit status says one did not.
    status = 1 if any(load.deck is None and has_errors(load.diagnostics) for load in loads) else 0
    if args.json:
        print_json(out)
        return status
    if not decks:
        say("no decks found", err=True)
    else:
        labels = [deck.id for deck in decks] + [f"  {t}" for deck in decks for t in per_deck[deck.id]]
        id_width = min(_ID_WIDTH, max(len("deck / topic"), *(len(label) for label in labels)))
        title_width = WIDTH - id_width - len(_NUMBERS) - 2
        say(f"{fit('deck / topic', id_width)} {fit('title', title_width)} {_NUMBERS}")
        for deck_out, deck in zip(out["decks"], decks, strict=True):
            topics = per_deck[deck.id]
            say(_row(deck.id, deck.title, whole[deck.id], id_width))
            for topic in deck_out["topics"]:
                say(_row(f"  {topic['id']}", topic["title"], topics[topic["id"]], id_width))
        say("learning: learning or relearning steps due now · new: within today's limit")
    for entry in out["missing_decks"]:
        say(
            f"note: deck {entry['id']!r} has study history ({entry['reviews']} reviews) but was not found among the "
            "decks given; its progress is kept",
            err=True,
        )
    return status


def _counts_dict(c: Any) -> dict[str, int]:
    return {"new": c.new, "learning": c.learning, "review": c.review, "due": c.due, "total": c.total}
