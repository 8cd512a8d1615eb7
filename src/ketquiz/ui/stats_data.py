"""The figures behind the stats screen: reviews per day, the 30-day due forecast, retention, cards by state.

Read-only queries on the learner's store for one deck. Days are the learner's study days (rolling over at the
profile's hour, 4 am by default), as the scheduler counts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ketquiz.core.scheduling import CardState, Rating, study_day

DAYS = 30


@dataclass(frozen=True, slots=True)
class DeckStats:
    today: date
    reviews_per_day: list[int]  # the last DAYS study days, oldest first, today last
    forecast: list[int]  # cards falling due on each of the next DAYS study days, today first (overdue included)
    retention: float | None  # share of answers to review-state cards that were not Again, over the last DAYS days
    retention_answers: int  # how many answers that share is over
    by_state: dict[str, int]  # new / learning / review / relearning -> active cards


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def collect_stats(store: Any, deck_id: str, now: datetime) -> DeckStats:
    """The stats of ``deck_id`` as of ``now`` from ``store`` (a :class:`ketquiz.store.StudyStore`)."""
    settings = store.settings
    hour = getattr(settings, "day_starts_hour", 4)
    tz = getattr(store, "tz", None)

    def day_of(ms: int) -> date:
        return study_day(datetime.fromtimestamp(ms / 1000, UTC), hour, tz)

    today = study_day(now, hour, tz)
    since = now - timedelta(days=DAYS + 1)
    per_day = [0] * DAYS
    review_answers = 0
    recalled = 0
    rows = store.conn.execute(
        "SELECT reviewed_at, rating, state_before FROM reviews WHERE deck_id = ? AND reviewed_at >= ?",
        (deck_id, _ms(since)),
    )
    for reviewed_at, rating, state_before in rows:
        ago = (today - day_of(reviewed_at)).days
        if 0 <= ago < DAYS:
            per_day[DAYS - 1 - ago] += 1
            if state_before == CardState.REVIEW:
                review_answers += 1
                recalled += rating != Rating.AGAIN
    forecast = [0] * DAYS
    by_state = {s.name.lower(): 0 for s in CardState}
    rows = store.conn.execute(
        "SELECT state, due FROM cards WHERE deck_id = ? AND active = 1",
        (deck_id,),
    )
    for state, due in rows:
        by_state[CardState(state).name.lower()] += 1
        if state == CardState.NEW or due is None:
            continue
        ahead = (day_of(due) - today).days
        if ahead < DAYS:
            forecast[max(0, ahead)] += 1
    return DeckStats(
        today=today,
        reviews_per_day=per_day,
        forecast=forecast,
        retention=recalled / review_answers if review_answers else None,
        retention_answers=review_answers,
        by_state=by_state,
    )
