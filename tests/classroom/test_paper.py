from __future__ import annotations

import pytest

from ketquiz.classroom.paper import PaperError, build_paper
from ketquiz.core.grading import grade
from ketquiz.core.model import CardType, Deck


def _shape(paper):
    return [(i.card.id, i.card.choices, i.card.correct) for i in paper.items]


def test_same_seed_gives_the_same_paper(deck: Deck) -> None:
    a = build_paper(deck, seed=1234, count=4)
    b = build_paper(deck, seed=1234, count=4)
    assert _shape(a) == _shape(b)
    assert len(a.items) == 4


def test_different_seeds_give_different_papers(deck: Deck) -> None:
    shapes = {tuple(_shape(build_paper(deck, seed=s))) for s in range(20)}
    assert len(shapes) > 1  # order or option order changes with the seed


def test_shuffled_choices_keep_the_right_answer(deck: Deck) -> None:
    for seed in range(30):
        for item in build_paper(deck, seed=seed).items:
            card, original = item.card, item.original
            assert sorted(card.choices) == sorted(original.choices)
            assert {card.choices[i] for i in card.correct} == {original.choices[i] for i in original.correct}
            if card.type is CardType.MCQ:
                assert grade(card, card.correct[0]).correct


def test_only_auto_graded_uncontested_cards_by_default(deck: Deck) -> None:
    ids = {i.card.id for i in build_paper(deck, seed=7).items}
    assert "mech-basic" not in ids
    assert "relief-contested" not in ids
    assert len(ids) == 6


def test_topics_and_count(deck: Deck) -> None:
    paper = build_paper(deck, seed=3, topics={"speed"})
    assert {i.card.topic for i in paper.items} == {"speed"}
    assert len(build_paper(deck, seed=3, count=100).items) == 6


def test_unknown_topic_and_empty_selection_are_clear_errors(deck: Deck) -> None:
    with pytest.raises(PaperError, match="unknown topic.*nope"):
        build_paper(deck, seed=1, topics={"nope"})
    with pytest.raises(PaperError, match="at least 1"):
        build_paper(deck, seed=1, count=0)


def test_include_contested_accepts_any_sources_position(deck: Deck) -> None:
    paper = build_paper(deck, seed=5, include_contested=True)
    item = next(i for i in paper.items if i.card.id == "relief-contested")
    accepted = {item.card.choices[i] for i in (*item.card.correct, *item.also_accepted)}
    assert accepted == {"up to 24 hours", "weeks to months"}


def test_same_seed_same_paper_in_separate_processes_whatever_the_hash_seed() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from classroom.conftest import make_deck;"
        "from ketquiz.classroom.paper import build_paper;"
        "p = build_paper(make_deck(), seed=2024, count=5, include_contested=True);"
        "print([(i.card.id, i.card.choices, i.also_accepted) for i in p.items])"
    )
    tests = str(Path(__file__).resolve().parent.parent)
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, tests],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": hs},
        ).stdout
        for hs in ("1", "2", "3")
    }
    assert len(outputs) == 1 and "mech" in outputs.pop()


@pytest.mark.parametrize(
    ("said", "choice"),
    [
        ("Kétamine", "ketamine"),
        ("NMDA receptor", "nmda receptor."),
        ("ﬁve days", "five days"),
        ("Glutamate’s  role", "glutamate's role"),
    ],
)
def test_a_position_matches_a_choice_as_a_typed_answer_matches_its_expected_one(
    said: str, choice: str
) -> None:
    """One fold (core.grading's) for both: what grading accepts as the same words, the paper matches too."""
    from ketquiz.classroom.paper import _fold
    from ketquiz.core.grading import grade_text

    assert grade_text([choice], said).correct
    assert _fold(said) == _fold(choice)
