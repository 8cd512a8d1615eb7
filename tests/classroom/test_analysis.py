"""Report figures against values worked out by hand (see the comments) on five sittings of one paper.

Sittings (1 = right, 0 = wrong; items a, b, c, d):
    S1: 1 1 1 1 (total 4)   S2: 1 1 1 0 (3)   S3: 1 0 1 1 (3)   S4: 0 0 1 0 (1)   S5: 0 1 1 0 (2)
Item a: x = 1 1 1 0 0, rest = 3 2 2 1 2; deviations x .4 .4 .4 -.6 -.6, rest 1 0 0 -1 0
        Sxy = .4 + .6 = 1.0, Sxx = 1.2, Syy = 2  ->  r = 1 / sqrt(2.4) = 0.6455
Item b: x = 1 1 0 0 1, rest = 3 2 3 1 1; Sxy = .4 + 0 - .6 + .6 - .4 = 0  ->  r = 0 (not discriminating)
Item c: everyone right -> facility 1 (too easy), discrimination undefined (no variance, no division)
Item d: x = 1 0 1 0 0, rest = 3 3 2 1 2; Sxy = .48 - .32 - .12 + .48 + .08 = .6, Sxx = 1.2, Syy = 2.8
        ->  r = .6 / sqrt(3.36) = 0.3273
"""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from ketquiz.classroom.analysis import (
    FLAG_ALPHA_RISES,
    FLAG_DISCRIMINATION_UNDEFINED,
    FLAG_DUBIOUS,
    FLAG_NOT_DISCRIMINATING,
    FLAG_TOO_EASY,
    FLAG_TOO_HARD,
    analyse,
    pearson,
)
from ketquiz.classroom.report_text import render
from ketquiz.classroom.results import ExamResult, ItemResult

from .conftest import START

MARKS = {
    "S1": (1, 1, 1, 1),
    "S2": (1, 1, 1, 0),
    "S3": (1, 0, 1, 1),
    "S4": (0, 0, 1, 0),
    "S5": (0, 1, 1, 0),
}
# what each student picked for item a (choices X, Y, Z; X is right)
PICKS_A = {"S1": "X", "S2": "X", "S3": "X", "S4": "Y", "S5": "Z"}


def _sitting(student: str, marks: tuple[int, ...], complete: bool = True, minutes: int = 10) -> ExamResult:
    items = []
    for card_id, mark in zip("abcd", marks, strict=True):
        if card_id == "a":
            items.append(
                ItemResult(
                    "a",
                    "mcq",
                    "Pick X",
                    response=PICKS_A.get(student, "X"),
                    correct=bool(mark),
                    score=float(mark),
                    answered=True,
                    choices=("X", "Y", "Z"),
                    expected="X",
                )
            )
        else:
            items.append(
                ItemResult(
                    card_id,
                    "typed",
                    f"Item {card_id}",
                    response="r",
                    correct=bool(mark),
                    score=float(mark),
                    answered=True,
                )
            )
    return ExamResult(
        student=student,
        deck_id="d",
        deck_title="D",
        deck_sha256="",
        seed=1,
        started_at=START,
        finished_at=START + timedelta(minutes=minutes) if complete else None,
        complete=complete,
        items=tuple(items),
    )


def _report(extra: list[ExamResult] | None = None):
    sittings = [_sitting(s, m, minutes=n + 5) for n, (s, m) in enumerate(MARKS.items())]
    return analyse([(f"{r.student}.json", r) for r in [*sittings, *(extra or [])]])


def test_students() -> None:
    report = _report()
    rows = {s.student: s for s in report.students}
    assert rows["S1"].score == 4 and rows["S1"].percent == 100
    assert rows["S4"].percent == 25
    assert rows["S2"].seconds == 6 * 60


def test_facility_and_discrimination_match_hand_computed_values() -> None:
    items = {i.card_id: i for i in _report().items}
    assert items["a"].facility == pytest.approx(0.6)
    assert items["a"].discrimination == pytest.approx(1 / math.sqrt(2.4))
    assert items["b"].discrimination == pytest.approx(0.0, abs=1e-12)
    assert items["d"].facility == pytest.approx(0.4)
    assert items["d"].discrimination == pytest.approx(0.6 / math.sqrt(3.36))
    assert all(i.attempts == 5 for i in items.values())


def test_constant_item_has_undefined_discrimination_and_says_so() -> None:
    c = {i.card_id: i for i in _report().items}["c"]
    assert c.facility == 1.0
    assert c.discrimination is None
    assert "every student scored the same on this item" in c.discrimination_note
    # a constant item lowers alpha (it adds a question that measures nothing), so alpha rises without it
    assert set(c.flags) == {FLAG_TOO_EASY, FLAG_DISCRIMINATION_UNDEFINED, FLAG_ALPHA_RISES}
    table = render(_report(), "table")
    assert "undefined" in table


def test_flags() -> None:
    items = {i.card_id: i for i in _report().items}
    assert items["a"].flags == ()
    # zero covariance with the rest: Moodle's "dubious" (efficiency 0 < 15 %), and alpha is higher without it
    assert items["b"].flags == (FLAG_NOT_DISCRIMINATING, FLAG_DUBIOUS, FLAG_ALPHA_RISES)
    assert items["d"].flags == ()
    hard = analyse([(f"{n}", _sitting(f"T{n}", (0, m, 1, 0))) for n, m in enumerate((0, 1, 0, 0, 0, 0))])
    assert FLAG_TOO_HARD in {i.card_id: i for i in hard.items}["a"].flags


def test_option_counts() -> None:
    a = {i.card_id: i for i in _report().items}["a"]
    assert [(o.text, o.count, o.correct) for o in a.options] == [
        ("X", 3, True),
        ("Y", 1, False),
        ("Z", 1, False),
    ]


def test_incomplete_sittings_are_listed_but_left_out_of_item_figures() -> None:
    report = _report([_sitting("Late", (0, 0, 0, 0), complete=False)])
    assert report.incomplete == 1
    assert [s.student for s in report.students][-1] == "Late"
    items = {i.card_id: i for i in report.items}
    assert items["a"].facility == pytest.approx(0.6) and items["a"].attempts == 5


@pytest.mark.parametrize(
    ("xs", "ys", "expected"),
    [
        ([1, 2, 3], [2, 4, 6], 1.0),
        ([1, 2, 3], [3, 2, 1], -1.0),
        ([1, 1, 1], [1, 2, 3], None),
        ([1], [1], None),
    ],
)
def test_pearson(xs: list[float], ys: list[float], expected: float | None) -> None:
    got = pearson(xs, ys)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_formats() -> None:
    import csv
    import io
    import json

    report = _report()
    data = json.loads(render(report, "json"))
    assert data["items"][2]["discrimination"] is None and data["items"][0]["facility"] == 0.6
    students = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert len(students) == 5 and all(s["status"] == "finished" for s in students)
    items = list(csv.DictReader(io.StringIO(render(report, "csv", "items"))))
    assert [r["card_id"] for r in items] == ["a", "b", "c", "d"] and items[0]["facility"] == "0.6000"


def test_only_incomplete_sittings_gives_students_and_a_note_not_an_error() -> None:
    from ketquiz.classroom.report_text import NO_ITEMS

    report = analyse([("x.json", _sitting("S1", (1, 0, 1, 0), complete=False))])
    assert report.items == () and report.incomplete == 1
    assert report.students[0].seconds == 0  # no answer timings recorded in this sitting
    assert NO_ITEMS in render(report, "table")
