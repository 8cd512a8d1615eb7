"""The parser class of the command line: argparse's, with the options every command and sub-command shares.

Every command and sub-command takes ``--no-cache`` (read decks from their YAML, leave the compiled-deck cache
alone). Rather than each ``register`` remembering to add it, the top-level parser is a :class:`CommandParser`,
and argparse makes every sub-command's parser of its parent's class, so each of them adds the shared options
itself. It adds them when first used (to parse, or to show its help or usage), that is after the command's own
options, so ``--help`` lists them last and a command's help reads as its options first.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import Any

NO_CACHE_HELP = "read decks from their YAML files; neither use nor update the compiled-deck cache"


class CommandParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that adds the shared options (``shared_options=False`` for the top level, where
    they make no sense: plain ``ketquiz --no-cache`` is ``ketquiz study --no-cache``)."""

    def __init__(self, *args: Any, shared_options: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shared_options_pending = shared_options
        self._is_command = shared_options  # every parser but the top level's is a command's or an action's

    def _add_shared_options(self) -> None:
        if not self._shared_options_pending:
            return
        self._shared_options_pending = False
        self.add_argument("--no-cache", action="store_true", default=argparse.SUPPRESS, help=NO_CACHE_HELP)

    def parse_known_args(
        self, args: Iterable[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        self._add_shared_options()
        parsed, extras = super().parse_known_args(args, namespace)
        if extras and self._is_command:
            # argparse hands a sub-command's leftovers up to the top level, whose message then shows the top
            # level's usage ("ketquiz [-h] [--version] COMMAND ..."): the command's own usage says what it takes.
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras

    def format_usage(self) -> str:
        self._add_shared_options()
        return super().format_usage()

    def format_help(self) -> str:
        self._add_shared_options()
        return super().format_help()
