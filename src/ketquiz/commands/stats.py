"""`ketquiz stats [--json]`: reviews per day, retention, cards by state and the due forecast."""

from __future__ import annotations

import argparse
from datetime import date

from ketquiz.commands.common import add_profile_options, error, print_json, resolve_data_dir, say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stats",
        help="show study statistics",
        description="Reviews per day, retention (share of answers to review-state cards that were not Again), "
        "cards by state and the due forecast, for one profile. Learning cards are those in learning steps, "
        "relearning included, as in `ketquiz due`.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--days", type=int, default=30, help="days of history and of forecast (default 30)")
    p.add_argument("--deck", default=None, metavar="ID", help="only this deck")
    add_profile_options(p)
    p.set_defaults(func=run)


def _bar(n: int, top: int, width: int = 40) -> str:
    return "#" * (round(width * n / top) if top else 0)


#: Days of the forecast shown one by one; later days are summed a week at a time.
FORECAST_DAYS = 7


def forecast_lines(forecast: dict[date, int]) -> list[str]:
    """The due forecast in a few lines: each of the first days that has cards due, then weekly sums.

    Days with nothing due are left out, so a quiet month takes one line instead of thirty rows of zeros.
    """
    days = sorted(forecast)
    if not days or not any(forecast.values()):
        return ["  nothing falls due in this period"]
    top = max(forecast.values())
    lines = []
    for i, day in enumerate(days[:FORECAST_DAYS]):
        n = forecast[day]
        if n:
            when = "today" if i == 0 else "tomorrow" if i == 1 else day.strftime("%a")
            lines.append(f"  {day.isoformat()} {when:<8} {n:>5} {_bar(n, top)}")
    rest = days[FORECAST_DAYS:]
    for start in range(0, len(rest), 7):
        week = rest[start : start + 7]
        n = sum(forecast[d] for d in week)
        if n:
            span = f"{week[0].isoformat()} – {week[-1].isoformat()}"
            lines.append(f"  {span:<23} {n:>5}")
    return lines


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from ketquiz.store import StoreError, open_store, stats, study_states

    if not 1 <= args.days <= 3650:
        return error("--days must be between 1 and 3650")
    try:
        with open_store(resolve_data_dir(args.data_dir), args.profile or "default", read_only=True) as store:
            result = stats(store, datetime.now(UTC), days=args.days, deck_id=args.deck)
            # The JSON has every setting, FSRS parameters too (fsrs gives the defaults); the summary needs none.
            settings = store.settings.to_dict() if args.json else None
            rules = store.daily_rules()
    except StoreError as exc:
        return error(str(exc))
    # "learning" is what `ketquiz due` calls learning: every card in learning steps, relearning included.
    states = study_states(result.cards_by_state)
    relearning = result.cards_by_state.get("relearning", 0)
    if args.json:
        data = {**result.to_dict(), "cards_by_state": states, "relearning": relearning}
        print_json({**data, "settings": settings})
        return 0
    say(
        f"settings: {rules.new_per_day} new and {rules.reviews_per_day} reviews a day · desired retention "
        f"{rules.desired_retention:.0%} · day starts {rules.day_starts_hour}:00"
    )
    say(f"reviews: {result.total_reviews} in all")
    if result.retention is None:
        say("retention: no answers to review cards yet")
    else:
        say(f"retention: {result.retention:.1%} of {result.review_answers} answers to review cards")
    cards = f"cards: {states['new']} new, {states['learning']} learning"
    if relearning:
        cards += f" ({relearning} relearning after a lapse)"
    say(f"{cards}, {states['review']} review")
    studied = {day: n for day, n in result.reviews_per_day.items() if n}
    say(f"\nreviews per day (last {args.days} days; days with reviews only)")
    if not studied:
        say("  no reviews in this period")
    top = max(studied.values(), default=0)
    for day, n in studied.items():
        say(f"  {day.isoformat()} {n:>5} {_bar(n, top)}")
    say(f"\ndue forecast (next {args.days} days; overdue cards count today)")
    for line in forecast_lines(result.forecast):
        say(line)
    return 0
