"""A folder named where one deck is expected: it stands for its one deck, and of several the user is told which."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.commands.common import bundled_decks_dir


def _folder_with(tmp_path: Path, copies: int) -> Path:
    folder = tmp_path / "decks"
    shutil.copytree(bundled_decks_dir(), folder)
    deck = next(folder.glob("*.yaml"))
    text = deck.read_text(encoding="utf-8")
    for i in range(1, copies):
        (folder / f"copy{i}.yaml").write_text(text.replace("id: ketamine-depression", f"id: copy{i}", 1))
    return folder


def test_a_folder_of_one_deck_stands_for_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder_with(tmp_path, 1)
    assert main(["export", str(folder), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("id,topic,type,prompt") and "mech-nmda-receptor" in out


def test_a_folder_of_several_decks_names_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder_with(tmp_path, 2)
    assert main(["export", str(folder), "--format", "csv"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{folder}: a folder of 2 decks; name one deck file" in err
    assert str(folder / "copy1.yaml") in err and str(folder / "ketamine-depression.yaml") in err


def test_an_empty_folder_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["present", str(tmp_path)]) == 1
    assert f"{tmp_path}: a folder with no deck files" in capsys.readouterr().err


def test_coverage_takes_a_folder_of_one_deck_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder_with(tmp_path, 1)
    assert main(["coverage", str(folder)]) == 0
    assert "sentences cited" in capsys.readouterr().out
    assert main(["coverage", str(_folder_with(tmp_path / "two", 2)), "--tui"]) == 1
    assert "a folder of 2 decks; name one deck file" in capsys.readouterr().err
