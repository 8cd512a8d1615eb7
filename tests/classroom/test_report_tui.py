"""`report --tui`: a student's row opens that student's answers, `?` lists the keys, card ids are never broken
mid-word (in the items table and in a student's answers, at 60 and 80 columns), and the screens at 80x24 are kept
as snapshots."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from ketquiz.classroom.analysis import analyse
from ketquiz.classroom.results import ExamResult
from ketquiz.cli import main
from ketquiz.ui.apps import ReportApp
from ketquiz.ui.screens.report import ReportScreen
from ketquiz.ui.screens.report_student import ReportHelpScreen, StudentAnswersScreen
from tests.screen import screen_lines

from .test_report_layout import LONG_CARD, _sitting

SIZE = (80, 24)


def _results() -> list[tuple[str, ExamResult]]:
    return [
        ("ana.json", _sitting("Ana", (True, True, False), "finished")),
        ("bea.json", _sitting("Bea", (True, None, None), "ended")),
        ("caio.json", _sitting("Caio", (False, True, True), "time-up")),
    ]


def _app() -> ReportApp:
    results = _results()
    return ReportApp(analyse(results), title="class 3B", results=results)


async def test_a_students_row_opens_that_students_answers() -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, DataTable)
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudentAnswersScreen) and screen.result.student == "Bea"
        assert re.match(r" Bea · 1/3 \(33%\) · ended · 1 of 3 answered", screen_lines(app)[0])
        shown = "\n".join(str(w.render()) for w in screen.query(Static))
        assert shown.count("(no answer)") == 2 and "Expected: right" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)


async def test_question_mark_lists_the_keys() -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, ReportHelpScreen)
        shown = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert "Enter" in shown and "open that student's answers" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)


def test_card_ids_are_cut_not_broken_mid_word() -> None:
    import io

    from rich.console import Console

    from ketquiz.ui.screens.report import items_table

    console = Console(width=76, record=True, file=io.StringIO())  # the items table's width at 80 columns
    console.print(items_table(analyse(_results())))
    text = console.export_text()
    lines = [line for line in text.splitlines() if any(part in line for part in LONG_CARD.split("-")[1:])]
    assert lines and all(
        LONG_CARD[:12] in line for line in lines
    )  # the id's pieces only ever beside its start
    assert "…" in lines[0]


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_a_long_card_id_in_a_students_answers_is_cut_not_wrapped(size: tuple[int, int]) -> None:
    app = _app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # Ana, whose first question is the long card id
        await pilot.pause()
        assert isinstance(app.screen, StudentAnswersScreen)
        lines = screen_lines(app)
    [heading] = [line for line in lines if LONG_CARD[:12] in line]
    assert "…" in heading and "1/1 · 0:00" in heading  # the id is cut; its score stays on its line
    tail = LONG_CARD[-8:]
    assert not any(tail in line or line.strip().startswith("· 0:00") for line in lines)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_a_long_name_and_file_name_are_cut_and_the_figures_kept_whole(size: tuple[int, int]) -> None:
    name = "Bartholomew Featherstonehaugh-Whitcombe of Llanfairpwllgwyngyll"
    file = name.replace(" ", "-") + "_ketamine-depression_20260302T090000Z.json"
    result = replace(_sitting(name, (True, False, True), "finished"), seed=7)
    app = ReportApp(analyse([(file, result)]), title="class 3B", results=[(file, result)])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        lines = screen_lines(app)
    assert re.match(r" Bartholomew.*… · 2/3 \(67%\) · finished · 3 of 3 answered $", lines[0])
    [sitting] = [line for line in lines if "seed 7" in line]
    assert re.match(r"  Bartholomew-.*… · seed 7 · \d+:\d\d +$", sitting)
    assert not any(line.strip().startswith(("answered", "T090000Z", "Z.json")) for line in lines)


@pytest.mark.parametrize("width", [60, 80])
async def test_the_report_wraps_under_its_columns_and_never_cuts_a_flag(width: int) -> None:
    """At 60 and 80 columns: an undefined figure's reason wraps under its value, an option's text under the
    option's text, the items' flags stay whole words (at 60 the items are a list), and a long card id is cut
    with an ellipsis."""
    app = _app()
    async with app.run_test(size=(width, 80)) as pilot:  # tall: every section on screen
        await pilot.pause()
        lines = screen_lines(app)
    text = "\n".join(lines)
    kurtosis = next(n for n, line in enumerate(lines) if "kurtosis" in line)
    value_column = lines[kurtosis].index("undefined")
    if width == 60:  # the reason is longer than the line
        assert lines[kurtosis + 1][:value_column].strip() == "" and lines[kurtosis + 1][value_column] != " "
    assert "discrimination undefined" in text and "not discriminating," in text
    assert not re.search(r"discrimin…|discriminat…", text)
    items = text[text.index("\n Items") : text.index("Options chosen")]
    [card] = [line for line in items.splitlines() if LONG_CARD[:12] in line]
    assert "…" in card and LONG_CARD[-6:] not in items
    assert not any(line.strip().startswith(LONG_CARD[-8:]) for line in lines)  # no id broken across lines
    option = next(n for n, line in enumerate(lines) if "a much longer wrong option" in line)
    start = lines[option].index("a much longer")
    follow = lines[option + 1]
    assert follow[:start].strip() == "" and follow[start] != " "  # the option's text wraps under itself


def test_report_tui_command_passes_the_results(tmp_path: Path, monkeypatch: Any) -> None:
    from ketquiz.classroom.results import ResultWriter

    for name, result in _results():
        ResultWriter(tmp_path, name.removesuffix(".json")).save(result)
    seen: list[ReportApp] = []
    monkeypatch.setattr(ReportApp, "run", lambda app: seen.append(app))
    assert main(["report", str(tmp_path), "--tui"]) == 0
    [app] = seen
    assert [r.student for _, r in app.results] == ["Ana", "Bea", "Caio"]


def test_snapshot_report_screen(snap_compare: Any) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=SIZE, run_before=ready)


def test_snapshot_student_answers(snap_compare: Any) -> None:
    async def open_first(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=SIZE, run_before=open_first)
