"""An app that stops on a bug: one line and a crash report with the traceback, not a traceback on the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from ketquiz.crash import InternalError
from ketquiz.ui.running import run_app


class Buggy(App[None]):
    def on_mount(self) -> None:
        raise ZeroDivisionError("the divisor was zero")


class Fine(App[int]):
    def on_mount(self) -> None:
        self.exit(42)


def test_a_bug_in_an_app_is_an_internal_error_with_a_crash_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("KETQUIZ_DEBUG", raising=False)
    with pytest.raises(InternalError) as info:
        run_app(Buggy(), headless=True)
    message = str(info.value)
    assert "ZeroDivisionError" in message and "This is a bug in ketquiz" in message
    reports = list((tmp_path / "ketquiz" / "crashes").glob("crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in message
    report = reports[0].read_text(encoding="utf-8")
    assert "the divisor was zero" in report and "on_mount" in report
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "divisor" not in out + err


def test_an_app_that_ends_well_returns_its_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert run_app(Fine(), headless=True) == 42
    assert not (tmp_path / "ketquiz" / "crashes").exists()
