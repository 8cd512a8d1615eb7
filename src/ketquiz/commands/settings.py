"""`ketquiz settings`: show or change a profile's scheduling settings (limits, steps, retention)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ketquiz.core.scheduling import SchedulerSettings

from ketquiz.commands.common import add_profile_options, error, resolve_data_dir

_STEP = re.compile(r"^(\d+(?:\.\d+)?)([smhd])$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """``"1m 10m"`` or ``"1m,10m"`` -> durations; units s, m, h, d. An empty string gives no steps."""
    out = []
    for part in text.replace(",", " ").split():
        m = _STEP.match(part)
        if not m:
            raise ValueError(f"'{part}' is not a step; write a number and a unit: 30s, 1m, 10m, 1h, 1d")
        try:
            out.append(timedelta(seconds=float(m.group(1)) * _UNIT[m.group(2)]))
        except OverflowError:
            raise ValueError(f"'{part[:20]}' is far too long a step; steps are at most 365d") from None
    return tuple(out)


def format_steps(steps: tuple[timedelta, ...]) -> str:
    def one(s: timedelta) -> str:
        secs = s.total_seconds()
        for unit in "dhm":
            if secs >= _UNIT[unit] and secs % _UNIT[unit] == 0:
                return f"{int(secs // _UNIT[unit])}{unit}"
        return f"{secs:g}s"

    return " ".join(one(s) for s in steps) or "(none)"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "settings",
        help="show or change a profile's scheduling settings",
        description="Show a profile's scheduling settings, or change the ones given. Changes apply from the "
        "next answer; past reviews are kept as they are.",
    )
    p.add_argument("--new-per-day", type=int, metavar="N", help="new cards a day (default 20)")
    p.add_argument("--reviews-per-day", type=int, metavar="N", help="reviews a day (default 200)")
    p.add_argument(
        "--retention", type=float, metavar="R", help="desired retention, 0.70 to 0.99 (default 0.90)"
    )
    p.add_argument(
        "--max-interval", type=int, metavar="DAYS", help="longest interval in days (default 36500)"
    )
    p.add_argument("--learning-steps", metavar="STEPS", help="e.g. '1m 10m' (default)")
    p.add_argument("--relearning-steps", metavar="STEPS", help="e.g. '10m' (default)")
    p.add_argument(
        "--day-starts", type=int, metavar="HOUR", help="local hour at which a new day starts (default 4)"
    )
    p.add_argument(
        "--leech-threshold", type=int, metavar="N", help="lapses that make a card a leech (default 8)"
    )
    p.add_argument(
        "--leech-every", type=int, metavar="N", help="... and again every N more lapses (default 4)"
    )
    p.add_argument("--json", action="store_true", help="print the settings as JSON")
    add_profile_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ketquiz.core.scheduling import SchedulerSettings, SettingsError
    from ketquiz.store import StoreError, open_store, profile_path

    changes: dict[str, object] = {}
    try:
        if args.new_per_day is not None:
            changes["new_per_day"] = args.new_per_day
        if args.reviews_per_day is not None:
            changes["reviews_per_day"] = args.reviews_per_day
        if args.retention is not None:
            changes["desired_retention"] = args.retention
        if args.max_interval is not None:
            changes["maximum_interval_days"] = args.max_interval
        if args.day_starts is not None:
            changes["day_starts_hour"] = args.day_starts
        if args.leech_threshold is not None:
            changes["leech_threshold"] = args.leech_threshold
        if args.leech_every is not None:
            changes["leech_every"] = args.leech_every
        if args.learning_steps is not None:
            changes["learning_steps"] = parse_steps(args.learning_steps)
        if args.relearning_steps is not None:
            changes["relearning_steps"] = parse_steps(args.relearning_steps)
    except ValueError as exc:
        return error(str(exc))
    profile = args.profile or "default"
    data_dir = resolve_data_dir(args.data_dir)
    if not changes and not profile_path(data_dir, profile).exists():
        return _show(
            args, profile, SchedulerSettings(), note="  (defaults: this profile has no study data yet)"
        )
    try:
        with open_store(data_dir, profile, read_only=not changes) as store:
            settings = store.settings
            if changes:
                try:
                    settings = dataclasses.replace(settings, **changes)  # type: ignore[arg-type]
                except SettingsError as exc:
                    return error(_option_names(str(exc)))
                store.set_settings(settings)
    except StoreError as exc:
        return error(str(exc))
    return _show(args, profile, settings, note="  (saved)" if changes else "")


#: The settings' names as the options that set them, for messages about what the learner typed.
_OPTIONS = {
    "new_per_day": "--new-per-day",
    "reviews_per_day": "--reviews-per-day",
    "desired_retention": "--retention",
    "maximum_interval_days": "--max-interval",
    "learning_steps": "--learning-steps",
    "relearning_steps": "--relearning-steps",
    "day_starts_hour": "--day-starts",
    "leech_threshold": "--leech-threshold",
    "leech_every": "--leech-every",
}


def _option_names(message: str) -> str:
    for name, option in _OPTIONS.items():
        message = message.replace(name, option)
    return message


def _show(args: argparse.Namespace, profile: str, settings: SchedulerSettings, note: str) -> int:
    if args.json:
        shown = settings.to_dict()
        shown.pop("parameters", None)
        json.dump(shown, sys.stdout, indent=2)
        print()
        return 0
    print(f"profile: {profile}{note}")
    print(f"  new cards a day      {settings.new_per_day}")
    print(f"  reviews a day        {settings.reviews_per_day}")
    print(f"  desired retention    {settings.desired_retention:.2f}")
    print(f"  maximum interval     {settings.maximum_interval_days} days")
    print(f"  learning steps       {format_steps(settings.learning_steps)}")
    print(f"  relearning steps     {format_steps(settings.relearning_steps)}")
    print(f"  day starts at        {settings.day_starts_hour}:00 local time")
    print(
        f"  leeches              at {settings.leech_threshold} lapses, then every {settings.leech_every} more "
        "(marked and suspended)"
    )
    if settings.parameters_fitted_at:
        print(f"  FSRS parameters      fitted to this profile's reviews ({settings.parameters_fitted_at})")
    else:
        print(
            "  FSRS parameters      defaults (`ketquiz reviews optimize --apply` fits them to your reviews)"
        )
    return 0
