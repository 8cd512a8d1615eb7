"""The card browser's actions on one card (suspend, bury, flag, reset) and their undo, newest first.

Only the browser's own actions are undone here (a study session has its own undo), so the browser keeps the store's
batch of each, with the card it changed, and says in words what was done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from ketquiz.core.model import Deck
from ketquiz.store.browse import CardView
from ketquiz.store.cards import Flag

if TYPE_CHECKING:
    from ketquiz.store import StudyStore

#: What the learner is told an action did (a flag says its colour).
DONE = {"suspend": "Suspended", "unsuspend": "Unsuspended", "bury": "Buried until tomorrow", "unbury": "Unburied",
        "reset": "Reset to new"}  # fmt: skip


class CardActions:
    """The browser's card actions on ``store``, each remembered so that undo takes back the newest first."""

    def __init__(self, store: StudyStore, decks: Sequence[Deck], clock: Callable[[], datetime]) -> None:
        self.store = store
        self.decks = decks
        self.clock = clock
        self._batches: list[tuple[int, str]] = []  # (the store's batch, the card's key), newest last

    def act(self, view: CardView, action: str, flag: Flag = Flag.NONE) -> str:
        """Do ``action`` to the card (its deck synced with the store first) and remember it for undo; what was
        done, in words. A :class:`~ketquiz.store.StoreError` leaves nothing done and nothing remembered."""
        for deck in self.decks:
            if deck.id == view.deck_id:
                self.store.ensure_synced(deck)
        batch = self.store.act(view.deck_id, [view.card.id], action, self.clock(), flag)
        self._batches.append((batch, view.key))
        if action == "flag":
            return f"Flagged {flag.label}" if flag else "Flag cleared"
        return DONE[action]

    def undo(self) -> str | None:
        """Take back the newest action: the key of the card it changed, None when there is nothing to undo. After a
        :class:`~ketquiz.store.StoreError` the action is still there to undo."""
        if not self._batches:
            return None
        batch, key = self._batches[-1]
        self.store.undo_actions(batch)
        self._batches.pop()
        return key
