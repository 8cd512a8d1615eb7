"""`ketquiz new DIR --source FILE...`: a new deck folder that passes `ketquiz check` as created."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from ketquiz.commands.common import error, print_diagnostics, say
from ketquiz.core.words import counted

if TYPE_CHECKING:
    from ketquiz.authoring.new_deck import DeckCheck


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help="create a deck folder over some source documents",
        description="Create DIR with a deck file, the sources copied into DIR/sources/ (ids and titles from their "
        "first lines), the JSON Schema for editors, and one commented example card of each type citing the "
        "sources. The deck passes `ketquiz check` as created.",
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="the new deck folder (must not exist, or be empty)")
    p.add_argument(
        "--source",
        dest="sources",
        type=Path,
        nargs="+",
        required=True,
        metavar="FILE",
        help="documents: web pages (.html, .htm), PDFs (.pdf), Markdown (.md) or UTF-8 text; "
        "web pages, PDFs and Markdown need: pip install 'ketquiz[documents]'",
    )
    p.add_argument("--id", dest="deck_id", default=None, help="deck id (default: from the folder name)")
    p.add_argument("--title", default=None, help="deck title (default: from the folder name)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ketquiz.authoring.new_deck import DeckFailsCheck, NewDeckError, create_deck_folder
    from ketquiz.decks.loader import MAX_SOURCE_BYTES
    from ketquiz.decks.schema import deck_schema

    try:
        made = create_deck_folder(
            args.dir,
            args.sources,
            deck_id=args.deck_id,
            title=args.title,
            schema_json=json.dumps(deck_schema(), indent=2) + "\n",
            max_source_bytes=MAX_SOURCE_BYTES,
            check=_check,
        )
    except DeckFailsCheck as exc:
        print_diagnostics(exc.diagnostics, errors_only=True)
        return error(str(exc))
    except NewDeckError as exc:
        return error(str(exc))
    print_diagnostics(made.diagnostics, err=False)
    say(
        f"created {made.deck_file} with {counted(made.sources, 'source')} in {args.dir / 'sources'} and example cards"
    )
    say(f"next: edit it, then run  ketquiz check --watch {made.deck_file}")
    return 0


def _check(deck_file: Path) -> DeckCheck:
    """What ``ketquiz check`` would say of the staged deck: its diagnostics and lints, and whether it passes."""
    from ketquiz.authoring.new_deck import DeckCheck
    from ketquiz.core.lint import lint_deck
    from ketquiz.decks import load_deck

    result = load_deck(deck_file)
    found = list(result.diagnostics) + (lint_deck(result.deck) if result.deck is not None else [])
    return DeckCheck(result.ok, found)
