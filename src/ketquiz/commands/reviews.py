"""`ketquiz reviews export|evaluate|optimize|import`: parses each action's arguments and prints; the files are
read and written by :mod:`ketquiz.store.review_files`."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from ketquiz.commands.common import add_profile_options, error, print_json, resolve_data_dir, say
from ketquiz.core.words import counted


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reviews", help="export the review log or evaluate the scheduler on it")
    actions = p.add_subparsers(dest="reviews_command", metavar="ACTION")

    ex = actions.add_parser(
        "export",
        help="write the review log as CSV or JSON",
        description="One row per answer: deck and card id, time (UTC), rating, the card's state before the "
        "answer, and how long the answer took. 'fsrs-csv' writes py-fsrs' columns "
        "(card_id,review_rating,review_time,review_duration), which 'reviews evaluate FILE' reads.",
    )
    ex.add_argument("--format", choices=("csv", "json", "fsrs-csv"), default="csv")
    ex.add_argument(
        "-o", "--output", type=Path, default=None, help="file to write (default: standard output)"
    )
    ex.add_argument("--deck", default=None, metavar="ID", help="only this deck")
    add_profile_options(ex)
    ex.set_defaults(func=run_export)

    ev = actions.add_parser(
        "evaluate",
        help="how well the scheduler predicts recall on a review history",
        description="Replay each card's reviews in time order through FSRS (no fuzz) and score its recall "
        "predictions for reviews a day or more after the previous one: log loss and RMSE (bins), as Anki's "
        "FSRS evaluate reports. Without FILE, the profile's own history with its settings; with FILE, a CSV "
        "with columns card_id,review_rating,review_time,review_duration and default settings.",
    )
    ev.add_argument("file", nargs="?", type=Path, default=None, metavar="FILE", help="review-log CSV")
    ev.add_argument("--json", action="store_true", help="print JSON")
    add_profile_options(ev)
    ev.set_defaults(func=run_evaluate)
    op = actions.add_parser(
        "optimize",
        help="fit the scheduler's parameters to a review history",
        description="Fit FSRS's 21 parameters to the profile's review history (or to FILE, a CSV in the columns "
        "`reviews evaluate` reads) with the FSRS reference optimiser (fsrs-rs-python). The fit is made on the "
        "earlier 70% of the history in time and judged on the later 30%: the default and the fitted parameters' "
        "log loss and RMSE (bins) on those held-out reviews are printed. --apply stores the fitted parameters in "
        "the profile only when both figures are better.",
    )
    op.add_argument("file", nargs="?", type=Path, default=None, metavar="FILE", help="review-log CSV")
    op.add_argument("--apply", action="store_true", help="store the fitted parameters when they score better")
    op.add_argument("--json", action="store_true", help="print JSON")
    add_profile_options(op)
    op.set_defaults(func=run_optimize)

    im = actions.add_parser(
        "import",
        help="merge a review log exported on another computer",
        description="Merge a review log written by `ketquiz reviews export` (csv or json) into the profile. Reviews "
        "already in it are skipped, so importing twice changes nothing; every card the log touches is re-scheduled "
        "by replaying its whole history in time order. Reviews of cards this profile does not have are kept, and "
        "listed.",
    )
    im.add_argument("file", type=Path, metavar="FILE", help="a file written by `ketquiz reviews export`")
    add_profile_options(im)
    im.set_defaults(func=run_import)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def run_export(args: argparse.Namespace) -> int:
    from ketquiz.store import StoreError, open_store
    from ketquiz.store.review_files import export_rows, write_export

    try:
        with open_store(resolve_data_dir(args.data_dir), args.profile or "default", read_only=True) as store:
            rows = export_rows(store, args.deck)
    except StoreError as exc:
        return error(str(exc))
    try:
        out = sys.stdout if args.output is None else args.output.open("x", encoding="utf-8", newline="")
    except FileExistsError:
        return error(f"{args.output} already exists; choose another file name")
    except OSError as exc:
        return error(f"cannot write {args.output}: {exc.strerror or exc}")
    try:
        write_export(rows, args.format, out)
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from ketquiz.core.evaluate import evaluate
    from ketquiz.core.scheduling import SchedulerSettings
    from ketquiz.store import StoreError, open_store, review_events
    from ketquiz.store.review_files import UnreadableLog, read_review_log

    if args.file is not None:
        try:
            events = read_review_log(args.file)
        except UnreadableLog as exc:
            return error(str(exc))
        settings = SchedulerSettings()
        what = str(args.file)
    else:
        try:
            with open_store(
                resolve_data_dir(args.data_dir), args.profile or "default", read_only=True
            ) as store:
                events = review_events(store)
                settings = store.settings
                what = f"profile {store.profile!r}"
        except StoreError as exc:
            return error(str(exc))
    result = evaluate(events, settings.scheduler(fuzz=False))
    if args.json:
        figures = {
            k: None if isinstance(v, float) and math.isnan(v) else v for k, v in result.to_dict().items()
        }
        json.dump({"source": what, **figures}, sys.stdout, indent=2, allow_nan=False)
        print()
        return 0
    say(f"{what}: {result.reviews} reviews of {result.cards} cards")
    if result.predicted == 0:
        print("nothing to evaluate yet: no review came a day or more after the card's previous one")
        return 0
    print(f"predicted: {result.predicted} reviews (a day or more after the card's previous review)")
    print(f"log loss:    {result.log_loss:.4f}")
    print(f"RMSE (bins): {result.rmse_bins:.4f}  over {result.bins} bins")
    print(f"mean predicted recall {result.mean_predicted:.1%}, actual {result.actual_recall:.1%}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from ketquiz.store import StoreError, open_store
    from ketquiz.store.review_files import UnreadableLog, read_review_export
    from ketquiz.store.transfer import import_reviews

    try:
        reviews = read_review_export(args.file)
    except UnreadableLog as exc:
        return error(str(exc))
    try:
        with open_store(resolve_data_dir(args.data_dir), args.profile or "default") as store:
            report = import_reviews(store, reviews)
    except StoreError as exc:
        return error(f"{exc}; nothing was imported")
    say(
        f"{args.file}: {report.read} reviews; {report.added} imported, {report.skipped} already in the profile "
        f"(skipped); {counted(report.rescheduled, 'card')} re-scheduled from their whole history"
    )
    if report.unknown:
        cards = ", ".join(f"{k} ({n})" for k, n in sorted(report.unknown.items())[:10])
        more = f" and {len(report.unknown) - 10} more" if len(report.unknown) > 10 else ""
        say(
            f"kept {counted(sum(report.unknown.values()), 'review')} of {counted(len(report.unknown), 'card')} this profile's decks do "
            f"not have: {cards}{more}; they count again if a deck brings those cards back"
        )
    return 0


def run_optimize(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime
    from functools import partial

    from ketquiz.core.optimize import OptimizerMissingError, fit_parameters
    from ketquiz.core.scheduling import SchedulerSettings, study_day
    from ketquiz.store import StoreError, open_store, profile_path, review_events
    from ketquiz.store.review_files import UnreadableLog, adopt_parameters, read_review_log

    data_dir, profile = resolve_data_dir(args.data_dir), args.profile or "default"
    settings = SchedulerSettings()
    if args.file is not None:
        try:
            events = read_review_log(args.file)
        except UnreadableLog as exc:
            return error(str(exc))
        day_of = partial(
            study_day, day_starts_hour=settings.day_starts_hour, tz=UTC
        )  # the log's times are UTC
        what = str(args.file)
    else:
        if not profile_path(data_dir, profile).exists():
            return error(f"profile {profile!r} has no study data yet; study first, or give a review-log FILE")
        try:
            with open_store(data_dir, profile, read_only=True) as store:
                events = review_events(store)
                settings = store.settings
        except StoreError as exc:
            return error(str(exc))
        day_of = partial(study_day, day_starts_hour=settings.day_starts_hour, tz=None)
        what = f"profile {profile!r}"
    try:
        fit = fit_parameters(events, day_of)
    except OptimizerMissingError as exc:
        return error(str(exc))
    applied = False
    if args.apply and fit.better and fit.parameters is not None:
        try:
            with open_store(data_dir, profile) as store:
                adopt_parameters(store, fit.parameters, datetime.now(UTC))
            applied = True
        except StoreError as exc:
            return error(f"{exc}; the fitted parameters were not stored")
    if args.json:
        print_json(
            {
                "parameters": list(fit.parameters if fit.parameters is not None else settings.parameters),
                "reviews": fit.reviews,
                "held_out": None
                if fit.default is None or fit.fitted is None
                else {"default": fit.default.to_dict(), "optimized": fit.fitted.to_dict()},
                "better": fit.better,
                "applied": applied,
                "needed_items": fit.needed,
            }
        )
        return 0
    if fit.parameters is None:
        say(
            f"{what}: {fit.reviews} reviews give {fit.items} reviewed-on-a-later-day items; the optimiser needs about "
            f"{fit.needed} more (reviews of cards on a later day than their previous review) before a fit is worth "
            "making. The parameters in use were kept."
        )
        return 0
    assert fit.default is not None and fit.fitted is not None
    say(
        f"{what}: {fit.reviews} reviews, {fit.items} items; fitted on the earlier 70%, scored on the later 30%"
    )
    say(
        f"  default parameters:  log loss {fit.default.log_loss:.4f}   RMSE (bins) {fit.default.rmse_bins:.4f}"
    )
    say(f"  fitted parameters:   log loss {fit.fitted.log_loss:.4f}   RMSE (bins) {fit.fitted.rmse_bins:.4f}")
    say("  fitted: " + ", ".join(f"{p:.4f}" for p in fit.parameters))
    if applied:
        say(f"better on both: stored in profile {profile!r}; new intervals use them from the next answer")
    elif fit.better:
        say("better on both; add --apply to use them in this profile")
    else:
        say(
            "not better on both figures: the parameters in use are kept"
            + (" (nothing stored)" if args.apply else "")
        )
    return 0
