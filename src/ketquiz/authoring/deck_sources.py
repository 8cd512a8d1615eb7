"""The file work of ``ketquiz sources``: a new source's files and the deck's new entry written all or nothing,
the file names a deck folder already uses, re-extracting the sources whose original changed (every document
extracted before anything is written), and the quotes a re-extracted source no longer matches.

:mod:`ketquiz.authoring.sourcefiles` makes the entry and the files' contents without touching the disk; this
module writes them (through :mod:`ketquiz.safefile`) and reads the deck model for what ``sources`` reports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ketquiz.authoring.documents import DocumentError, extract
from ketquiz.authoring.sourcefiles import DeckEditError, set_entry_field
from ketquiz.safefile import write_new

if TYPE_CHECKING:
    from ketquiz.core.model import Deck, Source


def taken_stems(deck: Deck, folder: Path) -> set[str]:
    """File stems a new source must not reuse: those of the deck's sources and originals, and of every file in
    the folder's ``sources/``."""
    stems = {Path(p).stem for s in deck.sources for p in (s.file, s.original) if p}
    if (folder / "sources").is_dir():
        stems |= {p.stem for p in (folder / "sources").glob("*")}
    return stems


def write_source(folder: Path, files: Mapping[str, bytes], deck_file: Path, deck_text: str) -> None:
    """Write a new source's ``files`` (paths relative to ``folder``; none may exist), then ``deck_text`` over
    ``deck_file``. All or nothing: on a failure the files written are removed and the error (``OSError``, or
    :class:`ketquiz.safefile.FileExists`) raised, with the deck file as it was."""
    written: list[Path] = []
    try:
        for rel, data in files.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            written.append(write_new(target, data))
        write_new(deck_file, deck_text, replace=True)
    except OSError:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def unmatched_quotes(deck: Deck, sources: set[str]) -> dict[tuple[int, int], str]:
    """Each quote into ``sources`` that is not found, by its place in the deck file, with who cites it."""
    out: dict[tuple[int, int], str] = {}
    for card in deck.cards:
        for c in card.citations:
            if c.source in sources and not c.located and c.loc is not None:
                out[(c.loc.line, c.loc.column)] = f"card '{card.id}' quotes: \"{c.quote}\""
    for d in deck.disagreements:
        for p in d.positions:
            if p.source in sources and p.start < 0 and p.loc is not None:
                out[(p.loc.line, p.loc.column)] = f"disagreement '{d.id}' quotes: \"{p.quote}\""
    return out


class RefreshError(Exception):
    """A source could not be re-extracted; nothing was changed. The message names the file and the reason."""


@dataclass(frozen=True, slots=True)
class Refresh:
    """What refreshing a deck's sources would write: nothing is written until all of it is known."""

    deck_text: str  # the deck file, each re-extracted source's entry with its original's new sha256
    texts: dict[str, str]  # text file (relative to the deck's folder) -> its new text, where the text changed
    sources: list[str]  # the ids of the sources re-extracted, in the deck's order


def plan_refresh(deck_file: Path, deck_text: str, originals: Sequence[tuple[Source, Path, bytes]]) -> Refresh:
    """Re-extract each source whose original (``path``, read as ``raw``) no longer has the digest the deck
    records; raise :class:`RefreshError` for the first that cannot be, before anything is written."""
    texts: dict[str, str] = {}
    sources: list[str] = []
    for source, path, raw in originals:
        digest = hashlib.sha256(raw).hexdigest()
        if digest == source.original_sha256:
            continue
        try:
            text = extract(path, raw).text
        except DocumentError as exc:
            raise RefreshError(f"{path}: {exc}; nothing was changed") from exc
        try:
            deck_text = set_entry_field(deck_text, source.id, "sha256", digest)
        except DeckEditError as exc:
            raise RefreshError(f"{deck_file}: {exc}") from exc
        if text != source.text:
            texts[source.file] = text
        sources.append(source.id)
    return Refresh(deck_text, texts, sources)


def write_refresh(folder: Path, deck_file: Path, refresh: Refresh) -> None:
    """Write the new texts, then the deck with the new digests (so a failure part way leaves the deck saying its
    sources are stale, and a second refresh finishes the job). Raises ``OSError``."""
    for rel, text in refresh.texts.items():
        write_new(folder / rel, text.encode("utf-8"), replace=True)
    write_new(deck_file, refresh.deck_text, replace=True)
