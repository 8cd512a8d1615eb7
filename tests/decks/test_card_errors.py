"""Each card type's own problems, reported with their code and message at the value they are about.

test_check.py covers most of them; these are the ones it does not (a second correct choice for an mcq, a single
choice, a second cloze blank, an empty blank), and what each card type reads from a correct card.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ketquiz.core.model import CLOZE_BLANK, CardType
from ketquiz.decks import load_deck

from .conftest import GOOD_DECK

MakeDeck = Callable[..., Path]

# (replace this, with that) -> the one diagnostic expected: its code, its message, and the text it points at
CARD_ERRORS = [
    (
        "choices: [NMDA receptor, GABA receptor, serotonin receptor]",
        "choices: [NMDA receptor]",
        "too-few-choices",
        "card 'nmda' needs at least two choices",
        "[NMDA receptor]",
    ),
    (
        "answer: NMDA receptor",
        "answer: [NMDA receptor, GABA receptor]",
        "mcq-one-answer",
        "an mcq has one correct choice; use type multi for several",
        "[NMDA receptor, GABA receptor]",
    ),
    (
        "{{weeks}} in",
        "{{weeks}} or {{days}} in",
        "cloze-many-blanks",
        "card 'blank' has more than one blank; use one per card",
        "Relief may last for {{weeks}} or {{days}} in some people.",
    ),
    (
        "{{weeks}}",
        "{{ }}",
        "cloze-no-blank",
        "card 'blank' has no blank; mark the answer as {{answer}}",
        "Relief may last for {{ }} in some people.",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "code", "message", "at"), CARD_ERRORS, ids=[e[2] for e in CARD_ERRORS]
)
def test_a_card_types_problem_is_reported_at_its_value(
    make_deck: MakeDeck, old: str, new: str, code: str, message: str, at: str
) -> None:
    assert old in GOOD_DECK
    text = GOOD_DECK.replace(old, new, 1)
    (found,) = load_deck(make_deck(text)).diagnostics
    assert (found.code, found.message) == (code, message)
    assert text.splitlines()[found.line - 1][found.column - 1 :] == at


def test_each_card_type_reads_its_own_fields(make_deck: MakeDeck) -> None:
    deck = load_deck(make_deck()).deck
    assert deck is not None
    cards = {c.id: c for c in deck.cards}
    assert {c.type for c in cards.values()} == set(CardType)
    nmda, effects, fast = cards["nmda"], cards["effects"], cards["fast"]
    assert (nmda.choices[nmda.correct[0]], nmda.answer) == ("NMDA receptor", "NMDA receptor")
    assert (effects.correct, effects.answer) == ((0, 1), "nausea; dizziness")
    assert (fast.choices, fast.correct, fast.answer) == (("True", "False"), (0,), "True")
    blank = cards["blank"]
    assert (blank.answer, blank.accept) == ("weeks", ("week",))
    assert blank.prompt == f"Relief may last for {CLOZE_BLANK} in some people."
    assert blank.text == "Relief may last for {{weeks}} in some people."
    assert (cards["typed"].answer, cards["typed"].accept, cards["typed"].choices) == ("glutamate", (), ())
    recall = cards["recall"]
    assert (recall.prompt, recall.answer) == (
        "How soon is relief reported?",
        "Within hours, sometimes within a day.",
    )
    assert recall.disagreements == ("speed",)
