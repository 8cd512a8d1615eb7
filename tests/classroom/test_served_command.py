"""The served command's checks on their own: what each browser's process runs, and what is refused first."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketquiz.classroom.served_command import (
    ServedCommandError,
    served_data_dir,
    served_exam,
    served_present,
    served_report,
    served_study,
    split_command,
)
from ketquiz.core.model import Deck

from .test_exam_command import DECK, SOURCE


def _no_deck(path: Path) -> Deck | None:
    return None


def test_report_is_served_in_its_terminal_ui(tmp_path: Path) -> None:
    served = served_report([str(tmp_path)], tmp_path, tui=False)
    assert served.args == ("report", str(tmp_path), "--tui") and served.title == f"Report: {tmp_path.name}"
    assert served_report([str(tmp_path), "--tui"], tmp_path, tui=True).args.count("--tui") == 1
    with pytest.raises(ServedCommandError, match="not a folder of result files"):
        served_report(["x"], tmp_path / "x", tui=False)


def test_served_study_keeps_learners_in_their_own_folder(tmp_path: Path) -> None:
    served_dir = served_data_dir(tmp_path)
    assert served_dir == (tmp_path / "served").absolute()
    assert served_study([], served_dir, None).args == (
        "study",
        "--data-dir",
        str(served_dir),
        "--ask-profile",
    )
    assert served_study([tmp_path], served_dir, "demo").args[-2:] == ("--profile", "demo")


def test_exam_options_are_refused_before_any_deck_is_read(tmp_path: Path) -> None:
    read: list[Path] = []

    def loader(path: Path) -> Deck | None:
        read.append(path)
        return None

    def exam(student: str | None, time_limit: float | None) -> None:
        served_exam(
            [],
            [tmp_path],
            loader,
            student=student,
            time_limit=time_limit,
            seed=None,
            count=None,
            topics=None,
            include_contested=False,
            out=tmp_path / "r",
        )

    with pytest.raises(ServedCommandError, match="same name"):
        exam("Bob", None)
    with pytest.raises(ServedCommandError, match="from 0 to 1440"):
        exam(None, 0.0)
    assert read == []
    with pytest.raises(ServedCommandError, match="fix the deck before serving it"):
        exam(None, None)
    assert read == [tmp_path] and not (tmp_path / "r").exists()


def test_present_checks_its_topics(tmp_path: Path) -> None:
    from ketquiz.decks import load_deck

    (tmp_path / "s.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")

    def loader(path: Path) -> Deck | None:
        return load_deck(path).deck

    served = served_present([str(tmp_path / "deck.yaml")], tmp_path / "deck.yaml", loader, topics=None)
    assert served.args == ("present", str(tmp_path / "deck.yaml")) and served.title == "Tiny deck"
    with pytest.raises(ServedCommandError, match="unknown topic"):
        served_present([], tmp_path / "deck.yaml", loader, topics=["nope"])
    with pytest.raises(ServedCommandError, match="no such file"):
        served_present([], tmp_path / "gone.yaml", _no_deck, topics=None)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ("study", [])),
        (["--", "exam", "d.yaml"], ("exam", ["d.yaml"])),
        (["report", "r"], ("report", ["r"])),
    ],
)
def test_the_command_and_its_arguments(argv: list[str], expected: tuple[str, list[str]]) -> None:
    assert split_command(argv) == expected


def test_help_and_other_commands_are_not_served() -> None:
    with pytest.raises(ServedCommandError, match="--help is not served"):
        split_command(["exam", "-h"])
    with pytest.raises(ServedCommandError, match="not 'rm") as refused:
        split_command(["rm\x1b[2J", "-rf"])
    assert "\x1b" not in str(refused.value)


def test_the_served_command_takes_no_cache_as_the_command_itself_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketquiz.commands.served_args import check_served_command

    (tmp_path / "s.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert check_served_command(["present", "deck.yaml", "--no-cache"]).args == (
        "present",
        "deck.yaml",
        "--no-cache",
    )
    assert (
        check_served_command(["study", "--no-cache"]).args[-1] == "--no-cache"
    )  # kept in the rebuilt command
    assert "--no-cache" not in check_served_command(["study"]).args
