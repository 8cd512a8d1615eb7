"""Ids are checked against the whole text: Python's ``$`` also matches before a final newline, so an id
``"mini\\n"`` once passed and made files with a newline in their names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ketquiz.decks import load_deck

from .conftest import GOOD_DECK

MakeDeck = Callable[..., Path]


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        ("id: tiny\n", 'id: "tiny\\n"\n', "deck id"),
        ("  - id: nmda\n", '  - id: "nmda\\n"\n', "card id"),
        ("  - id: mechanism\n", '  - id: "mechanism\\n"\n', "topic id"),
        ("  - id: brain\n", '  - id: "brain\\n"\n', "source id"),
    ],
)
def test_an_id_with_a_trailing_newline_is_refused(make_deck: MakeDeck, old: str, new: str, what: str) -> None:
    assert old in GOOD_DECK
    result = load_deck(make_deck(GOOD_DECK.replace(old, new, 1)))
    bad = [d for d in result.diagnostics if d.code == "bad-id"]
    assert bad and bad[0].message.startswith(what), result.diagnostics
