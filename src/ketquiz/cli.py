"""The command line: a thin layer that parses arguments and hands off to one module per command.

Each module in :mod:`ketquiz.commands` has ``register(subparsers)`` and keeps its heavy imports (Textual, the
store) inside the function it runs. A run imports only the module of the command it runs (all of them only to
list them in ``--help``), and ``--version`` imports none, so every command starts fast.
"""

from __future__ import annotations

import importlib
import os
import sys

from ketquiz import __version__

# Not typing.TYPE_CHECKING: importing typing is a tenth of what `ketquiz --version` costs. Type checkers treat
# any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

#: Command modules under ketquiz.commands, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "study",
    "check",
    "export",
    "schema",
    "due",
    "stats",
    "reviews",
    "settings",
    "doctor",
    "cards",
    "exam",
    "report",
    "present",
    "serve",
    "live",
    "join",
    "new",
    "sources",
    "quote",
    "coverage",
    "cache",
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with ``only`` just that command (all a run of it needs)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="ketquiz",
        description="Study source-grounded quiz decks in the terminal. With no command, opens the study app "
        "on the bundled decks.",
    )
    parser.add_argument("--version", action="version", version=f"ketquiz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if only is None else (only,):
        importlib.import_module(f"ketquiz.commands.{name}").register(sub)
    _add_no_cache(parser)
    return parser


def _add_no_cache(parser: argparse.ArgumentParser, top: bool = True) -> None:
    """``--no-cache`` on every command (and sub-command): read decks from their YAML, leave the cache alone."""
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                _add_no_cache(child, top=False)
    if not top and "--no-cache" not in parser._option_string_actions:
        parser.add_argument(
            "--no-cache",
            action="store_true",
            default=argparse.SUPPRESS,
            help="read decks from their YAML files; neither use nor update the compiled-deck cache",
        )


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list == ["--version"]:
        print(f"ketquiz {__version__}")
        return 0
    first = args_list[0] if args_list else "study"
    if first.startswith("--") and first not in ("--help", "--version"):
        first = "study"
    parser = build_parser(first) if first in COMMAND_MODULES else build_parser()
    if first in COMMAND_MODULES and first not in _command_names(parser):
        parser = build_parser()  # a module registering another name: let the full parser sort it out
    if not args_list or (args_list[0].startswith("--") and args_list[0] not in ("--help", "--version")):
        # Plain `ketquiz` (optionally with --profile/--data-dir) opens the study app on the bundled decks.
        if "study" in _command_names(parser):
            args_list = ["study", *args_list]
        else:
            parser.print_help()
            return 0
    args = parser.parse_args(args_list)
    if getattr(args, "no_cache", False):
        os.environ["KETQUIZ_NO_CACHE"] = "1"  # read by every deck loader, in this process and any it starts
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("ketquiz: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
