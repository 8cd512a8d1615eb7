"""Reading a profile's history: the review log, statistics, and events for evaluating the scheduler."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ketquiz.core.evaluate import ReviewEvent
from ketquiz.core.scheduling import CardState, Rating, as_utc, study_day
from ketquiz.store.records import ReviewRecord
from ketquiz.store.study import StudyStore, from_ms, to_ms


def review_log(store: StudyStore, deck_id: str | None = None) -> Iterator[ReviewRecord]:
    """Every logged answer, oldest first (optionally of one deck only)."""
    sql = "SELECT id, deck_id, card_id, reviewed_at, rating, state_before, duration_ms, response FROM reviews"
    args: tuple[str, ...] = ()
    if deck_id is not None:
        sql += " WHERE deck_id = ?"
        args = (deck_id,)
    for rid, deck, card, at, rating, before, duration, response in store.conn.execute(
        sql + " ORDER BY id", args
    ):
        yield ReviewRecord(
            rid,
            deck,
            card,
            from_ms(at),
            Rating(rating),
            CardState(before) if before is not None else None,
            duration,
            response,
        )


def review_events(store: StudyStore, deck_id: str | None = None) -> list[ReviewEvent]:
    """The review log as events for :func:`ketquiz.core.evaluate.evaluate` (cards keyed ``deck/card``)."""
    return [
        ReviewEvent(f"{r.deck_id}/{r.card_id}", r.rating, r.reviewed_at, r.duration_ms)
        for r in review_log(store, deck_id)
    ]


@dataclass(frozen=True, slots=True)
class Stats:
    """What ``ketquiz stats`` shows."""

    reviews_per_day: dict[date, int]  # the learner's days, oldest first, zeros included
    retention: float | None  # share of answers to review-state cards that were not Again; None without any
    review_answers: int  # how many answers that share is of
    cards_by_state: dict[str, int]  # active cards by state label
    forecast: dict[date, int]  # cards falling due on each of the coming days (overdue count on day one)
    total_reviews: int = 0
    decks: dict[str, int] = field(default_factory=dict)  # reviews per deck

    def to_dict(self) -> dict[str, object]:
        return {
            "reviews_per_day": {d.isoformat(): n for d, n in self.reviews_per_day.items()},
            "retention": self.retention,
            "review_answers": self.review_answers,
            "cards_by_state": self.cards_by_state,
            "forecast": {d.isoformat(): n for d, n in self.forecast.items()},
            "total_reviews": self.total_reviews,
            "decks": self.decks,
        }


def stats(store: StudyStore, now: datetime, days: int = 30, deck_id: str | None = None) -> Stats:
    """Reviews per day over the last ``days`` days, retention, cards by state and a ``days``-day due forecast."""
    now = as_utc(now)
    hour, tz = store.settings.day_starts_hour, store.tz
    today = study_day(now, hour, tz)
    where, args = ("", ()) if deck_id is None else (" AND deck_id = ?", (deck_id,))
    since = to_ms(now - timedelta(days=days + 1))
    per_day: Counter[date] = Counter()
    for (at,) in store.conn.execute(
        f"SELECT reviewed_at FROM reviews WHERE reviewed_at >= ?{where}", (since, *args)
    ):
        per_day[study_day(from_ms(at), hour, tz)] += 1
    reviews_per_day = {
        today - timedelta(days=i): per_day.get(today - timedelta(days=i), 0) for i in range(days)
    }
    reviews_per_day = dict(sorted(reviews_per_day.items()))
    kept, total = store.conn.execute(
        f"SELECT COALESCE(SUM(rating > 1), 0), COUNT(*) FROM reviews WHERE state_before = 2{where}", args
    ).fetchone()
    by_state = {s.label: 0 for s in CardState}
    for state, n in store.conn.execute(
        f"SELECT state, COUNT(*) FROM cards WHERE active = 1{where} GROUP BY state", args
    ):
        by_state[CardState(state).label] = n
    forecast = {today + timedelta(days=i): 0 for i in range(days)}
    horizon = to_ms(now + timedelta(days=days + 1))
    for (due,) in store.conn.execute(
        f"SELECT due FROM cards WHERE active = 1 AND state != 0 AND due < ?{where}", (horizon, *args)
    ):
        day = max(today, study_day(from_ms(due), hour, tz))
        if day in forecast:
            forecast[day] += 1
    decks = dict(
        store.conn.execute(f"SELECT deck_id, COUNT(*) FROM reviews WHERE 1{where} GROUP BY deck_id", args)
    )
    return Stats(
        reviews_per_day=reviews_per_day,
        retention=(kept / total) if total else None,
        review_answers=int(total),
        cards_by_state=by_state,
        forecast=forecast,
        total_reviews=sum(decks.values()),
        decks=decks,
    )
