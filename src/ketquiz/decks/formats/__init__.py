"""Exports for the tools teachers already use: Moodle XML, GIFT, QTI 2.1, Kahoot's spreadsheet and Anki packages.

Each format module has ``export(deck) -> Export``: the file's bytes, the cards it could not carry (each with the
reason, for the command to print), and how many it wrote. Every question carries its card's citations (source
title and quoted passage) in the question's general feedback (Kahoot, which has none, gets a Sources sheet), and
contested cards are marked.

The Kahoot and Anki writers need libraries behind the ``exports`` extra; they are imported only when that format
is asked for, and a missing one raises :class:`MissingExtra` naming the install command.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from ketquiz.decks.formats.common import Export, MissingExtra, Skipped

if TYPE_CHECKING:
    from ketquiz.core.model import Deck

__all__ = ["FORMATS", "Export", "MissingExtra", "Skipped", "export", "is_binary"]

#: format name -> (module, whether the output is a binary file that cannot go to a terminal, file extension)
FORMATS: dict[str, tuple[str, bool, str]] = {
    "moodle-xml": ("moodle_xml", False, ".xml"),
    "gift": ("gift", False, ".gift.txt"),
    "qti": ("qti", True, ".zip"),
    "kahoot": ("kahoot", True, ".xlsx"),
    "apkg": ("apkg", True, ".apkg"),
}


def is_binary(fmt: str) -> bool:
    return FORMATS[fmt][1]


def export(deck: Deck, fmt: str) -> Export:
    """The deck in ``fmt`` (one of :data:`FORMATS`)."""
    module = importlib.import_module(f"ketquiz.decks.formats.{FORMATS[fmt][0]}")
    writer: Callable[[Deck], Export] = module.export
    return writer(deck)
