"""Loading decks from YAML files at the edge: files in, core model and diagnostics out."""

from ketquiz.decks.loader import DeckLoad, find_deck_files, load_deck, load_decks

__all__ = ["DeckLoad", "find_deck_files", "load_deck", "load_decks"]
