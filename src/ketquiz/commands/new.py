"""`ketquiz new DIR --source FILE...`: a new deck folder that passes `ketquiz check` as created."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from ketquiz.commands.common import error, print_diagnostics, say


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
    from ketquiz.authoring.documents import DocumentError, kind_of
    from ketquiz.authoring.scaffold import (
        SCHEMA_FILE,
        ScaffoldError,
        SourceDraft,
        draft_deck,
        first_line,
        slugify,
        unique,
    )
    from ketquiz.authoring.sourcefiles import file_stem, prepare
    from ketquiz.decks.loader import MAX_SOURCE_BYTES
    from ketquiz.decks.schema import deck_schema

    target: Path = args.dir
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        return error(f"{target}: already exists and is not an empty folder; nothing was written")
    folder_name = target.resolve().name
    deck_id = args.deck_id or slugify(folder_name) or "my-deck"
    if slugify(deck_id) != deck_id:
        return error(
            f"--id {deck_id!r}: use lowercase letters, digits and hyphens, e.g. {slugify(deck_id) or 'my-deck'!r}"
        )
    title = args.title or (
        " ".join(folder_name.replace("-", " ").replace("_", " ").split()).capitalize() or deck_id
    )

    drafts: list[SourceDraft] = []
    files: dict[str, bytes] = {}
    ids: set[str] = set()
    names: set[str] = set()
    for path in args.sources:
        try:
            if not path.exists():
                return error(f"{path}: no such file")
            if not path.is_file():
                return error(f"{path}: not a file; name each source document")
            if path.stat().st_size > MAX_SOURCE_BYTES:
                return error(f"{path}: larger than {MAX_SOURCE_BYTES:,} bytes")
            raw = path.read_bytes()
        except OSError as exc:
            return error(f"{path}: cannot read it: {exc.strerror or exc}")
        if kind_of(path) is None or kind_of(path) == "text":
            # any other file is read as UTF-8 text and copied byte for byte, under a tidy name
            try:
                text = raw.decode("utf-8").removeprefix("\ufeff")
            except UnicodeDecodeError as exc:
                return error(f"{path}: not UTF-8 text (byte {exc.start}); convert it to UTF-8 first")
            heading = first_line(text)
            source_id = unique(slugify(heading), ids, f"source-{len(drafts) + 1}")
            simple = re.fullmatch(r"\.[a-z0-9]{1,8}", path.suffix.lower())
            file_name = file_stem(path, names) + (path.suffix.lower() if simple else ".txt")
            drafts.append(SourceDraft(source_id, heading or path.stem, f"sources/{file_name}", text))
            files[f"sources/{file_name}"] = raw
            continue
        try:
            prepared = prepare(path, raw, ids, names)
        except DocumentError as exc:
            return error(f"{path}: {exc}; nothing was written")
        drafts.append(prepared.draft)
        files.update(prepared.files)
    try:
        deck_text = draft_deck(deck_id, title, drafts)
    except ScaffoldError as exc:
        return error(f"{exc}; nothing was written")

    deck_name = f"{deck_id}.yaml"
    files[SCHEMA_FILE] = (json.dumps(deck_schema(), indent=2) + "\n").encode("utf-8")
    files[deck_name] = deck_text.encode("utf-8")
    return _write_checked(target, deck_name, files, len(drafts))


def _write_checked(target: Path, deck_name: str, files: dict[str, bytes], sources: int) -> int:
    """Stage the folder, check the staged deck, and put it in place only if it passes: all or nothing."""
    import dataclasses

    from ketquiz.authoring.deckfolder import FolderError, commit, discard, stage
    from ketquiz.core.lint import lint_deck
    from ketquiz.decks import load_deck

    try:
        staging, created = stage(target, files)
    except OSError as exc:
        return error(f"{target}: cannot write the deck folder: {exc.strerror or exc}; nothing was written")
    result = load_deck(staging / deck_name)
    found = list(result.diagnostics) + (lint_deck(result.deck) if result.deck is not None else [])
    # report against the folder the author will have, not the staging one
    found = [dataclasses.replace(d, file=d.file.replace(str(staging), str(target), 1)) for d in found]
    if not result.ok:
        discard(staging, created)
        print_diagnostics(found, errors_only=True)
        return error(
            f"{target}: the deck made from these documents would not pass check (see above), so nothing was "
            "written"
        )
    try:
        commit(staging, target, created)
    except FolderError as exc:
        return error(f"{target}: cannot put the deck folder in place: {exc.strerror}; nothing was written")
    print_diagnostics(found, err=False)
    deck_file = target / deck_name
    say(f"created {deck_file} with {sources} source(s) in {target / 'sources'} and example cards")
    say(f"next: edit it, then run  ketquiz check --watch {deck_file}")
    return 0
