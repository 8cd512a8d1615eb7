"""Loading decks through the compiled-deck cache: the compiled copy when it is fresh, else the YAML (which is
then compiled for next time).

``check`` is the authority and always reads the YAML (:attr:`CacheMode.REFRESH`); every other reader of a
checked deck takes :attr:`CacheMode.USE`. Nothing here imports the YAML parser until a deck has to be parsed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ketquiz.decks.cache import CacheMode, cache_enabled, read_entry, write_entry
from ketquiz.decks.deckfiles import DeckLoad, collector_paused, find_deck_files


@dataclass(slots=True)
class Loaded:
    """Decks loaded, with notes about the cache (a damaged entry rebuilt) for the user."""

    loads: list[DeckLoad] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Deck files read from YAML this time (the rest came from the cache).
    parsed: list[Path] = field(default_factory=list)


def default_mode(*, refresh: bool = False) -> CacheMode:
    """USE (or REFRESH, for ``check``) unless the cache is turned off by ``--no-cache`` / ``KETQUIZ_NO_CACHE``."""
    if not cache_enabled():
        return CacheMode.OFF
    return CacheMode.REFRESH if refresh else CacheMode.USE


def load_deck_cached(path: Path, mode: CacheMode | None = None, into: Loaded | None = None) -> DeckLoad:
    """Load one deck file; ``into`` collects notes and which decks were parsed. Never raises for a bad deck."""
    mode = default_mode() if mode is None else mode
    out = into if into is not None else Loaded()
    if mode is CacheMode.USE:
        with collector_paused():
            found = read_entry(path)
        if isinstance(found, tuple):
            deck, diagnostics = found
            result = DeckLoad(path, deck, diagnostics)
            out.loads.append(result)
            return result
        if isinstance(found, str):
            out.notes.append(found)
    from ketquiz.decks.loader import load_deck

    started = time.time_ns()
    result = load_deck(path)
    out.loads.append(result)
    out.parsed.append(path)
    if mode is not CacheMode.OFF and result.ok and result.deck is not None:
        write_entry(path, result.deck, result.diagnostics, started)
    return result


def load_decks_cached(paths: list[Path], mode: CacheMode | None = None) -> Loaded:
    """Every deck named or found under the directories named, as :func:`ketquiz.decks.load_decks` gives them."""
    files, problems = find_deck_files(paths)
    out = Loaded()
    for f in files:
        load_deck_cached(f, mode, out)
    for d in problems:
        out.loads.append(DeckLoad(Path(d.file), None, [d]))
    return out
