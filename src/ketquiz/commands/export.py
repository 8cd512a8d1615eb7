"""`ketquiz export DECK --format json|csv|anki|moodle-xml|gift|qti|kahoot|apkg [-o FILE [--force]]`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ketquiz.commands.common import error, load_checked_deck, say

if TYPE_CHECKING:
    from ketquiz.core.model import Deck


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export a checked deck as JSON, CSV, Anki text, Moodle XML, GIFT, QTI, Kahoot or an Anki package",
        description="Export a deck. The deck must check clean; problems are printed as by 'ketquiz check'. "
        "Text printed to a terminal shows control characters as placeholders (JSON escapes them); CSV cells "
        "that a spreadsheet would run as a formula start with an apostrophe.",
    )
    p.add_argument("deck", type=Path, metavar="DECK", help="deck file")
    p.add_argument(
        "--format",
        "-f",
        choices=("json", "csv", "anki", "moodle-xml", "gift", "qti", "kahoot", "apkg"),
        default="json",
        help="json, csv, anki (text import) as before; moodle-xml and gift (Moodle's question import), qti "
        "(QTI 2.1 zip: Canvas, Blackboard, Inspera), kahoot (.xlsx spreadsheet), apkg (Anki package). qti, "
        "kahoot and apkg are files: give -o FILE. Cards a format cannot carry are listed on standard error.",
    )
    p.add_argument(
        "--output",
        "-o",
        type=Path,
        default=None,
        metavar="FILE",
        help="write here instead of standard output; an existing file is kept unless --force",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace FILE if it exists (never the deck or a source being exported)",
    )
    p.set_defaults(func=run)


def files_read(deck: Deck) -> list[Path]:
    """The deck file and every source file the export read: an output must never replace one of them."""
    deck_path = Path(deck.path)
    return [deck_path, *(deck_path.parent / s.file for s in deck.sources if s.file)]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def run(args: argparse.Namespace) -> int:
    from ketquiz.decks.export import export
    from ketquiz.safefile import FileExists, write_new

    if args.force and args.output is None:
        return error("--force goes with --output FILE (standard output is never a file to keep)")
    from ketquiz.decks import formats

    if args.format in formats.FORMATS and formats.is_binary(args.format) and args.output is None:
        ext = formats.FORMATS[args.format][2]
        return error(f"the {args.format} export is a {ext} file, not text: give -o FILE (e.g. -o deck{ext})")
    deck = load_checked_deck(args.deck)
    if deck is None:
        return 1
    text: str | bytes
    skipped: tuple[formats.Skipped, ...] = ()
    if args.format in formats.FORMATS:
        try:
            result = formats.export(deck, args.format)
        except formats.MissingExtra as exc:
            return error(str(exc))
        skipped = result.skipped
        text = result.data if formats.is_binary(args.format) else result.data.decode("utf-8")
        count = result.exported
    else:
        text = export(deck, args.format)
        count = len(deck.cards)

    def list_skipped() -> None:
        """Each card the format could not carry, with why, and how many: after the output, so they stay in view."""
        for s in skipped:
            say(f"ketquiz: warning: {s.card_id}: not exported to {args.format}: {s.reason}", err=True)
        if skipped:
            say(f"ketquiz: {len(skipped)} of {len(deck.cards)} cards not exported to {args.format}", err=True)

    if args.output is None:
        assert isinstance(text, str)
        if args.format == "json":
            sys.stdout.write(text)  # already JSON-escaped: a control character is \u001b, not the character
        else:
            say(text, end="")
        list_skipped()
        return 0
    out: Path = args.output
    for read in files_read(deck):
        if _same_file(out, read):
            what = "the deck" if read == files_read(deck)[0] else "a source of the deck"
            return error(f"{out} is {what} being exported; refusing to write over it (choose another file)")
    if out.is_dir():
        return error(f"{out} is a directory; give a file name")
    try:
        write_new(out, text, replace=args.force)
    except FileExists:
        return error(f"{out} already exists; nothing was written (add --force to replace it)")
    except OSError as exc:
        return error(f"cannot write {out}: {exc.strerror or exc}; nothing was written")
    list_skipped()
    say(f"exported {count} cards of {deck.id} to {out} ({args.format})", err=True)
    return 0
