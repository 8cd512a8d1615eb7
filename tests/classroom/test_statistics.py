"""Moodle's test and item statistics, each checked against a value computed independently here: by hand (in
the comments), with Python's own ``statistics`` module, or with the textbook formula rather than the cumulant
form the code uses.

The hand-checked class is the five sittings of ``test_analysis`` (items a, b, c, d; c is answered right by all):
    S1: 1 1 1 1 (4)   S2: 1 1 1 0 (3)   S3: 1 0 1 1 (3)   S4: 0 0 1 0 (1)   S5: 0 1 1 0 (2)
totals 4 3 3 1 2: mean 2.6, median 3, deviations 1.4 .4 .4 -1.6 -.6, sum of squares 5.2, variance 5.2/4 = 1.3.
Item variances (n-1): a, b, d: 1.2/4 = .3 each; c: 0. Sum .9.
alpha = 4/3 * (1 - .9/1.3) = 0.41026.
"""

from __future__ import annotations

import json
import math
import random
import statistics
from datetime import timedelta

import pytest

from ketquiz.classroom.analysis import (
    OPTION_CHOSEN_BY_STRONG,
    OPTION_NEVER_CHOSEN,
    SHARED_PAPER_NEEDED,
    ClassReport,
    analyse,
)
from ketquiz.classroom.report_text import render
from ketquiz.classroom.results import ExamResult, ItemResult

from .conftest import START
from .test_analysis import MARKS, _report, _sitting


def _naive_alpha(rows: list[list[float]]) -> float:
    """Cronbach's alpha straight from its definition, on a sittings x items matrix."""
    k = len(rows[0])
    item_vars = [statistics.variance([r[j] for r in rows]) for j in range(k)]
    total_var = statistics.variance([sum(r) for r in rows])
    return k / (k - 1) * (1 - sum(item_vars) / total_var)


def _matrix() -> list[list[float]]:
    return [[float(m) for m in marks] for marks in MARKS.values()]


def test_test_figures_match_hand_and_textbook_values() -> None:
    t = _report().test
    totals = [sum(r) for r in _matrix()]
    n = len(totals)
    assert t.sittings == 5 and t.max_score == 4
    assert t.mean == pytest.approx(2.6)
    assert t.median == pytest.approx(3.0)
    assert t.sd == pytest.approx(math.sqrt(1.3))
    assert t.sd == pytest.approx(statistics.stdev(totals))
    # skewness: the adjusted Fisher-Pearson coefficient G1 = g1 * sqrt(n(n-1)) / (n-2), g1 = m3 / m2^1.5
    m = statistics.fmean(totals)
    m2 = sum((x - m) ** 2 for x in totals) / n
    m3 = sum((x - m) ** 3 for x in totals) / n
    m4 = sum((x - m) ** 4 for x in totals) / n
    g1 = m3 / m2**1.5
    assert t.skewness == pytest.approx(g1 * math.sqrt(n * (n - 1)) / (n - 2))
    # excess kurtosis: G2 = ((n+1) g2 + 6) (n-1) / ((n-2)(n-3)), g2 = m4 / m2^2 - 3
    g2 = m4 / m2**2 - 3
    assert t.kurtosis == pytest.approx(((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3)))
    assert t.cronbach_alpha == pytest.approx(4 / 3 * (1 - 0.9 / 1.3))
    assert t.cronbach_alpha == pytest.approx(_naive_alpha(_matrix()))
    assert t.error_ratio == pytest.approx(math.sqrt(1 - 4 / 3 * (1 - 0.9 / 1.3)))
    assert t.sem == pytest.approx(math.sqrt(1.3) * math.sqrt(1 - _naive_alpha(_matrix())))
    assert t.undefined == {}
    assert any("unsatisfactory" in line for line in t.interpretation())


def test_item_figures_match_hand_values() -> None:
    items = {i.card_id: i for i in _report().items}
    # SD as a share of the maximum: sqrt(.3) for a, b, d; 0 for the constant item
    for key in "abd":
        assert items[key].sd == pytest.approx(math.sqrt(0.3))
    assert items["c"].sd == 0
    # random guess: mcq with 3 choices, 1 right -> 1/3; typed -> 0
    assert items["a"].random_guess_score == pytest.approx(1 / 3)
    assert items["b"].random_guess_score == 0
    # discriminative efficiency, item a: x = 1 1 1 0 0, rest = 3 2 2 1 2; Sxy = 1.0;
    #   sorted x 0 0 1 1 1 (dev -.6 -.6 .4 .4 .4), sorted rest 1 2 2 2 3 (dev -1 0 0 0 1): Sxy max = .6 + .4 = 1.0
    assert items["a"].discriminative_efficiency == pytest.approx(1.0)
    # item d: Sxy = .6; sorted x 0 0 0 1 1, sorted rest 1 2 2 3 3 (mean 2.2): Sxy max = .48+.08+.08+.48+.48 = 1.6
    assert items["d"].discriminative_efficiency == pytest.approx(0.6 / 1.6)
    assert items["b"].discriminative_efficiency == pytest.approx(0.0, abs=1e-12)
    assert items["c"].discriminative_efficiency is None
    assert "every student scored the same on this item" in items["c"].undefined["discriminative_efficiency"]


