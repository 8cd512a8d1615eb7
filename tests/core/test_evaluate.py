"""Replaying review logs and scoring the scheduler's predictions."""

from __future__ import annotations

import math
from datetime import timedelta
from pathlib import Path

import fsrs
import pytest

from ketquiz.core.evaluate import ReviewEvent, ReviewLogError, evaluate, parse_review_csv, replay
from ketquiz.core.scheduling import Rating, SchedulerSettings, new_fsrs_card
from tests.factories import NOW

PUBLIC_LOG = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "fsrs-review-log.csv"


def plain_scheduler() -> fsrs.Scheduler:
    return SchedulerSettings().scheduler(fuzz=False)


def test_only_reviews_a_day_or_more_apart_are_scored() -> None:
    steps = [(0, Rating.GOOD), (10 / 1440, Rating.GOOD), (5, Rating.AGAIN), (6, Rating.GOOD)]
    events = [ReviewEvent("a", r, NOW + timedelta(days=d)) for d, r in steps]
    preds = replay(list(reversed(events)), plain_scheduler())  # order of the input does not matter
    assert [(p.elapsed_days, p.review_number, p.lapses, p.recalled) for p in preds] == [
        (4, 3, 0, False),  # day 5 is 4 days and 23h50m after the 10-minute step
        (1, 4, 1, True),
    ]
    # the predictions are exactly py-fsrs' retrievability of the card replayed by hand
    sched = plain_scheduler()
    card = new_fsrs_card()
    expected = []
    for event in events:
        if card.last_review is not None and (event.at - card.last_review).days >= 1:
            expected.append(sched.get_card_retrievability(card, event.at))
        card, _ = sched.review_card(card, event.rating.to_fsrs(), event.at)
    assert [p.p for p in preds] == expected
    result = evaluate(events, sched)
    p1, p2 = expected
    assert result.predicted == 2 and result.bins == 2
    assert result.log_loss == pytest.approx(-(math.log(1 - p1) + math.log(p2)) / 2)
    assert result.rmse_bins == pytest.approx(math.sqrt((p1**2 + (1 - p2) ** 2) / 2))


def test_nothing_to_score_gives_nan_not_an_error() -> None:
    result = evaluate([ReviewEvent("a", Rating.GOOD, NOW)], plain_scheduler())
    assert result.predicted == 0 and math.isnan(result.log_loss)


@pytest.mark.skipif(not PUBLIC_LOG.exists(), reason="public review log not present")
def test_on_the_public_review_log() -> None:
    with PUBLIC_LOG.open(encoding="utf-8") as fh:
        events = parse_review_csv(fh, PUBLIC_LOG.name)
    assert len(events) == 12_580 and len({e.card for e in events}) == 1_205
    # count independently the reviews a day or more after the card's previous one
    last: dict[str, object] = {}
    scorable = 0
    for e in sorted(events, key=lambda e: (e.card, e.at)):
        prev = last.get(e.card)
        if prev is not None and (e.at - prev).days >= 1:  # type: ignore[operator]
            scorable += 1
        last[e.card] = e.at
    result = evaluate(events, plain_scheduler())
    assert result.predicted == scorable
    # FSRS with default parameters must beat a coin flip and be reasonably calibrated on real data
    assert result.log_loss < math.log(2)
    assert 0 < result.rmse_bins < 0.2
    assert abs(result.mean_predicted - result.actual_recall) < 0.1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("card,rating\n1,3\n", "missing column"),
        ("card_id,review_rating,review_time\n1,3,2024-01-01T00:00:00+00:00\n1,5,2024-01-02T00:00:00+00:00\n", ":3: review_rating"),
        ("card_id,review_rating,review_time\n1,3,yesterday\n", ":2: review_time"),
        ("card_id,review_rating,review_time,review_duration\n1,3,2024-01-01T00:00:00Z,slow\n", ":2: review_duration"),
    ],
)  # fmt: skip
def test_bad_review_logs_name_the_line(text: str, message: str) -> None:
    with pytest.raises(ReviewLogError, match=message):
        parse_review_csv(text.splitlines(keepends=True), "log.csv")
