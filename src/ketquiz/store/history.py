"""Reading a profile's history: the review log, statistics, and events for evaluating the scheduler."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from ketquiz.core.scheduling import CardState, as_utc, study_day
from ketquiz.store import rows
from ketquiz.store.records import ReviewRecord
from ketquiz.store.study import StudyStore, to_ms

if TYPE_CHECKING:
    from ketquiz.core.evaluate import ReviewEvent  # imports fsrs: only for review_events, not for stats

DAY_MS = 86_400_000
#: Days in the reviews heatmap (a year, GitHub-style).
HEATMAP_DAYS = 365


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
        where = f"review {rid} (card {card!r} of deck {deck!r})"
        yield ReviewRecord(
            rid,
            deck,
            card,
            rows.moment(at, store.path, where, "reviewed_at"),
            rows.rating(rating, store.path, where),
            rows.card_state(before, store.path, where) if before is not None else None,
            duration,
            response,
        )


def review_events(store: StudyStore, deck_id: str | None = None) -> list[ReviewEvent]:
    """The review log as events for :func:`ketquiz.core.evaluate.evaluate` (cards keyed ``deck/card``)."""
    from ketquiz.core.evaluate import ReviewEvent

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
    heatmap: dict[date, int] = field(default_factory=dict)  # reviews on each day of the last year with any
    heatmap_start: date | None = None  # the first day the heatmap covers (a year before today)
    retention_by_topic: dict[str, dict[str, float | int]] = field(
        default_factory=dict
    )  # topic -> share, answers
    leeches: int = 0  # active cards marked as leeches
    suspended: int = 0  # active cards suspended (leeches included)

    def to_dict(self) -> dict[str, object]:
        return {
            "reviews_per_day": {d.isoformat(): n for d, n in self.reviews_per_day.items()},
            "retention": self.retention,
            "review_answers": self.review_answers,
            "cards_by_state": self.cards_by_state,
            "forecast": {d.isoformat(): n for d, n in self.forecast.items()},
            "total_reviews": self.total_reviews,
            "decks": self.decks,
            "heatmap": {
                "start": self.heatmap_start.isoformat() if self.heatmap_start else None,
                "days": {d.isoformat(): n for d, n in self.heatmap.items()},
            },
            "retention_by_topic": self.retention_by_topic,
            "leeches": self.leeches,
            "suspended": self.suspended,
        }


def day_starts(first: date, count: int, hour: int, tz: tzinfo | None) -> list[int]:
    """UTC milliseconds at which each of ``count + 1`` learner's days from ``first`` begins (the last one ends
    the range). A day is usually 24 hours long; one with a clock change is 23 or 25."""
    out = []
    for i in range(count + 1):
        d = first + timedelta(days=i)
        local = (
            datetime(d.year, d.month, d.day, hour, tzinfo=tz)
            if tz is not None
            else (datetime(d.year, d.month, d.day, hour).astimezone())
        )
        out.append(to_ms(local))
    return out


def count_by_day(
    conn: sqlite3.Connection, table: str, column: str, where: str, args: tuple[object, ...], starts: list[int]
) -> list[int]:
    """How many rows of ``table`` have ``column`` in each day ``[starts[i], starts[i+1])``: SQL aggregates.

    Consecutive 24-hour days are counted by one ``GROUP BY`` on the day number (integer division by a day), a
    day of another length (a clock change) by one ``COUNT``; exact in any time zone, and a scan of the rows in
    range rather than a Python loop over them.
    """
    counts = [0] * (len(starts) - 1)
    i = 0
    while i < len(counts):
        j = i
        while j < len(counts) and starts[j + 1] - starts[j] == DAY_MS:
            j += 1
        if j == i:  # not a 24-hour day
            counts[i] = conn.execute(
                f"SELECT COUNT(*) FROM {table} WHERE {column} >= ? AND {column} < ?{where}",
                (starts[i], starts[i + 1], *args),
            ).fetchone()[0]
            i += 1
            continue
        lo, hi = starts[i], starts[j]
        for k, n in conn.execute(
            f"SELECT ({column} - ?) / {DAY_MS} AS k, COUNT(*) FROM {table} "
            f"WHERE {column} >= ? AND {column} < ?{where} GROUP BY k",
            (lo, lo, hi, *args),
        ):
            counts[i + int(k)] += int(n)
        i = j
    return counts


def stats(store: StudyStore, now: datetime, days: int = 30, deck_id: str | None = None) -> Stats:
    """Reviews per day over the last ``days`` days, retention, cards by state and a ``days``-day due forecast.

    Every figure is a SQL aggregate: the cost is one pass over the rows in range, not a Python loop per review.
    """
    now = as_utc(now)
    hour, tz = store.daily_rules().day_starts_hour, store.tz
    today = study_day(now, hour, tz)
    where, args = ("", ()) if deck_id is None else (" AND deck_id = ?", (deck_id,))
    first = today - timedelta(days=days - 1)
    past = count_by_day(store.conn, "reviews", "reviewed_at", where, args, day_starts(first, days, hour, tz))
    reviews_per_day = {first + timedelta(days=i): n for i, n in enumerate(past)}
    kept, total = store.conn.execute(
        f"SELECT COALESCE(SUM(rating > 1), 0), COUNT(*) FROM reviews WHERE state_before = 2{where}", args
    ).fetchone()
    by_state = {s.label: 0 for s in CardState}
    for state, n in store.conn.execute(
        f"SELECT state, COUNT(*) FROM cards WHERE active = 1{where} GROUP BY state", args
    ):
        by_state[rows.card_state(state, store.path, f"{n} card row(s)").label] = n
    ahead = day_starts(today, days, hour, tz)
    due_where = f" AND active = 1 AND state != 0{where}"
    coming = count_by_day(store.conn, "cards", "due", due_where, args, ahead)
    overdue = store.conn.execute(f"SELECT COUNT(*) FROM cards WHERE due < ?{due_where}", (ahead[0], *args))
    coming[0] += overdue.fetchone()[0]
    forecast = {today + timedelta(days=i): n for i, n in enumerate(coming)}
    decks = dict(
        store.conn.execute(f"SELECT deck_id, COUNT(*) FROM reviews WHERE 1{where} GROUP BY deck_id", args)
    )
    year_start = today - timedelta(days=HEATMAP_DAYS - 1)
    year = count_by_day(
        store.conn, "reviews", "reviewed_at", where, args, day_starts(year_start, HEATMAP_DAYS, hour, tz)
    )
    topic_where = "" if deck_id is None else " AND r.deck_id = ?"
    by_topic = {
        str(topic): {"retention": kept_n / n, "answers": int(n)}
        for topic, kept_n, n in store.conn.execute(
            "SELECT c.topic, SUM(r.rating > 1), COUNT(*) FROM reviews r JOIN cards c "
            f"ON c.deck_id = r.deck_id AND c.card_id = r.card_id WHERE r.state_before = 2{topic_where} "
            "GROUP BY c.topic ORDER BY c.topic",
            args,
        )
    }
    leeches, suspended = store.conn.execute(
        f"SELECT COALESCE(SUM(leech), 0), COALESCE(SUM(suspended), 0) FROM cards WHERE active = 1{where}",
        args,
    ).fetchone()
    return Stats(
        heatmap={year_start + timedelta(days=i): n for i, n in enumerate(year) if n},
        heatmap_start=year_start,
        retention_by_topic=by_topic,
        leeches=int(leeches),
        suspended=int(suspended),
        reviews_per_day=reviews_per_day,
        retention=(kept / total) if total else None,
        review_answers=int(total),
        cards_by_state=by_state,
        forecast=forecast,
        total_reviews=sum(decks.values()),
        decks=decks,
    )
