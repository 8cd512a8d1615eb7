"""The report says how each sitting ended and what was left unanswered, its table fits 80 columns, and its CSV
tables have one meaning per column."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ketquiz.classroom.results import ExamResult, ItemResult, ResultWriter
from ketquiz.cli import main

from .conftest import START

LONG_NAME = "Maria Fernanda de los Santos Carvalho-Albuquerque y Montenegro"
LONG_CARD = "side-effects-dissociation-and-perceptual-changes-during-infusion"


def _sitting(
    student: str, answers: tuple[bool | None, ...], end_reason: str, complete: bool = True
) -> ExamResult:
    items = tuple(
        ItemResult(
            card_id=LONG_CARD if n == 0 else f"c{n}",
            type="mcq",
            prompt="Which of these does the source describe as a feeling of being detached from one's body? "
            * 2,
            response=None
            if a is None
            else ("right" if a else "a much longer wrong option that goes on and on"),
            correct=bool(a),
            score=1.0 if a else 0.0,
            answered=a is not None,
            choices=("right", "a much longer wrong option that goes on and on"),
            expected="right",
        )
        for n, a in enumerate(answers)
    )
    return ExamResult(
        student=student,
        deck_id="deck",
        deck_title="Deck",
        deck_sha256="",
        seed=1,
        started_at=START.replace(minute=len(student) % 60),
        finished_at=START.replace(minute=59) if complete else None,
        complete=complete,
        end_reason=end_reason if complete else "",
        items=items,
    )


@pytest.fixture
def results(tmp_path: Path) -> Path:
    for student, answers, reason, complete in (
        (LONG_NAME, (True, True, False), "finished", True),
        ("Bea", (True, None, None), "ended", True),
        ("Caio", (False, True, None), "time-up", True),
        ("Dan", (True, False, True), "finished", True),
        ("Eli", (True, None, None), "", False),  # killed mid-exam
    ):
        ResultWriter(tmp_path, student[:10]).save(_sitting(student, answers, reason, complete))
    return tmp_path


def test_json_and_csv_give_each_students_status_and_unanswered(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(results), "--format", "json"]) == 0
    students = {s["student"]: s for s in json.loads(capsys.readouterr().out)["students"]}
    assert {n: (s["status"], s["unanswered"]) for n, s in students.items()} == {
        LONG_NAME: ("finished", 0),
        "Bea": ("ended", 2),
        "Caio": ("time-up", 1),
        "Dan": ("finished", 0),
        "Eli": ("incomplete", 2),
    }
    assert main(["report", str(results), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["student"]: (r["status"], r["unanswered"]) for r in rows}["Bea"] == ("ended", "2")
    assert {r["student"]: r["file"] for r in rows}["Eli"] == "Eli.json"


def test_the_table_fits_80_columns_and_shows_status(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(results)]) == 0
    out = capsys.readouterr().out
    too_wide = [line for line in out.splitlines() if len(line) > 80]
    assert too_wide == []
    assert LONG_NAME[:20] in out and "…" in out
    for status in ("finished", "ended", "time-up", "incomplete"):
        assert status in out
    bea = next(line for line in out.splitlines() if line.startswith("Bea "))
    assert bea.split()[-4:] == ["2", "of", "3", "ended"]  # one row per student, its status at the end
    kept = next(line for line in out.splitlines() if line.startswith("Maria"))
    assert kept.endswith("finished") and "…" in kept


@pytest.mark.parametrize(
    ("flag", "header"),
    [
        ([], "student,file,deck,score,max_score,percent,seconds,status,answered,unanswered,questions"),
        (
            ["--students"],
            "student,file,deck,score,max_score,percent,seconds,status,answered,unanswered,questions",
        ),
        (["--items"], "deck,card_id,type,prompt,attempts,unanswered,facility,sd,random_guess_score,"),
        (["--options"], "deck,card_id,option,correct,count,share,point_biserial,"),
        (["--test"], "figure,value,undefined"),
    ],
)
def test_csv_tables_have_one_meaning_per_column(
    results: Path, flag: list[str], header: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(results), "--format", "csv", *flag]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith(header)
    assert "_or_" not in out.splitlines()[0]
    rows = list(csv.reader(io.StringIO(out)))
    assert len({len(r) for r in rows}) == 1 and len(rows) > 1


def test_a_csv_table_flag_without_csv_is_a_clear_error(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(results), "--items"]) == 1
    assert "--items chooses a CSV table" in capsys.readouterr().err
