"""Kahoot's spreadsheet read back with openpyxl, the Anki package imported into a real Anki collection, and the
export command: every format of the bundled deck, cards a format cannot carry listed, a missing library named."""

from __future__ import annotations

import html
import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.core.model import CardType
from ketquiz.decks import load_deck
from ketquiz.decks.formats import FORMATS, export
from ketquiz.decks.formats.kahoot import ANSWER_MAX, FIRST_ROW, HEADER_ROW, QUESTION_MAX, TIME_LIMITS

from .conftest import GOOD_DECK
from .test_lms_exports import bundled

MakeDeck = Callable[..., Path]
BUNDLED = Path(__file__).resolve().parents[2] / "decks" / "ketamine-depression.yaml"


def kahoot_rows(data: bytes) -> list[tuple[object, ...]]:
    openpyxl = pytest.importorskip("openpyxl")
    ws = openpyxl.load_workbook(io.BytesIO(data))["Sheet1"]
    assert ws.cell(HEADER_ROW, 2).value == "Question - max 120 characters"
    return [r for r in ws.iter_rows(min_row=FIRST_ROW, max_col=8, values_only=True) if any(r)]


def test_kahoot_sheet_reads_back_within_the_template_limits() -> None:
    deck = bundled()
    result = export(deck, "kahoot")
    rows = kahoot_rows(result.data)
    assert len(rows) == result.exported and result.exported + len(result.skipped) == len(deck.cards)
    skipped = {s.card_id for s in result.skipped}
    kept = [c for c in deck.cards if c.id not in skipped]
    for n, (row, card) in enumerate(zip(rows, kept, strict=True), 1):
        number, question, *answers, limit, correct = row
        assert number == n
        assert isinstance(question, str) and len(question) <= QUESTION_MAX
        assert question.endswith("[contested]") == card.contested
        filled = [str(a) for a in answers if a is not None]
        assert filled == list(card.choices) and all(len(a) <= ANSWER_MAX for a in filled)
        assert limit in TIME_LIMITS
        assert [int(x) - 1 for x in str(correct).split(",")] == list(card.correct)
    # every card not exported is listed with its reason: the open types, and those over the limits
    reasons = {s.card_id: s.reason for s in result.skipped}
    for card in deck.cards:
        if card.type in (CardType.TYPED, CardType.CLOZE, CardType.BASIC):
            assert "choice questions only" in reasons[card.id]
    assert any("Kahoot's limit is 120" in r for r in reasons.values())


def test_kahoot_sources_sheet_carries_citations_and_text_is_never_a_formula(make_deck: MakeDeck) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    deck = load_deck(
        make_deck(
            GOOD_DECK.replace(
                "choices: [nausea, dizziness, fever, rash]",
                'choices: [nausea, dizziness, "=HYPERLINK(1)", rash]',
            )
        )
    ).deck
    assert deck is not None
    wb = openpyxl.load_workbook(io.BytesIO(export(deck, "kahoot").data))
    formulas = [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    assert "=HYPERLINK(1)" in [c.value for row in wb["Sheet1"].iter_rows() for c in row]
    sources = {r[1]: r for r in wb["Sources"].iter_rows(min_row=2, values_only=True)}
    assert "Ketamine works by blocking the NMDA receptor" in sources["nmda"][5]
    assert "Ketamine and the brain" in sources["nmda"][5]


def _anki_notes(col_path: Path, apkg: Path):
    anki = pytest.importorskip("anki.collection", reason="the anki wheel is not available on this platform")
    col = anki.Collection(str(col_path))
    try:
        log = col.import_anki_package(
            anki.ImportAnkiPackageRequest(package_path=str(apkg), options=anki.ImportAnkiPackageOptions())
        ).log
        notes = {}
        for note in (col.get_note(i) for i in col.find_notes("")):
            notes[note["Prompt"]] = (
                dict(note.items()),
                list(note.tags),
                note.note_type()["name"],
                tuple(note.keys()),
            )
        return log, notes, col.note_count()
    finally:
        col.close()


def test_apkg_imports_into_a_real_anki_collection_and_reimport_updates(tmp_path: Path) -> None:
    pytest.importorskip("anki.collection", reason="the anki wheel is not available on this platform")
    from ketquiz.decks.formats.apkg import FIELDS, prompt_field

    deck = bundled()
    first = tmp_path / "first.apkg"
    first.write_bytes(export(deck, "apkg").data)
    log, notes, count = _anki_notes(tmp_path / "collection.anki2", first)
    assert count == len(deck.cards) and len(log.new) == len(deck.cards)
    for card in deck.cards:
        fields, tags, note_type, keys = notes[prompt_field(card)]
        assert keys == FIELDS and note_type == "ketquiz card"
        for cite in card.citations:
            assert html.escape(cite.quote, quote=False) in fields["Sources"]
            assert html.escape(deck.source(cite.source).title, quote=False) in fields["Sources"]
        assert ("contested" in tags) == card.contested
        assert ("Contested" in fields["Explanation"]) == card.contested
    # a second export of the same deck updates the same notes: no duplicates
    second = tmp_path / "second.apkg"
    second.write_bytes(export(deck, "apkg").data)
    log, _, count = _anki_notes(tmp_path / "collection.anki2", second)
    assert count == len(deck.cards) and len(log.new) == 0


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_bundled_deck_exports_to_every_format(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"deck{FORMATS[fmt][2]}"
    assert main(["export", str(BUNDLED), "--format", fmt, "-o", str(out)]) == 0
    assert out.stat().st_size > 1000
    err = capsys.readouterr().err
    assert "exported" in err
    if fmt == "kahoot":  # each card left out is named on stderr, and counted
        deck = bundled()
        skipped = [line for line in err.splitlines() if "not exported to kahoot:" in line]
        assert skipped and all(line.startswith("ketquiz: warning: ") for line in skipped)
        assert f"{len(skipped)} of {len(deck.cards)} cards not exported to kahoot" in err


def test_binary_formats_need_an_output_file(make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("qti", "kahoot", "apkg"):
        assert main(["export", str(make_deck()), "--format", fmt]) == 1
        assert "give -o FILE" in capsys.readouterr().err


def test_a_missing_library_names_the_install_command(
    make_deck: MakeDeck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "genanki", None)  # as if not installed: importing it raises ImportError
    assert main(["export", str(make_deck()), "--format", "apkg", "-o", str(tmp_path / "x.apkg")]) == 1
    err = capsys.readouterr().err
    assert "pip install 'ketquiz[exports]'" in err and "genanki" in err
    assert not (tmp_path / "x.apkg").exists()


def test_refused_output_lists_no_cards(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "deck.xlsx"
    out.write_bytes(b"a teacher's own spreadsheet")
    assert main(["export", str(BUNDLED), "--format", "kahoot", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "not exported to kahoot" not in err
    assert out.read_bytes() == b"a teacher's own spreadsheet"
