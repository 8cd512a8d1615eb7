"""The JSON Schema is valid draft 2020-12 and agrees with the loader on good and bad decks."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from ketquiz.cli import main

from .conftest import GOOD_DECK

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    from ketquiz.decks.schema import deck_schema

    schema = deck_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_cli_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_good_deck_valid(validator: jsonschema.Draft202012Validator) -> None:
    assert list(validator.iter_errors(yaml.safe_load(GOOD_DECK))) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    answer: NMDA receptor", "    answr: NMDA receptor"),
        ("    type: typed", "    type: typd"),
        ("id: tiny", "id: Tiny Deck"),
        ("    answer: true", "    answer: [yes]"),
    ],
)
def test_bad_decks_invalid(validator: jsonschema.Draft202012Validator, old: str, new: str) -> None:
    assert list(validator.iter_errors(yaml.safe_load(GOOD_DECK.replace(old, new))))


def test_bundled_decks_valid(validator: jsonschema.Draft202012Validator) -> None:
    decks = sorted((REPO / "decks").glob("*.yaml"))
    if not decks:
        pytest.skip("no bundled decks")
    for path in decks:
        assert list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))) == [], path
