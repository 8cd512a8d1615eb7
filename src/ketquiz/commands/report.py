"""``ketquiz report DIR``: per-student scores and item analysis from a folder of exam result files."""

from __future__ import annotations

import argparse
from pathlib import Path

from ketquiz.commands.common import error, print_json, say, warning


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "report",
        help="class report from exam result files: scores, facility, discrimination, options chosen",
        description="Read every result file in DIR and report each student's score and time, and for each item "
        "its facility and discrimination indices (as Moodle's quiz statistics compute them), how often each "
        "option was chosen, and flags for items that are too easy, too hard or not discriminating.",
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="the folder of result files (ketquiz exam --out)")
    p.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="output format (table)"
    )
    tables = p.add_mutually_exclusive_group()
    for table, what in (
        ("students", "one row per sitting: score, time, status, unanswered (the default)"),
        ("items", "one row per question: facility, discrimination and the other item figures"),
        ("options", "one row per option of each choice question: how often and by whom it was chosen"),
        ("test", "one row per test figure: mean, median, alpha, ..."),
    ):
        tables.add_argument(
            f"--{table}",
            dest="csv_table",
            action="store_const",
            const=table,
            help=f"with --format csv: {what}",
        )
    p.add_argument("--tui", action="store_true", help="open the report in the terminal UI, with bar charts")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ketquiz.classroom.analysis import analyse
    from ketquiz.classroom.report_text import render
    from ketquiz.classroom.results import load_results

    directory: Path = args.dir
    table = args.csv_table or "students"
    if args.csv_table and args.format != "csv":
        return error(f"--{args.csv_table} chooses a CSV table: use it with --format csv")
    if not directory.is_dir():
        return error(f"{directory}: not a folder of result files")
    loaded = load_results(directory)
    for message in loaded.warnings:
        warning(message)
    if not loaded.results:
        return error(f"{directory}: no ketquiz result files found")
    named = [(path.name, result) for path, result in loaded.results]
    report = analyse(named)
    if args.tui:
        from ketquiz.ui.apps import ReportApp
        from ketquiz.ui.running import run_app

        run_app(ReportApp(report, title=str(directory), warnings=loaded.warnings, results=named))
        return 0
    if args.format == "json":
        print_json(report.to_dict())
    else:
        say(render(report, args.format, table), end="")
    return 0
