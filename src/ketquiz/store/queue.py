"""Building the study queue and the per-topic counts from the store, with the daily limits applied.

A day is the learner's day, rolling over at ``day_starts_hour`` local time. New cards introduced and reviews of
review-state cards done since the day began count against the profile's ``new_per_day`` and ``reviews_per_day``.
Learning and relearning steps are never limited: a card half-learnt must be finished.

Plain functions of a connection and a :class:`Day`: :class:`ketquiz.store.StudyStore` calls them with its own
connection and settings, and nothing here imports the store back.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ketquiz.core.scheduling import CardState, as_utc, day_start
from ketquiz.store.records import DeckCounts, QueueCounts, StudyQueue
from ketquiz.store.rows import fsrs_card, to_ms

if TYPE_CHECKING:
    import fsrs

    from ketquiz.core.model import Deck

_NEW, _LEARNING, _REVIEW, _RELEARNING = (int(s) for s in CardState)
_topic = attrgetter("topic")


@dataclass(frozen=True, slots=True)
class Day:
    """The learner's day at one moment: the moment, when the day ends (UTC milliseconds), when it began, and
    the daily limits."""

    now_ms: int
    start_ms: int
    end_ms: int
    new_per_day: int
    reviews_per_day: int


def day_at(now: datetime, new_per_day: int, reviews_per_day: int, starts_hour: int, tz: tzinfo | None) -> Day:
    """The learner's day containing ``now`` (aware), with days starting at ``starts_hour`` in ``tz``."""
    start = day_start(as_utc(now), starts_hour, tz)
    return Day(to_ms(now), to_ms(start), to_ms(start + timedelta(days=1)), new_per_day, reviews_per_day)


def done_today(conn: sqlite3.Connection, deck_id: str, day: Day) -> tuple[int, int]:
    """(new cards introduced, review-state cards reviewed) in ``deck_id`` since the learner's day began."""
    row = conn.execute(
        "SELECT COALESCE(SUM(state_before = 0), 0), COALESCE(SUM(state_before = 2), 0) FROM reviews "
        "WHERE deck_id = ? AND reviewed_at >= ?",
        (deck_id, day.start_ms),
    ).fetchone()
    return int(row[0]), int(row[1])


def limits_left(conn: sqlite3.Connection, deck_id: str, day: Day) -> tuple[int, int]:
    """(new cards, reviews) still allowed today in ``deck_id`` by the daily limits."""
    new_done, reviews_done = done_today(conn, deck_id, day)
    return max(0, day.new_per_day - new_done), max(0, day.reviews_per_day - reviews_done)


def build_queue(
    conn: sqlite3.Connection,
    deck_id: str,
    topics: set[str] | None,
    day: Day,
    only: Collection[str] | None = None,
) -> StudyQueue:
    """The cards to study: due learning cards, due reviews (daily review limit), then new cards in deck order
    (daily new-card limit). The deck must be synced.

    ``only``: just these card ids (the browser's "study these", Anki's filtered deck that reschedules): the same
    order and the same daily limits, counted over these cards alone, as many as SQLite would refuse in an ``IN``.
    """
    new_left, reviews_left = limits_left(conn, deck_id, day)
    topic_sql, topic_args = "", cast(tuple[str, ...], ())
    if topics is not None:
        topic_sql = f" AND topic IN ({', '.join('?' * len(topics))})"
        topic_args = tuple(sorted(topics))
    base = (
        "SELECT card_id FROM cards WHERE deck_id = ? AND active = 1 AND suspended = 0 "
        f"AND (buried_until IS NULL OR buried_until <= ?){topic_sql}"
    )
    args = (deck_id, day.now_ms, *topic_args)
    wanted = None if only is None else frozenset(only)

    def ids(sql: str, sql_args: tuple[object, ...], limit: int | None = None) -> list[str]:
        if wanted is None:
            if limit is not None:
                sql, sql_args = f"{sql} LIMIT ?", (*sql_args, limit)
            return [r[0] for r in conn.execute(sql, sql_args)]
        kept = [r[0] for r in conn.execute(sql, sql_args) if r[0] in wanted]
        return kept if limit is None else kept[:limit]

    learning = ids(f"{base} AND state IN (1, 3) AND due <= ? ORDER BY due", (*args, day.now_ms))
    reviews = ids(f"{base} AND state = 2 AND due < ? ORDER BY due", (*args, day.end_ms), reviews_left)
    new = ids(f"{base} AND state = 0 ORDER BY position", args, new_left)
    counts = QueueCounts(new=len(new), learning=len(learning), review=len(reviews))
    return StudyQueue(cards=learning + reviews + new, counts=counts)


