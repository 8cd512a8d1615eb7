"""``ketquiz cache clear`` / ``ketquiz cache info``: the compiled-deck cache (see :mod:`ketquiz.decks.cache`)."""

from __future__ import annotations

import argparse

from ketquiz.commands.common import error, say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "cache",
        help="show or clear the compiled-deck cache",
        description="Checked decks are kept compiled in the user cache directory ($KETQUIZ_CACHE_DIR overrides "
        "it) so they open without parsing their YAML; an entry is used only while the deck file and every "
        "source are unchanged. Clearing it is always safe: study progress is kept elsewhere.",
    )
    actions = p.add_subparsers(dest="cache_action", metavar="ACTION", required=True)
    info = actions.add_parser("info", help="where the cache is, and how many decks it holds")
    info.set_defaults(func=run_info)
    clear = actions.add_parser("clear", help="remove every compiled deck (they are rebuilt when next read)")
    clear.set_defaults(func=run_clear)


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def run_info(args: argparse.Namespace) -> int:
    from ketquiz.decks.cache import cache_dir, cache_enabled, usage

    folder = cache_dir()
    count, size = usage(folder)
    say(f"compiled-deck cache: {folder}")
    say(f"{count} compiled deck{'s' if count != 1 else ''}, {_size(size)}")
    if not cache_enabled():
        say("the cache is turned off (--no-cache or KETQUIZ_NO_CACHE)")
    return 0


def run_clear(args: argparse.Namespace) -> int:
    from ketquiz.decks.cache import cache_dir, clear

    folder = cache_dir()
    try:
        count, size = clear(folder)
    except OSError as exc:
        return error(f"cannot clear {folder}: {exc.strerror or exc}")
    say(f"removed {count} compiled deck{'s' if count != 1 else ''} ({_size(size)}) from {folder}")
    return 0
