"""What the card browser runs in worker threads: the index of every card, and a search over a big index.

The index is built with the garbage collector held off and, for a big index, its objects are then frozen out of
later collections: a full collection walks every object while holding the GIL, and over 100,000 cards it froze
the UI thread for a third of a second while indexing and again while typing (measured in
benchmarks/bench_browser.py). The views hold no reference cycles, so nothing frozen was garbage to collect.

A search's result names the request it answers (its serial number), so the screen can drop a result that comes
back after a newer search was asked for.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ketquiz.core.model import Deck
from ketquiz.store.browse import CardFilter, CardIndex, CardView, sorted_matches

if TYPE_CHECKING:
    from ketquiz.store import StudyStore

#: Builds the index of every card (store, decks, now); injected so tests can make it slow.
IndexBuilder = Callable[["StudyStore", Sequence[Deck], datetime], CardIndex]


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One search's outcome: which request it answers (``serial``) and every card that matches, in order."""

    serial: int
    matches: list[CardView]
    keep: str | None  # the card to keep the cursor on


def build_quietly(
    build: IndexBuilder, store: StudyStore, decks: Sequence[Deck], now: datetime, freeze_from: int
) -> CardIndex:
    """``build(store, decks, now)`` with the collector held off; an index of ``freeze_from`` cards or more is
    frozen out of later collections."""
    gc.disable()
    try:
        index = build(store, decks, now)
        if len(index.views) >= freeze_from:
            gc.freeze()
        return index
    finally:
        gc.enable()


def run_search(
    serial: int,
    index: CardIndex,
    what: CardFilter,
    sort: tuple[str, bool] | None,
    keep: str | None,
    cancelled: Callable[[], bool] | None = None,
) -> SearchResult | None:
    """Search ``index`` for request ``serial``; None when ``cancelled`` says a newer search replaced it."""
    done = sorted_matches(index, what, sort, cancelled)
    return None if done is None else SearchResult(serial, done, keep)
