"""The figures behind the stats screen, from the store's own statistics (the same as ``ketquiz stats``).

Reviews per day and the due forecast are turned into plain lists, oldest / soonest first, for the charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ketquiz.store import StudyStore

DAYS = 30


@dataclass(frozen=True, slots=True)
class DeckStats:
    today: date
    reviews_per_day: list[int]  # the last DAYS study days, oldest first, today last
    forecast: list[int]  # cards falling due on each of the next DAYS study days, today first (overdue included)
    retention: float | None  # share of answers to review-state cards that were not Again
    retention_answers: int  # how many answers that share is over
    by_state: dict[str, int]  # new / learning (relearning included, as in `ketquiz due`) / review -> active cards


def collect_stats(store: StudyStore, deck_id: str, now: datetime) -> DeckStats:
    """The stats of ``deck_id`` as of ``now`` from ``store``."""
    from ketquiz.store import stats, study_states

    s = stats(store, now, days=DAYS, deck_id=deck_id)
    forecast_days = sorted(s.forecast)
    return DeckStats(
        today=forecast_days[0] if forecast_days else max(s.reviews_per_day),
        reviews_per_day=[s.reviews_per_day[d] for d in sorted(s.reviews_per_day)],
        forecast=[s.forecast[d] for d in forecast_days],
        retention=s.retention,
        retention_answers=s.review_answers,
        by_state=study_states(s.cards_by_state),
    )
