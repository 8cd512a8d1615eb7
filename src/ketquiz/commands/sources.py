"""`ketquiz sources add DECK FILE` and `ketquiz sources refresh DECK`: documents as a deck's sources."""

from __future__ import annotations

import argparse
from pathlib import Path

from ketquiz.commands.common import error, print_diagnostics, say
from ketquiz.core.words import counted


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sources",
        help="add a document to a deck as a source, or re-extract changed ones",
        description="Sources from real documents: web pages (.html, .htm), PDFs (.pdf), Markdown (.md) and UTF-8 "
        "text. A page, PDF or Markdown file is turned into the text quotes are checked against, written beside "
        "the deck with the original kept next to it (needs: pip install 'ketquiz[documents]').",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a document to a deck as a new source")
    add.add_argument("deck", type=Path, metavar="DECK", help="the deck file")
    add.add_argument("file", type=Path, metavar="FILE", help="the document")
    add.add_argument("--id", dest="source_id", default=None, help="the source id (default: from its title)")
    add.add_argument("--url", default=None, help="where the document was published")
    add.add_argument("--retrieved", default=None, help="when it was retrieved, e.g. 2024-03-05")
    add.set_defaults(func=run_add)
    refresh = actions.add_parser(
        "refresh",
        help="re-extract the text of sources whose original changed, and report quotes that no longer match",
    )
    refresh.add_argument("deck", type=Path, metavar="DECK", help="the deck file")
    refresh.set_defaults(func=run_refresh)


def _read(path: Path) -> bytes | None:
    from ketquiz.decks.loader import MAX_SOURCE_BYTES
    from ketquiz.safefile import read_regular

    try:
        if not path.is_file():
            error(f"{path}: no such file")
            return None
        if path.stat().st_size > MAX_SOURCE_BYTES:
            error(f"{path}: larger than {MAX_SOURCE_BYTES:,} bytes")
            return None
        return read_regular(path, MAX_SOURCE_BYTES)
    except OSError as exc:
        error(f"{path}: cannot read it: {exc.strerror or exc}")
        return None


def _read_deck_text(path: Path) -> str:
    """The deck file's text; a device, FIFO or over-sized file is refused (an ``OSError``) before any read."""
    from ketquiz.decks.yamlnodes import MAX_FILE_BYTES
    from ketquiz.safefile import read_regular

    return read_regular(path, MAX_FILE_BYTES).decode("utf-8")


def run_add(args: argparse.Namespace) -> int:
    import dataclasses

    from ketquiz.authoring.deck_sources import taken_stems, write_source
    from ketquiz.authoring.documents import DocumentError
    from ketquiz.authoring.scaffold import slugify
    from ketquiz.authoring.sourcefiles import DeckEditError, add_entry, prepare
    from ketquiz.commands.common import load_deck_for_authoring

    deck = load_deck_for_authoring(args.deck)
    if deck is None:
        return 1
    if args.source_id is not None and slugify(args.source_id) != args.source_id:
        return error(f"--id {args.source_id!r}: use lowercase letters, digits and hyphens")
    ids = {s.id for s in deck.sources}
    if args.source_id in ids:
        return error(f"{args.deck}: the deck already has a source '{args.source_id}'; choose another --id")
    raw = _read(args.file)
    if raw is None:
        return 1
    folder = args.deck.parent
    try:
        prepared = prepare(args.file, raw, ids, taken_stems(deck, folder), args.source_id)
    except DocumentError as exc:
        return error(f"{args.file}: {exc}")
    draft = prepared.draft
    if args.url:
        draft = dataclasses.replace(draft, url=args.url)
    if args.retrieved:
        draft = dataclasses.replace(draft, retrieved=args.retrieved)
    try:
        deck_text = _read_deck_text(args.deck)
        new_text = add_entry(deck_text, draft.entry_lines())
    except (OSError, UnicodeDecodeError) as exc:
        return error(f"{args.deck}: cannot read it: {exc}")
    except DeckEditError as exc:
        return error(f"{args.deck}: {exc}")
    try:
        write_source(folder, prepared.files, args.deck, new_text)
    except OSError as exc:  # safefile.FileExists too
        return error(f"{args.deck}: cannot add the source: {exc.strerror or exc}; nothing was changed")
    say(f"added source '{draft.id}' ({draft.title}) to {args.deck}")
    for rel in prepared.files:
        say(f"  wrote {folder / rel}")
    say(f'next: cite it; find a passage with  ketquiz quote {args.deck} {draft.id} "a few words"')
    return 0


def run_refresh(args: argparse.Namespace) -> int:
    from ketquiz.authoring.deck_sources import RefreshError, plan_refresh, unmatched_quotes, write_refresh
    from ketquiz.commands.common import load_deck_for_authoring
    from ketquiz.decks import load_deck
    from ketquiz.decks.provenance import original_path

    deck = load_deck_for_authoring(args.deck)
    if deck is None:
        return 1
    try:
        deck_text = _read_deck_text(args.deck)
    except (OSError, UnicodeDecodeError) as exc:
        return error(f"{args.deck}: cannot read it: {exc}")
    originals = []
    for source in deck.sources:
        path = original_path(deck, source)
        if path is None:
            continue
        raw = _read(path)
        if raw is None:
            return 1
        originals.append((source, path, raw))
    try:
        refresh = plan_refresh(args.deck, deck_text, originals)
    except RefreshError as exc:
        return error(str(exc))
    refreshed = refresh.sources
    if not refreshed:
        say("every source is up to date with its original")
        return 0
    try:
        write_refresh(args.deck.parent, args.deck, refresh)
    except OSError as exc:
        return error(
            f"{args.deck}: cannot write the re-extracted sources: {exc.strerror or exc}; the deck still records "
            "the old originals, so `ketquiz sources refresh` can be run again"
        )
    say(f"re-extracted {', '.join(refreshed)}")
    result = load_deck(args.deck)
    lost = [
        d
        for d in result.diagnostics
        if d.code == "quote-not-found" and any(f"source '{s}'" in d.message for s in refreshed)
    ]
    if lost:
        quotes = unmatched_quotes(result.deck, set(refreshed)) if result.deck is not None else {}
        for d in lost:
            print_diagnostics([d], err=False)
            if (d.line, d.column) in quotes:
                say(f"  {quotes[(d.line, d.column)]}")
        return error(
            f"{counted(len(lost), 'quote')} no longer {'matches' if len(lost) == 1 else 'match'} the re-extracted text (see above)"
        )
    say("every quote still matches")
    return 0
