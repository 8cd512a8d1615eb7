"""The live session file: joins, answers, the question clock, resuming, and the result files it leaves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ketquiz.classroom.analysis import analyse
from ketquiz.classroom.live_quiz import (
    LiveSetup,
    LiveSetupError,
    grade_live,
    live_paper,
    new_session,
    resume_session,
    right_choices,
    summary,
    tally,
    write_results,
)
from ketquiz.classroom.live_store import AnswerRefused, LiveSession, LiveSessionError
from ketquiz.classroom.results import load_results
from ketquiz.commands.common import load_checked_deck

from .test_exam_command import DECK, SOURCE

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    (tmp_path / "s.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    return tmp_path / "deck.yaml"


@pytest.fixture
def made() -> Iterator[list[LiveSetup]]:
    """Sessions a test made, closed when it ends (Python 3.13 warns about an unclosed SQLite connection)."""
    sessions: list[LiveSetup] = []
    yield sessions
    for setup in sessions:
        setup.session.close()


def _setup(folder: Path, deck_file: Path, made: list[LiveSetup] | None = None) -> LiveSetup:
    setup = new_session(
        folder,
        [deck_file],
        load_checked_deck,
        now=T0,
        seed=7,
        count=None,
        topics=None,
        include_contested=False,
        seconds=30.0,
        code="4711",
    )
    if made is not None:
        made.append(setup)
    return setup


def test_join_rejoin_and_names_in_any_script(tmp_path: Path, deck_file: Path, made: list[LiveSetup]) -> None:
    setup = _setup(tmp_path / "s", deck_file, made)
    session = setup.session
    ana = session.join("Ana María", T0)
    assert not ana.rejoined
    again = session.join("  ana   MARÍA ", T0 + timedelta(seconds=5))
    assert again.id == ana.id and again.rejoined and again.name == "Ana María"
    for name in ("Ana Maria", "王芳", "محمد", "Дмитрий"):
        session.join(name, T0)
    assert [s.name for s in session.students()] == ["Ana María", "Ana Maria", "王芳", "محمد", "Дмитрий"]
    with pytest.raises(ValueError):
        session.join(" !! ", T0)


def test_answers_count_only_while_the_question_is_open(
    tmp_path: Path, deck_file: Path, made: list[LiveSetup]
) -> None:
    setup = _setup(tmp_path / "s", deck_file, made)
    session, paper = setup.session, setup.paper
    ana = session.join("Ana", T0)
    bo = session.join("Bo", T0)
    assert session.snapshot(T0).phase == "lobby"
    with pytest.raises(AnswerRefused):
        session.answer(ana.id, 0, 0, True, T0)  # not opened yet
    session.open_question(0, T0, 30)
    item = paper.items[0]
    right = min(right_choices(item))
    session.answer(ana.id, 0, right, grade_live(item, right), T0 + timedelta(seconds=3))
    with pytest.raises(AnswerRefused):
        session.answer(ana.id, 0, right, True, T0 + timedelta(seconds=4))  # once only
    snap = session.snapshot(T0 + timedelta(seconds=5))
    assert (snap.phase, snap.answers, snap.students) == ("open", 1, 2)
    with pytest.raises(AnswerRefused):  # past its closing time, even before anyone closes it
        session.answer(bo.id, 0, right, True, T0 + timedelta(seconds=31))
    assert session.snapshot(T0 + timedelta(seconds=31)).phase == "revealed"
    counts = tally(item, session.answers(position=0))
    assert sum(counts) == 1 and counts[right] == 1


def test_resume_keeps_everything_and_refuses_a_changed_deck(
    tmp_path: Path, deck_file: Path, made: list[LiveSetup]
) -> None:
    setup = _setup(tmp_path / "s", deck_file, made)
    ana = setup.session.join("Ana", T0)
    setup.session.open_question(0, T0, 30)
    setup.session.answer(ana.id, 0, 0, True, T0 + timedelta(seconds=1))
    setup.session.close()  # the console is gone
    again = resume_session(tmp_path / "s", load_checked_deck)
    assert again.code == "4711" and again.paper == setup.paper
    assert again.session.snapshot(T0 + timedelta(seconds=2)).answers == 1
    again.session.close()
    with pytest.raises(LiveSetupError, match="already holds a live session"):
        _setup(tmp_path / "s", deck_file)
    deck_file.write_text(deck_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with pytest.raises(LiveSetupError, match="has changed"):
        resume_session(tmp_path / "s", load_checked_deck)
    with pytest.raises(LiveSetupError, match="no live session"):
        resume_session(tmp_path / "nothing", load_checked_deck)


def test_only_choice_questions(deck_file: Path) -> None:
    deck = load_checked_deck(deck_file)
    assert deck is not None
    paper = live_paper(deck, 1, None, None, False)
    assert paper.items and all(i.card.type.value in ("mcq", "multi", "truefalse") for i in paper.items)


def test_result_files_are_read_by_report(tmp_path: Path, deck_file: Path, made: list[LiveSetup]) -> None:
    setup = _setup(tmp_path / "s", deck_file, made)
    session, paper = setup.session, setup.paper
    students = [session.join(n, T0) for n in ("Ana", "王芳", "Bo")]
    for position, item in enumerate(paper.items):
        opened = T0 + timedelta(minutes=position)
        session.open_question(position, opened, 30)
        right = min(right_choices(item))
        wrong = next(n for n in range(len(right_choices(item)) + 2) if n not in right_choices(item))
        for k, student in enumerate(students[:2]):  # Bo never answers
            response = right if k == 0 else wrong
            if item.card.type.value == "truefalse":
                response = (right if k == 0 else wrong) == 0
            session.answer(
                student.id, position, response, grade_live(item, response), opened + timedelta(seconds=2)
            )
        session.close_question(position, opened + timedelta(seconds=10))
    session.end(T0 + timedelta(minutes=10))
    per_question = summary(session, paper)
    assert all(q.asked and q.answered == 2 and q.right == 1 for q in per_question)
    written = write_results(session, setup.deck, paper, tmp_path / "out", T0 + timedelta(minutes=10))
    assert [name for name, _, _ in written] == ["Ana", "王芳", "Bo"] and all(p for _, p, _ in written)
    loaded = load_results(tmp_path / "out")
    assert not loaded.warnings and len(loaded.results) == 3
    scores = {r.student: r.score for _, r in loaded.results}
    assert scores == {"Ana": len(paper.items), "王芳": 0, "Bo": 0}
    assert all(r.complete for _, r in loaded.results)
    report = analyse([(p.name, r) for p, r in loaded.results])
    assert report is not None


def test_a_broken_session_file_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "session.sqlite3").write_bytes(b"not a database at all" * 100)
    with pytest.raises(LiveSessionError):
        LiveSession.open(tmp_path / "s")


def test_leaders_by_right_answers(tmp_path: Path, deck_file: Path, made: list[LiveSetup]) -> None:
    setup = _setup(tmp_path / "s", deck_file, made)
    session = setup.session
    ana, bo, cy = (session.join(n, T0) for n in ("Ana", "Bo", "Cy"))
    for position in range(2):
        session.open_question(position, T0 + timedelta(minutes=position), 30)
        session.answer(bo.id, position, 0, True, T0 + timedelta(minutes=position, seconds=1))
        session.answer(ana.id, position, 0, position == 0, T0 + timedelta(minutes=position, seconds=1))
        session.close_question(position, T0 + timedelta(minutes=position, seconds=30))
    assert session.leaders(5) == [("Bo", 2), ("Ana", 1), ("Cy", 0)]
    assert session.leaders(1) == [("Bo", 2)]
    with pytest.raises(LiveSessionError, match="opened already"):  # a second console on the same session
        session.open_question(1, T0 + timedelta(minutes=5), 30)
