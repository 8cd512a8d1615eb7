"""Building the study queue and the per-topic counts from the store, with the daily limits applied.

A day is the learner's day, rolling over at ``day_starts_hour`` local time. New cards introduced and reviews of
review-state cards done since the day began count against the profile's ``new_per_day`` and ``reviews_per_day``.
Learning and relearning steps are never limited: a card half-learnt must be finished.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, tzinfo
from typing import cast

import fsrs

from ketquiz.core.model import Deck
from ketquiz.core.scheduling import CardState, SchedulerSettings, as_utc, day_start
from ketquiz.store.records import QueueCounts, StudyQueue


def _ms(moment: datetime) -> int:
    return int(round(moment.timestamp() * 1000))


class QueueBuilder:
    """The queue-building half of :class:`ketquiz.store.StudyStore`."""

    conn: sqlite3.Connection
    tz: tzinfo | None

    @property
    def settings(self) -> SchedulerSettings:  # provided by StudyStore
        raise NotImplementedError

    @property
    def scheduler(self) -> fsrs.Scheduler:  # provided by StudyStore
        raise NotImplementedError

    def counts(self, deck: Deck, now: datetime | None = None) -> dict[str, QueueCounts]:  # by StudyStore
        raise NotImplementedError

    def done_today(self, deck_id: str, now: datetime) -> tuple[int, int]:
        """(new cards introduced, review-state cards reviewed) in ``deck_id`` since the learner's day began."""
        start = _ms(day_start(now, self.settings.day_starts_hour, self.tz))
        row = self.conn.execute(
            "SELECT COALESCE(SUM(state_before = 0), 0), COALESCE(SUM(state_before = 2), 0) FROM reviews "
            "WHERE deck_id = ? AND reviewed_at >= ?",
            (deck_id, start),
        ).fetchone()
        return int(row[0]), int(row[1])

    def limits_left(self, deck_id: str, now: datetime) -> tuple[int, int]:
        """(new cards, reviews) still allowed today in ``deck_id`` by the daily limits."""
        new_done, reviews_done = self.done_today(deck_id, now)
        s = self.settings
        return max(0, s.new_per_day - new_done), max(0, s.reviews_per_day - reviews_done)

    def _day_end_ms(self, now: datetime) -> int:
        return _ms(day_start(now, self.settings.day_starts_hour, self.tz) + timedelta(days=1))

    def _build_queue(self, deck_id: str, topics: set[str] | None, now: datetime) -> StudyQueue:
        new_left, reviews_left = self.limits_left(deck_id, now)
        topic_sql, topic_args = "", cast(tuple[str, ...], ())
        if topics is not None:
            topic_sql = f" AND topic IN ({', '.join('?' * len(topics))})"
            topic_args = tuple(sorted(topics))
        base = (
            "SELECT card_id FROM cards WHERE deck_id = ? AND active = 1 AND suspended = 0 "
            f"AND (buried_until IS NULL OR buried_until <= ?){topic_sql}"
        )
        args = (deck_id, _ms(now), *topic_args)
        learning = [
            r[0]
            for r in self.conn.execute(
                f"{base} AND state IN (1, 3) AND due <= ? ORDER BY due", (*args, _ms(now))
            )
        ]
        reviews = [
            r[0]
            for r in self.conn.execute(
                f"{base} AND state = 2 AND due < ? ORDER BY due LIMIT ?",
                (*args, self._day_end_ms(now), reviews_left),
            )
        ]
        new = [
            r[0]
            for r in self.conn.execute(f"{base} AND state = 0 ORDER BY position LIMIT ?", (*args, new_left))
        ]
        counts = QueueCounts(new=len(new), learning=len(learning), review=len(reviews))
        return StudyQueue(cards=learning + reviews + new, counts=counts)

    def _counts(self, deck_id: str, now: datetime) -> dict[str, QueueCounts]:
        new_left, reviews_left = self.limits_left(deck_id, now)
        rows = self.conn.execute(
            "SELECT topic, COALESCE(SUM(state = 0), 0), COALESCE(SUM(state IN (1, 3) AND due <= ?), 0), "
            "COALESCE(SUM(state = 2 AND due < ?), 0), COUNT(*) FROM cards WHERE deck_id = ? AND active = 1 "
            "AND suspended = 0 AND (buried_until IS NULL OR buried_until <= ?) GROUP BY topic",
            (_ms(now), self._day_end_ms(now), deck_id, _ms(now)),
        )
        return {
            topic: QueueCounts(
                new=min(new, new_left), learning=learning, review=min(review, reviews_left), total=total
            )
            for topic, new, learning, review, total in rows
        }

    def queue_counts(
        self, deck: Deck, topics: set[str] | None = None, now: datetime | None = None
    ) -> QueueCounts:
        """What a study session over ``topics`` (every topic when None) would queue at ``now``.

        The one place deck-level counts are made: the home screen, ``ketquiz due`` and the session all show
        these. Each topic's own counts are capped by the daily limits, and so is their sum: with 40 new cards
        over two topics and 20 new cards a day, a session queues (and this says) 20, not 40.
        """
        at = as_utc(now or datetime.now(UTC))
        per_topic = self.counts(deck, at)
        chosen = [c for t, c in per_topic.items() if topics is None or t in topics]
        new_left, reviews_left = self.limits_left(deck.id, at)
        return QueueCounts(
            new=min(new_left, sum(c.new for c in chosen)),
            learning=sum(c.learning for c in chosen),
            review=min(reviews_left, sum(c.review for c in chosen)),
            total=sum(c.total for c in chosen),
        )

    def cram_queue(
        self,
        deck: Deck,
        topics: set[str] | None = None,
        now: datetime | None = None,
        card_ids: set[str] | None = None,
    ) -> list[str]:
        """Every chosen card, weakest first (never seen, then lowest predicted recall), for a cram session.

        Reads the schedule and never writes it: a cram session does not call :meth:`answer`.
        """
        from ketquiz.store.study import fsrs_card  # the row -> card conversion lives with the store

        at = (now or datetime.now(UTC)).astimezone(UTC)
        chosen = [c.id for c in deck.cards_in(topics) if card_ids is None or c.id in card_ids]
        rows = {
            r[0]: r[1:]
            for r in self.conn.execute(
                "SELECT card_id, id, state, step, stability, difficulty, due, last_review FROM cards WHERE deck_id = ?",
                (deck.id,),
            )
        }

        def weakness(card_id: str) -> float:
            row = rows.get(card_id)
            if row is None or row[1] == CardState.NEW:
                return -1.0
            return float(self.scheduler.get_card_retrievability(fsrs_card(*row), at))

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
