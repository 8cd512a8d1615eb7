"""The decks the app was started on: which loaded, which were skipped, and the problems found in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ketquiz.core.model import Deck

if TYPE_CHECKING:
    from ketquiz.core.diagnostics import Diagnostic


@dataclass(slots=True)
class Catalog:
    decks: list[Deck] = field(default_factory=list)
    #: Deck files that could not be loaded, each with its diagnostics (errors and warnings).
    skipped: list[tuple[Path, list[Diagnostic]]] = field(default_factory=list)
    #: Warnings about decks that did load.
    warnings: list[Diagnostic] = field(default_factory=list)

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
        return f"Skipped {len(self.skipped)} deck(s) with errors ({names}; {errors} error(s)) — press p to see them."


def load_catalog(paths: list[Path]) -> Catalog:
    """Load every deck under ``paths`` (each from the compiled-deck cache when it is fresh); broken ones are
    skipped and reported, never raised."""
    from ketquiz.decks.cached_load import load_decks_cached

    catalog = Catalog()
    seen: set[str] = set()
    loaded = load_decks_cached(paths)
    if loaded.notes:
        from ketquiz.core.diagnostics import Diagnostic

        catalog.warnings.extend(Diagnostic("ketquiz", 0, 0, "warning", "cache-rebuilt", n) for n in loaded.notes)
    for res in loaded.loads:
        if res.ok and res.deck is not None:
            if res.deck.id in seen:
                from ketquiz.core.diagnostics import Diagnostic

                d = Diagnostic(str(res.path), 0, 0, "error", "duplicate-deck", f"another deck has the id {res.deck.id!r}")
                catalog.skipped.append((res.path, [d]))
                continue
            seen.add(res.deck.id)
            catalog.decks.append(res.deck)
            catalog.warnings.extend(d for d in res.diagnostics if not d.is_error)
        elif any(d.is_error for d in res.diagnostics):
            catalog.skipped.append((res.path, res.diagnostics))
        else:
            catalog.warnings.extend(res.diagnostics)
    return catalog
