"""The figures behind the stats screen, from the store's own statistics (the same as ``ketquiz stats``).

Reviews per day and the due forecast are turned into plain lists, oldest / soonest first, for the charts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ketquiz.store import StudyStore

DAYS = 30


@dataclass(frozen=True, slots=True)
class DeckStats:
    today: date
    reviews_per_day: list[int]  # the last DAYS study days, oldest first, today last
    forecast: list[
        int
    ]  # cards falling due on each of the next DAYS study days, today first (overdue included)
    retention: float | None  # share of answers to review-state cards that were not Again
    retention_answers: int  # how many answers that share is over
    by_state: dict[
        str, int
    ]  # new / learning (relearning included, as in `ketquiz due`) / review -> active cards
    heatmap: list[int] = field(default_factory=list)  # reviews on each day of the last year, oldest first
    heatmap_start: date | None = None  # the day heatmap[0] counts
    retention_by_topic: dict[str, tuple[float, int]] = field(
        default_factory=dict
    )  # topic id -> share, answers
    leeches: int = 0
    suspended: int = 0  # leeches included


def collect_stats(store: StudyStore, deck_id: str, now: datetime) -> DeckStats:
    """The stats of ``deck_id`` as of ``now`` from ``store``."""
    from ketquiz.store import stats, study_states

    s = stats(store, now, days=DAYS, deck_id=deck_id)
    forecast_days = sorted(s.forecast)
    year: list[int] = []
    if s.heatmap_start is not None:
        last = max(s.reviews_per_day)
        year = [
            s.heatmap.get(s.heatmap_start + timedelta(days=i), 0)
            for i in range((last - s.heatmap_start).days + 1)
        ]
    return DeckStats(
        today=forecast_days[0] if forecast_days else max(s.reviews_per_day),
        reviews_per_day=[s.reviews_per_day[d] for d in sorted(s.reviews_per_day)],
        forecast=[s.forecast[d] for d in forecast_days],
        retention=s.retention,
        retention_answers=s.review_answers,
        by_state=study_states(s.cards_by_state),
        heatmap=year,
        heatmap_start=s.heatmap_start,
        retention_by_topic={
            t: (float(v["retention"]), int(v["answers"])) for t, v in s.retention_by_topic.items()
        },
        leeches=s.leeches,
        suspended=s.suspended,
    )
