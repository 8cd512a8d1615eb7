"""A live class's questions, how an answer is graded, the per-question summary and the result files.

A live quiz asks choice questions (mcq, multi, truefalse): a room answers them in seconds and the reveal can show
how many chose each option. The paper follows exam rules: the same seed gives the same questions and option
order; contested cards are left out unless asked for, and then every choice a source supports is accepted.

Every process (the console, each student's) rebuilds the paper from the session's settings and the decks, and
checks the decks are the very files the session began with.
"""

from __future__ import annotations

import dataclasses
import secrets
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ketquiz.classroom.live_store import Answer, LiveSession, LiveSessionError, Student
from ketquiz.classroom.paper import Paper, PaperError, PaperItem, build_paper
from ketquiz.classroom.passages import shown_choices
from ketquiz.classroom.results import ExamResult, ItemResult, ResultWriter, result_stem
from ketquiz.classroom.session import response_to_json
from ketquiz.core.combine import combine_decks
from ketquiz.core.grading import grade
from ketquiz.core.model import CardType, Deck

LIVE_TYPES = frozenset({CardType.MCQ, CardType.MULTI, CardType.TRUEFALSE})


@dataclass(frozen=True)
class LiveSettings:
    """What a session was started with; stored in the session so every process builds the same paper."""

    decks: tuple[str, ...]  # absolute paths
    deck_sha256: tuple[str, ...]
    seed: int
    count: int | None = None
    topics: tuple[str, ...] | None = None
    include_contested: bool = False
    seconds: float = 30.0
    code: str = ""
    leaderboard: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LiveSettings:
        topics = data.get("topics")
        return cls(
            decks=tuple(data["decks"]),
            deck_sha256=tuple(data["deck_sha256"]),
            seed=int(data["seed"]),
            count=data.get("count"),
            topics=tuple(topics) if topics is not None else None,
            include_contested=bool(data.get("include_contested", False)),
            seconds=float(data.get("seconds", 30.0)),
            code=str(data.get("code", "")),
            leaderboard=bool(data.get("leaderboard", False)),
        )


class LiveSetupError(Exception):
    """A live session cannot start or resume; the message says why."""


DeckLoader = Callable[[Path], "Deck | None"]


@dataclass
class LiveSetup:
    """A session ready to run: its file, the deck and paper every process agrees on, the join code."""

    session: LiveSession
    settings: LiveSettings
    deck: Deck
    paper: Paper

    @property
    def code(self) -> str:
        return self.settings.code

    def student_command(self, python: str) -> str:
        """The command the server runs for each student (browser or ``ketquiz join``)."""
        return shlex.join([python, "-m", "ketquiz", "join", "--session", str(self.session.folder.absolute())])


def new_session(
    folder: Path,
    deck_paths: list[Path],
    load: DeckLoader,
    *,
    now: datetime,
    seed: int,
    count: int | None,
    topics: list[str] | None,
    include_contested: bool,
    seconds: float,
    code: str | None,
    leaderboard: bool = False,
) -> LiveSetup:
    """Check the decks and options, then create the session folder (nothing is created when they are wrong)."""
    decks = _load(deck_paths, load)
    settings = LiveSettings(
        decks=tuple(str(p.absolute()) for p in deck_paths),
        deck_sha256=tuple(d.sha256 for d in decks),
        seed=seed,
        count=count,
        topics=tuple(topics) if topics else None,
        include_contested=include_contested,
        seconds=seconds,
        code=code or f"{secrets.randbelow(1_000_000):06d}",
        leaderboard=leaderboard,
    )
    try:
        deck, paper = session_paper(settings, decks)
    except PaperError as exc:
        raise LiveSetupError(str(exc)) from exc
    try:
        session = LiveSession.create(folder, settings.to_dict(), now)
    except LiveSessionError as exc:
        raise LiveSetupError(str(exc)) from exc
    return LiveSetup(session, settings, deck, paper)


def resume_session(folder: Path, load: DeckLoader) -> LiveSetup:
    """The session in ``folder``, with its decks checked unchanged since it began."""
    try:
        session = LiveSession.open(folder)
    except LiveSessionError as exc:
        raise LiveSetupError(f"cannot resume {folder}: {exc}") from exc
    try:
        settings = LiveSettings.from_dict(session.settings)
    except (KeyError, TypeError, ValueError) as exc:
        session.close()
        raise LiveSetupError(f"cannot resume {folder}: its settings are damaged ({exc})") from exc
    decks = _load([Path(p) for p in settings.decks], load)
    try:
        deck, paper = session_paper(settings, decks)
    except (PaperError, ValueError) as exc:
        session.close()
        raise LiveSetupError(str(exc)) from exc
    return LiveSetup(session, settings, deck, paper)


def _load(paths: list[Path], load: DeckLoader) -> list[Deck]:
    decks = [load(p) for p in paths]
    if any(d is None for d in decks):
        raise LiveSetupError("fix the problems above first")
    return [d for d in decks if d is not None]


def live_paper(
    deck: Deck, seed: int, count: int | None, topics: set[str] | None, include_contested: bool
) -> Paper:
    """The questions of a live quiz (choice cards only); raises PaperError when none is left."""
    choice_deck = dataclasses.replace(deck, cards=tuple(c for c in deck.cards if c.type in LIVE_TYPES))
    return build_paper(
        choice_deck, seed=seed, count=count, topics=topics, include_contested=include_contested
    )


