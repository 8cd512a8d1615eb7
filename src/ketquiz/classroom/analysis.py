"""Item analysis of a class's result files: pure arithmetic over :class:`ExamResult` values, no I/O, no UI.

Figures follow Moodle's quiz statistics:

* **facility index** — the mean score on the item as a share of its maximum (0 = nobody right, 1 = all right);
* **discrimination index** — the Pearson correlation between the score on the item and the score on the rest
  of the paper (the sitting's total minus this item), over the sittings that include the item. Rest-of-paper
  scores are taken as a share of the rest's maximum, so papers of different lengths compare; on one shared
  paper this is exactly Moodle's figure. When either side does not vary (everyone scored the same on the item,
  or on the rest), the correlation is undefined and reported as such, never divided by zero.

Only complete sittings count towards item figures (as Moodle analyses finished attempts); incomplete ones are
listed per student and counted in :attr:`ClassReport.incomplete`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ketquiz.classroom.results import ExamResult

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

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0


@dataclass(frozen=True, slots=True)
class OptionCount:
    text: str
    count: int
    correct: bool


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


@dataclass(frozen=True, slots=True)
class ClassReport:
    students: tuple[StudentRow, ...]
    items: tuple[ItemStats, ...]
    incomplete: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "ketquiz-report/1",
            "thresholds": {
                "too_easy_facility": TOO_EASY_FACILITY,
                "too_hard_facility": TOO_HARD_FACILITY,
                "min_discrimination": MIN_DISCRIMINATION,
            },
            "incomplete_sittings": self.incomplete,
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
                    "answered": s.answered,
                    "questions": s.questions,
                }
                for s in self.students
            ],
            "items": [
                {
                    "deck": i.deck_id,
                    "card_id": i.card_id,
                    "type": i.type,
                    "prompt": i.prompt,
                    "attempts": i.attempts,
                    "unanswered": i.unanswered,
                    "facility": _round(i.facility),
                    "discrimination": _round(i.discrimination),
                    "discrimination_note": i.discrimination_note,
                    "options": [{"text": o.text, "count": o.count, "correct": o.correct} for o in i.options],
                    "flags": list(i.flags),
                }
                for i in self.items
            ],
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's correlation, or None when it is undefined (fewer than two pairs, or a side that is constant)."""
    n = len(xs)
    if n != len(ys) or n < 2:
        return None
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def analyse(results: Sequence[tuple[str, ExamResult]]) -> ClassReport:
    """The class report for ``(file name, result)`` pairs."""
    students = tuple(
        StudentRow(
            student=r.student,
            source=name,
            deck_id=r.deck_id,
            score=r.score,
            max_score=r.max_score,
            seconds=r.seconds_taken,
            complete=r.complete,
            answered=sum(1 for i in r.items if i.answered),
            questions=len(r.items),
        )
        for name, r in results
    )
    complete = [r for _, r in results if r.complete]
    keys: dict[tuple[str, str], None] = {}
    for r in complete:
        for item in r.items:
            keys.setdefault((r.deck_id, item.card_id), None)
    items = tuple(_item_stats(deck_id, card_id, complete) for deck_id, card_id in sorted(keys))
    return ClassReport(students=students, items=items, incomplete=len(results) - len(complete))


def _item_stats(deck_id: str, card_id: str, sittings: Sequence[ExamResult]) -> ItemStats:
    xs: list[float] = []
    ys: list[float] = []
    fractions: list[float] = []
    responses: list[Any] = []
    choices: dict[str, None] = {}
    correct_texts: set[str] = set()
    kind = prompt = ""
    unanswered = 0
    for r in sittings:
        for item in r.items:
            if item.card_id != card_id or r.deck_id != deck_id:
                continue
            kind, prompt = item.type, item.prompt
            fraction = item.score / item.max_score
            fractions.append(fraction)
            rest_max = r.max_score - item.max_score
            if rest_max > 0:
                xs.append(fraction)
                ys.append((r.score - item.score) / rest_max)
            if not item.answered:
                unanswered += 1
            responses.append(item.response if item.answered else None)
            for c in item.choices:
                choices.setdefault(c, None)
            if item.type in ("mcq", "multi"):
                correct_texts.update(t for t in item.expected.split("; ") if t in item.choices)
    attempts = len(fractions)
    facility = math.fsum(fractions) / attempts if attempts else None
    discrimination = pearson(xs, ys)
    note = "" if discrimination is not None else _undefined_reason(xs, ys)
    options = _option_counts(kind, responses, choices, correct_texts)
    flags: list[str] = []
    if facility is not None and facility >= TOO_EASY_FACILITY:
        flags.append(FLAG_TOO_EASY)
    if facility is not None and facility < TOO_HARD_FACILITY:
        flags.append(FLAG_TOO_HARD)
    if discrimination is None:
        flags.append(FLAG_DISCRIMINATION_UNDEFINED)
    elif discrimination < MIN_DISCRIMINATION:
        flags.append(FLAG_NOT_DISCRIMINATING)
    return ItemStats(
        deck_id=deck_id,
        card_id=card_id,
        type=kind,
        prompt=prompt,
        attempts=attempts,
        facility=facility,
        discrimination=discrimination,
        discrimination_note=note,
        options=options,
        unanswered=unanswered,
        flags=tuple(flags),
    )


def _undefined_reason(xs: Sequence[float], ys: Sequence[float]) -> str:
    if len(xs) < 2:
        return "undefined: fewer than two sittings with this item and other questions"
    if max(xs) - min(xs) <= 1e-12:
        return "undefined: every student scored the same on this item"
    return "undefined: every student scored the same on the rest of the paper"


def _option_counts(
    kind: str, responses: Sequence[Any], choices: dict[str, None], correct_texts: set[str]
) -> tuple[OptionCount, ...]:
    """How often each option was chosen: mcq and multi by choice text, true/false by value."""
    if kind == "mcq":
        return tuple(OptionCount(c, sum(1 for r in responses if r == c), c in correct_texts) for c in choices)
    if kind == "multi":
        return tuple(
            OptionCount(c, sum(1 for r in responses if isinstance(r, list) and c in r), c in correct_texts)
            for c in choices
        )
    return ()
