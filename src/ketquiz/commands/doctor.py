"""`ketquiz doctor`: check a profile's study data thoroughly (every page, every row) and say what is wrong."""

from __future__ import annotations

import argparse

from ketquiz.commands.common import add_profile_options, error, resolve_data_dir, say
from ketquiz.core.words import counted


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "doctor",
        help="check a profile's study data for damage",
        description="Read every page of the profile's database (SQLite's integrity_check) and every stored state, "
        "rating and time, and list what is damaged. Opening a profile checks the whole file only after an "
        "unclean shutdown or once a day; this checks it now. A damaged file is left untouched and one copy of "
        "it is kept aside. Exit status 0 when sound, 1 when not.",
    )
    add_profile_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ketquiz.store import StoreError, profile_path
    from ketquiz.store.doctor import examine

    profile = args.profile or "default"
    try:
        path = profile_path(resolve_data_dir(args.data_dir), profile)
        if not path.exists():
            return error(f"profile {profile!r} has no study data yet (looked for {path})")
        report = examine(path)
    except StoreError as exc:
        return error(str(exc))
    if report.ok:
        say(f"{path}: sound ({report.cards} cards, {report.reviews} reviews; every page and row checked)")
        return 0
    say(f"{path}: {counted(len(report.problems), 'kind')} of damaged rows")
    for problem in report.problems:
        say(f"  {problem}")
    say(
        "These rows hold values no ketquiz writes; studying those cards or showing statistics that need them "
        "stops with a message until they are fixed or the profile is restored from a backup."
    )
    return 1
