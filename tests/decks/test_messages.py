"""Deck errors that used to mislead: each says what is wrong and how to put it right, once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ketquiz.decks import load_deck

from .conftest import GOOD_DECK

MakeDeck = Callable[..., Path]
NMDA_ANSWER = "answer: NMDA receptor"


def errors(make_deck: MakeDeck, text: str) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in load_deck(make_deck(text)).diagnostics if d.is_error]


def test_an_unknown_card_type_is_the_one_error(make_deck: MakeDeck) -> None:
    found = errors(make_deck, GOOD_DECK.replace("type: mcq", "type: quiz", 1))
    assert [code for code, _ in found] == ["bad-type"]  # not "unknown field 'prompt'; did you mean 'prompt'?"
    typo = errors(
        make_deck,
        GOOD_DECK.replace("type: mcq", "type: quiz", 1).replace("    prompt: Which", "    promt: Which"),
    )
    assert ("unknown-key", "unknown field 'promt' in a card; did you mean 'prompt'?") in typo


def test_a_field_of_another_card_type_is_named_as_such(make_deck: MakeDeck) -> None:
    text = GOOD_DECK.replace(
        "    prompt: How soon is relief reported?\n",
        "    prompt: How soon is relief reported?\n    choices: [a, b]\n",
    )
    assert errors(make_deck, text) == [
        ("unknown-key", "'choices' is not a field of a basic card; it is a field of mcq and multi cards")
    ]


def test_an_mcq_answer_that_is_a_mapping(make_deck: MakeDeck) -> None:
    found = errors(make_deck, GOOD_DECK.replace(NMDA_ANSWER, "answer: {text: NMDA receptor}", 1))
    assert (
        "wrong-type",
        "'answer' of card 'nmda' must be the text of the correct choice, found a mapping",
    ) in found
    assert not [m for _, m in found if "must be a list" in m]


def test_a_merge_key_error_is_reported_once(make_deck: MakeDeck) -> None:
    found = errors(make_deck, GOOD_DECK.replace("  - id: nmda\n", "  - <<: 5\n    id: nmda\n", 1))
    assert [m for _, m in found if "merge key" in m] == [
        "a merge key (<<) takes a mapping or a list of mappings"
    ]


def test_an_answer_given_as_a_letter_names_the_choices(make_deck: MakeDeck) -> None:
    (found,) = errors(make_deck, GOOD_DECK.replace(NMDA_ANSWER, "answer: B", 1))
    assert found[1] == (
        "answer 'B' is not one of the choices of card 'nmda': write the choice's text, not its letter "
        "(B is 'GABA receptor'); choices: A) 'NMDA receptor', B) 'GABA receptor', C) 'serotonin receptor'"
    )
    (found,) = errors(make_deck, GOOD_DECK.replace(NMDA_ANSWER, "answer: E", 1))
    assert "there is no choice E" in found[1] and "C) 'serotonin receptor'" in found[1]
    (found,) = errors(make_deck, GOOD_DECK.replace(NMDA_ANSWER, "answer: nmda receptor", 1))
    assert "'NMDA receptor' differs only in letter case" in found[1]
    multi = errors(make_deck, GOOD_DECK.replace("answers: [nausea, dizziness]", "answers: [A, B]", 1))
    assert len(multi) == 2 and all("choices: A) 'nausea', B) 'dizziness', C) 'fever'" in m for _, m in multi)
