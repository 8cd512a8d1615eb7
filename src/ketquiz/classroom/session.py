"""One student sitting one paper: the clock, the answers, and saving after every answer.

The session holds the exam's logic so the terminal UI is a thin layer over it and tests can drive it directly.
It never opens the study store: an exam does not change anyone's study schedule. Clocks are arguments
(timezone-aware UTC datetimes), never read behind the caller's back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from ketquiz.classroom.paper import Paper, PaperItem
from ketquiz.classroom.results import ExamResult, ItemResult, ResultWriter, result_stem
from ketquiz.core.model import Card, CardType, Deck


class ExamOver(RuntimeError):
    """An answer came after the exam ended (time limit reached or finished)."""


class GradeLike(Protocol):
    @property
    def correct(self) -> bool: ...
    @property
    def score(self) -> float: ...
    @property
    def max_score(self) -> float: ...
    @property
    def expected(self) -> str: ...


GradeFn = Callable[[Card, Any], GradeLike]


def _default_grade() -> GradeFn:
    from ketquiz.core.grading import grade

    return grade


def _require_utc(t: datetime, what: str) -> None:
    if t.tzinfo is None or t.utcoffset() != timedelta(0):
        raise ValueError(f"{what} must be a timezone-aware UTC datetime, got {t!r}")


def response_to_json(card: Card, response: Any) -> Any:
    """The response as stored in the result file: choice texts rather than indices, so a report can count
    options without the paper."""
    if card.type is CardType.MCQ:
        return card.choices[int(response)]
    if card.type is CardType.MULTI:
        return [card.choices[i] for i in sorted(response)]
    if card.type is CardType.TRUEFALSE:
        return bool(response)
    return str(response)


class ExamSession:
    """A sitting in progress. Call :meth:`start` once, :meth:`answer` per question, :meth:`finish` at the end.

    The result file is saved at the start (empty, incomplete), after every answer, and at the end.
    """

    def __init__(
        self,
        deck: Deck,
        paper: Paper,
        student: str,
        out_dir: Path,
        *,
        started_at: datetime,
        time_limit_s: int | None = None,
        grade_fn: GradeFn | None = None,
    ) -> None:
        _require_utc(started_at, "started_at")
        if not student.strip():
            raise ValueError("the student's name is empty")
        if time_limit_s is not None and time_limit_s <= 0:
            raise ValueError(f"the time limit must be positive, not {time_limit_s} s")
        self.deck = deck
        self.paper = paper
        self.student = student.strip()
        self.started_at = started_at
        self.time_limit_s = time_limit_s
        self._grade = grade_fn or _default_grade()
        self.writer = ResultWriter(out_dir, result_stem(self.student, deck.id, started_at))
        self.items: list[ItemResult] = [_blank(item) for item in paper.items]
        self.finished_at: datetime | None = None
        self.end_reason = ""
        self._shown_at: dict[int, datetime] = {}

    # -- the clock ------------------------------------------------------------------------------------------
    @property
    def deadline(self) -> datetime | None:
        if self.time_limit_s is None:
            return None
        return self.started_at + timedelta(seconds=self.time_limit_s)

    def remaining(self, now: datetime) -> float | None:
        """Seconds left (never negative), or None without a time limit."""
        deadline = self.deadline
        return None if deadline is None else max(0.0, (deadline - now).total_seconds())

    def expired(self, now: datetime) -> bool:
        deadline = self.deadline
        return deadline is not None and now >= deadline

    @property
    def over(self) -> bool:
        return self.finished_at is not None

    # -- the sitting ----------------------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.writer.path

    def start(self) -> Path:
        """Save the (empty, incomplete) result so even a sitting that dies at once leaves a file."""
        return self.save()

    def show(self, index: int, now: datetime) -> PaperItem:
        """The student is now looking at question ``index``; time on it counts from here."""
        self._shown_at[index] = now
        return self.paper.items[index]

    def answer(self, index: int, response: Any, now: datetime) -> ItemResult:
        """Grade and record the answer to question ``index``, then save the result file."""
        if self.over:
            raise ExamOver("the exam has ended")
        if self.expired(now):
            self.finish(now, reason="time limit")
            raise ExamOver("time is up; answers given before the limit count")
        item = self.paper.items[index]
        card = item.card
        verdict = self._grade(card, response)
        correct, score, max_score = bool(verdict.correct), float(verdict.score), float(verdict.max_score)
        if not correct and card.type is CardType.MCQ and int(response) in item.also_accepted:
            correct, score = True, max_score
        shown = self._shown_at.get(index, now)
        previous = self.items[index]
        self.items[index] = replace(
            previous,
            response=response_to_json(card, response),
            correct=correct,
            score=min(max(score, 0.0), max_score),
            max_score=max_score,
            seconds=previous.seconds + max(0.0, (now - shown).total_seconds()),
            answered=True,
            expected=verdict.expected,
            note=str(getattr(verdict, "note", "") or ""),
        )
        self._shown_at[index] = now
        self.save()
        return self.items[index]

    def finish(self, now: datetime, reason: str = "finished") -> ExamResult:
        """End the sitting (idempotent); unanswered questions score 0. Saves and returns the final result."""
        if not self.over:
            deadline = self.deadline
            self.finished_at = min(now, deadline) if deadline is not None else now
            self.end_reason = reason
            self.save()
        return self.result()

    def result(self) -> ExamResult:
        return ExamResult(
            student=self.student,
            deck_id=self.deck.id,
            deck_title=self.deck.title,
            deck_sha256=self.deck.sha256,
            seed=self.paper.seed,
            started_at=self.started_at,
            finished_at=self.finished_at,
            time_limit_s=self.time_limit_s,
            complete=self.over,
            end_reason=self.end_reason,
            items=tuple(self.items),
        )

    def save(self) -> Path:
        return self.writer.save(self.result())


def _blank(item: PaperItem) -> ItemResult:
    card = item.card
    return ItemResult(
        card_id=card.id,
        type=card.type.value,
        prompt=card.prompt,
        choices=card.choices if card.type in (CardType.MCQ, CardType.MULTI) else (),
        expected=card.answer,
        topic=card.topic,
    )
