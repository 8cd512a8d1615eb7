"""The exam's name screen, end-exam dialog and review page: what they show, what their keys and buttons do, and
how they look at 80x24."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, OptionList, Static

from ketquiz.classroom.paper import build_paper
from ketquiz.core.model import Deck
from ketquiz.ui.apps import ExamApp
from ketquiz.ui.screens.exam import (
    ConfirmEndScreen,
    ExamEndScreen,
    QuestionScreen,
    ReviewScreen,
    StudentNameScreen,
)
from ketquiz.ui.screens.exam_dialogs import format_limit
from tests.waiting import until

from .conftest import START, make_deck
from .test_exam_ui import _answer_current

SIZE = (80, 24)


def _clock() -> datetime:
    return START


def _app(deck: Deck, out: Path, count: int = 3, student: str | None = "Ana") -> ExamApp:
    paper = build_paper(deck, seed=9, count=count)
    return ExamApp(deck, paper, out_dir=out, student=student, time_limit_s=900, clock=_clock)


def _result(out: Path) -> dict[str, Any]:
    [path] = out.glob("*.json")
    return json.loads(path.read_text(encoding="utf-8"))


async def test_the_name_screen_says_what_the_exam_is(deck: Deck, tmp_path: Path) -> None:
    app = _app(deck, tmp_path, count=4, student=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudentNameScreen)
        shown = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert "Test deck" in shown and "4 questions" in shown and "15 minutes" in shown


def test_time_limits_read_as_people_say_them() -> None:
    assert [format_limit(s) for s in (None, 45, 60, 90, 900, 3600, 5400)] == [
        "no time limit",
        "45 seconds",
        "1 minute",
        "90 seconds",
        "15 minutes",
        "1 hour",
        "1 h 30 min",
    ]


async def test_the_end_dialog_focuses_keep_going_and_its_buttons_work(deck: Deck, tmp_path: Path) -> None:
    app = _app(deck, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmEndScreen)
        assert app.focused is not None and app.focused.id == "exam-confirm-no"
        assert "3 questions are still unanswered" in str(
            dialog.query_one("#exam-confirm-text", Static).render()
        )
        for button in dialog.query(Button):  # both buttons are wholly inside the dialog, on screen
            assert dialog.query_one("#exam-confirm").region.contains_region(button.region)
        await pilot.press("enter")  # a stray Enter keeps the exam going
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#exam-confirm-yes")
        await pilot.pause()
        assert isinstance(app.screen, ExamEndScreen)
    assert _result(tmp_path)["end_reason"] == "ended"


async def test_the_review_page_lists_unanswered_and_flagged_and_goes_back(deck: Deck, tmp_path: Path) -> None:
    app = _app(deck, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        first = screen.current
        await pilot.press("ctrl+f")  # flag the first, then answer it
        await _answer_current(pilot, app)
        second = screen.current
        await pilot.press("enter")  # skip the second
        await pilot.pause()
        await _answer_current(pilot, app)  # the third
        assert screen.current == second  # the skipped one comes back ...
        await pilot.press("enter")  # ... and skipping it again, with nothing left, opens the review
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        listed = [(e.index, e.answered, e.flagged) for e in review.entries]
        assert listed == sorted([(first, True, True), (second, False, False)])
        options = review.query_one(OptionList)
        assert options.option_count == 2 and app.focused is options
        await pilot.press("down" if listed[0][0] == first else "home", "enter")  # go back to the skipped one
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and screen.current == second
        await _answer_current(pilot, app)
        again = app.screen
        assert isinstance(again, ReviewScreen)  # still one flagged question: the page comes before handing in
        assert [(e.index, e.flagged) for e in again.entries] == [(first, True)]
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, ExamEndScreen)
    data = _result(tmp_path)
    assert data["end_reason"] == "finished" and all(i["answered"] for i in data["items"])


async def test_with_nothing_open_the_exam_hands_in_without_the_review(deck: Deck, tmp_path: Path) -> None:
    app = _app(deck, tmp_path, count=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _answer_current(pilot, app)
        await _answer_current(pilot, app)
        assert isinstance(app.screen, ExamEndScreen)


def _snap_app(tmp_path: Path) -> ExamApp:
    return _app(make_deck(), tmp_path, count=3)


def _keys(*keys: str) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()

    return run_before


def test_snapshot_end_dialog(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(_snap_app(tmp_path), terminal_size=SIZE, run_before=_keys("ctrl+q"))


def test_snapshot_review_page(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(_snap_app(tmp_path), terminal_size=SIZE, run_before=_keys("ctrl+f", "ctrl+r"))


def test_snapshot_name_screen(snap_compare: Any, tmp_path: Path) -> None:
    app = _app(make_deck(), tmp_path, count=3, student=None)
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys())


async def test_at_60_columns_a_long_name_never_hides_the_clock(deck: Deck, tmp_path: Path) -> None:
    app = _app(deck, tmp_path, student="Maria Fernanda de los Santos Carvalho-Albuquerque")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        status = app.screen.query_one("#exam-status", Static)
        text = str(status.render())
        assert text.startswith(" 15:00 left · question 1/3")
        assert len(text.rstrip()) <= 60 and "Maria Fernanda" in text
        assert not app.ENABLE_COMMAND_PALETTE  # its Quit would close the exam without the end dialog


async def test_time_up_with_the_review_page_open_ends_the_exam(deck: Deck, tmp_path: Path) -> None:
    from .test_exam_ui import FakeClock

    clock = FakeClock()
    paper = build_paper(deck, seed=9, count=3)
    app = ExamApp(deck, paper, out_dir=tmp_path, student="Ana", time_limit_s=60, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        clock.now = START.replace(minute=START.minute + 2)
        # the countdown ticks twice a second, under the dialog too
        assert await until(pilot, lambda: isinstance(app.screen, ExamEndScreen))
    assert _result(tmp_path)["end_reason"] == "time-up"
