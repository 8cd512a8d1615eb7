"""Scheduling: a thin wrapper over py-fsrs.

FSRS itself lives in :mod:`fsrs`; this module only fixes ketquiz's vocabulary around it: the four ratings, the
settings a profile may change, where a learner's day begins, and previews of the interval each rating would give.
Everything here is a pure function of its arguments (the clock included), so it can be tested with fixed dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import IntEnum
from typing import Any

import fsrs


class Rating(IntEnum):
    """How well the learner recalled a card; the values are FSRS's."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()

    def to_fsrs(self) -> fsrs.Rating:
        return fsrs.Rating(int(self))


class CardState(IntEnum):
    """Where a card is in its life. ``NEW`` is ketquiz's: FSRS starts a card in ``LEARNING`` at its first review."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class SettingsError(ValueError):
    """A scheduling setting is out of range; the message names the setting."""


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    """What a profile may change about scheduling. Defaults follow FSRS's and Anki's."""

    desired_retention: float = 0.9
    maximum_interval_days: int = 36500
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    new_per_day: int = 20
    reviews_per_day: int = 200
    day_starts_hour: int = 4  # local time at which "today" begins, as in Anki
    parameters: tuple[float, ...] = field(default=tuple(fsrs.scheduler.DEFAULT_PARAMETERS))
    enable_fuzzing: bool = True

    def __post_init__(self) -> None:
        if not 0.7 <= self.desired_retention <= 0.99:
            raise SettingsError(
                f"desired_retention must be between 0.7 and 0.99, got {self.desired_retention}"
            )
        if self.maximum_interval_days < 1:
            raise SettingsError(f"maximum_interval_days must be at least 1, got {self.maximum_interval_days}")
        if self.new_per_day < 0 or self.reviews_per_day < 0:
            raise SettingsError("new_per_day and reviews_per_day must not be negative")
        if not 0 <= self.day_starts_hour <= 23:
            raise SettingsError(f"day_starts_hour must be 0..23, got {self.day_starts_hour}")
        for name in ("learning_steps", "relearning_steps"):
            if any(s <= timedelta(0) for s in getattr(self, name)):
                raise SettingsError(f"{name} must all be positive durations")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (steps in seconds)."""
        return {
            "desired_retention": self.desired_retention,
            "maximum_interval_days": self.maximum_interval_days,
            "learning_steps": [s.total_seconds() for s in self.learning_steps],
            "relearning_steps": [s.total_seconds() for s in self.relearning_steps],
            "new_per_day": self.new_per_day,
            "reviews_per_day": self.reviews_per_day,
            "day_starts_hour": self.day_starts_hour,
            "parameters": list(self.parameters),
            "enable_fuzzing": self.enable_fuzzing,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SchedulerSettings:
        """The inverse of :meth:`to_dict`; missing keys take their defaults, unknown keys are refused."""
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        kwargs: dict[str, Any] = dict(data)
        try:
            for name in ("learning_steps", "relearning_steps"):
                if name in kwargs:
                    kwargs[name] = tuple(timedelta(seconds=float(s)) for s in kwargs[name])
            if "parameters" in kwargs:
                kwargs["parameters"] = tuple(float(p) for p in kwargs["parameters"])
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"bad setting value: {exc}") from exc
        return cls(**kwargs)

    def scheduler(self, *, fuzz: bool | None = None) -> fsrs.Scheduler:
        """The py-fsrs scheduler these settings describe."""
        try:
            return fsrs.Scheduler(
                parameters=self.parameters,
                desired_retention=self.desired_retention,
                learning_steps=self.learning_steps,
                relearning_steps=self.relearning_steps,
                maximum_interval=self.maximum_interval_days,
                enable_fuzzing=self.enable_fuzzing if fuzz is None else fuzz,
            )
        except ValueError as exc:
            raise SettingsError(str(exc)) from exc


def as_utc(moment: datetime, what: str = "time") -> datetime:
    """``moment`` in UTC; a naive datetime is refused because its meaning is a guess."""
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


def study_day(moment: datetime, day_starts_hour: int = 4, tz: tzinfo | None = None) -> date:
    """The learner's calendar day that ``moment`` falls in: days roll over at ``day_starts_hour`` local time.

    ``tz`` is the learner's time zone (default: this computer's).
    """
    local = as_utc(moment).astimezone(tz)
    return (local - timedelta(hours=day_starts_hour)).date()


def day_start(moment: datetime, day_starts_hour: int = 4, tz: tzinfo | None = None) -> datetime:
    """When the learner's current day began, in UTC."""
    local = as_utc(moment).astimezone(tz)
    start = local.replace(hour=day_starts_hour, minute=0, second=0, microsecond=0)
    if start > local:
        start -= timedelta(days=1)
    return start.astimezone(UTC)


def new_fsrs_card(card_id: int = 0) -> fsrs.Card:
    """A card never reviewed (FSRS's first learning step)."""
    return fsrs.Card(card_id=card_id, due=datetime(1970, 1, 1, tzinfo=UTC))


def review(
    scheduler: fsrs.Scheduler, card: fsrs.Card, rating: Rating, now: datetime, duration_ms: int | None = None
) -> fsrs.Card:
    """The card after being rated ``rating`` at ``now`` (py-fsrs' ``review_card``; the input is not changed)."""
    new_card, _log = scheduler.review_card(card, rating.to_fsrs(), as_utc(now, "review time"), duration_ms)
    return new_card


def preview(scheduler: fsrs.Scheduler, card: fsrs.Card, now: datetime) -> dict[Rating, timedelta]:
    """The interval each rating would give ``card`` if answered at ``now``.

    Computed without fuzz so the preview does not change between redraws; the real answer may differ by the
    few percent of fuzz FSRS adds to long intervals.
    """
    plain = fsrs.Scheduler(
        parameters=scheduler.parameters,
        desired_retention=scheduler.desired_retention,
        learning_steps=scheduler.learning_steps,
        relearning_steps=scheduler.relearning_steps,
        maximum_interval=scheduler.maximum_interval,
        enable_fuzzing=False,
    )
    at = as_utc(now)
    return {r: review(plain, card, r, at).due - at for r in Rating}


def format_interval(delta: timedelta) -> str:
    """A short human form: ``<1m``, ``10m``, ``3h``, ``4d``, ``2.5mo``, ``1.2y``."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


__all__ = [
    "CardState",
    "Rating",
    "SchedulerSettings",
    "SettingsError",
    "as_utc",
    "day_start",
    "format_interval",
    "new_fsrs_card",
    "preview",
    "review",
    "study_day",
]
