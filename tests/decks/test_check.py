"""Each check `ketquiz check` makes, with a deck that fails it, reported at the right line and column."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.decks import load_deck

from .conftest import GOOD_DECK

MakeDeck = Callable[..., Path]


def _codes(path: Path) -> list[tuple[int, int, str, str]]:
    return [(d.line, d.column, d.code, d.message) for d in load_deck(path).diagnostics]


def _line_of(text: str, needle: str, nth: int = 0) -> int:
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return lines[nth]


def test_good_deck_is_clean(make_deck: MakeDeck) -> None:
    load = load_deck(make_deck())
    assert load.diagnostics == []
    assert load.ok and load.deck is not None
    deck = load.deck
    assert [c.type.value for c in deck.cards] == ["mcq", "multi", "truefalse", "cloze", "typed", "basic"]
    blank = deck.card("blank")
    assert blank.prompt == "Relief may last for _____ in some people." and blank.answer == "weeks"
    assert deck.card("effects").correct == (0, 1)
    assert deck.card("fast").answer == "True" and deck.card("fast").correct == (0,)
    source = deck.source("brain")
    for card in deck.cards:
        for c in card.citations:
            assert c.located
            assert " ".join(source.text[c.start : c.end].split())  # a non-empty passage


# (replace this, with that) in the good deck -> expected code, and the text on the line it must point at
BROKEN = [
    (
        "    answer: NMDA receptor",
        "    answr: NMDA receptor",
        "unknown-key",
        "answr:",
        "did you mean 'answer'",
    ),
    ("    prompt: Which receptor does ketamine block?\n", "", "missing-field", "- id: nmda", "'prompt'"),
    (
        "    choices: [NMDA receptor, GABA receptor, serotonin receptor]",
        "    choices: {a: 1}",
        "wrong-type",
        "choices: {a: 1}",
        "must be a list",
    ),
    ("  - id: effects", "  - id: nmda", "duplicate-id", "- id: nmda", "used twice"),
    ("  - id: onset\n", "  - id: mechanism\n", "duplicate-id", "- id: mechanism", "topic id 'mechanism'"),
    (
        "    topic: onset\n    type: cloze",
        "    topic: onsett\n    type: cloze",
        "unknown-topic",
        "topic: onsett",
        "onsett",
    ),
    (
        "      - source: brain\n        quote: Ketamine works",
        "      - source: brian\n        quote: Ketamine works",
        "unknown-source",
        "quote: Ketamine works",
        "'brian'",
    ),
    (
        "    disagreements: [speed]",
        "    disagreements: [sped]",
        "unknown-disagreement",
        "disagreements: [sped]",
        "sped",
    ),
    (
        "    answer: NMDA receptor",
        "    answer: AMPA receptor",
        "answer-not-a-choice",
        "answer: AMPA",
        "AMPA receptor",
    ),
    (
        "[NMDA receptor, GABA receptor, serotonin receptor]",
        "[NMDA receptor, GABA receptor, NMDA receptor]",
        "duplicate-choice",
        "choices: [NMDA receptor, GABA",
        "appears twice",
    ),
    (
        "    answers: [nausea, dizziness]",
        "    answers: []",
        "multi-no-correct",
        "answers: []",
        "no correct choice",
    ),
    ("{{weeks}}", "weeks", "cloze-no-blank", "text: Relief may last", "no blank"),
    (
        "        quote: Side effects can include nausea, dizziness and dissociation.",
        "        quote: Side effects can include nausea, dizzyness and dissociation.",
        "quote-not-found",
        "dizzyness",
        "closest passage",
    ),
    (
        "        quote: which changes glutamate signalling",
        "        quote: glutamate signalling",
        "quote-too-short",
        "quote: glutamate signalling",
        "too short",
    ),
    ("    answer: true", "    answer: maybe", "wrong-type", "answer: maybe", "true or false"),
    ("    type: typed", "    type: typd", "bad-type", "type: typd", "did you mean 'typed'"),
]


@pytest.mark.parametrize(
    ("old", "new", "code", "at", "says"), BROKEN, ids=[b[2] + "-" + b[3][:12] for b in BROKEN]
)
def test_each_problem_reported_at_its_place(
    make_deck: MakeDeck, old: str, new: str, code: str, at: str, says: str
) -> None:
    assert old in GOOD_DECK
    text = GOOD_DECK.replace(old, new, 1)
    found = [d for d in _codes(make_deck(text)) if d[2] == code]
    assert found, f"no {code} in {_codes(make_deck(text))}"
    line, col, _, message = found[0]
    assert line == _line_of(text, at, -1)  # the later one, for duplicates
    assert col >= 1
    assert says in message


def test_column_points_at_the_value(make_deck: MakeDeck) -> None:
    text = GOOD_DECK.replace("    topic: onset\n    type: cloze", "    topic: onsett\n    type: cloze")
    (line, col, _, _), *_ = [d for d in _codes(make_deck(text)) if d[2] == "unknown-topic"]
    assert text.splitlines()[line - 1][col - 1 :] == "onsett"


def test_every_problem_is_reported_not_just_the_first(make_deck: MakeDeck) -> None:
    text = GOOD_DECK
    for old, new, *_ in BROKEN[:3] + BROKEN[8:9]:
        text = text.replace(old, new, 1)
    codes = {d[2] for d in _codes(make_deck(text))}
    assert {"unknown-key", "missing-field", "wrong-type"} <= codes


def test_card_without_citation(make_deck: MakeDeck) -> None:
    text = GOOD_DECK.replace(
        "    citations:\n      - source: brain\n        quote: which changes glutamate signalling\n", ""
    )
    assert any(d[2] == "missing-field" and "'citations'" in d[3] for d in _codes(make_deck(text)))
    text = GOOD_DECK.replace(
        "    citations:\n      - source: brain\n        quote: which changes glutamate signalling\n",
        "    citations: []\n",
    )
    assert any(d[2] == "no-citation" for d in _codes(make_deck(text)))


def test_disagreement_needs_two_sources(make_deck: MakeDeck) -> None:
    text = GOOD_DECK.replace("    self_contradiction: true\n", "")
    found = [d for d in _codes(make_deck(text)) if d[2] == "disagreement-sources"]
    assert found and found[0][0] == _line_of(text, "- id: speed")
    one = GOOD_DECK.replace(
        "        quote: sometimes within a day.\n", "        quote: sometimes within a day.\n", 1
    )
    one = one[: one.rindex("      - source: brain\n        says: Within a day.")]
    assert any(d[2] == "disagreement-positions" for d in _codes(make_deck(one)))


def test_self_contradiction_needs_two_passages(make_deck: MakeDeck) -> None:
    text = GOOD_DECK.replace(
        "        quote: sometimes within a day.\n",
        '        quote: Patients often report relief "within hours"\n',
    )
    assert any(d[2] == "disagreement-sources" and "same passage" in d[3] for d in _codes(make_deck(text)))


def test_yaml_syntax_error_position(make_deck: MakeDeck) -> None:
    text = GOOD_DECK.replace("    prompt: Which side effects are named?", "    prompt: [Which side effects")
    ((line, col, code, message),) = _codes(make_deck(text))
    assert code == "yaml-syntax" and "YAML syntax error" in message
    assert line >= _line_of(text, "prompt: [Which side effects")


@pytest.mark.parametrize(
    ("file_value", "code"),
    [
        ("sources/missing.txt", "source-missing"),
        ("/etc/hostname", "source-outside"),
        ("../outside.txt", "source-outside"),
    ],
)
def test_source_paths(make_deck: MakeDeck, file_value: str, code: str) -> None:
    text = GOOD_DECK.replace("file: sources/brain.txt", f"file: {file_value}")
    path = make_deck(text)
    (path.parent.parent / "outside.txt").write_text("x", encoding="utf-8")
    found = [d for d in _codes(path) if d[2] == code]
    assert found and found[0][0] == _line_of(text, "file:")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_out_of_deck_folder(make_deck: MakeDeck, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "brain.txt"
    elsewhere.write_text("Ketamine works by blocking the NMDA receptor", encoding="utf-8")
    path = make_deck(GOOD_DECK.replace("file: sources/brain.txt", "file: sources/link.txt"))
    (path.parent / "sources" / "link.txt").symlink_to(elsewhere)
    assert any(d[2] == "source-outside" and "symbolic link" in d[3] for d in _codes(path))


def test_cli_text_and_json_output(make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]) -> None:
    bad = make_deck(
        GOOD_DECK.replace("    answer: NMDA receptor", "    answr: NMDA receptor"), name="bad.yaml"
    )
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    line = _line_of(bad.read_text(), "answr:")
    assert f"{bad}:{line}:5: error: unknown field 'answr'" in out
    assert main(["check", "--json", str(bad)]) == 1
    items = json.loads(capsys.readouterr().out)
    assert {"file", "line", "column", "severity", "code", "message"} <= set(items[0])
    assert any(i["code"] == "unknown-key" and i["line"] == line and i["column"] == 5 for i in items)


def test_cli_clean_directory_exits_zero(make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_deck()
    assert main(["check", str(path.parent)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", str(path.parent / "nope.yaml")]) == 1


def test_yaml_merge_keys_share_fields(make_deck: MakeDeck) -> None:
    text = GOOD_DECK.replace(
        "  - id: nmda\n    topic: mechanism\n    type: mcq\n",
        "  - id: nmda\n    <<: &mech {topic: mechanism, type: mcq}\n",
    ).replace(
        "  - id: effects\n    topic: mechanism\n    type: multi\n",
        "  - id: effects\n    <<: *mech\n    type: multi\n",
    )
    load = load_deck(make_deck(text))
    assert load.diagnostics == [] and load.deck is not None
    assert load.deck.card("nmda").topic == "mechanism"
    assert load.deck.card("effects").type.value == "multi"  # its own key wins over the merged one
    bad = GOOD_DECK.replace("  - id: nmda\n", "  - id: nmda\n    <<: [1, 2]\n")
    assert any(d[2] == "wrong-type" and "merge key" in d[3] for d in _codes(make_deck(bad)))


@pytest.mark.parametrize(("cards", "expected"), [(1, "1 deck, 1 card: "), (2, "1 deck, 2 cards: ")])
def test_summary_counts_in_words(
    make_deck: MakeDeck, capsys: pytest.CaptureFixture[str], cards: int, expected: str
) -> None:
    head, _, rest = GOOD_DECK.partition("  - id: effects\n")
    text = head if cards == 1 else head + "  - id: effects\n" + rest.partition("  - id: fast\n")[0]
    assert main(["check", str(make_deck(text))]) == 0
    captured = capsys.readouterr()
    assert expected in captured.out + captured.err
