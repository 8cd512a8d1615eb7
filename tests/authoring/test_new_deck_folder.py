"""``create_deck_folder`` on its own: the caller's check decides, and its findings name the author's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketquiz.authoring.new_deck import DeckCheck, DeckFailsCheck, NewDeck, NewDeckError, create_deck_folder
from ketquiz.core.diagnostics import Diagnostic, Severity

DOC = "Sleep and Memory\nSleep after learning helps the brain keep what was learned that day.\n"


def _finding(deck_file: Path, severity: Severity) -> Diagnostic:
    return Diagnostic(str(deck_file), 3, 1, severity, "made-up", "what the check said")


def _make(
    tmp_path: Path, verdict: bool, severity: Severity
) -> tuple[Path, list[Path], NewDeck | NewDeckError]:
    doc = tmp_path / "notes.txt"
    doc.write_text(DOC, encoding="utf-8")
    checked: list[Path] = []

    def check(deck_file: Path) -> DeckCheck:
        checked.append(deck_file)
        assert deck_file.is_file()  # the staged deck is there to read
        return DeckCheck(verdict, [_finding(deck_file, severity)])

    target = tmp_path / "sleep-notes"
    try:
        made: NewDeck | NewDeckError = create_deck_folder(
            target, [doc], deck_id=None, title=None, schema_json="{}\n", max_source_bytes=10_000, check=check
        )
    except NewDeckError as exc:
        made = exc
    return target, checked, made


def test_a_passing_deck_is_put_in_place_with_its_warnings(tmp_path: Path) -> None:
    target, checked, made = _make(tmp_path, True, "warning")
    assert checked and checked[0].parent != target  # checked while staged, before it is in place
    deck_file = target / "sleep-notes.yaml"
    assert isinstance(made, NewDeck), made
    assert made.deck_file == deck_file and made.sources == 1 and deck_file.is_file()
    assert (target / "ketquiz-deck.schema.json").read_text(encoding="utf-8") == "{}\n"
    # the title comes from the folder's name
    assert '\ntitle: "Sleep notes"' in deck_file.read_text(encoding="utf-8")
    assert [d.file for d in made.diagnostics] == [str(deck_file)]


def test_a_failing_deck_leaves_nothing_and_names_the_authors_folder(tmp_path: Path) -> None:
    target, _, refused = _make(tmp_path, False, "error")
    assert isinstance(refused, DeckFailsCheck) and "nothing was" in str(refused)
    assert [d.file for d in refused.diagnostics] == [str(target / "sleep-notes.yaml")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_source_over_the_limit_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    doc = tmp_path / "big.txt"
    doc.write_text(DOC * 10, encoding="utf-8")
    with pytest.raises(NewDeckError, match="larger than 100 bytes"):
        create_deck_folder(
            tmp_path / "d",
            [doc],
            deck_id=None,
            title=None,
            schema_json="{}",
            max_source_bytes=100,
            check=lambda p: DeckCheck(True, []),
        )
    assert not (tmp_path / "d").exists()
