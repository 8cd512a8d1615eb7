"""Naming cards on the command line: ``DECK/CARD``, or ``CARD`` alone when exactly one deck has that card.

``ketquiz cards suspend|bury|flag|reset ID...`` resolves its ids against the decks given and every card the
profile has stored (a card whose deck was not given, or that has since left its deck, can still be named).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ketquiz.store.cards import iter_ids

if TYPE_CHECKING:
    from ketquiz.core.model import Deck
    from ketquiz.store.study import StudyStore


class CardIdError(ValueError):
    """An id that names no card, or a bare card id several decks have; the message says which, for the user."""


def resolve_card_ids(store: StudyStore, decks: Sequence[Deck], ids: Sequence[str]) -> list[tuple[str, str]]:
    """The (deck id, card id) each of ``ids`` names, grouped by deck in the order the decks first appear.

    Raises :class:`CardIdError` for the first id that is unknown or ambiguous.
    """
    where: dict[str, set[str]] = {d.id: {c.id for c in d.cards} for d in decks}
    for deck_id, card_id in store.conn.execute("SELECT deck_id, card_id FROM cards"):
        where.setdefault(deck_id, set()).add(card_id)
    out: dict[str, list[str]] = {}
    for deck_given, card_id in iter_ids(ids):
        deck_id = deck_given or ""
        if deck_given is None:
            owners = [d for d, cards in where.items() if card_id in cards]
            if not owners and card_id.endswith((".yaml", ".yml")):
                raise CardIdError(
                    f"{card_id} is not a card id but looks like a deck file: name decks with --decks PATH"
                )
            if len(owners) != 1:
                raise CardIdError(
                    f"no card {card_id!r} in these decks"
                    if not owners
                    else f"card {card_id!r} is in several decks ({', '.join(sorted(owners))}): write DECK/{card_id}"
                )
            deck_id = owners[0]
        elif card_id not in where.get(deck_id, set()):
            if card_id.endswith((".yaml", ".yml")) and deck_id not in where:  # a deck file given where ids go
                raise CardIdError(
                    f"{deck_given}/{card_id} is not a card id but looks like a deck file: name decks with "
                    "--decks PATH; ids are DECK/CARD, or CARD alone"
                )
            raise CardIdError(f"no card {card_id!r} in deck {deck_id!r}")
        out.setdefault(deck_id, []).append(card_id)
    return [(d, c) for d, cards in out.items() for c in cards]
