"""The command line: a thin layer that parses arguments and hands off to one module per command.

:data:`COMMAND_MODULES` is the one registry of commands: each name is a module in :mod:`ketquiz.commands` whose
``register(subparsers)`` adds that command (and only it), and which keeps its heavy imports (Textual, the store)
inside the function it runs. A run imports only the module of the command it runs (all of them only to list them
in ``--help``), and ``--version`` imports none, so every command starts fast. The options every command shares
(``--no-cache``) come with the parser class, :class:`ketquiz.commands.parser.CommandParser`.
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

#: The commands, each the name of its module under ketquiz.commands, in the order ``--help`` lists them.
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
    from ketquiz.commands.parser import CommandParser

    parser = CommandParser(
        prog="ketquiz",
        description="Study source-grounded quiz decks in the terminal. With no command, opens the study app "
        "on the bundled decks.",
        shared_options=False,
    )
    parser.add_argument("--version", action="version", version=f"ketquiz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if only is None else (only,):
        importlib.import_module(f"ketquiz.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list == ["--version"]:
        print(f"ketquiz {__version__}")
        return 0
    if not args_list or (args_list[0].startswith("--") and args_list[0] not in ("--help", "--version")):
        # Plain `ketquiz` (optionally with --profile/--data-dir) opens the study app on the bundled decks.
        args_list = ["study", *args_list]
    elif args_list[0] not in COMMAND_MODULES and _names_decks(args_list[0]):
        args_list = [
            "study",
            *args_list,
        ]  # `ketquiz my-deck.yaml` studies it, as `ketquiz study my-deck.yaml`
    parser = build_parser(args_list[0] if args_list[0] in COMMAND_MODULES else None)
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
    except Exception as exc:  # the last net: a message and a crash report, never a traceback on the terminal
        return _failed(exc, args_list)


def _names_decks(arg: str) -> bool:
    """Whether a first argument that is no command names decks: a deck file or an existing folder."""
    return arg.endswith((".yaml", ".yml")) or os.path.isdir(arg)


def _failed(exc: Exception, argv: list[str]) -> int:
    """Say what went wrong: a store or file error as the plain message it is, anything else as an internal
    error whose traceback goes to a crash report (see :mod:`ketquiz.crash`; ``KETQUIZ_DEBUG=1`` re-raises)."""
    from ketquiz.commands.common import error
    from ketquiz.crash import EXIT_INTERNAL, InternalError, debugging, internal_error
    from ketquiz.store.errors import StoreError

    if isinstance(exc, StoreError):
        return error(str(exc))
    if isinstance(exc, OSError) and exc.filename is not None:
        return error(f"{exc.filename}: {exc.strerror or exc}")
    if isinstance(exc, InternalError):  # an app stopped on a bug; its report is written already
        error(str(exc))
        return EXIT_INTERNAL
    if debugging():
        raise exc
    import traceback

    error(str(internal_error(f"{type(exc).__name__}: {exc}", "".join(traceback.format_exception(exc)), argv)))
    return EXIT_INTERNAL
