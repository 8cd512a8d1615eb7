"""The class report as the ``ketquiz-report/1`` JSON object (``ketquiz report --format json``).

Figures are rounded to 4 places (marks to 6); a figure that is undefined is ``null`` and its reason is under
the object's ``undefined`` key, e.g. ``"cronbach_alpha": null`` with ``"undefined": {"cronbach_alpha": "needs at
least 3 complete sittings, as Moodle computes it"}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from ketquiz.classroom.statistics import (
    ALPHA_SATISFACTORY,
    ALPHA_UNSATISFACTORY,
    DUBIOUS_EFFICIENCY,
    PaperStats,
)

if TYPE_CHECKING:
    from ketquiz.classroom.analysis import ClassReport, ItemStats, OptionCount


class PaperInfo(TypedDict):
    """The ``test`` object of a ``ketquiz-report/1`` document (see docs/formats.md)."""

    sittings: int
    max_score: float | None
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cronbach_alpha: float | None
    error_ratio: float | None
    sem: float | None
    undefined: dict[str, str]
    interpretation: list[str]


class OptionInfo(TypedDict):
    option: str
    count: int
    share: float | None
    correct: bool
    rest_mean_chose: float | None
    rest_mean_not_chose: float | None
    point_biserial: float | None
    flags: list[str]


class ItemInfo(TypedDict):
    deck: str
    card_id: str
    type: str
    prompt: str
    attempts: int
    unanswered: int
    facility: float | None
    sd: float | None
    random_guess_score: float | None
    discrimination: float | None
    discrimination_note: str
    discriminative_efficiency: float | None
    alpha_if_deleted: float | None
    options: list[OptionInfo]
    flags: list[str]
    undefined: dict[str, str]


class StudentInfo(TypedDict):
    student: str
    file: str
    deck: str
    score: float
    max_score: float
    percent: float
    seconds: float
    complete: bool
    status: str
    answered: int
    unanswered: int
    questions: int


class ThresholdsInfo(TypedDict):
    too_easy_facility: float
    too_hard_facility: float
    min_discrimination: float
    dubious_efficiency: float
    alpha_satisfactory: float
    alpha_unsatisfactory: float


class ReportDocument(TypedDict):
    """``ketquiz-report/1``: a class's test and item statistics (``ketquiz report --format json``)."""

    format: str
    thresholds: ThresholdsInfo
    incomplete_sittings: int
    incomplete_treatment: str
    test: PaperInfo
    students: list[StudentInfo]
    items: list[ItemInfo]


def _round(x: float | None, places: int = 4) -> float | None:
    return None if x is None else round(x, places)


def paper_dict(t: PaperStats) -> PaperInfo:
    """The ``test`` object: marks for mean, median, sd and sem; fractions 0–1 for alpha and error ratio."""
    return {
        "sittings": t.sittings,
        "max_score": _round(t.max_score, 6),
        "mean": _round(t.mean, 6),
        "median": _round(t.median, 6),
        "sd": _round(t.sd, 6),
        "skewness": _round(t.skewness),
        "kurtosis": _round(t.kurtosis),
        "cronbach_alpha": _round(t.cronbach_alpha),
        "error_ratio": _round(t.error_ratio),
        "sem": _round(t.sem, 6),
        "undefined": dict(t.undefined),
        "interpretation": t.interpretation(),
    }


def option_dict(o: OptionCount) -> OptionInfo:
    return {
        "option": o.text,
        "count": o.count,
        "share": _round(o.share),
        "correct": o.correct,
        "rest_mean_chose": _round(o.rest_mean_chose),
        "rest_mean_not_chose": _round(o.rest_mean_not_chose),
        "point_biserial": _round(o.point_biserial),
        "flags": list(o.flags),
    }


def item_dict(i: ItemStats) -> ItemInfo:
    return {
        "deck": i.deck_id,
        "card_id": i.card_id,
        "type": i.type,
        "prompt": i.prompt,
        "attempts": i.attempts,
        "unanswered": i.unanswered,
        "facility": _round(i.facility),
        "sd": _round(i.sd),
        "random_guess_score": _round(i.random_guess_score),
        "discrimination": _round(i.discrimination),
        "discrimination_note": i.discrimination_note,
        "discriminative_efficiency": _round(i.discriminative_efficiency),
        "alpha_if_deleted": _round(i.alpha_if_deleted),
        "options": [option_dict(o) for o in i.options],
        "flags": list(i.flags),
        "undefined": dict(i.undefined),
    }


def report_dict(report: ClassReport) -> ReportDocument:
    from ketquiz.classroom.analysis import MIN_DISCRIMINATION, TOO_EASY_FACILITY, TOO_HARD_FACILITY

    return {
        "format": "ketquiz-report/1",
        "thresholds": {
            "too_easy_facility": TOO_EASY_FACILITY,
            "too_hard_facility": TOO_HARD_FACILITY,
            "min_discrimination": MIN_DISCRIMINATION,
            "dubious_efficiency": DUBIOUS_EFFICIENCY,
            "alpha_satisfactory": ALPHA_SATISFACTORY,
            "alpha_unsatisfactory": ALPHA_UNSATISFACTORY,
        },
        "incomplete_sittings": report.incomplete,
        "incomplete_treatment": "left out of the test and item figures (listed under students)",
        "test": paper_dict(report.test),
        "students": [
            {
                "student": s.student,
                "file": s.source,
                "deck": s.deck_id,
                "score": round(s.score, 6),
                "max_score": round(s.max_score, 6),
                "percent": round(s.percent, 2),
                "seconds": round(s.seconds, 1),
                "complete": s.complete,
                "status": s.status,
                "answered": s.answered,
                "unanswered": s.unanswered,
                "questions": s.questions,
            }
            for s in report.students
        ],
        "items": [item_dict(i) for i in report.items],
    }
