"""`kind:` on a disagreement and `title_from:` on a source: read, defaulted, refused when unknown, in the schema."""

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

TENSION = GOOD_DECK.replace(
    "    self_contradiction: true\n", "    self_contradiction: true\n    kind: tension\n"
)
HEADING = GOOD_DECK.replace(
    "    title: Ketamine and the brain\n", "    title: Ketamine and the brain\n    title_from: heading\n"
)


def test_kind_and_title_from_are_read_and_default(make_deck: MakeDeck) -> None:
    plain = load_deck(make_deck()).deck
    assert plain is not None
    assert (
        plain.disagreement("speed").kind == "contradiction" and plain.source("brain").title_from == "document"
    )
    tension = load_deck(make_deck(TENSION)).deck
    assert tension is not None and tension.disagreement("speed").kind == "tension"
    heading = load_deck(make_deck(HEADING)).deck
    assert heading is not None and heading.source("brain").title_from == "heading"
    assert heading.to_dict()["sources"][0]["title_from"] == "heading"
    assert tension.to_dict()["disagreements"][0]["kind"] == "tension"


def test_an_unknown_kind_is_an_error_at_its_place(make_deck: MakeDeck) -> None:
    text = TENSION.replace("kind: tension", "kind: tensoin")
    found = load_deck(make_deck(text)).diagnostics
    assert [d.code for d in found] == ["bad-value"]
    assert found[0].line == text.splitlines().index("    kind: tensoin") + 1
    assert "did you mean 'tension'" in found[0].message


def test_the_schema_knows_both_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    validator = jsonschema.Draft202012Validator(json.loads(capsys.readouterr().out))
    validator.validate(yaml.safe_load(TENSION))
    validator.validate(yaml.safe_load(HEADING))
    assert list(validator.iter_errors(yaml.safe_load(TENSION.replace("kind: tension", "kind: strong"))))
