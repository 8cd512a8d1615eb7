"""Grading, table-driven: each row is a card, a response and the verdict expected."""

from __future__ import annotations

import pytest

from ketquiz.core.grading import GradeResult, ResponseTypeError, grade, grade_text, words
from ketquiz.core.model import Card, CardType
from ketquiz.core.scheduling import Rating
from tests.factories import CITE, choice_card, typed_card

MCQ = choice_card("m", CardType.MCQ, ("NMDA", "GABA", "dopamine"), (0,))
MULTI = choice_card("mm", CardType.MULTI, ("a", "b", "c", "d"), (0, 2))
TF_TRUE = choice_card("tf", CardType.TRUEFALSE, ("True", "False"), (0,))
TF_FALSE = choice_card("tf2", CardType.TRUEFALSE, ("True", "False"), (1,))
BASIC = Card("b", "t1", CardType.BASIC, "Explain.", "Because.", citations=CITE)
CLOZE = Card("cz", "t1", CardType.CLOZE, "Ketamine blocks the _____ receptor.", "NMDA", accept=("N-methyl-D-aspartate",),
             text="Ketamine blocks the {{NMDA}} receptor.", citations=CITE)  # fmt: skip


@pytest.mark.parametrize(
    ("card", "response", "correct", "score"),
    [
        (MCQ, 0, True, 1.0),
        (MCQ, 1, False, 0.0),
        (TF_TRUE, True, True, 1.0),
        (TF_TRUE, False, False, 0.0),
        (TF_FALSE, False, True, 1.0),
        (TF_FALSE, 0, False, 0.0),
        (MULTI, {0, 2}, True, 1.0),
        (MULTI, frozenset({0, 2}), True, 1.0),
        (MULTI, {0}, False, 0.5),  # one of two right, none wrong
        (MULTI, {0, 1}, False, 0.0),  # one right, one wrong
        (MULTI, {0, 1, 2}, False, 0.5),  # two right, one wrong
        (MULTI, {0, 1, 2, 3}, False, 0.0),  # guessing everything
        (MULTI, set(), False, 0.0),
    ],
)
def test_choice_cards_are_graded_exactly(card: Card, response: object, correct: bool, score: float) -> None:
    result = grade(card, response)  # type: ignore[arg-type]
    assert (result.correct, result.score, result.max_score) == (correct, score, 1.0)
    assert result.rating is (Rating.GOOD if correct else Rating.AGAIN)
    assert result.expected == card.answer


@pytest.mark.parametrize(
    ("answer", "accept", "response", "correct", "note"),
    [
        ("NMDA receptor", (), "NMDA receptor", True, ""),
        ("NMDA receptor", (), "  nmda   RECEPTOR. ", True, ""),  # case, spaces, surrounding punctuation
        ("NMDA receptor", (), '"NMDA receptor!"', True, ""),
        ("Esketamine", (), "ésketamine", True, ""),  # accents
        ("café", (), "cafe", True, ""),
        ("NMDA receptor", (), "NMDA receptr", True, "accepted with one typo"),  # deletion, word of 5+
        ("NMDA receptor", (), "NMDA recpetor", True, "accepted with one typo"),  # transposition
        ("NMDA receptor", (), "NMDA recepteur", False, ""),  # two edits
        ("NMDA receptor", (), "NDMA receptor", False, ""),  # typo in a 4-letter word is not forgiven
        ("NMDA receptor", (), "NMDA recptr", False, ""),
        ("nasal spray", (), "nasel sprey", False, ""),  # one typo in each of two words: two typos
        ("NMDA receptor", (), "GABA receptor", False, ""),
        ("NMDA receptor", (), "", False, "no answer given"),
        ("2 hours", (), "two hours", True, ""),  # numbers as words
        ("24 hours", (), "twenty-four hours", True, ""),
        ("24 hours", (), "twenty four hours", True, ""),
        ("twenty-four hours", (), "24 hours", True, ""),
        ("105", (), "one hundred and five", True, ""),
        ("1,000", (), "1000", True, ""),
        ("1000", (), "one thousand", True, ""),
        ("24 hours", (), "25 hours", False, ""),  # numbers are never "typos"
        ("12345", (), "12346", False, ""),
        ("up to 24 hours", ("a day", "one day"), "1 day", True, "accepted alternative answer"),
        ("N-methyl-D-aspartate", (), "N methyl D aspartate", True, ""),  # hyphen as space
    ],
)
def test_typed_answers_are_graded_leniently(
    answer: str, accept: tuple[str, ...], response: str, correct: bool, note: str
) -> None:
    result = grade(typed_card("x", answer, accept), response)
    assert result.correct is correct
    assert result.score == (1.0 if correct else 0.0)
    assert result.note == note
    assert result.expected == answer
    assert result.rating is (Rating.GOOD if correct else Rating.AGAIN)


def test_cloze_accepts_its_alternatives() -> None:
    assert grade(CLOZE, "n-methyl-d-aspartate").correct
    assert grade(CLOZE, "nmda").correct
    assert not grade(CLOZE, "GABA").correct


@pytest.mark.parametrize(
    ("expected", "response", "diff"),
    [
        ("rapid", "rapidly", "rapid~~ly~~"),
        ("receptor", "receptr", "recept[+o]r"),
        ("glutamate", "glutamine", "glutam~~in~~[+at]e"),
    ],
)
def test_the_difference_is_shown(expected: str, response: str, diff: str) -> None:
    result = grade_text([expected], response)
    assert result.diff == diff
    extra = "".join(t for k, t in result.diff_parts if k != "missing")
    assert extra == response  # the learner's own text, in order


@pytest.mark.parametrize(("expected", "response"), [("NMDA", "GABA"), ("BDNF", "ketamine")])
def test_unrelated_wrong_answers_get_no_character_diff(expected: str, response: str) -> None:
    result = grade_text([expected], response)
    assert not result.correct
    assert result.diff is None and result.diff_parts == ()
    assert result.expected == expected


def test_an_exact_answer_has_no_diff() -> None:
    assert grade_text(["Ketamine"], "ketamine").diff is None


def test_basic_cards_are_self_graded() -> None:
    unrated = grade(BASIC, None)
    assert (unrated.correct, unrated.expected, unrated.rating) == (False, "Because.", Rating.GOOD)
    assert grade(BASIC, True).correct
    assert grade(BASIC, False).rating is Rating.AGAIN


def test_the_learner_can_override() -> None:
    wrong = grade(typed_card("x", "NMDA"), "GABA")
    assert wrong.overridden(True) == GradeResult(
        True, 1.0, 1.0, "NMDA", wrong.diff, Rating.GOOD, "grade overridden by the learner", wrong.diff_parts
    )


@pytest.mark.parametrize(
    ("card", "response"),
    [
        (MCQ, "NMDA"),
        (MCQ, 7),
        (MCQ, True),
        (MULTI, 0),
        (MULTI, {9}),
        (typed_card("x", "a"), 3),
        (BASIC, "text"),
    ],
)
def test_a_response_of_the_wrong_kind_is_refused_clearly(card: Card, response: object) -> None:
    with pytest.raises(ResponseTypeError, match=card.id):
        grade(card, response)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Twenty-four hours.", ["24", "hours"]),
        ("one hundred and five", ["105"]),
        ("bread and butter", ["bread", "and", "butter"]),
        ("three and four", ["3", "and", "4"]),
        ("two thousand twenty", ["2020"]),
    ],
)
def test_words_turns_number_words_into_digits(text: str, expected: list[str]) -> None:
    assert words(text) == expected
