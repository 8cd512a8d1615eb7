"""One student sitting one paper: the clock, the answers, and saving after every answer.

The session holds the exam's logic so the terminal UI is a thin layer over it and tests can drive it directly.
It never opens the study store: an exam does not change anyone's study schedule. Clocks are arguments
(timezone-aware UTC datetimes), never read behind the caller's back.

A save that fails (a full disk, a pulled USB stick) never loses an answer and is never reported as a save: the
answers stay in memory, a rescue copy goes to a second folder (the user's data directory), :attr:`save_problem`
says so in words a student and a teacher can act on, and every later answer tries the result file again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from ketquiz.classroom.paper import Paper, PaperItem
from ketquiz.classroom.results import ExamResult, ItemResult, ResultWriter, result_stem
from ketquiz.core.model import Card, CardType, Deck

#: Why a sitting ended, as written to the result file's ``end_reason``.
END_FINISHED = "finished"  # the student answered (or skipped to the end of) every question
END_ENDED = "ended"  # the student ended the exam early
END_TIME_UP = "time-up"  # the time limit was reached


def describe_os_error(exc: OSError) -> str:
    """An OS error in a few words ("No space left on device"), without Python's decoration."""
    return exc.strerror or str(exc) or type(exc).__name__


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
        rescue_dir: Path | None = None,
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
        stem = result_stem(self.student, deck.id, started_at)
        self.writer = ResultWriter(out_dir, stem)
        #: Where the answers go when the result file cannot be written (None: nowhere else).
        self.rescue = ResultWriter(rescue_dir, stem) if rescue_dir is not None else None
        #: Why the latest save to the result file failed ("" when the result file holds every answer).
        self.save_error = ""
        #: The rescue copy holding every answer while ``save_error`` is set (None if it could not be written).
        self.rescue_path: Path | None = None
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

    @property
    def saved(self) -> bool:
        """True when the result file holds the sitting as it stands now."""
        return not self.save_error and self.writer.path is not None

    def start(self) -> Path | None:
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
            self.finish(now, reason=END_TIME_UP)
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

    def finish(self, now: datetime, reason: str = END_FINISHED) -> ExamResult:
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

    def save(self) -> Path | None:
        """Write the result file; on failure keep a rescue copy and say so (never raises ``OSError``).

        Returns the result file's path when it now holds every answer, else None (see :attr:`save_problem`).
        """
        result = self.result()
        try:
            path = self.writer.save(result)
        except OSError as exc:
            self.save_error = describe_os_error(exc)
            self._save_rescue(result)
            return None
        self.save_error = ""
        if self.rescue_path is not None:  # the result file holds everything again: the copy is stale
            with contextlib.suppress(OSError):
                self.rescue_path.unlink()
            self.rescue_path = None
            if self.rescue is not None:
                self.rescue.path = None
        return path

    def _save_rescue(self, result: ExamResult) -> None:
        if self.rescue is None:
            return
        try:
            self.rescue_path = self.rescue.save(result)
        except OSError:
            self.rescue_path = None

    @property
    def save_problem(self) -> str:
        """What a student and teacher need to know when the answers are not in the result file, else ""."""
        if not self.save_error:
            return ""
        head = f"NOT SAVED to {self.writer.out_dir}: {self.save_error}."
        if self.rescue_path is not None:
            kept = f"Your answers are kept in {self.rescue_path}" + ("." if self.over else " and in memory.")
        elif self.over:
            kept = "No copy could be written anywhere."
        else:
            kept = "Your answers are kept only in this window: do not close it."
        tail = "" if self.over else " Saving is retried after every answer."
        return f"{head} {kept} Tell your teacher.{tail}"


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
