"""``ketquiz new``: a deck folder over some documents, written all or nothing, and only if its deck passes check.

:func:`create_deck_folder` reads the documents (plain text copied byte for byte; web pages, PDFs and Markdown
extracted, the original kept beside the text), drafts the deck with :func:`ketquiz.authoring.scaffold.draft_deck`,
stages the folder (:mod:`ketquiz.authoring.deckfolder`), has the caller check the staged deck, and puts it in
place only when it passes. Reading decks is another package's job, so the caller passes in the check, the deck
format's JSON Schema and the largest source a deck may have. Every refusal is a :class:`NewDeckError` whose
message is fit for the author.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from ketquiz.core.diagnostics import Diagnostic


class NewDeckError(Exception):
    """The deck folder was not made; the message says why (and, where it matters, that nothing was written)."""


class DeckFailsCheck(NewDeckError):
    """The deck drafted from the documents would not pass check; nothing was written."""

    def __init__(self, message: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics  # against the folder the author asked for


@dataclass(frozen=True, slots=True)
class DeckCheck:
    """What checking a deck file found: whether it passes, and every problem (errors, warnings, lints)."""

    ok: bool
    diagnostics: list[Diagnostic]


@dataclass(frozen=True, slots=True)
class NewDeck:
    """A deck folder made: its deck file, how many sources it has, and the warnings its check gave."""

    deck_file: Path
    sources: int
    diagnostics: list[Diagnostic]


def create_deck_folder(
    target: Path,
    documents: Sequence[Path],
    *,
    deck_id: str | None,
    title: str | None,
    schema_json: str,
    max_source_bytes: int,
    check: Callable[[Path], DeckCheck],
) -> NewDeck:
    """Make the deck folder ``target`` over ``documents``; raise :class:`NewDeckError` leaving nothing behind.

    ``deck_id`` and ``title`` default to the folder's name; ``schema_json`` is written beside the deck for editors;
    ``check`` reads a deck file and says whether it passes.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NewDeckError(f"{target}: already exists and is not an empty folder; nothing was written")
    folder_name = target.resolve().name
    deck_id = deck_id or slugify(folder_name) or "my-deck"
    if slugify(deck_id) != deck_id:
        raise NewDeckError(
            f"--id {deck_id!r}: use lowercase letters, digits and hyphens, e.g. {slugify(deck_id) or 'my-deck'!r}"
        )
    title = title or (
        " ".join(folder_name.replace("-", " ").replace("_", " ").split()).capitalize() or deck_id
    )
    drafts, files = _sources(documents, max_source_bytes)
    try:
        deck_text = draft_deck(deck_id, title, drafts)
    except ScaffoldError as exc:
        raise NewDeckError(f"{exc}; nothing was written") from exc
    deck_name = f"{deck_id}.yaml"
    files[SCHEMA_FILE] = schema_json.encode("utf-8")
    files[deck_name] = deck_text.encode("utf-8")
    found = _write_checked(target, deck_name, files, check)
    return NewDeck(target / deck_name, len(drafts), found)


def _sources(documents: Sequence[Path], max_source_bytes: int) -> tuple[list[SourceDraft], dict[str, bytes]]:
    """Each document as a source entry, and the files to write for them (paths relative to the deck folder)."""
    drafts: list[SourceDraft] = []
    files: dict[str, bytes] = {}
    ids: set[str] = set()
    names: set[str] = set()
    for path in documents:
        try:
            if not path.exists():
                raise NewDeckError(f"{path}: no such file")
            if not path.is_file():
                raise NewDeckError(f"{path}: not a file; name each source document")
            if path.stat().st_size > max_source_bytes:
                raise NewDeckError(f"{path}: larger than {max_source_bytes:,} bytes")
            raw = path.read_bytes()
        except OSError as exc:
            raise NewDeckError(f"{path}: cannot read it: {exc.strerror or exc}") from exc
        if kind_of(path) is None or kind_of(path) == "text":
            # any other file is read as UTF-8 text and copied byte for byte, under a tidy name
            try:
                text = raw.decode("utf-8").removeprefix("\ufeff")
            except UnicodeDecodeError as exc:
                raise NewDeckError(
                    f"{path}: not UTF-8 text (byte {exc.start}); convert it to UTF-8 first"
                ) from exc
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
            raise NewDeckError(f"{path}: {exc}; nothing was written") from exc
        drafts.append(prepared.draft)
        files.update(prepared.files)
    return drafts, files


def _write_checked(
    target: Path, deck_name: str, files: dict[str, bytes], check: Callable[[Path], DeckCheck]
) -> list[Diagnostic]:
    """Stage the folder, check the staged deck, and put it in place only if it passes: all or nothing.

    Returns what the check found (warnings only, as it passed), named at the folder the author will have.
    """
    from ketquiz.authoring.deckfolder import FolderError, commit, discard, stage

    try:
        staging, created = stage(target, files)
    except OSError as exc:
        raise NewDeckError(
            f"{target}: cannot write the deck folder: {exc.strerror or exc}; nothing was written"
        ) from exc
    result = check(staging / deck_name)
    # report against the folder the author will have, not the staging one
    found = [
        dataclasses.replace(d, file=d.file.replace(str(staging), str(target), 1)) for d in result.diagnostics
    ]
    if not result.ok:
        discard(staging, created)
        raise DeckFailsCheck(
            f"{target}: the deck made from these documents would not pass check (see above), so nothing was "
            "written",
            found,
        )
    try:
        commit(staging, target, created)
    except FolderError as exc:
        raise NewDeckError(
            f"{target}: cannot put the deck folder in place: {exc.strerror}; nothing was written"
        ) from exc
    return found
