"""`ketquiz new` makes a deck that passes `check` as created, and refuses bad input without writing anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketquiz.authoring.scaffold import ScaffoldError, SourceDraft, draft_deck, first_line, slugify
from ketquiz.cli import main
from ketquiz.core.model import CardType
from ketquiz.decks import load_deck

DOC_A = (
    "Sleep and Memory: A Short Note\n"
    "Sleep helps the brain consolidate what was learned during the day.\n"
    "Researchers found that a full night\u2019s sleep improved recall \u2014 by a wide margin.\n"
)
DOC_B = (
    "Notes On Tea\nGreen tea is made from leaves that are not oxidised.\u00a0Black tea is fully oxidised.\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_new_deck_passes_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write(tmp_path, "Sleep Note.TXT", DOC_A), write(tmp_path, "tea.txt", DOC_B)
    target = tmp_path / "my-first-deck"
    assert main(["new", str(target), "--source", str(a), str(b)]) == 0
    deck_file = target / "my-first-deck.yaml"
    assert (target / "ketquiz-deck.schema.json").is_file()
    assert (target / "sources" / "sleep-note.txt").read_bytes() == a.read_bytes()
    assert main(["check", str(deck_file)]) == 0
    result = load_deck(deck_file)
    assert result.ok and result.deck is not None
    deck = result.deck
    assert deck.id == "my-first-deck"
    assert deck.notice
    assert [s.id for s in deck.sources] == ["sleep-and-memory-a-short-note", "notes-on-tea"]
    assert [s.title for s in deck.sources] == ["Sleep and Memory: A Short Note", "Notes On Tea"]
    assert {c.type for c in deck.cards} == set(CardType)
    cited = {c.source for card in deck.cards for c in card.citations}
    assert cited == {"sleep-and-memory-a-short-note", "notes-on-tea"}
    assert all(c.located for card in deck.cards for c in card.citations)
    assert "# cloze:" in deck_file.read_text(encoding="utf-8")  # commented for the author


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path, "a.txt", DOC_A)
    target = tmp_path / "deck"
    target.mkdir()
    keep = write(target, "notes.yaml", "mine")
    assert main(["new", str(target), "--source", str(a)]) == 1
    assert "not an empty folder" in capsys.readouterr().err
    assert keep.read_text() == "mine" and sorted(p.name for p in target.iterdir()) == ["notes.yaml"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\xff\xfe bad bytes", "not UTF-8"), (b"Title\nToo short.\n", "no sentence of 4 or more words")],
)
def test_bad_sources_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    src = tmp_path / "src.txt"
    src.write_bytes(content)
    target = tmp_path / "deck"
    assert main(["new", str(target), "--source", str(src)]) == 1
    assert message in capsys.readouterr().err
    assert not target.exists()


def test_missing_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "deck"), "--source", str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt: no such file" in capsys.readouterr().err


def test_many_sources_each_cited_and_ids_unique(tmp_path: Path) -> None:
    drafts = [
        SourceDraft(
            f"doc-{i}", "Same Title", f"sources/d{i}.txt", f"Same Title\nDocument {i} says one thing here.\n"
        )
        for i in range(8)
    ]
    text = draft_deck("big", "Big", drafts, schema_file=None)
    (tmp_path / "sources").mkdir()
    for d in drafts:
        (tmp_path / d.file).write_text(d.text, encoding="utf-8")
    (tmp_path / "big.yaml").write_text(text, encoding="utf-8")
    result = load_deck(tmp_path / "big.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.deck is not None
    assert {c.source for card in result.deck.cards for c in card.citations} == {d.id for d in drafts}


def test_no_sources_is_an_error() -> None:
    with pytest.raises(ScaffoldError):
        draft_deck("x", "X", [])


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("How Long Does Ketamine Last?", "how-long-does-ketamine-last"),
        ("Café \u2014 Crème Brûlée", "cafe-creme-brulee"),
        ("!!!", ""),
        ("a " * 40, "a-a-a-a-a-a-a-a-a-a-a-a-a-a-a"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_first_line_skips_blank_lines() -> None:
    assert first_line("\n  \n  Real   Title \nbody") == "Real Title"
