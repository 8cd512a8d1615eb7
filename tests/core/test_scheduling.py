"""The py-fsrs wrapper: day rollover, previews, settings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import fsrs
import pytest

from ketquiz.core.scheduling import (
    Rating,
    SchedulerSettings,
    SettingsError,
    as_utc,
    day_start,
    format_interval,
    new_fsrs_card,
    preview,
    review,
    study_day,
)
from tests.factories import LEARNER_TZ


@pytest.mark.parametrize(
    ("local_time", "hour", "day"),
    [
        (datetime(2026, 3, 2, 3, 59, tzinfo=LEARNER_TZ), 4, date(2026, 3, 1)),
        (datetime(2026, 3, 2, 4, 0, tzinfo=LEARNER_TZ), 4, date(2026, 3, 2)),
        (datetime(2026, 3, 2, 23, 59, tzinfo=LEARNER_TZ), 4, date(2026, 3, 2)),
        (datetime(2026, 3, 2, 0, 30, tzinfo=LEARNER_TZ), 0, date(2026, 3, 2)),
        (datetime(2026, 3, 2, 5, 0, tzinfo=LEARNER_TZ), 6, date(2026, 3, 1)),
    ],
)
def test_the_study_day_rolls_over_at_the_configured_local_hour(
    local_time: datetime, hour: int, day: date
) -> None:
    moment = local_time.astimezone(UTC)  # the store works in UTC
    assert study_day(moment, hour, LEARNER_TZ) == day
    start = day_start(moment, hour, LEARNER_TZ)
    assert start.tzinfo is UTC and start <= moment < start + timedelta(days=1)
    assert start.astimezone(LEARNER_TZ).hour == hour


def test_preview_gives_increasing_intervals_and_is_what_answering_gives() -> None:
    settings = SchedulerSettings(enable_fuzzing=False)
    sched = settings.scheduler()
    now = datetime(2026, 3, 2, 14, tzinfo=UTC)
    card = review(sched, new_fsrs_card(), Rating.GOOD, now)
    card = review(sched, card, Rating.GOOD, now + timedelta(minutes=10))
    later = now + timedelta(days=4)
    shown = preview(sched, card, later)
    assert list(shown) == list(Rating)
    assert shown[Rating.AGAIN] == timedelta(minutes=10)  # the relearning step
    assert shown[Rating.HARD] < shown[Rating.GOOD] < shown[Rating.EASY]
    for rating in Rating:
        assert review(sched, card, rating, later).due - later == shown[rating]


def test_preview_ignores_fuzz_even_when_answers_are_fuzzed() -> None:
    sched = SchedulerSettings().scheduler()  # fuzzing on
    now = datetime(2026, 3, 2, 14, tzinfo=UTC)
    card = review(sched, new_fsrs_card(), Rating.EASY, now)
    later = now + timedelta(days=30)
    assert len({tuple(preview(sched, card, later).values()) for _ in range(5)}) == 1


def test_settings_round_trip_and_reach_fsrs() -> None:
    settings = SchedulerSettings(desired_retention=0.85, maximum_interval_days=365,
                                 learning_steps=(timedelta(minutes=5),), new_per_day=7)  # fmt: skip
    assert SchedulerSettings.from_dict(settings.to_dict()) == settings
    sched = settings.scheduler()
    assert (sched.desired_retention, sched.maximum_interval, sched.learning_steps) == (
        0.85,
        365,
        (timedelta(minutes=5),),
    )


@pytest.mark.parametrize(
    "data",
    [{"desired_retention": 2}, {"day_starts_hour": 24}, {"learning_steps": [-60]}, {"colour": "blue"},
     {"new_per_day": -1}, {"parameters": [1.0, 2.0]}, {"learning_steps": "soon"}],
)  # fmt: skip
def test_bad_settings_are_refused_with_the_setting_named(data: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        SchedulerSettings.from_dict(data).scheduler()


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        as_utc(datetime(2026, 3, 2, 14))
    assert as_utc(datetime(2026, 3, 2, 9, tzinfo=LEARNER_TZ)) == datetime(2026, 3, 2, 14, tzinfo=UTC)


def test_ratings_are_fsrs_ratings() -> None:
    assert [r.to_fsrs() for r in Rating] == list(fsrs.Rating)
    assert [r.label for r in Rating] == ["Again", "Hard", "Good", "Easy"]


@pytest.mark.parametrize(
    ("delta", "text"),
    [(timedelta(seconds=30), "<1m"), (timedelta(minutes=10), "10m"), (timedelta(hours=5), "5h"),
     (timedelta(days=3), "3d"), (timedelta(days=75), "2.5mo"), (timedelta(days=730), "2.0y")],
)  # fmt: skip
def test_format_interval(delta: timedelta, text: str) -> None:
    assert format_interval(delta) == text


def test_parameter_count_and_defaults_are_py_fsrs_own() -> None:
    """Stored parameters are checked against a count kept here (so checking needs no fsrs); it must be fsrs's."""
    from ketquiz.core.scheduling import PARAMETER_COUNT

    assert len(fsrs.scheduler.DEFAULT_PARAMETERS) == PARAMETER_COUNT
    assert SchedulerSettings().parameters == tuple(fsrs.scheduler.DEFAULT_PARAMETERS)
