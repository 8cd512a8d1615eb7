"""Question lints as an author meets them: warnings from `ketquiz check`, errors under `--strict`, silenced
per card with `lint: {ignore: [...], reason: ...}`, and the same field in the JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from ketquiz.cli import main
from ketquiz.decks import load_deck

from .conftest import GOOD_DECK

MakeDeck = Callable[..., Path]

# The good deck's multi card with only one wrong choice: the lint flags it.
FLAWED = GOOD_DECK.replace("choices: [nausea, dizziness, fever, rash]", "choices: [nausea, dizziness, fever]")
SILENCED = FLAWED.replace(
    "    answers: [nausea, dizziness]\n",
    "    answers: [nausea, dizziness]\n"
    "    lint:\n"
    "      ignore: [one-wrong-choice]\n"
    "      reason: The source names only these side effects.\n",
)


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict[str, object]]]:
    code = main(["check", "--json", *argv])
    return code, json.loads(capsys.readouterr().out)


def test_a_lint_is_a_warning_and_strict_makes_it_an_error(
    make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_deck(FLAWED)
    code, found = _check(capsys, str(path))
    assert code == 0
    assert [(d["code"], d["severity"]) for d in found] == [("one-wrong-choice", "warning")]
    assert found[0]["line"] == FLAWED.splitlines().index("    choices: [nausea, dizziness, fever]") + 1
    code, found = _check(capsys, "--strict", str(path))
    assert code == 1
    assert [(d["code"], d["severity"]) for d in found] == [("one-wrong-choice", "error")]


def test_plain_output_names_the_code(make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_deck(FLAWED)
    assert main(["check", "--strict", str(path)]) == 1
    out = capsys.readouterr().out
    assert ": error: card 'effects' has 1 wrong choice" in out and "[one-wrong-choice]" in out


def test_a_card_silences_a_lint_with_a_reason(
    make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_deck(SILENCED)
    code, found = _check(capsys, "--strict", str(path))
    assert (code, found) == (0, [])
    deck = load_deck(path).deck
    assert deck is not None
    card = deck.card("effects")
    assert card.lint_ignore == ("one-wrong-choice",) and card.lint_reason.startswith("The source names")


def test_silencing_needs_a_reason_and_a_known_code(make_deck: MakeDeck) -> None:
    no_reason = SILENCED.replace("      reason: The source names only these side effects.\n", "")
    assert [d.code for d in load_deck(make_deck(no_reason)).diagnostics] == ["missing-field"]
    typo = SILENCED.replace("[one-wrong-choice]", "[one-wrong-choise]")
    found = load_deck(make_deck(typo)).diagnostics
    assert [d.code for d in found] == ["unknown-lint-code"]
    assert "did you mean 'one-wrong-choice'" in found[0].message


def test_a_silence_that_silences_nothing_is_reported(
    make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SILENCED.replace(
        "choices: [nausea, dizziness, fever]", "choices: [nausea, dizziness, fever, rash]"
    )
    code, found = _check(capsys, str(make_deck(text)))
    assert [d["code"] for d in found] == ["lint-ignore-unused"]


def test_the_schema_knows_the_lint_field(make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    validator = jsonschema.Draft202012Validator(json.loads(capsys.readouterr().out))
    validator.validate(yaml.safe_load(SILENCED))
    bad = yaml.safe_load(SILENCED.replace("[one-wrong-choice]", "[no-such-lint]"))
    assert list(validator.iter_errors(bad))
