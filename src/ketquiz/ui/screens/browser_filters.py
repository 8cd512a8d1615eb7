"""The card browser's filters: the keys that step through them and the line under the search box that says what
the table shows (how many cards of how many, each filter that is on, and whether the index or a search is still
running).

``e`` shows one state at a time (new, learning, review, relearning, suspended, buried, then all again), ``o`` one
topic at a time, ``l`` only leeches, ``x`` only contested cards, ``g`` only cards changed since last seen. Each
key is a pure step from one :class:`~ketquiz.store.browse.CardFilter` to the next; the screen searches again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import Static

from ketquiz.store.browse import STATES, CardFilter
from ketquiz.ui.literal import clean

#: The filters ``l``, ``x`` and ``g`` switch on and off, as the status line names them.
TOGGLES = ("leech", "contested", "changed")


def next_state(what: CardFilter) -> CardFilter:
    """``e``: every state, then each state alone in turn (new, learning, ...), then every state again."""
    order: list[str | None] = [None, *STATES]
    following = order[(order.index(next(iter(what.states), None)) + 1) % len(order)]
    return dataclasses.replace(what, states=frozenset({following}) if following else frozenset())


def next_topic(what: CardFilter, topics: Sequence[str]) -> CardFilter:
    """``o``: every topic, then each of ``topics`` alone in turn, then every topic again."""
    order: list[str | None] = [None, *topics]
    following = order[(order.index(next(iter(what.topics), None)) + 1) % len(order)]
    return dataclasses.replace(what, topics=frozenset({following}) if following else frozenset())


def toggled(what: CardFilter, name: str) -> CardFilter:
    """One of :data:`TOGGLES` switched on, or off again."""
    changes: dict[str, Any] = {name: not getattr(what, name)}
    return dataclasses.replace(what, **changes)


class FilterLine(Static):
    """What the table shows, in one dim line: ``6 of 120 cards · state new · topic dosing · leech``."""

    def show(
        self, what: CardFilter, *, total: int, indexed: int | None, matches: int, searching: bool
    ) -> None:
        """``indexed`` is the number of cards in the index, None while it is being built (``total`` cards)."""
        if indexed is None:
            parts = [f"indexing {total:,} cards…"]
            if what != CardFilter():
                parts.append("the search runs when it is done")
        else:
            parts = [f"{matches:,} of {indexed:,} cards"]
            if searching:
                parts.append("searching…")
        parts += [f"state {s}" for s in sorted(what.states)] + [
            f"topic {clean(t)}" for t in sorted(what.topics)
        ]
        parts += [name for name in TOGGLES if getattr(what, name)]
        self.update(Text(" · ".join(parts), style="dim"))
