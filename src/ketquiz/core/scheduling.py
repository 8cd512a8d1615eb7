"""Scheduling: a thin wrapper over py-fsrs.

FSRS itself lives in :mod:`fsrs`; this module only fixes ketquiz's vocabulary around it: the four ratings, the
settings a profile may change, where a learner's day begins, and previews of the interval each rating would give.
Everything here is a pure function of its arguments (the clock included), so it can be tested with fixed dates.

fsrs is imported only where something is scheduled (a scheduler built, a card reviewed or previewed, the default
parameters needed): ``ketquiz due``, ``check`` and the home screen use the ratings, states and day rules without it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import IntEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
        import fsrs

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


#: (setting, lowest, highest) for the whole-number settings; the highest are Anki's.
_INT_RANGES: tuple[tuple[str, int, int], ...] = (
    ("new_per_day", 0, 9999),
    ("reviews_per_day", 0, 9999),
    ("maximum_interval_days", 1, 36500),
    ("day_starts_hour", 0, 23),
    ("leech_threshold", 1, 99),
    ("leech_every", 1, 99),
)
MAX_STEPS = 20
MIN_STEP = timedelta(seconds=1)
MAX_STEP = timedelta(days=365)
#: FSRS-6 has 21 parameters (py-fsrs' ``DEFAULT_PARAMETERS``; a test holds the two equal), so a stored set can be
#: checked without importing fsrs.
PARAMETER_COUNT = 21
#: The daily rules' defaults (Anki's): what counting needs from a profile that keeps no settings.
DEFAULT_NEW_PER_DAY = 20
DEFAULT_REVIEWS_PER_DAY = 200
DEFAULT_DAY_STARTS_HOUR = 4


DEFAULT_RETENTION = 0.9


@dataclass(frozen=True, slots=True)
class DailyRules:
    """The part of a profile's settings that counting and statistics read: no FSRS parameters, so no fsrs."""

    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY
    day_starts_hour: int = DEFAULT_DAY_STARTS_HOUR
    desired_retention: float = DEFAULT_RETENTION


def default_parameters() -> tuple[float, ...]:
    """py-fsrs' default parameters (imports fsrs: only for settings built without parameters of their own)."""
    import fsrs.scheduler

    return tuple(fsrs.scheduler.DEFAULT_PARAMETERS)


def _short(value: object) -> str:
    text = repr(value) if not isinstance(value, timedelta) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    """What a profile may change about scheduling. Defaults follow FSRS's and Anki's."""

    desired_retention: float = DEFAULT_RETENTION
    maximum_interval_days: int = 36500
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY
    day_starts_hour: int = DEFAULT_DAY_STARTS_HOUR  # local time at which "today" begins, as in Anki
    parameters: tuple[float, ...] = field(default_factory=default_parameters)
    enable_fuzzing: bool = True
    leech_threshold: int = 8  # lapses that make a card a leech (Anki's default) ...
    leech_every: int = 4  # ... and again at every this many more
    parameters_fitted_at: str | None = None  # ISO time `reviews optimize --apply` stored fitted parameters

    def __post_init__(self) -> None:
        """Every setting within a range a learner could mean; anything else is refused here, with its name, so
        no stored or typed value can later overflow a date (a 31-digit limit, a step of 99,999,999 days)."""
        for name, low, high in _INT_RANGES:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise SettingsError(
                    f"{name} must be a whole number from {low} to {high}, got {_short(value)}"
                )
        retention = self.desired_retention
        if (
            isinstance(retention, bool)
            or not isinstance(retention, int | float)
            or not 0.7 <= retention <= 0.99
        ):
            raise SettingsError(f"desired_retention must be between 0.7 and 0.99, got {_short(retention)}")
        for name in ("learning_steps", "relearning_steps"):
            steps = getattr(self, name)
            if len(steps) > MAX_STEPS:
                raise SettingsError(f"{name}: at most {MAX_STEPS} steps, got {len(steps)}")
            for step in steps:
                if not isinstance(step, timedelta) or not MIN_STEP <= step <= MAX_STEP:
                    raise SettingsError(
                        f"{name} must each be between 1 second and {MAX_STEP.days} days, got {_short(step)}"
                    )
        if len(self.parameters) != PARAMETER_COUNT or not all(
            isinstance(p, float) and math.isfinite(p) for p in self.parameters
        ):
            raise SettingsError(
                f"parameters must be {PARAMETER_COUNT} finite numbers (FSRS-6), got {len(self.parameters)}"
            )
        fitted = self.parameters_fitted_at
        if fitted is not None and (not isinstance(fitted, str) or len(fitted) > 40):
            raise SettingsError(f"parameters_fitted_at must be a time, got {_short(fitted)}")
        if not isinstance(self.enable_fuzzing, bool):
            raise SettingsError(f"enable_fuzzing must be true or false, got {_short(self.enable_fuzzing)}")

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
            "leech_threshold": self.leech_threshold,
            "leech_every": self.leech_every,
            "parameters_fitted_at": self.parameters_fitted_at,
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
        except (TypeError, ValueError, OverflowError) as exc:
            raise SettingsError(f"bad setting value: {exc}") from exc
        return cls(**kwargs)

    def scheduler(self, *, fuzz: bool | None = None) -> fsrs.Scheduler:
        """The py-fsrs scheduler these settings describe."""
        import fsrs

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
    import fsrs

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
    import fsrs

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
