from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from ketquiz.classroom.paper import build_paper
from ketquiz.classroom.session import ExamOver, ExamSession
from ketquiz.core.model import CardType, Deck

from .conftest import START

REPO_TESTS = Path(__file__).resolve().parent.parent


def _right_answer(card):
    if card.type is CardType.MCQ:
        return card.correct[0]
    if card.type is CardType.MULTI:
        return frozenset(card.correct)
    if card.type is CardType.TRUEFALSE:
        return card.correct == (0,)
    return card.answer


def _session(deck: Deck, out: Path, time_limit_s: int | None = None) -> ExamSession:
    paper = build_paper(deck, seed=11)
    return ExamSession(deck, paper, "Ana", out, started_at=START, time_limit_s=time_limit_s)


def _saved(session: ExamSession) -> dict:
    assert session.path is not None
    return json.loads(session.path.read_text(encoding="utf-8"))


def test_every_answer_is_saved_as_it_is_given(deck: Deck, tmp_path: Path) -> None:
    s = _session(deck, tmp_path)
    s.start()
    assert _saved(s)["complete"] is False and not any(i["answered"] for i in _saved(s)["items"])
    first = s.paper.items[0].card
    s.show(0, START)
    s.answer(0, _right_answer(first), START + timedelta(seconds=12))
    data = _saved(s)
    assert data["items"][0]["answered"] and data["items"][0]["correct"]
    assert data["items"][0]["seconds"] == 12
    assert data["score"] == 1 and data["complete"] is False
    s.finish(START + timedelta(minutes=1))
    data = _saved(s)
    assert data["complete"] is True and data["end_reason"] == "finished"
    assert data["max_score"] == len(s.paper.items)
    assert data["finished_at"] == "2026-03-02T09:01:00Z"
    assert s.path is not None
    assert [p.name for p in tmp_path.iterdir()] == [s.path.name]


def test_all_right_scores_full_marks_and_responses_are_readable(deck: Deck, tmp_path: Path) -> None:
    s = _session(deck, tmp_path)
    for n, item in enumerate(s.paper.items):
        s.answer(n, _right_answer(item.card), START)
    result = s.finish(START)
    assert result.score == result.max_score == 6
    by_id = {i.card_id: i for i in result.items}
    assert by_id["mech-nmda"].response == "NMDA receptor"
    assert sorted(by_id["mech-multi"].response) == ["acts in the brain", "blocks NMDA"]
    assert by_id["speed-tf"].response is True


def test_multi_partial_credit(deck: Deck, tmp_path: Path) -> None:
    s = _session(deck, tmp_path)
    n, item = next((n, i) for n, i in enumerate(s.paper.items) if i.card.id == "mech-multi")
    recorded = s.answer(n, frozenset(item.card.correct[:1]), START)
    assert not recorded.correct and recorded.score == 0.5


def test_time_limit_ends_the_exam_and_answers_before_it_count(deck: Deck, tmp_path: Path) -> None:
    s = _session(deck, tmp_path, time_limit_s=60)
    s.start()
    s.answer(0, _right_answer(s.paper.items[0].card), START + timedelta(seconds=30))
    assert s.remaining(START + timedelta(seconds=45)) == 15
    with pytest.raises(ExamOver):
        s.answer(1, _right_answer(s.paper.items[1].card), START + timedelta(seconds=61))
    data = _saved(s)
    assert data["complete"] is True and data["end_reason"] == "time-up"
    assert data["finished_at"] == "2026-03-02T09:01:00Z"  # the limit, not the late answer
    assert data["score"] == 1 and [i["answered"] for i in data["items"]].count(True) == 1
    assert data["time_limit_s"] == 60


def test_naive_times_and_empty_names_are_refused(deck: Deck, tmp_path: Path) -> None:
    paper = build_paper(deck, seed=1)
    with pytest.raises(ValueError, match="UTC"):
        ExamSession(deck, paper, "Ana", tmp_path, started_at=START.replace(tzinfo=None))
    with pytest.raises(ValueError, match="empty"):
        ExamSession(deck, paper, "  ", tmp_path, started_at=START)


KILLED_EXAM = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from datetime import timedelta
    sys.path.insert(0, {tests!r})
    from classroom.conftest import make_deck, START
    from classroom.test_session import _right_answer
    from ketquiz.classroom.paper import build_paper
    from ketquiz.classroom.session import ExamSession

    deck = make_deck()
    s = ExamSession(deck, build_paper(deck, seed=11), "Ana", Path(sys.argv[1]), started_at=START, time_limit_s=600)
    s.start()
    for n in range(3):
        s.answer(n, _right_answer(s.paper.items[n].card), START + timedelta(seconds=10 * (n + 1)))
    print("answered", flush=True)
    sys.stdin.readline()  # mid-exam: waiting for the next answer
    """
)


def test_a_killed_exam_leaves_an_incomplete_result_with_its_answers(tmp_path: Path) -> None:
    script = tmp_path / "exam.py"
    script.write_text(KILLED_EXAM.format(tests=str(REPO_TESTS)), encoding="utf-8")
    out = tmp_path / "results"
    with subprocess.Popen(
        [sys.executable, str(script), str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "answered"
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == -signal.SIGKILL
    files = list(out.iterdir())
    assert len(files) == 1 and files[0].suffix == ".json"
    data = json.loads(files[0].read_text(encoding="utf-8"))
    assert data["complete"] is False and data["finished_at"] is None and data["end_reason"] == ""
    assert [i["answered"] for i in data["items"]] == [True, True, True, False, False, False]
    assert data["score"] == 3


def test_an_exam_never_opens_the_study_store(deck: Deck, tmp_path: Path) -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[2]);"
        "from pathlib import Path;"
        "from classroom.conftest import make_deck, START;"
        "from ketquiz.classroom.paper import build_paper;"
        "from ketquiz.classroom.session import ExamSession;"
        "d = make_deck(); s = ExamSession(d, build_paper(d, seed=1), 'Ana', Path(sys.argv[1]), started_at=START);"
        "from classroom.test_session import _right_answer;"
        "s.start(); s.answer(0, _right_answer(s.paper.items[0].card), START); s.finish(START);"
        "print(sorted(m for m in sys.modules if m.startswith('ketquiz.store') or m == 'sqlite3'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path), str(REPO_TESTS)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"


def test_grader_remarks_are_kept(deck: Deck, tmp_path: Path) -> None:
    s = _session(deck, tmp_path)
    n = next(n for n, i in enumerate(s.paper.items) if i.card.id == "mech-multi")
    s.answer(n, frozenset({s.paper.items[n].card.correct[0]}), START)
    assert "missed" in _saved(s)["items"][n]["note"]
