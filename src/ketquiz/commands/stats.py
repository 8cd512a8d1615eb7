"""`ketquiz stats [--json]`: reviews per day, retention, cards by state and the due forecast."""

from __future__ import annotations

import argparse
import json
import sys

from ketquiz.commands.common import add_profile_options, error, resolve_data_dir


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "stats",
        help="show study statistics",
        description="Reviews per day, retention (share of answers to review-state cards that were not Again), "
        "cards by state and the due forecast, for one profile.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--days", type=int, default=30, help="days of history and of forecast (default 30)")
    p.add_argument("--deck", default=None, metavar="ID", help="only this deck")
    add_profile_options(p)
    p.set_defaults(func=run)


def _bar(n: int, top: int, width: int = 40) -> str:
    return "#" * (round(width * n / top) if top else 0)


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from ketquiz.store import StoreError, open_store, stats

    if not 1 <= args.days <= 3650:
        return error("--days must be between 1 and 3650")
    try:
        with open_store(resolve_data_dir(args.data_dir), args.profile or "default", read_only=True) as store:
            result = stats(store, datetime.now(UTC), days=args.days, deck_id=args.deck)
            settings = store.settings
    except StoreError as exc:
        return error(str(exc))
    if args.json:
        json.dump({**result.to_dict(), "settings": settings.to_dict()}, sys.stdout, indent=2)
        print()
        return 0
    print(
        f"profile settings: {settings.new_per_day} new and {settings.reviews_per_day} reviews a day, desired "
        f"retention {settings.desired_retention:.0%}, day starts at {settings.day_starts_hour}:00"
    )
    print(f"reviews: {result.total_reviews} in all")
    if result.retention is None:
        print("retention: no answers to review cards yet")
    else:
        print(f"retention: {result.retention:.1%} of {result.review_answers} answers to review cards")
    print("cards: " + ", ".join(f"{n} {label}" for label, n in result.cards_by_state.items()))
    print(f"\nreviews per day (last {args.days} days)")
    top = max(result.reviews_per_day.values(), default=0)
    for day, n in result.reviews_per_day.items():
        print(f"  {day.isoformat()} {n:>5} {_bar(n, top)}")
    print(f"\ndue forecast (next {args.days} days; overdue cards count on the first)")
    top = max(result.forecast.values(), default=0)
    for day, n in result.forecast.items():
        print(f"  {day.isoformat()} {n:>5} {_bar(n, top)}")
    return 0
