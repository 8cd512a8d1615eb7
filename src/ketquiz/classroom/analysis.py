"""Item analysis of a class's result files: pure arithmetic over :class:`ExamResult` values, no I/O, no UI.

Figures follow Moodle's quiz statistics (the formulas are in :mod:`ketquiz.classroom.statistics`):

* **test** — sittings, mean, median, SD, skewness, kurtosis of the sitting totals; Cronbach's alpha (KR-20 for
  0/1 items), error ratio and standard error of measurement when every sitting had the same paper;
* **facility index** — the mean score on the item as a share of its maximum (0 = nobody right, 1 = all right);
  **SD** of the item score as a share of its maximum; **random guess score**;
* **discrimination index** — the Pearson correlation between the score on the item and the score on the rest
  of the paper (the sitting's total minus this item), over the sittings that include the item. Rest-of-paper
  scores are taken as a share of the rest's maximum, so papers of different lengths compare; on one shared
  paper this is exactly Moodle's figure;
* **discriminative efficiency** — the same covariance over the largest one the two columns allow;
* **alpha if deleted**, and for mcq/multi a **distractor analysis** per option.

Undefined figures are None with a reason (``undefined``), never a division by zero.

Only complete sittings count towards test and item figures (as Moodle analyses finished attempts); incomplete
ones are listed per student and counted in :attr:`ClassReport.incomplete`.

Everything is computed in one pass over the answers, grouped by item, so the cost grows with the number of
answers (plus a sort per item for discriminative efficiency), not with answers × items.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ketquiz.classroom.results import ExamResult, ItemResult
from ketquiz.classroom.statistics import (
    DUBIOUS_EFFICIENCY,
    EPS,
    PaperStats,
    alpha_if_deleted,
    discriminative_efficiency,
    paper_statistics,
    pearson,
    point_biserial,
    variance,
)

if TYPE_CHECKING:
    from ketquiz.classroom.report_json import ReportDocument

__all__ = ["ClassReport", "ItemStats", "OptionCount", "StudentRow", "analyse", "pearson"]

#: An item at or above this facility is flagged as too easy (Moodle calls 90–94 % "extremely easy").
TOO_EASY_FACILITY = 0.90
#: An item below this facility is flagged as too hard (Moodle: under 20 % "difficult" to "extremely difficult").
TOO_HARD_FACILITY = 0.20
#: An item whose discrimination index is below this is flagged as not discriminating (Moodle: under 0.20
#: "very weak"; negative usually means a faulty key or a misleading question).
MIN_DISCRIMINATION = 0.20

FLAG_TOO_EASY = "too easy"
FLAG_TOO_HARD = "too hard"
FLAG_NOT_DISCRIMINATING = "not discriminating"
FLAG_DISCRIMINATION_UNDEFINED = "discrimination undefined"
FLAG_DUBIOUS = "dubious"  # Moodle: discriminative efficiency under 15 %
FLAG_ALPHA_RISES = "alpha rises without it"

OPTION_NEVER_CHOSEN = "distractor nobody chose"
OPTION_CHOSEN_BY_STRONG = "distractor chosen more by stronger students"

SHARED_PAPER_NEEDED = (
    "the sittings did not all answer the same questions; alpha needs one paper shared by all"
)


@dataclass(frozen=True, slots=True)
class StudentRow:
    student: str
    source: str  # the result file's name
    deck_id: str
    score: float
    max_score: float
    seconds: float
    complete: bool
    answered: int
    questions: int
    end_reason: str = ""  # finished | ended | time-up; "" for a sitting in progress or killed

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0

    @property
    def unanswered(self) -> int:
        return self.questions - self.answered

    @property
    def status(self) -> str:
        """``finished``, ``ended`` (early, by the student), ``time-up``, or ``incomplete`` (still sitting, or
        the exam was killed: the file holds the answers given until then)."""
        if not self.complete:
            return "incomplete"
        return self.end_reason or "finished"


@dataclass(frozen=True, slots=True)
class OptionCount:
    """One option of an mcq or multi item: how often it was chosen, and by whom (rest-of-paper scores are
    shares 0–1 of the rest's maximum)."""

    text: str
    count: int
    correct: bool
    share: float | None = None  # count / attempts
    rest_mean_chose: float | None = None
    rest_mean_not_chose: float | None = None
    point_biserial: float | None = None  # option chosen (0/1) against rest-of-paper score
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemStats:
    deck_id: str
    card_id: str
    type: str
    prompt: str
    attempts: int
    facility: float | None  # 0..1; None without attempts
    discrimination: float | None  # -1..1; None when undefined
    discrimination_note: str  # why it is undefined, else ""
    options: tuple[OptionCount, ...] = ()
    unanswered: int = 0
    flags: tuple[str, ...] = field(default_factory=tuple)
    sd: float | None = None  # of the item score, as a share of its maximum
    random_guess_score: float | None = None  # 0..1
    discriminative_efficiency: float | None = None  # 0..1 (can be negative)
    alpha_if_deleted: float | None = None
    undefined: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ClassReport:
    students: tuple[StudentRow, ...]
    items: tuple[ItemStats, ...]
    incomplete: int
    test: PaperStats = field(
        default_factory=lambda: paper_statistics([], None, None, None, "no complete sittings")
    )

    def to_dict(self) -> ReportDocument:
        from ketquiz.classroom.report_json import report_dict

        return report_dict(self)


class _Item:
    """Everything one pass over the answers gathers for one item."""

    __slots__ = (
        "kind",
        "prompt",
        "fractions",
        "marks",
        "xs",
        "ys",
        "rest_marks",
        "unanswered",
        "choices",
        "correct",
        "chose",
        "chose_y",
        "sum_y_chose",
    )

    def __init__(self) -> None:
        self.kind = self.prompt = ""
        self.fractions: list[float] = []
        self.marks: list[float] = []
        self.xs: list[float] = []  # item score share, where the rest of the paper has a maximum
        self.ys: list[float] = []  # rest-of-paper share, paired with xs
        self.rest_marks: list[float] = []
        self.unanswered = 0
        self.choices: dict[str, None] = {}
        self.correct: set[str] = set()
        self.chose: dict[str, int] = {}
        self.chose_y: dict[str, int] = {}
        self.sum_y_chose: dict[str, float] = {}

    def add(self, item: ItemResult, total: float, total_max: float) -> None:
        self.kind, self.prompt = item.type, item.prompt
        fraction = item.score / item.max_score
        self.fractions.append(fraction)
        self.marks.append(item.score)
        self.rest_marks.append(total - item.score)
        rest_max = total_max - item.max_score
        y: float | None = None
        if rest_max > 0:
            y = (total - item.score) / rest_max
            self.xs.append(fraction)
            self.ys.append(y)
        if not item.answered:
            self.unanswered += 1
        for c in item.choices:
            self.choices.setdefault(c, None)
        if item.type not in ("mcq", "multi"):
            return
        self.correct.update(t for t in item.expected.split("; ") if t in item.choices)
        if not item.answered:
            return
        picked: set[str]
        if item.type == "mcq":
            picked = {item.response} if isinstance(item.response, str) else set()
        else:
            picked = (
                {c for c in item.response if isinstance(c, str)} if isinstance(item.response, list) else set()
            )
        for c in picked:
            self.chose[c] = self.chose.get(c, 0) + 1
            if y is not None:
                self.chose_y[c] = self.chose_y.get(c, 0) + 1
                self.sum_y_chose[c] = self.sum_y_chose.get(c, 0.0) + y


def analyse(results: Sequence[tuple[str, ExamResult]]) -> ClassReport:
    """The class report for ``(file name, result)`` pairs."""
    students: list[StudentRow] = []
    items: dict[tuple[str, str], _Item] = {}
    totals: list[float] = []
    maxima: set[float] = set()
    paper: tuple[tuple[str, str], ...] | None = None
    shared = True
    for name, r in results:
        total, total_max = r.score, r.max_score
        students.append(
            StudentRow(
                student=r.student,
                source=name,
                deck_id=r.deck_id,
                score=total,
                max_score=total_max,
                seconds=r.seconds_taken,
                complete=r.complete,
                answered=sum(1 for i in r.items if i.answered),
                questions=len(r.items),
                end_reason=r.end_reason,
            )
        )
        if not r.complete:
            continue
        totals.append(total)
        maxima.add(round(total_max, 9))
        keys = tuple(sorted((r.deck_id, i.card_id) for i in r.items))
        if paper is None:
            paper = keys
        elif keys != paper:
            shared = False
        for item in r.items:
            acc = items.get((r.deck_id, item.card_id))
            if acc is None:
                acc = items[(r.deck_id, item.card_id)] = _Item()
            acc.add(item, total, total_max)

    ordered = sorted(items)
    item_variance = {k: variance(items[k].marks) for k in ordered}
    p = len(paper) if paper is not None and shared else None
    sum_var: float | None = None
    no_alpha = ""
    if not totals:
        no_alpha = "no complete sittings"
    elif not shared:
        no_alpha = SHARED_PAPER_NEEDED
    elif p is not None and len(ordered) != p:
        no_alpha = "a question appears more than once on the paper"
    elif all(v is not None for v in item_variance.values()):
        sum_var = math.fsum(v for v in item_variance.values() if v is not None)
    test = paper_statistics(totals, next(iter(maxima)) if len(maxima) == 1 else None, p, sum_var, no_alpha)
    stats = tuple(
        _item_stats(deck_id, card_id, items[(deck_id, card_id)], test, p, sum_var, item_variance)
        for deck_id, card_id in ordered
    )
    return ClassReport(
        students=tuple(students), items=stats, incomplete=len(results) - len(totals), test=test
    )


def _item_stats(
    deck_id: str,
    card_id: str,
    acc: _Item,
    test: PaperStats,
    p: int | None,
    sum_var: float | None,
    item_variance: dict[tuple[str, str], float | None],
) -> ItemStats:
    undefined: dict[str, str] = {}
    attempts = len(acc.fractions)
    facility = math.fsum(acc.fractions) / attempts if attempts else None
    var_fraction = variance(acc.fractions)
    sd = None if var_fraction is None else math.sqrt(var_fraction)
    if sd is None:
        undefined["sd"] = "needs at least 2 sittings with this item"
    discrimination = pearson(acc.xs, acc.ys)
    note = "" if discrimination is not None else _undefined_reason(acc.xs)
    if note:
        undefined["discrimination"] = note
    efficiency = discriminative_efficiency(acc.xs, acc.ys)
    if efficiency is None:
        undefined["discriminative_efficiency"] = note or "undefined: the largest possible covariance is zero"
    guess, guess_reason = _random_guess(acc)
    if guess_reason:
        undefined["random_guess_score"] = guess_reason
    deleted: float | None = None
    own_var = item_variance[(deck_id, card_id)]
    if test.cronbach_alpha is None or p is None or sum_var is None or own_var is None:
        undefined["alpha_if_deleted"] = "needs Cronbach's alpha, which is undefined: " + test.undefined.get(
            "cronbach_alpha", ""
        )
    else:
        deleted = alpha_if_deleted(p, sum_var, own_var, variance(acc.rest_marks))
        if deleted is None:
            undefined["alpha_if_deleted"] = (
                "needs at least 3 questions"
                if p < 3
                else "the rest of the paper scored the same for everyone"
            )
    flags: list[str] = []
    if facility is not None and facility >= TOO_EASY_FACILITY:
        flags.append(FLAG_TOO_EASY)
    if facility is not None and facility < TOO_HARD_FACILITY:
        flags.append(FLAG_TOO_HARD)
    if discrimination is None:
        flags.append(FLAG_DISCRIMINATION_UNDEFINED)
    elif discrimination < MIN_DISCRIMINATION:
        flags.append(FLAG_NOT_DISCRIMINATING)
    if efficiency is not None and efficiency < DUBIOUS_EFFICIENCY:
        flags.append(FLAG_DUBIOUS)
    if deleted is not None and test.cronbach_alpha is not None and deleted > test.cronbach_alpha + EPS:
        flags.append(FLAG_ALPHA_RISES)
    return ItemStats(
        deck_id=deck_id,
        card_id=card_id,
        type=acc.kind,
        prompt=acc.prompt,
        attempts=attempts,
        facility=facility,
        discrimination=discrimination,
        discrimination_note=note,
        options=_options(acc, attempts),
        unanswered=acc.unanswered,
        flags=tuple(flags),
        sd=sd,
        random_guess_score=guess,
        discriminative_efficiency=efficiency,
        alpha_if_deleted=deleted,
        undefined=undefined,
    )


def _undefined_reason(xs: Sequence[float]) -> str:
    if len(xs) < 2:
        return "undefined: fewer than two sittings with this item and other questions"
    if max(xs) - min(xs) <= EPS:
        return "undefined: every student scored the same on this item"
    return "undefined: every student scored the same on the rest of the paper"


def _random_guess(acc: _Item) -> tuple[float | None, str]:
    """Moodle's random guess score: the mean mark of all possible answers for single-answer choice questions,
    ½ for true/false, 0 for typed answers; not computed for multiple-answer ones (Moodle doesn't either)."""
    if acc.kind == "mcq":
        if not acc.choices:
            return None, "no choices recorded"
        return len(acc.correct) / len(acc.choices), ""
    if acc.kind == "truefalse":
        return 0.5, ""
    if acc.kind in ("typed", "cloze"):
        return 0.0, ""
    if acc.kind == "multi":
        return None, "not computed for multiple-answer questions (as in Moodle)"
    return None, "self-graded card: no guessing model"


def _options(acc: _Item, attempts: int) -> tuple[OptionCount, ...]:
    """Counts and distractor analysis for mcq and multi, from the tallies gathered in the one pass."""
    if acc.kind not in ("mcq", "multi"):
        return ()
    n = len(acc.ys)
    sum_y = math.fsum(acc.ys)
    sum_y2 = math.fsum(y * y for y in acc.ys)
    out: list[OptionCount] = []
    for c in acc.choices:
        count = acc.chose.get(c, 0)
        k = acc.chose_y.get(c, 0)
        s1 = acc.sum_y_chose.get(c, 0.0)
        m1 = s1 / k if k else None
        m0 = (sum_y - s1) / (n - k) if n - k else None
        flags: list[str] = []
        correct = c in acc.correct
        if not correct and attempts and count == 0:
            flags.append(OPTION_NEVER_CHOSEN)
        if not correct and m1 is not None and m0 is not None and m1 > m0 + EPS:
            flags.append(OPTION_CHOSEN_BY_STRONG)
        out.append(
            OptionCount(
                text=c,
                count=count,
                correct=correct,
                share=count / attempts if attempts else None,
                rest_mean_chose=m1,
                rest_mean_not_chose=m0,
                point_biserial=point_biserial(k, n, s1, sum_y, sum_y2),
                flags=tuple(flags),
            )
        )
    return tuple(out)
