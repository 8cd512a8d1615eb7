from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from ketquiz.classroom.paper import build_paper
from ketquiz.core.model import CardType, Deck
from ketquiz.ui.apps import ExamApp
from ketquiz.ui.screens.exam import ExamEndScreen, QuestionScreen, StudentNameScreen
from tests.screen import screen_lines, screen_text
from tests.waiting import until

from .conftest import START


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def _keys_for_right_answer(card) -> list[str]:
    if card.type in (CardType.TYPED, CardType.CLOZE):
        return [*card.answer, "enter"]
    if card.type is CardType.MULTI:
        return [*(str(i + 1) for i in card.correct), "enter"]
    return [str(card.correct[0] + 1), "enter"]


async def _answer_current(pilot: Pilot, app: ExamApp) -> None:
    screen = app.screen
    assert isinstance(screen, QuestionScreen)
    card = screen.session.paper.items[screen.current].card
    await pilot.press(*_keys_for_right_answer(card))
    await pilot.pause()


def _only_result(out: Path) -> dict:
    files = list(out.glob("*.json"))
    assert len(files) == 1
    return json.loads(files[0].read_text(encoding="utf-8"))


async def test_sitting_the_whole_exam_with_keys(deck: Deck, tmp_path: Path) -> None:
    clock = FakeClock()
    app = ExamApp(
        deck, build_paper(deck, seed=9), out_dir=tmp_path, student="Ana", time_limit_s=600, clock=clock
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        status = str(app.screen.query_one("#exam-status", Static).render())
        assert "10:00 left" in status and "question 1/6" in status
        for _ in range(6):
            clock.now += timedelta(seconds=20)
            await _answer_current(pilot, app)
        assert isinstance(app.screen, ExamEndScreen)
        score = str(app.screen.query_one("#exam-score", Static).render())
        assert "6 / 6" in score
    data = _only_result(tmp_path)
    assert data["complete"] is True and data["score"] == 6 and data["student"] == "Ana"
    assert all(i["seconds"] == 20 for i in data["items"])


async def test_skipped_question_comes_back_and_name_is_asked(deck: Deck, tmp_path: Path) -> None:
    app = ExamApp(deck, build_paper(deck, seed=9, count=2), out_dir=tmp_path, clock=FakeClock())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudentNameScreen)
        await pilot.press(*"Bea", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        first = screen.current
        await pilot.press("enter")  # nothing picked or typed: skip
        await pilot.pause()
        assert screen.current != first
        await _answer_current(pilot, app)
        assert screen.current == first  # the skipped one, again
        await _answer_current(pilot, app)
        assert isinstance(app.screen, ExamEndScreen)
    data = _only_result(tmp_path)
    assert data["student"] == "Bea" and data["score"] == 2


async def test_time_limit_ends_the_exam_in_the_ui(deck: Deck, tmp_path: Path) -> None:
    clock = FakeClock()
    app = ExamApp(
        deck, build_paper(deck, seed=9), out_dir=tmp_path, student="Ana", time_limit_s=60, clock=clock
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        clock.now += timedelta(seconds=10)
        await _answer_current(pilot, app)
        clock.now += timedelta(seconds=55)
        # the countdown ticks twice a second
        # the end screen is pushed, then composed: wait for its score line, not just the screen
        assert await until(
            pilot, lambda: isinstance(app.screen, ExamEndScreen) and bool(app.screen.query("#exam-score"))
        )
        assert "Time is up" in str(app.screen.query_one("#exam-score", Static).render())
    data = _only_result(tmp_path)
    assert data["end_reason"] == "time-up" and data["score"] == 1
    assert sum(i["answered"] for i in data["items"]) == 1


async def test_ending_early_asks_first(deck: Deck, tmp_path: Path) -> None:
    app = ExamApp(deck, build_paper(deck, seed=9), out_dir=tmp_path, student="Ana", clock=FakeClock())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("ctrl+q")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ExamEndScreen)
    assert _only_result(tmp_path)["end_reason"] == "ended"


async def test_a_failed_save_is_reported_and_the_answer_kept(
    deck: Deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ExamApp(deck, build_paper(deck, seed=9), out_dir=tmp_path, student="Ana", clock=FakeClock())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        session = app.session
        assert session is not None

        def fail(result: object) -> Path:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(session.writer, "save", fail)
        await _answer_current(pilot, app)
        assert isinstance(app.screen, QuestionScreen)  # the exam goes on
        assert any("No space left" in str(n.message) for n in app._notifications)
        assert session.items[0].answered
        monkeypatch.undo()
        await _answer_current(pilot, app)
    assert sum(i["answered"] for i in _only_result(tmp_path)["items"]) == 2


@pytest.mark.parametrize("feedback", ["end", "none"])
async def test_feedback_at_the_end_shows_source_passages_only_when_asked(
    deck: Deck, tmp_path: Path, feedback: str
) -> None:
    paper = build_paper(deck, seed=9, count=1)
    app = ExamApp(deck, paper, out_dir=tmp_path, student="Ana", feedback=feedback, clock=FakeClock())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await _answer_current(pilot, app)
        assert isinstance(app.screen, ExamEndScreen)
        shown = "\n".join(str(w.render()) for w in app.screen.query(Static))
    passage = paper.items[0].card.citations[0].quote
    if feedback == "end":
        assert passage in shown and "Expected:" in shown
    else:
        assert passage not in shown and "Your answers are saved" in shown


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_a_long_result_path_wraps_after_its_separators(
    deck: Deck, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The end screen's "Saved to" path, longer than the screen is wide: on its own lines, each ending at a
    separator (or, inside a name longer than a line, after "_"), and all together the file's real path."""
    out = tmp_path / "classroom-results" / "period-3B-spring-term-2026-mrs-featherstonehaugh"
    paper = build_paper(deck, seed=9, count=1)
    student = "Maria Fernanda de los Santos Carvalho"
    app = ExamApp(deck, paper, out_dir=out, student=student, feedback="none", clock=FakeClock())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await _answer_current(pilot, app)
        assert isinstance(app.screen, ExamEndScreen)
        await pilot.pause()
        lines = [line.strip() for line in screen_text(app).splitlines()]
        path = app.screen.session.path
    assert path is not None and path.parent == out and path.exists()
    assert len(str(path)) > size[0]
    at = lines.index("Saved to")
    rows = lines[at + 1 : -1]  # down to the key bar
    assert "".join(rows) == str(path)
    assert all(row.endswith(("/", "_")) for row in rows[:-1]), rows
    assert rows[-1].endswith(".json") and rows[-1] in path.name


async def test_at_60_columns_a_long_name_never_hides_the_score(deck: Deck, tmp_path: Path) -> None:
    paper = build_paper(deck, seed=9, count=1)
    student = "Maria Fernanda de los Santos Carvalho-Albuquerque"
    app = ExamApp(deck, paper, out_dir=tmp_path, student=student, feedback="none", clock=FakeClock())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await _answer_current(pilot, app)
        assert isinstance(app.screen, ExamEndScreen)
        await pilot.pause()
        top = screen_text(app).splitlines()[0]
    assert top.startswith(" Exam finished. 1 / 1 (100%) · Maria Fernanda")
    assert top.rstrip().endswith("…") and len(top) == 60


async def _to_question_of_type(pilot: Pilot, app: ExamApp, kind: CardType) -> QuestionScreen:
    """Skip (Enter with nothing picked) until the current question is of type ``kind``."""
    for _ in range(len(app.paper.items)):
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        if screen.session.paper.items[screen.current].card.type is kind:
            return screen
        await pilot.press("enter")
        await pilot.pause()
    raise AssertionError(f"no {kind} question")


async def test_choice_keys_are_bindings_and_help_lists_them(deck: Deck, tmp_path: Path) -> None:
    app = ExamApp(deck, build_paper(deck, seed=9), out_dir=tmp_path, student="Ana", clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _to_question_of_type(pilot, app, CardType.MULTI)
        await pilot.press("1", "C", "c", "b")  # a number or a letter, either case; a multi question toggles
        assert screen.picked == {0, 1}
        await pilot.press("z", "9")  # no such choice
        assert screen.picked == {0, 1}
        await pilot.press("f1")
        await pilot.pause()
        help_text = screen_text(app)
        assert "1–9 / a–z / A–Z" in help_text and "Choose an answer" in help_text and "End exam" in help_text
        assert "Command palette" not in help_text  # the exam has none
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
    app = ExamApp(deck, build_paper(deck, seed=9), out_dir=tmp_path / "tf", student="Bea", clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _to_question_of_type(pilot, app, CardType.TRUEFALSE)
        await pilot.press("f")
        assert screen.picked == {1}
        await pilot.press("T")
        assert screen.picked == {0}
        await pilot.press("b")
        assert screen.picked == {1}


async def test_ending_the_exam_from_the_key_list_asks_first(deck: Deck, tmp_path: Path) -> None:
    app = ExamApp(deck, build_paper(deck, seed=9), out_dir=tmp_path, student="Ana", clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "ConfirmEndScreen"


@pytest.mark.parametrize("width", [60, 50])
async def test_the_exams_keys_read_whole_on_a_narrow_terminal(deck: Deck, tmp_path: Path, width: int) -> None:
    """The name prompt, a choice question and the end screen: every key whole, the key list's F1 and the way out
    always there (Textual's Footer, which these screens used, cut a question's keys to "… ^q End exam" at 50)."""
    app = ExamApp(deck, build_paper(deck, seed=9), out_dir=tmp_path, clock=FakeClock())
    async with app.run_test(size=(width, 20)) as pilot:
        await pilot.pause()
        bar = screen_lines(app)[-1]
        assert "Quit" in bar and "f1 Keys" in bar and "…" not in bar
        await pilot.press(*"Bea", "enter")
        await pilot.pause()
        await _to_question_of_type(pilot, app, CardType.MCQ)
        bar = screen_lines(app)[-1]
        assert all(key in bar for key in ("⏎ Confirm", "^f Flag", "^q End", "f1 Keys")), bar
        assert "…" not in bar and bar.rstrip().endswith("f1 Keys")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        assert await until(pilot, lambda: isinstance(app.screen, ExamEndScreen))
        await pilot.pause()
        bar = screen_lines(app)[-1]
        assert "Quit" in bar and "f1 Keys" in bar and "…" not in bar


async def test_once_the_exam_is_over_ctrl_q_says_it_quits_and_does(deck: Deck, tmp_path: Path) -> None:
    """The end screen's key bar no longer offers "^q End exam": Ctrl+Q quits there, and the bar and the key list
    say so. Before the exam starts (the name prompt) it quits too, and says so."""
    app = ExamApp(deck, build_paper(deck, seed=9, count=1), out_dir=tmp_path, clock=FakeClock())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudentNameScreen)
        bar = screen_lines(app)[-1]
        assert "End exam" not in bar and "esc/^q Quit" in bar
        await pilot.press(*"Bea", "enter")
        await pilot.pause()
        assert "^q End exam" in screen_lines(app)[-1]  # during the exam it ends it, after asking
        await _answer_current(pilot, app)
        assert await until(pilot, lambda: isinstance(app.screen, ExamEndScreen))
        await pilot.pause()
        bar = screen_lines(app)[-1]
        assert "End exam" not in bar and "q/^q Quit" in bar
        await pilot.press("f1")
        await pilot.pause()
        keys = screen_text(app)
        assert "End exam" not in keys and "ctrl+q" in keys
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    app = ExamApp(deck, build_paper(deck, seed=9, count=1), out_dir=tmp_path / "b", clock=FakeClock())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")  # on the name prompt: nothing to end
        await pilot.pause()
        assert not app.is_running
