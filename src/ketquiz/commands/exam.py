"""``ketquiz exam DECK``: a timed exam whose answers are saved, one by one, to a result file."""

from __future__ import annotations

import argparse
import secrets
from pathlib import Path

from ketquiz.commands.common import error, load_checked_deck, print_json, say

DEFAULT_OUT = Path("ketquiz-results")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "exam",
        help="sit a timed exam; each answer is saved to a result file",
        description="Sit a timed exam on one deck or several. Only auto-graded cards (mcq, multi, truefalse, typed, cloze) "
        "are asked. Every answer is saved at once to a JSON result file in --out, which `ketquiz report` "
        "reads. Exams never change the study schedule.",
    )
    p.add_argument(
        "decks",
        nargs="+",
        type=Path,
        metavar="DECK",
        help="deck file(s); several make one paper from all of them",
    )
    p.add_argument("--student", default=None, help="the student's name (asked for if not given)")
    p.add_argument("--count", type=int, default=None, metavar="N", help="number of questions (default: all)")
    p.add_argument("--topics", nargs="+", default=None, metavar="TOPIC", help="only these topic ids")
    p.add_argument(
        "--seed",
        type=int,
        default=None,
        metavar="S",
        help="paper seed: the same seed gives the same questions, order and option order (default: random)",
    )
    p.add_argument("--time-limit", type=float, default=None, metavar="MIN", help="time limit in minutes")
    p.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help=f"results directory ({DEFAULT_OUT})"
    )
    p.add_argument(
        "--feedback",
        choices=("end", "none"),
        default="end",
        help="'end': show each item's answer and source passage at the end (default); 'none': only the score",
    )
    p.add_argument(
        "--include-contested",
        action="store_true",
        help="also ask cards resting on a disagreement between sources, accepting any position a source takes",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ketquiz.classroom.paper import PaperError, build_paper

    if args.time_limit is not None and not args.time_limit > 0:
        return error(f"--time-limit must be a positive number of minutes, not {args.time_limit}")
    if args.student is not None and not args.student.strip():
        return error("--student is empty")
    from ketquiz.core.combine import combine_decks

    decks = [load_checked_deck(path) for path in args.decks]
    if any(d is None for d in decks):
        return 1
    deck = combine_decks([d for d in decks if d is not None])
    seed = args.seed if args.seed is not None else secrets.randbelow(900_000) + 100_000
    try:
        paper = build_paper(
            deck,
            seed=seed,
            count=args.count,
            topics=set(args.topics) if args.topics else None,
            include_contested=args.include_contested,
        )
    except PaperError as exc:
        return error(str(exc))
    out: Path = args.out
    from ketquiz.classroom.results import probe_folder

    problem = probe_folder(out)
    if problem:
        return error(f"cannot write results to {out}: {problem}")

    from ketquiz.commands.common import resolve_data_dir
    from ketquiz.ui.apps import ExamApp
    from ketquiz.ui.running import run_app

    time_limit_s = None if args.time_limit is None else max(1, round(args.time_limit * 60))
    app = ExamApp(
        deck,
        paper,
        out_dir=out,
        student=args.student,
        time_limit_s=time_limit_s,
        feedback=args.feedback,
        rescue_dir=resolve_data_dir(None) / RESCUE_FOLDER,
    )
    from ketquiz.crash import InternalError

    crashed: InternalError | None = None
    try:
        run_app(app)
    except InternalError as exc:  # a bug stopped the app: the answers are saved (below) before it is reported
        crashed = exc
    session = app.session
    if session is None:
        if crashed is not None:
            raise crashed
        say("No exam was started; nothing was saved.")
        return 0
    if not session.saved:
        session.save()  # one more try: the teacher may have freed space meanwhile
    result = session.result()
    state = "complete" if result.complete else "INCOMPLETE"
    line = f"{result.student}: {round(result.score, 2):g}/{result.max_score:g} ({state}, seed {seed})"
    if session.saved:
        say(f"{line} saved to {session.path}")
    else:
        say(f"{line}. {session.save_problem}", err=True)
        if session.rescue_path is None:
            # Nowhere on disk holds the answers: the terminal is the last place they can go.
            say("ketquiz: the result follows; copy it into a .json file for `ketquiz report`:", err=True)
            print_json(result.to_dict())
    if crashed is not None:
        raise crashed
    return 0 if session.saved else 1


RESCUE_FOLDER = "exam-rescue"
