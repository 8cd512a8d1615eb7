"""A new source is written all or nothing: its files and the deck's new entry, or none of them."""

from __future__ import annotations

import dataclasses
import errno
from pathlib import Path

import pytest

import ketquiz.authoring.deck_sources as deck_sources
from ketquiz.authoring.deck_sources import taken_stems, write_source
from ketquiz.core.model import Source
from ketquiz.safefile import FileExists
from tests.factories import make_deck

FILES = {"sources/new.txt": b"text", "sources/new.pdf": b"%PDF"}


def test_the_files_then_the_deck(tmp_path: Path) -> None:
    deck_file = tmp_path / "deck.yaml"
    deck_file.write_text("old\n", encoding="utf-8")
    write_source(tmp_path, FILES, deck_file, "new\n")
    assert deck_file.read_text(encoding="utf-8") == "new\n"
    assert (tmp_path / "sources" / "new.pdf").read_bytes() == b"%PDF"


def test_a_failed_deck_write_takes_the_new_files_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck_file = tmp_path / "deck.yaml"
    deck_file.write_text("old\n", encoding="utf-8")
    real = deck_sources.write_new

    def full(path: Path, data: bytes | str, replace: bool = False) -> Path:
        if path == deck_file:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, replace=replace)

    monkeypatch.setattr(deck_sources, "write_new", full)
    with pytest.raises(OSError, match="No space"):
        write_source(tmp_path, FILES, deck_file, "new\n")
    assert deck_file.read_text(encoding="utf-8") == "old\n"
    assert list((tmp_path / "sources").iterdir()) == []


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "new.pdf").write_bytes(b"someone else's")
    deck_file = tmp_path / "deck.yaml"
    deck_file.write_text("old\n", encoding="utf-8")
    with pytest.raises(FileExists):
        write_source(tmp_path, FILES, deck_file, "new\n")
    assert sorted(p.name for p in (tmp_path / "sources").iterdir()) == ["new.pdf"]
    assert (tmp_path / "sources" / "new.pdf").read_bytes() == b"someone else's"
    assert deck_file.read_text(encoding="utf-8") == "old\n"


def test_stems_in_use_come_from_the_deck_and_the_folder(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "stray.md").write_text("x", encoding="utf-8")
    deck = dataclasses.replace(
        make_deck(1), sources=(Source("a", "A", "sources/article.txt", original="sources/article.html"),)
    )
    assert taken_stems(deck, tmp_path) == {"stray", "article"}