def test_alpha_if_deleted_is_alpha_of_the_paper_without_the_item() -> None:
    rows = _matrix()
    items = {i.card_id: i for i in _report().items}
    for j, key in enumerate("abcd"):
        without = [[x for k, x in enumerate(r) if k != j] for r in rows]
        assert items[key].alpha_if_deleted == pytest.approx(_naive_alpha(without)), key
    # by hand for a: rest = 3 2 2 1 2, variance .5; 3/2 * (1 - .6/.5) = -0.3
    assert items["a"].alpha_if_deleted == pytest.approx(-0.3)


def test_distractor_analysis_matches_independent_figures() -> None:
    a = {i.card_id: i for i in _report().items}["a"]
    rest = [(sum(m) - m[0]) / 3 for m in MARKS.values()]  # rest-of-paper share per sitting
    picks = ["X", "X", "X", "Y", "Z"]  # as in test_analysis.PICKS_A
    for o in a.options:
        chose = [1.0 if p == o.text else 0.0 for p in picks]
        assert o.share == pytest.approx(sum(chose) / 5)
        assert o.point_biserial == pytest.approx(statistics.correlation(chose, rest), abs=1e-9)
        assert o.rest_mean_chose == pytest.approx(
            statistics.fmean([r for r, c in zip(rest, chose, strict=True) if c])
        )
        assert o.rest_mean_not_chose == pytest.approx(
            statistics.fmean([r for r, c in zip(rest, chose, strict=True) if not c])
        )
    y = next(o for o in a.options if o.text == "Y")
    assert y.flags == ()  # chosen by the weakest student: a good distractor


def _mcq_class(picks: list[tuple[str, int]]) -> ClassReport:
    """Sittings of an mcq (choices X right, Y, Z, W) plus three typed items worth ``rest`` marks in all."""
    results = []
    for n, (pick, rest) in enumerate(picks):
        items = [
            ItemResult(
                "q",
                "mcq",
                "Pick X",
                response=pick,
                correct=pick == "X",
                score=float(pick == "X"),
                answered=True,
                choices=("X", "Y", "Z", "W"),
                expected="X",
            )
        ]
        items += [
            ItemResult(f"t{k}", "typed", "T", response="r", score=float(k < rest), answered=True)
            for k in range(3)
        ]
        results.append(
            ExamResult(
                f"S{n}",
                "d",
                "D",
                "",
                1,
                START,
                START + timedelta(minutes=5),
                complete=True,
                items=tuple(items),
            )
        )
    return analyse([(f"{r.student}.json", r) for r in results])


def test_distractor_flags_never_chosen_and_chosen_by_stronger_students() -> None:
    report = _mcq_class([("X", 3), ("X", 2), ("Z", 3), ("Y", 0), ("Y", 1), ("X", 1)])
    q = {i.card_id: i for i in report.items}["q"]
    options = {o.text: o for o in q.options}
    assert options["W"].count == 0 and OPTION_NEVER_CHOSEN in options["W"].flags
    assert OPTION_CHOSEN_BY_STRONG in options["Z"].flags  # the one who chose Z has a full rest score
    assert options["Y"].flags == ()
    assert options["X"].flags == ()  # the key is never flagged as a distractor
    data = json.loads(render(report, "json"))
    opt = {o["option"]: o for o in data["items"][0]["options"]}
    assert set(opt["Z"]) >= {"option", "count", "share", "point_biserial", "rest_mean_chose", "flags"}
    assert opt["W"]["share"] == 0 and opt["W"]["point_biserial"] is None


def test_multi_options_count_each_choice() -> None:
    results = []
    for n, resp in enumerate((["A", "B"], ["A"], ["C"])):
        item = ItemResult(
            "m",
            "multi",
            "Pick",
            response=resp,
            score=float(resp == ["A", "B"]),
            answered=True,
            choices=("A", "B", "C"),
            expected="A; B",
        )
        other = ItemResult("t", "typed", "T", response="x", score=float(n == 0), answered=True)
        results.append(ExamResult(f"S{n}", "d", "D", "", 1, START, START, complete=True, items=(item, other)))
    m = {i.card_id: i for i in analyse([(r.student, r) for r in results]).items}["m"]
    assert [(o.text, o.count, o.correct) for o in m.options] == [
        ("A", 2, True),
        ("B", 1, True),
        ("C", 1, False),
    ]
    assert m.random_guess_score is None and "multiple-answer" in m.undefined["random_guess_score"]


