"""A live class's one source of truth: a session folder holding one SQLite file, in WAL mode.

The teacher's console owns the session (it opens, closes and reveals questions and ends the quiz); every
student's process (textual-serve runs one per browser) writes its student's join and answers to the same file.
Nothing lives only in a process's memory, so the console can be killed and restarted with ``--resume DIR``
without losing a join or an answer, and a student who reloads the page rejoins under the same name with their
answers kept.

Every write is one short ``BEGIN IMMEDIATE`` transaction; WAL lets the console read counts while students write.
Commits are not fsynced one by one (``synchronous=NORMAL``): a killed process, the console's or a student's, loses
nothing it committed, and sixty answers in two seconds do not queue behind sixty disk flushes; a power cut may
lose the last moments' answers.
An answer is accepted only while its question is open (checked against the question's own closing time, so a
question closes on time even while the console is down), and only once per student and question.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ketquiz.core.learners import display_name, learner_key

DB_NAME = "session.sqlite3"
BUSY_TIMEOUT_S = 10.0
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS students (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    joined_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS questions (
    position INTEGER PRIMARY KEY,
    opened_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE TABLE IF NOT EXISTS answers (
    student_id INTEGER NOT NULL REFERENCES students(id),
    position INTEGER NOT NULL REFERENCES questions(position),
    response TEXT NOT NULL,
    correct INTEGER NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (student_id, position)
);
"""


class LiveSessionError(Exception):
    """The session folder cannot be used; the message says why and where."""


class AnswerRefused(Exception):
    """An answer that does not count: the question is not open, or this student has answered it already."""


def _iso(t: datetime) -> str:
    if t.tzinfo is None:
        raise ValueError(f"{t!r} has no time zone")
    return t.astimezone(UTC).isoformat()


def _time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


@dataclass(frozen=True, slots=True)
class Student:
    id: int
    name: str
    rejoined: bool = False


@dataclass(frozen=True, slots=True)
class Question:
    """A question that has been opened: ``position`` in the paper, when it opened, closes, and closed."""

    position: int
    opened_at: datetime
    closes_at: datetime
    closed_at: datetime | None

    def is_open(self, now: datetime) -> bool:
        return self.closed_at is None and now < self.closes_at

    def seconds_left(self, now: datetime) -> float:
        return max(0.0, (self.closes_at - now).total_seconds()) if self.is_open(now) else 0.0


@dataclass(frozen=True, slots=True)
class Answer:
    student_id: int
    position: int
    response: Any  # JSON: a choice index (mcq), a list of indices (multi), a bool (truefalse)
    correct: bool
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What everyone's screen shows, read in one go: the phase, the current question, counts."""

    phase: str  # "lobby" | "open" | "revealed" | "ended"
    question: Question | None
    answers: int  # to the current question
    students: int


