"""Loading decks from YAML files at the edge: files in, core model and diagnostics out.

The names are imported on first use, so importing this package (or the compiled-deck cache in it) does not load
the YAML parser: a command served from the cache never needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ketquiz.decks.deckfiles import DeckLoad, find_deck_files
    from ketquiz.decks.loader import load_deck, load_decks

__all__ = ["DeckLoad", "find_deck_files", "load_deck", "load_decks"]

_HOMES = {
    "DeckLoad": "ketquiz.decks.deckfiles",
    "find_deck_files": "ketquiz.decks.deckfiles",
    "load_deck": "ketquiz.decks.loader",
    "load_decks": "ketquiz.decks.loader",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(home), name)
