"""The file work of ``ketquiz sources``: a new source's files and the deck's new entry written all or nothing,
the file names a deck folder already uses, and the quotes a re-extracted source no longer matches.

:mod:`ketquiz.authoring.sourcefiles` makes the entry and the files' contents without touching the disk; this
module writes them (through :mod:`ketquiz.safefile`) and reads the deck model for what ``sources`` reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ketquiz.safefile import write_new

if TYPE_CHECKING:
    from ketquiz.core.model import Deck


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
