"""The deck's lookups by id: get_* for an id that may be missing, the plain accessors for a checked deck."""

from __future__ import annotations

import dataclasses

import pytest

from ketquiz.core.model import Deck, Disagreement, Position, Source, Topic
from tests.factories import make_deck, typed_card


def _deck() -> Deck:
    base = make_deck(3)
    first, second = Source("src", "First", "a.txt"), Source("src", "Second", "b.txt")
    speed = Disagreement("speed", "t1", "How soon.", (Position("src", "Soon.", "q"),))
    return dataclasses.replace(base, sources=(first, second), disagreements=(speed,))


def test_get_finds_each_kind_by_id_and_says_none_for_a_missing_one() -> None:
    deck = _deck()
    assert deck.get_topic("t2") == Topic("t2", "T2")
    assert deck.get_card("c1") == deck.cards[1]
    assert deck.get_disagreement("speed") is deck.disagreements[0]
    assert deck.get_source("src") is deck.sources[0]  # of a duplicated id, the first, as a scan finds
    for get in (deck.get_source, deck.get_topic, deck.get_card, deck.get_disagreement):
        assert get("nowhere") is None
    assert deck.get_card("t1") is None  # a topic's id is not a card's


def test_the_plain_accessors_raise_keyerror_naming_the_id() -> None:
    deck = _deck()
    assert deck.card("c2").answer == "answer 2" and deck.source("src").title == "First"
    for lookup in (deck.source, deck.topic, deck.card, deck.disagreement):
        with pytest.raises(KeyError, match="nowhere"):
            lookup("nowhere")


def test_a_changed_copy_looks_up_its_own_items() -> None:
    deck = _deck()
    copy = dataclasses.replace(deck, cards=(typed_card("new", "x"),))
    assert copy.get_card("new") is copy.cards[0] and copy.get_card("c0") is None
    assert deck.get_card("new") is None
