"""Whatever a command raises reaches the terminal as a message, never a traceback; an internal error leaves a
crash report with the traceback behind."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from ketquiz import cli
from ketquiz.commands import due
from ketquiz.crash import EXIT_INTERNAL
from ketquiz.store.errors import StoreError


def _raising(monkeypatch: pytest.MonkeyPatch, exc: Exception) -> None:
    def run(args: argparse.Namespace) -> int:
        raise exc

    monkeypatch.setattr(due, "run", run)


def test_an_internal_error_is_a_message_and_a_crash_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("KETQUIZ_DEBUG", raising=False)
    _raising(monkeypatch, ZeroDivisionError("the \x1b[31mdivisor\x1b[0m was zero"))
    assert cli.main(["due"]) == EXIT_INTERNAL
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err and "\x1b" not in err
    assert "internal error: ZeroDivisionError" in err and "Please report it" in err
    reports = list((tmp_path / "cache" / "ketquiz" / "crashes").glob("crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in err
    text = reports[0].read_text(encoding="utf-8")
    assert "command line: ketquiz due" in text and "Traceback" in text and "ZeroDivisionError" in text


def test_a_store_error_a_command_left_unhandled_is_its_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _raising(monkeypatch, StoreError("the study data /x/default.sqlite3 is damaged"))
    assert cli.main(["due"]) == 1
    assert capsys.readouterr().err == "ketquiz: error: the study data /x/default.sqlite3 is damaged\n"


def test_a_file_error_names_the_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _raising(monkeypatch, PermissionError(13, "Permission denied", "/x/out.csv"))
    assert cli.main(["due"]) == 1
    assert capsys.readouterr().err == "ketquiz: error: /x/out.csv: Permission denied\n"


def test_a_developer_can_have_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KETQUIZ_DEBUG", "1")
    _raising(monkeypatch, ZeroDivisionError("zero"))
    with pytest.raises(ZeroDivisionError):
        cli.main(["due"])


def test_an_unknown_option_shows_the_commands_own_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["due", "--bogus"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: ketquiz due ") and "unrecognized arguments: --bogus" in err


def test_an_app_stopped_by_a_bug_exits_70_with_its_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ketquiz.crash import InternalError

    _raising(
        monkeypatch, InternalError("internal error: the app stopped on an error (boom). Please report it.")
    )
    assert cli.main(["due"]) == EXIT_INTERNAL
    assert capsys.readouterr().err == (
        "ketquiz: error: internal error: the app stopped on an error (boom). Please report it.\n"
    )
