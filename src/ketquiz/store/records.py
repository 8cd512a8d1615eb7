"""Plain records the store hands out: queue counts, a deck's counts, a built queue, the outcome of an answer, a
sync report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ketquiz.core.scheduling import CardState, Rating


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """Cards waiting: ``new`` (within today's new-card limit), ``learning`` (learning or relearning steps due)
    and ``review`` (reviews due today, within the review limit); ``total`` active cards, for context."""

    new: int = 0
    learning: int = 0
    review: int = 0
    total: int = 0

    @property
    def due(self) -> int:
        """Cards already studied and due again: learning plus review."""
        return self.learning + self.review


@dataclass(frozen=True, slots=True)
class DeckCounts:
    """One deck's counts at one moment, made in one pass over its cards: each topic on its own (capped by the
    daily limits), and the limits left, from which :meth:`queue` derives what a session over any choice of
    topics would queue. The home screen, ``ketquiz due`` and the session's summary all take their figures from
    here, so they cannot disagree."""

    #: topic id -> that topic's counts alone (the deck's topics in order, then any other topic a card names)
    topics: dict[str, QueueCounts] = field(default_factory=dict)
    new_left: int = 0  # new cards still allowed today by the daily limit
    reviews_left: int = 0  # reviews still allowed today by the daily limit

    def queue(self, topics: set[str] | frozenset[str] | None = None) -> QueueCounts:
        """What a study session over ``topics`` (every topic when None) would queue.

        Each topic's own counts are capped by the daily limits, and so is their sum: with 40 new cards over two
        topics and 20 new cards a day, a session queues (and this says) 20, not 40.
        """
        new = learning = review = total = 0
        for topic, c in self.topics.items():
            if topics is None or topic in topics:
                new += c.new
                learning += c.learning
                review += c.review
                total += c.total
        return QueueCounts(
            new=min(self.new_left, new), learning=learning, review=min(self.reviews_left, review), total=total
        )


@dataclass(frozen=True, slots=True)
class StudyQueue:
    """The cards to study now, in order: due learning cards, due reviews, then new cards."""

    cards: list[str] = field(default_factory=list)
    counts: QueueCounts = field(default_factory=QueueCounts)


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """What one committed answer did to its card."""

    review_id: int
    card_id: str
    rating: Rating
    state_before: CardState
    state_after: CardState
    due: datetime  # UTC
    interval: timedelta  # from the answer to the next due time
    lapses: int = 0  # the card's lapses after this answer
    leech: bool = False  # this answer made the card a leech: it is now marked and suspended


@dataclass(frozen=True, slots=True)
class SyncReport:
    """How a deck's cards compare with what the store knew."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()  # content differs from the last sync
    removed: tuple[str, ...] = ()  # no longer in the deck: history kept, out of the queue
    restored: tuple[str, ...] = ()  # back in the deck after being removed; progress kept


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One row of the review log."""

    review_id: int
    deck_id: str
    card_id: str
    reviewed_at: datetime  # UTC
    rating: Rating
    state_before: CardState | None  # None for answers logged before this was recorded
    duration_ms: int | None
    response: str | None
