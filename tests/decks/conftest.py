"""A small deck over a made-up source, written fresh into a temporary folder for each test."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

SOURCE_TEXT = (
    "Ketamine and the brain\n"
    "Ketamine works by blocking the NMDA receptor, which changes glutamate signalling.\n"
    "Patients often report relief \u201cwithin hours\u201d \u2014 sometimes\u00a0within  a day.\n"
    "Side effects can include nausea, dizziness and dissociation.\n"
    "Relief may last for weeks in some people.\n"
)

GOOD_DECK = """\
id: tiny
title: Tiny deck
notice: A study aid, not medical advice.
sources:
  - id: brain
    title: Ketamine and the brain
    file: sources/brain.txt
topics:
  - id: mechanism
    title: Mechanism
  - id: onset
    title: Onset
cards:
  - id: nmda
    topic: mechanism
    type: mcq
    prompt: Which receptor does ketamine block?
    choices: [NMDA receptor, GABA receptor, serotonin receptor]
    answer: NMDA receptor
    citations:
      - source: brain
        quote: Ketamine works by blocking the NMDA receptor
  - id: effects
    topic: mechanism
    type: multi
    prompt: Which side effects are named?
    choices: [nausea, dizziness, fever, rash]
    answers: [nausea, dizziness]
    citations:
      - source: brain
        quote: Side effects can include nausea, dizziness and dissociation.
  - id: fast
    topic: onset
    type: truefalse
    prompt: Relief is reported within hours.
    answer: true
    citations:
      - source: brain
        quote: Patients often report relief "within hours" - sometimes within a day.
  - id: blank
    topic: onset
    type: cloze
    text: Relief may last for {{weeks}} in some people.
    accept: [week]
    citations:
      - source: brain
        quote: Relief may last for weeks in some people.
  - id: typed
    topic: onset
    type: typed
    prompt: Which neurotransmitter's signalling changes?
    answer: glutamate
    citations:
      - source: brain
        quote: which changes glutamate signalling
  - id: recall
    topic: onset
    type: basic
    prompt: How soon is relief reported?
    answer: Within hours, sometimes within a day.
    disagreements: [speed]
    citations:
      - source: brain
        quote: sometimes within a day
disagreements:
  - id: speed
    topic: onset
    summary: How soon relief comes.
    self_contradiction: true
    positions:
      - source: brain
        says: Within hours.
        quote: Patients often report relief "within hours"
      - source: brain
        says: Within a day.
        quote: sometimes within a day.
"""


@pytest.fixture
def make_deck(tmp_path: Path) -> Callable[..., Path]:
    """Write a deck (the good one, or the text given) with the source beside it; return the deck file."""

    def make(text: str = GOOD_DECK, name: str = "deck.yaml") -> Path:
        (tmp_path / "sources").mkdir(exist_ok=True)
        (tmp_path / "sources" / "brain.txt").write_text(SOURCE_TEXT, encoding="utf-8")
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return make
