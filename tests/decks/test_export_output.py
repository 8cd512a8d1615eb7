"""`export -o FILE`: never replaces an existing file without --force, never the deck or a source it read, and
never writes through a path that is already there (a planted symlink is replaced, not followed)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from ketquiz.cli import main

MakeDeck = Callable[..., Path]


def test_writes_a_new_file(make_deck: MakeDeck, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = make_deck()
    out = tmp_path / "tiny.json"
    assert main(["export", str(deck), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["deck"]["id"] == "tiny"
    assert str(out) in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ketquiz-")] == []  # no temporary left


def test_refuses_to_overwrite_without_force(
    make_deck: MakeDeck, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = make_deck()
    out = tmp_path / "notes.csv"
    out.write_text("my own notes\n", encoding="utf-8")
    assert main(["export", str(deck), "-f", "csv", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "my own notes\n"
    assert main(["export", str(deck), "-f", "csv", "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("id,topic,type,prompt")


@pytest.mark.parametrize("target", ["deck.yaml", "sources/brain.txt", "./sources/../deck.yaml"])
def test_never_overwrites_what_it_read_even_with_force(
    make_deck: MakeDeck, tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    deck = make_deck()
    victim = tmp_path / target
    before = {p: p.read_bytes() for p in (deck, tmp_path / "sources" / "brain.txt")}
    for extra in ([], ["--force"]):
        assert main(["export", str(deck), "-o", str(victim), *extra]) == 1
        err = capsys.readouterr().err
        assert "refusing to write over it" in err
        assert f"{victim} is the deck being exported" in err or f"{victim} is a source of the deck" in err
    assert {p: p.read_bytes() for p in before} == before


def test_a_link_to_the_deck_is_refused(
    make_deck: MakeDeck, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = make_deck()
    before = deck.read_bytes()
    link = tmp_path / "out.json"
    link.symlink_to(deck)
    assert main(["export", str(deck), "-o", str(link), "--force"]) == 1
    assert "refusing" in capsys.readouterr().err
    assert deck.read_bytes() == before


def test_a_planted_symlink_is_replaced_not_followed(make_deck: MakeDeck, tmp_path: Path) -> None:
    deck = make_deck()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "export.json"
    link.symlink_to(victim)
    assert main(["export", str(deck), "-o", str(link)]) == 1  # exists (as a link): kept
    assert main(["export", str(deck), "-o", str(link), "--force"]) == 0
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not link.is_symlink() and json.loads(link.read_text(encoding="utf-8"))["deck"]["id"] == "tiny"


def test_unwritable_places_say_so(
    make_deck: MakeDeck, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = make_deck()
    assert main(["export", str(deck), "-o", str(tmp_path / "no" / "such" / "dir.json")]) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert main(["export", str(deck), "-o", str(tmp_path)]) == 1
    assert "directory" in capsys.readouterr().err
    assert main(["export", str(deck), "--force"]) == 1
    assert "--output" in capsys.readouterr().err
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert main(["export", str(deck), "-o", str(locked / "x.json")]) == 1
        assert "nothing was written" in capsys.readouterr().err