class LiveSession:
    """One connection to a session's database (each process opens its own)."""

    def __init__(self, conn: sqlite3.Connection, folder: Path) -> None:
        self.conn = conn
        self.folder = folder

    # --- opening ---------------------------------------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, settings: dict[str, Any], now: datetime) -> LiveSession:
        """A new session in ``folder`` (created; it must not hold a session already)."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LiveSessionError(
                f"cannot create the session folder {folder}: {exc.strerror or exc}"
            ) from exc
        if (folder / DB_NAME).exists():
            raise LiveSessionError(
                f"{folder} already holds a live session: continue it with --resume {folder}"
            )
        session = cls(_connect(folder / DB_NAME), folder)
        with session._write():
            session.conn.execute("INSERT INTO meta VALUES ('settings', ?)", (json.dumps(settings),))
            session.conn.execute("INSERT INTO meta VALUES ('created_at', ?)", (_iso(now),))
        return session

    @classmethod
    def open(cls, folder: Path) -> LiveSession:
        """An existing session (``--resume``, or a student's process)."""
        path = folder / DB_NAME
        if not path.is_file():
            raise LiveSessionError(f"{folder} holds no live session (no {DB_NAME} in it)")
        session = cls(_connect(path), folder)
        if session._meta("settings") is None:
            session.close()
            raise LiveSessionError(f"{path} is not a ketquiz live session")
        return session

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> LiveSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def settings(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self._meta("settings") or "{}")
        return value

    @property
    def created_at(self) -> datetime:
        created = _time(self._meta("created_at"))
        assert created is not None
        return created

    @property
    def ended_at(self) -> datetime | None:
        return _time(self._meta("ended_at"))

    # --- students --------------------------------------------------------------------------------------------

    def join(self, typed_name: str, now: datetime) -> Student:
        """Join (or rejoin: the same name, up to case and spacing, is the same student, answers kept)."""
        key = learner_key(typed_name)
        name = display_name(typed_name)
        if not any(ch.isalnum() for ch in key):
            raise ValueError("a name needs at least one letter or digit")
        with self._write():
            row = self.conn.execute("SELECT id, name FROM students WHERE key = ?", (key,)).fetchone()
            if row is not None:
                return Student(int(row[0]), str(row[1]), rejoined=True)
            cur = self.conn.execute(
                "INSERT INTO students (key, name, joined_at) VALUES (?, ?, ?)", (key, name, _iso(now))
            )
            return Student(int(cur.lastrowid or 0), name)

    def students(self) -> list[Student]:
        rows = self.conn.execute("SELECT id, name FROM students ORDER BY id").fetchall()
        return [Student(int(r[0]), str(r[1])) for r in rows]

    def joined_at(self, student_id: int) -> datetime:
        row = self.conn.execute("SELECT joined_at FROM students WHERE id = ?", (student_id,)).fetchone()
        joined = _time(row[0] if row else None)
        return joined if joined is not None else self.created_at

    # --- questions -------------------------------------------------------------------------------------------

    def questions(self) -> list[Question]:
        rows = self.conn.execute(
            "SELECT position, opened_at, closes_at, closed_at FROM questions ORDER BY position"
        ).fetchall()
        return [_question(r) for r in rows]

    def current(self) -> Question | None:
        row = self.conn.execute(
            "SELECT position, opened_at, closes_at, closed_at FROM questions ORDER BY position DESC LIMIT 1"
        ).fetchone()
        return None if row is None else _question(row)

    def open_question(self, position: int, now: datetime, seconds: float) -> Question:
        """Open question ``position`` for ``seconds``; the one before must be closed (see :meth:`close_question`)."""
        from datetime import timedelta

        with self._write():
            if self.ended_at is not None:
                raise LiveSessionError("the quiz has ended")
            try:
                self.conn.execute(
                    "INSERT INTO questions (position, opened_at, closes_at) VALUES (?, ?, ?)",
                    (position, _iso(now), _iso(now + timedelta(seconds=seconds))),
                )
            except sqlite3.IntegrityError:
                raise LiveSessionError(
                    f"question {position + 1} has been opened already (is another console running this session?)"
                ) from None
        question = self.current()
        assert question is not None
        return question

    def close_question(self, position: int, now: datetime) -> None:
        """Close question ``position`` (idempotent): no answer counts after this."""
        with self._write():
            self.conn.execute(
                "UPDATE questions SET closed_at = MIN(?, closes_at) WHERE position = ? AND closed_at IS NULL",
                (_iso(now), position),
            )

    def end(self, now: datetime) -> None:
        """End the quiz: closes the current question; nothing is accepted after."""
        current = self.current()
        if current is not None:
            self.close_question(current.position, now)
        with self._write():
            self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('ended_at', ?)", (_iso(now),))

    # --- answers ---------------------------------------------------------------------------------------------

    def answer(self, student_id: int, position: int, response: Any, correct: bool, now: datetime) -> None:
        """Record an answer; raises :class:`AnswerRefused` when it does not count."""
        with self._write():
            row = self.conn.execute(
                "SELECT closes_at, closed_at FROM questions WHERE position = ?", (position,)
            ).fetchone()
            if row is None or row[1] is not None or now >= datetime.fromisoformat(row[0]):
                raise AnswerRefused("this question is closed")
            try:
                self.conn.execute(
                    "INSERT INTO answers VALUES (?, ?, ?, ?, ?)",
                    (student_id, position, json.dumps(response), int(correct), _iso(now)),
                )
            except sqlite3.IntegrityError:
                raise AnswerRefused("you have answered this question already") from None

    def answer_count(self, position: int) -> int:
        row = self.conn.execute("SELECT COUNT(*) FROM answers WHERE position = ?", (position,)).fetchone()
        return int(row[0])

    def answers(self, position: int | None = None, student_id: int | None = None) -> list[Answer]:
        sql = "SELECT student_id, position, response, correct, answered_at FROM answers WHERE 1=1"
        params: list[Any] = []
        if position is not None:
            sql += " AND position = ?"
            params.append(position)
        if student_id is not None:
            sql += " AND student_id = ?"
            params.append(student_id)
        rows = self.conn.execute(sql + " ORDER BY answered_at", params).fetchall()
        return [
            Answer(int(r[0]), int(r[1]), json.loads(r[2]), bool(r[3]), datetime.fromisoformat(r[4]))
            for r in rows
        ]

    def leaders(self, top: int) -> list[tuple[str, int]]:
        """The ``top`` students by right answers (most first; ties by joining order), with their counts."""
        rows = self.conn.execute(
            "SELECT s.name, COALESCE(SUM(a.correct), 0) AS n FROM students s "
            "LEFT JOIN answers a ON a.student_id = s.id GROUP BY s.id ORDER BY n DESC, s.id LIMIT ?",
            (top,),
        ).fetchall()
        return [(str(r[0]), int(r[1])) for r in rows]

    def snapshot(self, now: datetime) -> Snapshot:
        """The whole screen state in one read transaction."""
        self.conn.execute("BEGIN")  # one consistent read
        try:
            students = int(self.conn.execute("SELECT COUNT(*) FROM students").fetchone()[0])
            question = self.current()
            answers = self.answer_count(question.position) if question else 0
            ended = self.ended_at is not None
        finally:
            self.conn.execute("COMMIT")
        if ended:
            phase = "ended"
        elif question is None:
            phase = "lobby"
        elif question.is_open(now):
            phase = "open"
        else:
            phase = "revealed"
        return Snapshot(phase, question, answers, students)


def _question(row: Any) -> Question:
    closes = datetime.fromisoformat(row[2])
    return Question(int(row[0]), datetime.fromisoformat(row[1]), closes, _time(row[3]))


def _connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    except sqlite3.DatabaseError as exc:
        raise LiveSessionError(f"cannot open the live session {path}: {exc}") from exc
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version == 0:
            conn.execute("BEGIN IMMEDIATE")
            if int(conn.execute("PRAGMA user_version").fetchone()[0]) == 0:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        elif version > SCHEMA_VERSION:
            raise LiveSessionError(f"{path} was made by a newer ketquiz")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise LiveSessionError(f"cannot open the live session {path}: {exc}") from exc
    except LiveSessionError:
        conn.close()
        raise
    return conn
