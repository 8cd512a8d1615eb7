"""`ketquiz cards`: list and find cards with their study state; suspend, bury, flag or reset them; undo that."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketquiz.commands.common import (
    add_profile_options,
    bundled_decks_dir,
    error,
    load_deck_results,
    print_diagnostics,
    print_json,
    resolve_data_dir,
    say,
)
from ketquiz.core.words import counted

if TYPE_CHECKING:
    from ketquiz.core.model import Deck
    from ketquiz.store.browse import CardView

ACTION_WORDS = ("suspend", "unsuspend", "bury", "unbury", "flag", "reset", "undo")
STATES = ("new", "learning", "review", "relearning", "suspended", "buried")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "cards",
        help="list, find and manage cards (suspend, bury, flag, reset)",
        description="With deck paths (default: the bundled decks), list their cards with their study state: "
        "state, due, lapses, reviews, predicted recall now (R) and flag. Or manage cards: "
        "`cards suspend|unsuspend|bury|unbury|reset ID...`, `cards flag COLOUR ID...` (red, orange, green, blue, "
        "pink, turquoise, purple; none clears), `cards undo` (the last of these). IDs are DECK/CARD, or CARD when "
        "only one deck has it; decks are looked for in --decks (default: the bundled decks).",
    )
    p.add_argument(
        "items", nargs="*", metavar="PATH | ACTION ID...", help="deck paths, or an action and card ids"
    )
    p.add_argument(
        "--search", default="", metavar="TEXT", help="in prompt, answer, choices and quoted passages"
    )
    p.add_argument("--topic", action="append", default=[], metavar="T", help="only this topic (repeatable)")
    p.add_argument(
        "--state", action="append", default=[], choices=STATES, help="only this state (repeatable)"
    )
    p.add_argument(
        "--flag", action="append", default=[], metavar="COLOUR", help="only this flag (repeatable)"
    )
    p.add_argument("--leech", action="store_true", help="only leeches")
    p.add_argument("--contested", action="store_true", help="only cards whose sources disagree")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--decks", action="append", type=Path, default=[], metavar="PATH", help="decks an action's ids are in"
    )
    p.add_argument("--yes", action="store_true", help="reset without asking")
    add_profile_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.items and args.items[0] in ACTION_WORDS:
        return _act(args, args.items[0], list(args.items[1:]))
    return _list(args)


def _decks(paths: list[Path]) -> list[Deck]:
    loads = load_deck_results(paths or [bundled_decks_dir()])
    for load in loads:
        print_diagnostics(load.diagnostics, errors_only=True)
    return [load.deck for load in loads if load.deck is not None]


def _list(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from ketquiz.store import StoreError, blank_store, open_store, profile_path
    from ketquiz.store.browse import CardFilter, CardIndex, card_views
    from ketquiz.store.cards import Flag

    try:
        flags = frozenset(Flag.parse(f) for f in args.flag)
    except ValueError as exc:
        return error(str(exc))
    decks = _decks([Path(p) for p in args.items])
    data_dir, profile = resolve_data_dir(args.data_dir), args.profile or "default"
    try:  # listing only reads: never creates, upgrades or writes the profile
        store = (
            open_store(data_dir, profile, read_only=True)
            if profile_path(data_dir, profile).exists()
            else blank_store(data_dir, profile)
        )
        with store:
            views = card_views(store, decks, datetime.now(UTC))
    except StoreError as exc:
        return error(str(exc))
    what = CardFilter(
        search=args.search,
        topics=frozenset(args.topic),
        states=frozenset(args.state),
        flags=flags,
        leech=args.leech,
        contested=args.contested,
    )
    shown = CardIndex(views).filter(what)
    if args.json:
        print_json([v.to_dict() for v in shown])
        return 0
    one_deck = len({v.deck_id for v in views}) <= 1  # then the card id alone names a card
    width = shutil.get_terminal_size((10_000, 24)).columns if sys.stdout.isatty() else 10_000
    ids = [v.card.id if one_deck else v.key for v in shown]
    id_width = min(max((len(i) for i in ids), default=2), 28)
    say(
        _clip(
            f"{'id':<{id_width}} {'state':<10} {'due':<10} {'lapses':>6} {'revs':>4} {'R':>4} {'flag':<7} prompt",
            width,
        )
    )
    for key, v in zip(ids, shown, strict=True):
        say(_clip(_line(key, id_width, v), width))
    say(f"{len(shown)} of {len(views)} cards", err=True)
    return 0


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _line(key: str, id_width: int, v: CardView) -> str:
    due = v.due.date().isoformat() if v.due else "-"
    recall = f"{v.retrievability:.0%}" if v.retrievability is not None else "-"
    flag = (v.flag.label if v.flag else "") + (" leech" if v.leech else "")
    key = key if len(key) <= id_width else key[: id_width - 1] + "…"
    prompt = " ".join(v.card.prompt.split())
    return f"{key:<{id_width}} {v.state:<10} {due:<10} {v.lapses:>6} {v.reviews:>4} {recall:>4} {flag:<7} {prompt}"


def _act(args: argparse.Namespace, action: str, ids: list[str]) -> int:
    from datetime import UTC, datetime

    from ketquiz.store import StoreError, open_store
    from ketquiz.store.card_ids import CardIdError, resolve_card_ids
    from ketquiz.store.cards import Flag

    data_dir, profile = resolve_data_dir(args.data_dir), args.profile or "default"
    if action == "undo":
        if ids:
            return error("`cards undo` takes no ids: it undoes the last card action")
        try:
            with open_store(data_dir, profile) as store:
                batch = store.last_action_batch()
                if batch is None:
                    say("nothing to undo: no card action in this profile")
                    return 0
                undone = store.undo_actions(batch)
        except StoreError as exc:
            return error(str(exc))
        say(f"undone for {counted(len(undone), 'card')}: {', '.join(undone)}")
        return 0
    flag = Flag.NONE
    if action == "flag":
        if not ids:
            return error("`cards flag` needs a colour, then card ids")
        try:
            flag = Flag.parse(ids.pop(0))
        except ValueError as exc:
            return error(str(exc))
    if not ids:
        return error(f"`cards {action}` needs one or more card ids (DECK/CARD)")
    if action == "reset" and not args.yes and not _confirm(len(ids)):
        return error("nothing was reset")
    decks = _decks(list(args.decks))
    try:
        with open_store(data_dir, profile) as store:
            for deck in decks:
                store.ensure_synced(deck)
            try:
                pairs = resolve_card_ids(store, decks, ids)
            except CardIdError as exc:
                return error(str(exc))
            store.act_on(pairs, action, datetime.now(UTC), flag)
            done = [f"{d}/{c}" for d, c in pairs]
    except StoreError as exc:
        return error(str(exc))
    verb = {"suspend": "suspended", "unsuspend": "unsuspended", "bury": "buried until tomorrow", "unbury":
            "unburied", "flag": f"flagged {flag.label}" if flag else "unflagged", "reset": "reset to new"}[action]  # fmt: skip
    say(f"{verb}: {', '.join(done)}  (undo: ketquiz cards undo)")
    return 0


def _confirm(n: int) -> bool:
    """Ask before a reset (its schedule is lost, though undo can bring it back); refuse when nobody can answer."""
    if not sys.stdin.isatty():
        say("ketquiz: reset makes cards new again; add --yes to do it without asking", err=True)
        return False
    answer: Any = input(f"Reset {counted(n, 'card')} to new? Their review history is kept. [y/N] ")
    return str(answer).strip().lower() in ("y", "yes")
