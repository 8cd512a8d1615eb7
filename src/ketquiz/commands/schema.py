"""`ketquiz schema`: print the JSON Schema of deck files, for editors' YAML language servers."""

from __future__ import annotations

import argparse

from ketquiz.commands.common import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of deck files",
        description="Print the JSON Schema (draft 2020-12) of deck files. Save it and point your editor's YAML "
        "language server at it (see the README).",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ketquiz.decks.schema import deck_schema

    print_json(deck_schema())
    return 0