def session_paper(settings: LiveSettings, decks: list[Deck]) -> tuple[Deck, Paper]:
    """The combined deck and the paper for ``settings``; raises ValueError when a deck changed since the start."""
    for deck, sha, path in zip(decks, settings.deck_sha256, settings.decks, strict=True):
        if deck.sha256 != sha:
            raise ValueError(f"{path} has changed since this live session began; restore it to continue")
    deck = combine_decks(decks)
    topics = set(settings.topics) if settings.topics else None
    return deck, live_paper(deck, settings.seed, settings.count, topics, settings.include_contested)


def grade_live(item: PaperItem, response: Any) -> bool:
    """Whether ``response`` (an index, a list of indices, or a bool) is right, accepting what a source supports."""
    card = item.card
    as_graded: Any = frozenset(response) if card.type is CardType.MULTI else response
    if grade(card, as_graded).correct:
        return True
    return card.type is CardType.MCQ and isinstance(response, int) and response in item.also_accepted


def right_choices(item: PaperItem) -> set[int]:
    """Indices (in shown order) of the choices that count as right."""
    card = item.card
    if card.type is CardType.TRUEFALSE:
        return {0 if grade(card, True).correct else 1}
    return set(card.correct) | set(item.also_accepted)


def tally(item: PaperItem, answers: list[Answer]) -> list[int]:
    """How many chose each option (a multi answer counts once for each option it ticked)."""
    counts = [0] * len(shown_choices(item.card))
    for a in answers:
        picked = a.response if isinstance(a.response, list) else [a.response]
        for p in picked:
            index = (0 if p else 1) if isinstance(p, bool) else int(p)
            if 0 <= index < len(counts):
                counts[index] += 1
    return counts


@dataclass(frozen=True, slots=True)
class QuestionSummary:
    position: int
    prompt: str
    asked: bool
    answered: int
    right: int

    @property
    def share_right(self) -> float | None:
        return self.right / self.answered if self.answered else None


def summary(session: LiveSession, paper: Paper) -> list[QuestionSummary]:
    """Per question of the paper: whether it was asked, how many answered, how many were right."""
    asked = {q.position for q in session.questions()}
    out = []
    for position, item in enumerate(paper.items):
        answers = session.answers(position=position)
        out.append(
            QuestionSummary(
                position, item.card.prompt, position in asked, len(answers), sum(a.correct for a in answers)
            )
        )
    return out


def _item_result(item: PaperItem, answer: Answer | None, opened_at: datetime | None) -> ItemResult:
    """One question of a student's result file, graded as an exam grades it."""
    card = item.card
    blank = ItemResult(
        card_id=card.id,
        type=card.type.value,
        prompt=card.prompt,
        choices=card.choices if card.type in (CardType.MCQ, CardType.MULTI) else (),
        expected=card.answer,
        topic=card.topic,
    )
    if answer is None:
        return blank
    response: Any = frozenset(answer.response) if card.type is CardType.MULTI else answer.response
    verdict = grade(card, response)
    correct = grade_live(item, answer.response)
    seconds = (answer.answered_at - opened_at).total_seconds() if opened_at else 0.0
    return dataclasses.replace(
        blank,
        response=response_to_json(card, response),
        correct=correct,
        score=verdict.max_score if correct else min(max(verdict.score, 0.0), verdict.max_score),
        max_score=verdict.max_score,
        seconds=max(0.0, seconds),
        answered=True,
        expected=verdict.expected,
        note=verdict.note,
    )


def student_result(
    session: LiveSession, deck: Deck, paper: Paper, student: Student, now: datetime
) -> ExamResult:
    """A student's answers as a ``ketquiz-result/1`` sitting: unanswered and never-opened questions score 0."""
    opened = {q.position: q.opened_at for q in session.questions()}
    mine = {a.position: a for a in session.answers(student_id=student.id)}
    items = tuple(
        _item_result(item, mine.get(n) if n in opened else None, opened.get(n))
        for n, item in enumerate(paper.items)
    )
    started = session.joined_at(student.id)
    return ExamResult(
        student=student.name,
        deck_id=deck.id,
        deck_title=deck.title,
        deck_sha256=deck.sha256,
        seed=paper.seed,
        started_at=started,
        finished_at=max(session.ended_at or now, started),
        complete=True,
        end_reason="finished",
        items=items,
    )


def write_results(
    session: LiveSession, deck: Deck, paper: Paper, out_dir: Path, now: datetime
) -> list[tuple[str, Path | None, str]]:
    """One result file per student in ``out_dir``: (student, path, "") or (student, None, why it was not written).

    The answers stay in the session folder whatever happens here, so a failed write can be tried again.
    """
    written: list[tuple[str, Path | None, str]] = []
    for student in session.students():
        result = student_result(session, deck, paper, student, now)
        writer = ResultWriter(out_dir, result_stem(student.name, deck.id, result.started_at))
        try:
            written.append((student.name, writer.save(result), ""))
        except OSError as exc:
            written.append((student.name, None, exc.strerror or str(exc)))
    return written
