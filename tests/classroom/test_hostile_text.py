"""Deck text and student names are shown literally in the exam, present and report screens and in the plain
output of `exam` and `report`: an escape sequence in them never reaches a terminal."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Static

from ketquiz.classroom.analysis import analyse
from ketquiz.classroom.paper import build_paper
from ketquiz.classroom.results import ResultWriter
from ketquiz.classroom.session import ExamSession
from ketquiz.cli import main
from ketquiz.core.model import Deck
from ketquiz.core.safetext import REPLACEMENT
from ketquiz.ui.apps import ExamApp, PresentApp, ReportApp
from ketquiz.ui.screens.exam import ExamEndScreen, QuestionScreen

from .conftest import START
from .test_exam_command import deck_file  # noqa: F401  (fixture)
from .test_results import _result

TITLE = "\x1b]0;owned\x07"  # sets the terminal's title
STUDENT = f"Ana{TITLE}"


def _hostile(deck: Deck) -> Deck:
    cards = tuple(
        replace(
            c,
            prompt=c.prompt + TITLE,
            answer=c.answer,
            explanation=f"Because{TITLE}",
            choices=tuple(ch + TITLE if n == len(c.choices) - 1 else ch for n, ch in enumerate(c.choices)),
        )
        for c in deck.cards
    )
    return replace(deck, title=deck.title + TITLE, cards=cards)


def _shown(app: App[None]) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


def _assert_literal(shown: str) -> None:
    assert "\x1b" not in shown and "\x07" not in shown
    assert f"{REPLACEMENT}]0;owned{REPLACEMENT}" in shown


async def test_exam_screens_show_prompts_choices_and_names_literally(deck: Deck, tmp_path: Path) -> None:
    hostile = _hostile(deck)
    paper = build_paper(hostile, seed=9, count=1)
    app = ExamApp(hostile, paper, out_dir=tmp_path, student=STUDENT, clock=lambda: START)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        _assert_literal(_shown(app))
        assert "Ana" + REPLACEMENT in str(app.screen.query_one("#exam-status", Static).render())
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamEndScreen)
        shown = _shown(app)
        _assert_literal(shown)
        assert f"Because{REPLACEMENT}" in shown


async def test_present_shows_deck_text_literally(deck: Deck) -> None:
    hostile = _hostile(deck)
    app = PresentApp(hostile, list(hostile.cards))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        _assert_literal(_shown(app))
        await pilot.press("a")
        await pilot.pause()
        assert f"Because{REPLACEMENT}" in _shown(app)


async def test_report_tui_shows_names_literally() -> None:
    report = analyse([("a.json", _result(STUDENT))])
    app = ReportApp(report, title="results")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.export_screenshot()
    assert "\x1b" not in screen and "\x07" not in screen and f"Ana{REPLACEMENT}" in screen


@pytest.fixture
def hostile_results(tmp_path: Path) -> Path:
    ResultWriter(tmp_path, "a").save(_result(STUDENT))
    ResultWriter(tmp_path, "b").save(_result('=HYPERLINK("http://evil.example","x")'))
    ResultWriter(tmp_path, "c").save(_result("@SUM(1+1)"))
    return tmp_path


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_report_table_and_csv_print_names_literally(
    hostile_results: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(hostile_results), "--format", fmt]) == 0
    out = capsys.readouterr().out
    _assert_literal(out)


def test_report_csv_cells_never_start_a_formula(
    hostile_results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(hostile_results), "--format", "csv"]) == 0
    cells = [cell for row in csv.reader(io.StringIO(capsys.readouterr().out)) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells and "'@SUM(1+1)" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    assert not any(cell.startswith("-") and not cell.lstrip("-").replace(".", "").isdigit() for cell in cells)


def test_report_json_keeps_the_exact_name_escaped(
    hostile_results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(hostile_results), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\u001b" in out
    assert STUDENT in [s["student"] for s in json.loads(out)["students"]]


def test_exam_last_line_prints_the_name_literally(
    deck_file: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def sit(app: ExamApp) -> None:
        app.session = ExamSession(app.deck, app.paper, STUDENT, app.out_dir, started_at=datetime.now(UTC))
        app.session.start()
        app.session.finish(datetime.now(UTC))

    monkeypatch.setattr(ExamApp, "run", sit)
    assert main(["exam", str(deck_file), "--student", STUDENT, "--out", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    _assert_literal(out)
    assert "saved to" in out
