"""A small deck built in code (no YAML, no source files) and helpers shared by the classroom tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ketquiz.core.model import Card, CardType, Citation, Deck, Disagreement, Position, Source, Topic

SOURCE_TEXT = (
    "Ketamine works by blocking a specific type of receptor in the brain called the NMDA receptor. "
    "Relief can last up to 24 hours after one dose. Some patients feel better within hours."
)

START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


def _cite(quote: str) -> Citation:
    start = SOURCE_TEXT.index(quote)
    return Citation("src", quote, start, start + len(quote))


def make_deck() -> Deck:
    nmda = _cite(
        "Ketamine works by blocking a specific type of receptor in the brain called the NMDA receptor."
    )
    relief = _cite("Relief can last up to 24 hours after one dose.")
    cards = (
        Card(
            "mech-nmda",
            "mechanism",
            CardType.MCQ,
            "Which receptor does ketamine block?",
            "NMDA receptor",
            choices=("NMDA receptor", "serotonin receptor", "GABA receptor", "dopamine receptor"),
            correct=(0,),
            citations=(nmda,),
        ),
        Card(
            "mech-where",
            "mechanism",
            CardType.MCQ,
            "Where is that receptor?",
            "in the brain",
            choices=("in the liver", "in the brain", "in the skin"),
            correct=(1,),
            citations=(nmda,),
        ),
        Card(
            "mech-multi",
            "mechanism",
            CardType.MULTI,
            "Which are true?",
            "blocks NMDA; acts in the brain",
            choices=("blocks NMDA", "acts in the brain", "is a vitamin"),
            correct=(0, 1),
            citations=(nmda,),
        ),
        Card(
            "speed-tf",
            "speed",
            CardType.TRUEFALSE,
            "Some patients feel better within hours.",
            "True",
            choices=("True", "False"),
            correct=(0,),
            citations=(_cite("Some patients feel better within hours."),),
        ),
        Card(
            "mech-typed",
            "mechanism",
            CardType.TYPED,
            "Name the receptor ketamine blocks.",
            "NMDA",
            accept=("NMDA receptor",),
            citations=(nmda,),
        ),
        Card(
            "relief-cloze",
            "speed",
            CardType.CLOZE,
            "Relief can last up to _____ hours after one dose.",
            "24",
            text="Relief can last up to {{24}} hours after one dose.",
            citations=(relief,),
        ),
        Card(
            "mech-basic",
            "mechanism",
            CardType.BASIC,
            "Explain how ketamine works.",
            "It blocks NMDA.",
            citations=(nmda,),
        ),
        Card(
            "relief-contested",
            "speed",
            CardType.MCQ,
            "How long does relief last?",
            "up to 24 hours",
            choices=("up to 24 hours", "weeks to months", "ten years"),
            correct=(0,),
            citations=(relief,),
            disagreements=("relief-duration",),
        ),
    )
    return Deck(
        id="test-deck",
        title="Test deck",
        path="test-deck.yaml",
        sources=(Source("src", "A source", "src.txt", text=SOURCE_TEXT, sha256="abc"),),
        topics=(Topic("mechanism", "How it works"), Topic("speed", "How fast")),
        cards=cards,
        disagreements=(
            Disagreement(
                "relief-duration",
                "speed",
                "How long relief lasts.",
                (
                    Position("src", "Up to 24 hours", "Relief can last up to 24 hours after one dose."),
                    Position("other", "Weeks to months", "weeks to months"),
                ),
            ),
        ),
        sha256="deadbeef",
    )


@pytest.fixture
def deck() -> Deck:
    return make_deck()
