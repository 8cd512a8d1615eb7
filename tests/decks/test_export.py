"""Export forms: JSON for tools, CSV a row a card, Anki's tab-separated text import."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.decks import load_deck
from ketquiz.decks.export import to_anki, to_csv

from .conftest import GOOD_DECK

MakeDeck = Callable[..., Path]


def test_json_export(make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_deck()
    assert main(["export", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "ketquiz-deck/1"
    assert data["deck"]["id"] == "tiny" and data["deck"]["path"] == str(path)
    (src,) = data["sources"]
    assert src["file"] == "sources/brain.txt"
    assert src["sha256"] == hashlib.sha256((path.parent / "sources/brain.txt").read_bytes()).hexdigest()
    text = (path.parent / "sources/brain.txt").read_text(encoding="utf-8")
    cards = {c["id"]: c for c in data["cards"]}
    assert cards["effects"]["correct"] == [0, 1] and cards["effects"]["answer"] == "nausea; dizziness"
    assert "choices" not in cards["typed"]
    assert cards["recall"]["disagreements"] == ["speed"]
    for card in data["cards"]:
        for cite in card["citations"]:
            assert " ".join(text[cite["start"] : cite["end"]].split()) == " ".join(
                cite["quote"]
                .replace('"', "\u201c", 1)
                .replace('"', "\u201d", 1)
                .replace(" - ", " \u2014 ")
                .split()
            )
    (dis,) = data["disagreements"]
    assert [p["source"] for p in dis["positions"]] == ["brain", "brain"]
    assert all(p["end"] > p["start"] >= 0 for p in dis["positions"])


def test_csv_and_anki(make_deck: MakeDeck) -> None:
    deck = load_deck(make_deck()).deck
    assert deck is not None
    rows = list(csv.reader(io.StringIO(to_csv(deck))))
    assert rows[0] == ["id", "topic", "type", "prompt", "answer", "sources", "urls", "pages"]
    assert rows[1] == [
        "nmda",
        "mechanism",
        "mcq",
        "Which receptor does ketamine block?",
        "NMDA receptor",
        "brain",
        "",
        "",
    ]
    assert len(rows) == 1 + len(deck.cards)
    anki = to_anki(deck).splitlines()
    assert anki[:2] == ["#separator:tab", "#html:true"]
    assert any(line.startswith("#tags column:") for line in anki)
    notes = [line for line in anki if not line.startswith("#")]
    assert len(notes) == len(deck.cards)
    assert all(len(n.split("\t")) == 3 for n in notes)
    assert "Ketamine and the brain" in notes[0].split("\t")[1]  # the answer carries its citation
    assert "disagree" in notes[-1].split("\t")[1]


def test_export_refuses_a_broken_deck(make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_deck(GOOD_DECK.replace("answer: NMDA receptor", "answer: AMPA receptor"))
    assert main(["export", str(path)]) == 1
    assert "answer-not-a-choice" in capsys.readouterr().err


PAGED_DECK = """\
id: tea
title: Tea
sources:
  - id: pdf
    title: Tea Storage
    file: tea.txt
    url: https://example.org/tea.pdf
  - id: notes
    title: Notes
    file: notes.txt
topics:
  - id: t
    title: Storage
cards:
  - id: fresh
    topic: t
    type: basic
    prompt: How long does sealed green tea keep?
    answer: about six months
    citations:
      - source: notes
        quote: "Tea is best fresh."
      - source: pdf
        quote: "Green tea keeps about six months when sealed."
      - source: pdf
        quote: "Black tea keeps for two years."
"""


def test_csv_carries_each_sources_url_and_cited_pages(tmp_path: Path) -> None:
    (tmp_path / "tea.txt").write_text(
        "Storage.\f\nGreen tea keeps about six months when sealed.\f\nBlack tea keeps for two years.\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("Tea is best fresh.\n", encoding="utf-8")
    (tmp_path / "tea.yaml").write_text(PAGED_DECK, encoding="utf-8")
    deck = load_deck(tmp_path / "tea.yaml").deck
    assert deck is not None
    header, row = csv.reader(io.StringIO(to_csv(deck)))
    cells = dict(zip(header, row, strict=True))
    assert cells["sources"] == "notes;pdf"
    assert cells["urls"] == ";https://example.org/tea.pdf"
    assert cells["pages"] == ";2,3"
