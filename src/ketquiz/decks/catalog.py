"""The decks the app was started on: which loaded, which were skipped, and the problems found in them.

Decks come in two steps so the home screen never waits for YAML: :func:`scan_catalog` takes every deck whose
compiled copy is fresh (see :mod:`ketquiz.decks.cache`) and lists the rest as ``pending``; :func:`recheck` then
reads one pending deck's YAML (compiling it for next time) and :meth:`Catalog.add` puts it in its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ketquiz.core.model import Deck
from ketquiz.core.words import counted

if TYPE_CHECKING:
    from ketquiz.core.diagnostics import Diagnostic
    from ketquiz.decks.deckfiles import DeckLoad


@dataclass(slots=True)
class Catalog:
    decks: list[Deck] = field(default_factory=list)
    #: Deck files that could not be loaded, each with its diagnostics (errors and warnings).
    skipped: list[tuple[Path, list[Diagnostic]]] = field(default_factory=list)
    #: Warnings about decks that did load.
    warnings: list[Diagnostic] = field(default_factory=list)
    #: Deck files changed since they were last compiled, still to be read from their YAML.
    pending: list[Path] = field(default_factory=list)
    #: Every deck file in the order found: decks are listed in this order whichever step loaded them.
    order: dict[str, int] = field(default_factory=dict)

    @property
    def problems(self) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        for _, diags in self.skipped:
            out.extend(diags)
        out.extend(self.warnings)
        return out

    def skipped_note(self) -> str:
        """One line for the home screen, empty when every deck loaded."""
        if not self.skipped:
            return ""
        names = ", ".join(p.name for p, _ in self.skipped)
        errors = sum(1 for _, ds in self.skipped for d in ds if d.is_error)
        skipped = counted(len(self.skipped), "deck")
        return f"Skipped {skipped} with errors ({names}; {counted(errors, 'error')}) — press p to see them."

    def pending_note(self) -> str:
        """One line for the home screen while changed decks are re-checked, empty when none is."""
        if not self.pending:
            return ""
        names = ", ".join(p.name for p in self.pending)
        return f"Checking {counted(len(self.pending), 'changed deck')} ({names})…"

    def add(self, res: DeckLoad) -> Deck | None:
        """Take one loaded deck (or its problems); the deck when it joined the list. Never raises."""
        if res.path in self.pending:
            self.pending.remove(res.path)
        if res.ok and res.deck is not None:
            same = next((d for d in self.decks if d.id == res.deck.id), None)
            if same is not None and same.path == str(
                res.path
            ):  # read again (its compiled cards were damaged)
                self.decks[:] = [d for d in self.decks if d is not same]
                same = None
            if same is not None:
                # Of two decks with one id the first found wins, whichever was loaded first.
                if self._rank(same.path) <= self._rank(str(res.path)):
                    self._duplicate(res.path, res.deck.id)
                    return None
                self.decks[:] = [d for d in self.decks if d is not same]
                self._duplicate(Path(same.path), same.id)
            self.decks.append(res.deck)
            self.decks.sort(key=lambda deck: self._rank(deck.path))
            self.warnings.extend(d for d in res.diagnostics if not d.is_error)
            return res.deck
        if any(d.is_error for d in res.diagnostics):
            self.skipped.append((res.path, res.diagnostics))
        else:
            self.warnings.extend(res.diagnostics)
        return None

    def set_aside(self, deck: Deck, message: str) -> None:
        """Take ``deck`` off the list to be read again from its YAML (``message``: why, kept as a note)."""
        self.decks[:] = [d for d in self.decks if d is not deck]  # by identity: == would read deferred cards
        path = Path(deck.path)
        if path not in self.pending:
            self.pending.append(path)
        self.note(f"{message}; read it again from its YAML")

    def _rank(self, path: str) -> int:
        return self.order.get(path, len(self.order))

    def _duplicate(self, path: Path, deck_id: str) -> None:
        from ketquiz.core.diagnostics import Diagnostic

        d = Diagnostic(str(path), 0, 0, "error", "duplicate-deck", f"another deck has the id {deck_id!r}")
        self.skipped.append((path, [d]))

    def note(self, message: str) -> None:
        """A note about the compiled-deck cache (an entry rebuilt), listed with the problems."""
        from ketquiz.core.diagnostics import Diagnostic

        self.warnings.append(Diagnostic("ketquiz", 0, 0, "warning", "cache-rebuilt", message))


#: Deck files found under some paths, and the problems finding them (see ``deckfiles.find_deck_files``).
Found = tuple[list[Path], list["Diagnostic"]]


def scan_catalog(paths: list[Path], listed: Found | None = None, *, defer_cards: bool = False) -> Catalog:
    """Every deck under ``paths`` that can be taken from its compiled copy, without reading any YAML; the others
    are left in ``pending`` for :func:`recheck`. ``listed``: the deck files under ``paths``, when already found.
    ``defer_cards``: the decks' cards are read when first used (see :class:`ketquiz.core.model.DeferredCards`)."""
    from ketquiz.decks.cache import cache_enabled, read_entry
    from ketquiz.decks.deckfiles import DeckLoad, collector_paused, find_deck_files

    files, problems = listed if listed is not None else find_deck_files(paths)
    catalog = Catalog(order={str(f): i for i, f in enumerate(files)})
    for f in files:
        found = None
        if cache_enabled():
            with collector_paused():
                found = read_entry(f, defer_cards=defer_cards)
        if isinstance(found, tuple):
            deck, diagnostics = found
            catalog.add(DeckLoad(f, deck, diagnostics))
            continue
        if isinstance(found, str):
            catalog.note(found)
        catalog.pending.append(f)
    for d in problems:
        catalog.add(DeckLoad(Path(d.file), None, [d]))
    return catalog


def recheck(path: Path) -> DeckLoad:
    """Read one deck's YAML (the slow step, for a worker thread) and compile it for next time."""
    from ketquiz.decks.cached_load import default_mode, load_deck_cached

    return load_deck_cached(path, default_mode(refresh=True))


def load_catalog(paths: list[Path]) -> Catalog:
    """Load every deck under ``paths`` (each from its compiled copy when fresh); broken ones are skipped and
    reported, never raised."""
    catalog = scan_catalog(paths)
    for path in list(catalog.pending):
        catalog.add(recheck(path))
    return catalog
