"""Question lints: for each rule, a flawed card it flags and a sound card it leaves alone (table-driven)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ketquiz.core.lint import LINT_CODES, lint_card, lint_deck
from ketquiz.core.model import Card, CardType, Deck


def mcq(prompt: str, right: str, *wrong: str, card_id: str = "q") -> Card:
    choices = (right, *wrong)
    return Card(card_id, "t", CardType.MCQ, prompt, right, choices=choices, correct=(0,))


def multi(prompt: str, right: list[str], wrong: list[str]) -> Card:
    choices = (*right, *wrong)
    return Card(
        "q", "t", CardType.MULTI, prompt, "; ".join(right), choices=choices, correct=tuple(range(len(right)))
    )


def typed(prompt: str, answer: str, accept: tuple[str, ...] = ()) -> Card:
    return Card("q", "t", CardType.TYPED, prompt, answer, accept=accept)


def truefalse(prompt: str) -> Card:
    return Card("q", "t", CardType.TRUEFALSE, prompt, "True", choices=("True", "False"), correct=(0,))


# (code, a card with the flaw, the same question written soundly)
CASES = [
    (
        "longest-choice-correct",
        mcq(
            "Which receptor is blocked?",
            "the receptor for NMDA, a glutamate receptor subtype",
            "GABA",
            "opioid",
        ),
        mcq("Which receptor is blocked?", "NMDA", "GABA", "opioid"),
    ),
    (
        "one-wrong-choice",
        multi("Which side effects are listed?", ["nausea", "dizziness", "dissociation"], ["fever"]),
        multi("Which side effects are listed?", ["nausea", "dizziness"], ["fever", "rash"]),
    ),
    (
        "too-few-choices",
        mcq("Which receptor is blocked?", "NMDA", "GABA"),
        mcq("Which receptor is blocked?", "NMDA", "GABA", "opioid"),
    ),
    (
        "grammatical-cue",
        mcq("Ketamine was first used as an", "anesthetic", "painkiller", "sedative"),
        mcq("What was ketamine first used as?", "anesthetic", "painkiller", "sedative"),
    ),
    (
        "grammatical-cue",
        mcq("Which receptor is blocked?", "the NMDA receptor", "a GABA receptor", "an opioid receptor"),
        mcq("Which receptor is blocked?", "the NMDA receptor", "the GABA receptor", "the opioid receptor"),
    ),
    (
        "all-of-the-above",
        mcq("Which is a side effect?", "All of the above", "nausea", "dizziness"),
        mcq("Which is a side effect?", "nausea", "fever", "rash"),
    ),
    (
        "none-of-the-above",
        mcq("Which is a side effect?", "nausea", "fever", "None of these"),
        mcq("Which is a side effect?", "nausea", "fever", "rash"),
    ),
    (
        "negative-stem",
        mcq("Which is not a side effect?", "fever", "nausea", "dizziness"),
        mcq("Which is NOT a side effect?", "fever", "nausea", "dizziness"),
    ),
    (
        "negative-stem",
        truefalse("The article says ketamine doesn't work for everyone."),
        truefalse("The article says ketamine works for some people only."),
    ),
    (
        "answer-in-stem",
        mcq("Which receptor does ketamine block?", "NMDA receptor", "serotonin", "dopamine"),
        mcq(
            "Which receptor does ketamine block?", "NMDA receptor", "serotonin receptor", "dopamine receptor"
        ),
    ),
    (
        "answer-in-stem",
        mcq("What is ketamine's main target?", "ketamine receptor", "glutamate", "dopamine"),
        mcq("What is ketamine's main target?", "ketamine receptor", "ketamine's enzyme", "dopamine"),
    ),
    (
        "duplicate-choice",
        mcq("Which receptor is blocked?", "NMDA", "GABA", "the gaba."),
        mcq("Which receptor is blocked?", "NMDA", "GABA", "opioid"),
    ),
    (
        "narrow-typed-answer",
        typed("What may some people need before they improve?", "several sessions"),
        typed("What may some people need before they improve?", "several sessions", ("more sessions",)),
    ),
]


@pytest.mark.parametrize(("code", "flawed", "sound"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_rule_flags_the_flawed_card_and_not_the_sound_one(code: str, flawed: Card, sound: Card) -> None:
    assert code in {c for c, _, _ in lint_card(flawed)}
    assert code not in {c for c, _, _ in lint_card(sound)}


def test_every_code_has_a_case_or_a_deck_test() -> None:
    tested = {c[0] for c in CASES} | {"choice-position-bias", "longest-choice-correct", "lint-ignore-unused"}
    assert set(LINT_CODES) <= tested


def test_narrow_typed_answer_leaves_names_figures_and_single_words() -> None:
    for answer in ("BDNF", "40 minutes", "glutamate", "Revived IV Therapy"):
        assert not list(lint_card(typed("?", answer)))


def test_a_sound_card_has_no_findings_at_all() -> None:
    card = mcq("Which receptor does ketamine block?", "NMDA", "GABA", "opioid")
    assert list(lint_card(card)) == []


def _deck(cards: list[Card], **kw: object) -> Deck:
    return Deck("d", "D", "d.yaml", cards=tuple(cards), **kw)  # type: ignore[arg-type]


def _sound_mcq(i: int, position: int) -> Card:
    choices = ["alpha", "bravo", "delta", "gamma"]
    right = choices[position]
    return Card(f"c{i}", "t", CardType.MCQ, "Which one?", right, choices=tuple(choices), correct=(position,))


def test_position_bias_flags_a_deck_whose_answers_are_always_first() -> None:
    biased = [_sound_mcq(i, 0) for i in range(12)]
    spread = [_sound_mcq(i, i % 4) for i in range(12)]
    assert "choice-position-bias" in {d.code for d in lint_deck(_deck(biased))}
    assert "choice-position-bias" not in {d.code for d in lint_deck(_deck(spread))}


def test_deck_level_longest_choice_correct() -> None:
    # each right choice is the longest, but only a little: no card-level warning, only the deck-level one
    orders = [("alphas", "bravo", "delta"), ("bravo", "alphas", "delta"), ("bravo", "delta", "alphas")]
    cards = [
        Card(f"c{i}", "t", CardType.MCQ, "Which one?", "alphas", choices=orders[i % 3], correct=(i % 3,))
        for i in range(9)
    ]
    found = lint_deck(_deck(cards))
    assert [d.code for d in found] == ["longest-choice-correct"]
    assert found[0].line == 0  # deck level
    varied = [replace(c, choices=tuple(x.replace("bravo", "bravos") for x in c.choices)) for c in cards]
    assert lint_deck(_deck(varied)) == []


def test_a_card_silences_a_rule_and_an_unused_silence_is_reported() -> None:
    flawed = mcq("Which receptor is blocked?", "NMDA", "GABA")
    silenced = replace(flawed, lint_ignore=("too-few-choices",), lint_reason="two receptors only")
    assert "too-few-choices" in {d.code for d in lint_deck(_deck([flawed]))}
    assert lint_deck(_deck([silenced])) == []
    sound = replace(
        mcq("Which receptor is blocked?", "NMDA", "GABA", "opioid"), lint_ignore=("too-few-choices",)
    )
    assert [d.code for d in lint_deck(_deck([sound]))] == ["lint-ignore-unused"]


def test_the_deck_silences_a_deck_level_rule() -> None:
    biased = [_sound_mcq(i, 0) for i in range(12)]
    assert lint_deck(_deck(biased, lint_ignore=("choice-position-bias",), lint_reason="a printed key")) == []
