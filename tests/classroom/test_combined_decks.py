"""An exam over several decks: one paper, ids kept apart by deck, every citation still resolving."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ketquiz.classroom.paper import build_paper
from ketquiz.classroom.session import ExamSession
from ketquiz.cli import main
from ketquiz.core.combine import combine_decks
from ketquiz.ui.apps import ExamApp

from .conftest import make_deck
from .test_exam_command import DECK, SOURCE


def test_one_deck_is_unchanged() -> None:
    deck = make_deck()
    assert combine_decks([deck]) is deck
    with pytest.raises(ValueError):
        combine_decks([])


def test_ids_are_prefixed_and_references_follow() -> None:
    a = make_deck()
    b = dataclasses.replace(make_deck(), id="other", title="Other", sha256="b" * 64)
    both = combine_decks([a, b])
    assert both.id == f"{a.id}+other" and len(both.cards) == len(a.cards) * 2
    ids = [c.id for c in both.cards]
    assert len(set(ids)) == len(ids)
    assert ids[0] == f"{a.id}/{a.cards[0].id}" and ids[len(a.cards)] == f"other/{a.cards[0].id}"
    for card in both.cards:
        for cite in card.citations:
            assert both.source(cite.source).text[cite.start : cite.end] == cite.quote
        for did in card.disagreements:
            assert both.disagreement(did).positions
    assert {t.id for t in both.topics} == {t.id for t in a.topics}
    assert build_paper(both, seed=3, count=None, topics=None, include_contested=False).items


def test_exam_command_takes_several_decks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "s.txt").write_text(SOURCE, encoding="utf-8")
        (folder / "deck.yaml").write_text(DECK.replace("id: tiny", f"id: {name}"), encoding="utf-8")

    def sit(app: ExamApp) -> None:
        app.session = ExamSession(app.deck, app.paper, "Ana", app.out_dir, started_at=datetime.now(UTC))
        app.session.start()
        app.session.finish(datetime.now(UTC))

    monkeypatch.setattr(ExamApp, "run", sit)
    out = tmp_path / "results"
    args = ["exam", str(tmp_path / "one/deck.yaml"), str(tmp_path / "two/deck.yaml"), "--student", "Ana"]
    assert main([*args, "--seed", "5", "--out", str(out)]) == 0
    [file] = out.glob("*.json")
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["deck"]["id"] == "one+two"
    assert {i["card_id"].split("/")[0] for i in data["items"]} == {"one", "two"}