def test_alpha_undefined_with_two_sittings_and_null_in_json_with_a_reason() -> None:
    two = [_sitting(s, m) for s, m in list(MARKS.items())[:2]]
    report = analyse([(r.student, r) for r in two])
    assert report.test.cronbach_alpha is None and report.test.sem is None and report.test.error_ratio is None
    data = json.loads(render(report, "json"))["test"]
    assert data["cronbach_alpha"] is None and "3 complete sittings" in data["undefined"]["cronbach_alpha"]
    assert data["skewness"] is None and "skewness" in data["undefined"]
    assert set(data) >= {
        "sittings",
        "mean",
        "median",
        "sd",
        "skewness",
        "kurtosis",
        "cronbach_alpha",
        "error_ratio",
        "sem",
    }
    items = json.loads(render(report, "json"))["items"]
    assert all(i["alpha_if_deleted"] is None and i["undefined"]["alpha_if_deleted"] for i in items)
    assert "undefined" in render(report, "table")


def test_alpha_undefined_when_everyone_scores_the_same_or_papers_differ() -> None:
    same = [_sitting(f"S{n}", (1, 0, 1, 0)) for n in range(4)]
    t = analyse([(r.student, r) for r in same]).test
    assert t.sd == 0 and t.cronbach_alpha is None and "same total" in t.undefined["cronbach_alpha"]
    assert t.skewness is None and t.kurtosis is None
    other = ExamResult(
        "O",
        "d",
        "D",
        "",
        2,
        START,
        START,
        complete=True,
        items=(ItemResult("z", "typed", "Z", response="r", score=1.0, answered=True),),
    )
    mixed = [_sitting(s, m) for s, m in MARKS.items()] + [other]
    t = analyse([(r.student, r) for r in mixed]).test
    assert t.cronbach_alpha is None and t.undefined["cronbach_alpha"] == SHARED_PAPER_NEEDED
    assert t.sittings == 6 and t.max_score is None


def test_incomplete_sittings_are_left_out_of_test_figures() -> None:
    report = _report([_sitting("Late", (0, 0, 0, 0), complete=False)])
    assert report.test.sittings == 5 and report.test.mean == pytest.approx(2.6)


def _rasch_class(students: int, items: int, seed: int) -> ClassReport:
    """A class answering mcq items under a Rasch model: P(right) = 1 / (1 + exp(difficulty - ability))."""
    rng = random.Random(seed)
    abilities = [rng.gauss(0, 1) for _ in range(students)]
    difficulties = [rng.uniform(-1.5, 1.5) for _ in range(items)]
    results = []
    for s, ability in enumerate(abilities):
        answers = []
        for q, difficulty in enumerate(difficulties):
            right = rng.random() < 1 / (1 + math.exp(difficulty - ability))
            pick = "A" if right else rng.choice("BCD")
            answers.append(
                ItemResult(
                    f"q{q:02d}",
                    "mcq",
                    f"Q{q}",
                    response=pick,
                    correct=right,
                    score=float(right),
                    answered=True,
                    choices=("A", "B", "C", "D"),
                    expected="A",
                )
            )
        results.append(
            ExamResult(f"S{s}", "sim", "Sim", "", 1, START, START, complete=True, items=tuple(answers))
        )
    return analyse([(r.student, r) for r in results])


def test_simulated_class_gives_plausible_figures_and_alpha_rises_with_more_items() -> None:
    alphas = []
    for items in (5, 15, 40):
        report = _rasch_class(30, items, seed=7)
        alpha = report.test.cronbach_alpha
        assert alpha is not None
        alphas.append(alpha)
        discriminations = [i.discrimination for i in report.items if i.discrimination is not None]
        assert statistics.fmean(discriminations) > 0.1  # items measuring one ability correlate with the rest
        assert all(0 <= i.facility <= 1 for i in report.items if i.facility is not None)
        assert all(i.random_guess_score == pytest.approx(0.25) for i in report.items)
    assert alphas[0] < alphas[1] < alphas[2]
    assert 0.6 < alphas[2] < 0.98  # 40 Rasch items, abilities N(0, 1): a reliable but not perfect test
    big = _rasch_class(30, 40, seed=7)
    # distractors chosen at random by those who got it wrong are chosen by weaker students: negative r
    rs = [
        o.point_biserial
        for i in big.items
        for o in i.options
        if not o.correct and o.point_biserial is not None
    ]
    assert statistics.fmean(rs) < 0


class _CountingItems(tuple):
    """A sitting's items that count how often they are walked through."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


@pytest.mark.parametrize("size", [10, 400])
def test_analysis_walks_each_sitting_a_fixed_number_of_times_whatever_its_length(size: int) -> None:
    """Item analysis grows with the answers, not answers x items: a sitting's items are walked a few times in
    all, not once per item (10,000 items in one file used to take 8.8 s, 200,000 never finished)."""
    items = _CountingItems(
        ItemResult(
            f"q{n}",
            "mcq",
            "Q",
            response="A",
            score=float(n % 2),
            answered=True,
            choices=("A", "B"),
            expected="A",
        )
        for n in range(size)
    )
    _CountingItems.walks = 0
    sitting = ExamResult("S", "d", "D", "", 1, START, START, complete=True, items=items)
    report = analyse([("s.json", sitting)])
    assert len(report.items) == size
    assert _CountingItems.walks <= 6