def deck_counts(conn: sqlite3.Connection, deck: Deck, day: Day, *, synced: bool) -> DeckCounts:
    """Per topic: new (within today's limit), learning, review due and total active cards; with the limits
    left, so :meth:`DeckCounts.queue` gives any choice of topics' figure without asking the store again.

    ``synced``: the store's rows are this deck's (counted in SQL). Otherwise (a read-only or blank store) it
    counts as a sync would leave things: cards it has no row for are new, rows of cards the deck no longer has
    are left out, each card in its deck topic.
    """
    new_left, reviews_left = limits_left(conn, deck.id, day)
    tally = _tally_synced(conn, deck.id, day) if synced else _tally_unsynced(conn, deck, day)
    per_topic = {
        topic: QueueCounts(new=min(n, new_left), learning=lr, review=min(rv, reviews_left), total=total)
        for topic, (n, lr, rv, total) in tally.items()
    }
    ordered = {t.id: per_topic.pop(t.id, QueueCounts()) for t in deck.topics} | per_topic
    return DeckCounts(ordered, new_left, reviews_left)


#: Per topic: new, learning due, review due and active cards (read from the ``cards_counts`` index alone).
TALLY_SQL = (
    "SELECT topic, COALESCE(SUM(state = 0), 0), COALESCE(SUM(state IN (1, 3) AND due <= ?), 0), "
    "COALESCE(SUM(state = 2 AND due < ?), 0), COUNT(*) FROM cards WHERE deck_id = ? AND active = 1 "
    "AND suspended = 0 AND (buried_until IS NULL OR buried_until <= ?) GROUP BY topic"
)


def _tally_synced(conn: sqlite3.Connection, deck_id: str, day: Day) -> dict[str, tuple[int, int, int, int]]:
    rows = conn.execute(TALLY_SQL, (day.now_ms, day.end_ms, deck_id, day.now_ms))
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def _tally_unsynced(conn: sqlite3.Connection, deck: Deck, day: Day) -> dict[str, tuple[int, int, int, int]]:
    """Every card new and counted in its topic, corrected by the few rows that say otherwise: cards studied,
    suspended or buried. A deck of 100,000 cards never studied reads no row and makes no Python object per card.
    """
    tally = {topic: [n, 0, 0, n] for topic, n in Counter(map(_topic, deck.cards)).items()}
    rows = conn.execute(
        "SELECT card_id, state, due, suspended, buried_until FROM cards WHERE deck_id = ? "
        "AND (state != 0 OR suspended != 0 OR buried_until > ?)",
        (deck.id, day.now_ms),
    )
    for card_id, state, due, suspended, buried_until in rows:
        card = deck.get_card(card_id)
        if card is None:  # a card the deck no longer has: a sync would take it out of the queue
            continue
        t = tally[card.topic]
        t[0] -= 1  # not new after all, or aside
        if suspended or (buried_until is not None and buried_until > day.now_ms):
            t[3] -= 1  # out of today's counts, as out of the queue
        elif state == _NEW:
            t[0] += 1
        elif state in (_LEARNING, _RELEARNING):
            t[1] += due is not None and due <= day.now_ms
        elif state == _REVIEW:
            t[2] += due is not None and due < day.end_ms
    return {topic: (t[0], t[1], t[2], t[3]) for topic, t in tally.items()}


def cram_order(
    conn: sqlite3.Connection,
    deck: Deck,
    scheduler: fsrs.Scheduler,
    chosen: list[str],
    at: datetime,
    path: Path | None = None,
) -> list[str]:
    """``chosen`` card ids, weakest first (never seen, then lowest predicted recall), for a cram session.

    Reads the schedule and never writes it: a cram session answers nothing to the store.
    """
    rows: dict[str, tuple[Any, ...]] = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT card_id, id, state, step, stability, difficulty, due, last_review FROM cards WHERE deck_id = ?",
            (deck.id,),
        )
    }

    def weakness(card_id: str) -> float:
        row = rows.get(card_id)
        if row is None or row[1] == CardState.NEW:
            return -1.0
        return float(
            scheduler.get_card_retrievability(
                fsrs_card(row[0], row[1], row[2], row[3], row[4], row[5], row[6], path), at
            )
        )

    return sorted(chosen, key=weakness)


def study_states(cards_by_state: dict[str, int]) -> dict[str, int]:
    """Cards by state in the words ``ketquiz due`` and the study queue use: new, learning and review.

    "Learning" is every card in learning steps, first-time or relearning after a lapse (as in Anki's learn
    count): the cards ``due`` lists as learning when their step is due. ``relearning`` stays available on its
    own for the curious, as a part of learning.
    """
    learning = cards_by_state.get("learning", 0) + cards_by_state.get("relearning", 0)
    return {
        "new": cards_by_state.get("new", 0),
        "learning": learning,
        "review": cards_by_state.get("review", 0),
    }
