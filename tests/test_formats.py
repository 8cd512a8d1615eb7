"""The three published JSON formats: what the commands really write validates against each format's JSON Schema,
and each schema names the same keys as the type the code builds the document with."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NotRequired, get_origin, get_type_hints

import jsonschema
import pytest

from ketquiz.classroom.paper import build_paper
from ketquiz.classroom.report_json import ReportDocument
from ketquiz.classroom.results import ResultDocument, ResultItemInfo
from ketquiz.classroom.session import ExamSession
from ketquiz.cli import main
from ketquiz.core.formats import SCHEMA_FILES, CardInfo, CitationInfo, DeckDocument, SourceInfo, format_schema
from ketquiz.core.model import CardType
from ketquiz.decks.loader import load_deck

DECK = Path(__file__).resolve().parent.parent / "decks" / "ketamine-depression.yaml"
START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


def _validate(document: Any) -> None:
    schema = format_schema(document["format"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)


def _run(args: list[str]) -> Any:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(args) == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two sittings of the bundled deck: one answered throughout (every card type, right and wrong) and
    finished, one started and left after a single answer."""
    loaded = load_deck(DECK)
    assert loaded.deck is not None
    deck = loaded.deck
    folder = tmp_path_factory.mktemp("results")
    paper = build_paper(deck, seed=7)
    done = ExamSession(deck, paper, "Ana", folder, started_at=START, time_limit_s=3600)
    done.start()
    for n, item in enumerate(paper.items):
        card, right = item.card, n % 2 == 0
        now = START + timedelta(seconds=10 * (n + 1))
        if card.type is CardType.MCQ:
            done.answer(n, card.correct[0] if right else (card.correct[0] + 1) % len(card.choices), now)
        elif card.type is CardType.MULTI:
            done.answer(n, set(card.correct) if right else {0}, now)
        elif card.type is CardType.TRUEFALSE:
            done.answer(n, (card.correct == (0,)) == right, now)
        else:
            done.answer(n, card.answer if right else "no idea", now)
    done.finish(START + timedelta(minutes=30))
    left = ExamSession(deck, build_paper(deck, seed=8, count=5), "Bea", folder, started_at=START)
    left.start()
    left.answer(0, 0 if left.paper.items[0].card.type is CardType.MCQ else "x", START + timedelta(seconds=5))
    return folder


def test_export_json_is_a_valid_deck_document() -> None:
    document = _run(["export", str(DECK), "--format", "json"])
    assert document["format"] == "ketquiz-deck/1"
    assert {c["type"] for c in document["cards"]} == {t.value for t in CardType}
    _validate(document)


def test_result_files_are_valid_result_documents(results: Path) -> None:
    files = sorted(results.glob("*.json"))
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    assert sorted(d["complete"] for d in documents) == [False, True]
    finished = next(d for d in documents if d["complete"])
    assert {i["type"] for i in finished["items"]} >= {"mcq", "multi", "truefalse", "typed", "cloze"}
    assert {i["correct"] for i in finished["items"]} == {True, False}
    for document in documents:
        _validate(document)


def test_report_json_is_a_valid_report_document(results: Path) -> None:
    document = _run(["report", str(results), "--format", "json"])
    assert document["incomplete_sittings"] == 1 and document["items"]
    _validate(document)


def test_the_schemas_reject_what_the_formats_do_not_allow(results: Path) -> None:
    """The schemas are strict enough to catch drift: a missing key, an unknown key, a wrong type."""
    document = json.loads(next(results.glob("*.json")).read_text(encoding="utf-8"))
    broken: list[dict[str, Any]] = [
        {k: v for k, v in document.items() if k != "seed"},
        {**document, "grade": "A"},
        {**document, "complete": "yes"},
        {**document, "items": [{**document["items"][0], "score": -1}]},
    ]
    for bad in broken:
        with pytest.raises(jsonschema.ValidationError):
            _validate(bad)


@pytest.mark.parametrize(
    ("format_name", "typed", "pointer"),
    [
        ("ketquiz-deck/1", DeckDocument, ()),
        ("ketquiz-deck/1", CardInfo, ("$defs", "card")),
        ("ketquiz-deck/1", SourceInfo, ("properties", "sources", "items")),
        ("ketquiz-deck/1", CitationInfo, ("$defs", "citation")),
        ("ketquiz-result/1", ResultDocument, ()),
        ("ketquiz-result/1", ResultItemInfo, ("$defs", "item")),
        ("ketquiz-report/1", ReportDocument, ()),
    ],
)
def test_each_schema_names_the_keys_of_its_type(
    format_name: str, typed: Any, pointer: tuple[str, ...]
) -> None:
    node = format_schema(format_name)
    for key in pointer:
        node = node[key]
    hints = get_type_hints(typed, include_extras=True)  # the modules' annotations are strings
    assert set(node["properties"]) == set(hints)
    assert set(node["required"]) == {k for k, hint in hints.items() if get_origin(hint) is not NotRequired}


def test_every_published_format_has_a_schema_file() -> None:
    assert set(SCHEMA_FILES) == {"ketquiz-deck/1", "ketquiz-result/1", "ketquiz-report/1"}
    for name in SCHEMA_FILES:
        assert format_schema(name)["title"] == name
