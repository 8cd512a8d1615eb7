"""Result files: the ``ketquiz-result/1`` JSON a sitting leaves behind, written so that none is ever lost.

Every save goes to a temporary file in the same directory, is flushed and fsynced, then renamed into place, so
a reader (or a crash) only ever sees a whole file. The first save claims a new name carrying the student and
the start time and never replaces an existing file; later saves replace only the file the sitting claimed.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NotRequired, TypedDict

from ketquiz.safefile import NotARegularFile, fsync_dir, read_regular, write_temp

FORMAT = "ketquiz-result/1"


class ResultItemInfo(TypedDict):
    """One question of a ``ketquiz-result/1`` file (see docs/formats.md)."""

    card_id: str
    type: str
    prompt: str
    response: Any  # choice text (mcq), list of choice texts (multi), bool (truefalse), text, or null
    correct: bool
    score: float
    max_score: float
    seconds: float
    answered: bool
    expected: str
    topic: str
    choices: NotRequired[list[str]]
    note: NotRequired[str]


class ResultDeckInfo(TypedDict):
    id: str
    title: str
    sha256: str


class ResultDocument(TypedDict):
    """A ``ketquiz-result/1`` file: one student's sitting, saved after every answer (see docs/formats.md)."""

    format: str
    student: str
    deck: ResultDeckInfo
    seed: int
    started_at: str
    finished_at: str | None
    time_limit_s: int | None
    complete: bool
    end_reason: str
    items: list[ResultItemInfo]
    score: float
    max_score: float


class ResultFormatError(ValueError):
    """A file that is not a readable ``ketquiz-result/1`` result; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One question of a sitting. ``response`` is JSON: the chosen choice text (mcq), a list of choice texts
    (multi), a bool (truefalse), the typed text (typed, cloze), or None when not answered."""

    card_id: str
    type: str
    prompt: str
    response: Any = None
    correct: bool = False
    score: float = 0.0
    max_score: float = 1.0
    seconds: float = 0.0
    answered: bool = False
    choices: tuple[str, ...] = ()  # in the order shown
    expected: str = ""
    topic: str = ""
    note: str = ""  # the grader's remark, e.g. "accepted with one typo", "1 correct choice missed"

    def to_dict(self) -> ResultItemInfo:
        out: ResultItemInfo = {
            "card_id": self.card_id,
            "type": self.type,
            "prompt": self.prompt,
            "response": self.response,
            "correct": self.correct,
            "score": self.score,
            "max_score": self.max_score,
            "seconds": round(self.seconds, 3),
            "answered": self.answered,
            "expected": self.expected,
            "topic": self.topic,
        }
        if self.choices:
            out["choices"] = list(self.choices)
        if self.note:
            out["note"] = self.note
        return out

    @classmethod
    def from_dict(cls, data: Any, where: str) -> ItemResult:
        if not isinstance(data, dict):
            raise ResultFormatError(f"{where}: an item must be an object")
        card_id = _require(data, "card_id", str, where)
        score = _number(data.get("score", 0), f"{where} score", MAX_ITEM_SCORE)
        max_score = _number(data.get("max_score", 1), f"{where} max_score", MAX_ITEM_SCORE)
        if max_score <= 0 or not 0 <= score <= max_score:
            raise ResultFormatError(f"{where}: score {score} is not between 0 and max_score {max_score}")
        choices = data.get("choices", [])
        if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
            raise ResultFormatError(f"{where}: 'choices' must be a list of strings")
        return cls(
            card_id=card_id,
            type=_require(data, "type", str, where),
            prompt=_text(data, "prompt", where),
            response=data.get("response"),
            correct=_flag(data, "correct", where, False),
            score=score,
            max_score=max_score,
            seconds=_number(data.get("seconds", 0), f"{where} seconds", MAX_SECONDS),
            answered=_flag(data, "answered", where, data.get("response") is not None),
            choices=tuple(choices),
            expected=_text(data, "expected", where),
            topic=_text(data, "topic", where),
            note=_text(data, "note", where),
        )


@dataclass(frozen=True, slots=True)
class ExamResult:
    student: str
    deck_id: str
    deck_title: str
    deck_sha256: str
    seed: int
    started_at: datetime
    finished_at: datetime | None = None
    time_limit_s: int | None = None
    complete: bool = False
    end_reason: str = ""  # "finished", "ended" (early, by the student), "time-up"; "" while in progress
    items: tuple[ItemResult, ...] = field(default_factory=tuple)

    @property
    def score(self) -> float:
        return sum(i.score for i in self.items)

    @property
    def max_score(self) -> float:
        return sum(i.max_score for i in self.items)

    @property
    def seconds_taken(self) -> float:
        """Wall time from start to finish; for an incomplete sitting, the time spent on answered items."""
        if self.finished_at is not None:
            return max(0.0, (self.finished_at - self.started_at).total_seconds())
        return sum(i.seconds for i in self.items)

    def to_dict(self) -> ResultDocument:
        return {
            "format": FORMAT,
            "student": self.student,
            "deck": {"id": self.deck_id, "title": self.deck_title, "sha256": self.deck_sha256},
            "seed": self.seed,
            "started_at": _iso(self.started_at),
            "finished_at": _iso(self.finished_at) if self.finished_at else None,
            "time_limit_s": self.time_limit_s,
            "complete": self.complete,
            "end_reason": self.end_reason,
            "items": [i.to_dict() for i in self.items],
            "score": round(self.score, 6),
            "max_score": round(self.max_score, 6),
        }

    @classmethod
    def from_dict(cls, data: Any) -> ExamResult:
        if not isinstance(data, dict):
            raise ResultFormatError("not a JSON object")
        if data.get("format") != FORMAT:
            raise ResultFormatError(f"'format' is {data.get('format')!r}, expected {FORMAT!r}")
        deck = data.get("deck")
        if not isinstance(deck, dict):
            raise ResultFormatError("'deck' must be an object with id, title and sha256")
        items = data.get("items")
        if not isinstance(items, list):
            raise ResultFormatError("'items' must be a list")
        seed = data.get("seed")
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise ResultFormatError("'seed' must be an integer")
        limit = data.get("time_limit_s")
        if limit is not None and (
            not isinstance(limit, int) or isinstance(limit, bool) or not 0 < limit <= MAX_SECONDS
        ):
            raise ResultFormatError(
                f"'time_limit_s' must be a whole number of seconds up to {MAX_SECONDS} or null"
            )
        finished = data.get("finished_at")
        return cls(
            student=_require(data, "student", str, "result"),
            deck_id=_require(deck, "id", str, "deck"),
            deck_title=_text(deck, "title", "deck"),
            deck_sha256=_text(deck, "sha256", "deck"),
            seed=seed,
            started_at=_parse_time(data.get("started_at"), "started_at"),
            finished_at=_parse_time(finished, "finished_at") if finished is not None else None,
            time_limit_s=limit,
            complete=_flag(data, "complete", "result", False),
            end_reason=_end_reason(data.get("end_reason", "")),
            items=tuple(ItemResult.from_dict(item, f"item {n}") for n, item in enumerate(items, 1)),
        )


#: Why a sitting ended; older files said "time limit" and "ended early".
END_REASONS = ("finished", "ended", "time-up")
_OLD_END_REASONS = {"time limit": "time-up", "ended early": "ended"}


def _end_reason(value: Any) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise ResultFormatError(f"'end_reason' must be a string, not {value!r}")
    value = _OLD_END_REASONS.get(value, value)
    if value not in END_REASONS:
        raise ResultFormatError(f"'end_reason' is {value!r}, expected one of {', '.join(END_REASONS)}")
    return value


def _require(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise ResultFormatError(f"{where}: {key!r} is missing or not a {kind.__name__}")
    return value


#: Bounds on a result's figures: a file outside them was not written by an exam (a sitting of a year, a
#: question worth a million marks), and the report's sums stay finite.
MAX_SECONDS = 366 * 24 * 3600
MAX_ITEM_SCORE = 1_000_000


def _number(value: Any, where: str, limit: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ResultFormatError(f"{where} must be a number, not {_short(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number) or not 0 <= number <= limit:
        raise ResultFormatError(f"{where} must be a number between 0 and {limit:g}, not {_short(value)}")
    return number


def _flag(data: dict[str, Any], key: str, where: str, default: bool) -> bool:
    """A JSON true/false; the string "false" is an error, never read as true."""
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ResultFormatError(f"{where}: {key!r} must be true or false, not {_short(value)}")
    return value


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ResultFormatError(f"{where}: {key!r} must be a string, not {_short(value)}")
    return value


def _short(value: Any) -> str:
    """A value for a message, cut short (a file may hold a 5,000-character number or string)."""
    try:
        text = json.dumps(value, ensure_ascii=True, allow_nan=True)
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse_time(value: Any, key: str) -> datetime:
    if not isinstance(value, str):
        raise ResultFormatError(f"{key!r} must be an ISO 8601 time")
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ResultFormatError(f"{key!r} is not an ISO 8601 time: {value!r}") from None
    if t.tzinfo is None:
        raise ResultFormatError(f"{key!r} has no time zone: {value!r}")
    return t.astimezone(UTC)


def student_slug(name: str) -> str:
    """A file-name-safe form of a student's name (letters of any script kept)."""
    text = unicodedata.normalize("NFKC", name).strip()
    slug = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    return slug[:40] or "student"


def result_stem(student: str, deck_id: str, started_at: datetime) -> str:
    return f"{student_slug(student)}_{deck_id}_{started_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"


class ResultWriter:
    """Saves one sitting's result, atomically, to a file of its own that it never lets replace another."""

    def __init__(self, out_dir: Path, stem: str) -> None:
        self.out_dir = out_dir
        self.stem = stem
        self.path: Path | None = None

    def save(self, result: ExamResult) -> Path:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        payload = (json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        tmp = write_temp(self.out_dir, payload, prefix=".ketquiz-result-")
        try:
            if self.path is None:
                self.path = self._claim(tmp)
            else:
                os.replace(tmp, self.path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        fsync_dir(self.out_dir)
        return self.path

    def _claim(self, tmp: Path) -> Path:
        """Put ``tmp`` in place under a name no file has yet: ``stem.json``, else ``stem-2.json``, ..."""
        for n in range(1, 10_000):
            candidate = self.out_dir / (f"{self.stem}.json" if n == 1 else f"{self.stem}-{n}.json")
            try:
                os.link(tmp, candidate)  # fails if the name exists: never overwrites
                return candidate
            except FileExistsError:
                continue
            except OSError:
                # No hard links here (some USB sticks): reserve the name exclusively, then rename over it.
                try:
                    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
                    fd = os.open(candidate, flags, 0o644)
                except FileExistsError:
                    continue
                os.close(fd)
                os.replace(tmp, candidate)
                return candidate
        raise FileExistsError(f"no free result file name for {self.stem} in {self.out_dir}")


#: A probe as large as a small result file: a disk with room for less fails here, not at the first answer.
PROBE_BYTES = 4096


def probe_folder(out: Path) -> str:
    """Why result files cannot be written to ``out`` ("" if they can).

    Writes a probe the size of a result file under a fresh random name (``O_EXCL | O_NOFOLLOW``: never through
    a link planted in the folder), then removes it, so a full disk or a read-only folder is found before the
    student starts rather than after the first answer.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = write_temp(out, b" " * PROBE_BYTES, prefix=".ketquiz-probe-")
        probe.unlink()
    except OSError as exc:
        return exc.strerror or str(exc) or type(exc).__name__
    return ""


#: A result file larger than this is not read (a 10,000-question sitting is about 4 MB).
MAX_RESULT_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LoadedResults:
    results: list[tuple[Path, ExamResult]]
    warnings: list[str]


def sitting_key(result: ExamResult) -> tuple[str, str, int, datetime]:
    """What makes a sitting one sitting: the same student, deck, seed and start are the same sitting."""
    return (result.student, result.deck_id, result.seed, result.started_at)


def load_results(directory: Path) -> LoadedResults:
    """Every result file in ``directory`` (``*.json``), sorted by name.

    A file that cannot be read as a result is skipped with a warning saying why, and never stops the others: only
    regular files up to :data:`MAX_RESULT_BYTES` are read (not a FIFO, a device or a link to one), and anything
    JSON cannot hold sensibly (a 5,000-digit number, nesting 100,000 deep, NaN) is refused. The same sitting
    found twice (a copied file) is counted once, keeping the copy that went furthest, and flagged.
    """
    results: list[tuple[Path, ExamResult]] = []
    warnings: list[str] = []
    for path in sorted(directory.glob("*.json")):
        try:
            results.append((path, read_result(path)))
        except ResultFormatError as exc:
            warnings.append(f"{path.name}: skipped, {exc}")
    return _drop_duplicates(results, warnings)


def read_result(path: Path) -> ExamResult:
    """One result file, or :class:`ResultFormatError` saying why it is not one (never another exception)."""
    raw = _read_regular(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ResultFormatError("not UTF-8 text") from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ResultFormatError(f"not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise ResultFormatError("not a ketquiz result file (nested too deeply)") from None
    except ValueError as exc:  # a number too long to convert, NaN or Infinity
        raise ResultFormatError(f"not a ketquiz result file ({str(exc).split(';')[0]})") from None
    try:
        return ExamResult.from_dict(data)
    except ResultFormatError as exc:
        raise ResultFormatError(f"not a ketquiz result file ({exc})") from None
    except RecursionError:
        raise ResultFormatError("not a ketquiz result file (nested too deeply)") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a result file can hold")


def _read_regular(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most :data:`MAX_RESULT_BYTES`.

    Read through :func:`ketquiz.safefile.read_regular` (a FIFO never blocks, a link to ``/dev/zero`` is never
    read), its refusals said as a teacher reading a report's warnings wants them.
    """
    try:
        return read_regular(path, MAX_RESULT_BYTES)
    except NotARegularFile as exc:
        if exc.reason == "too-large":
            raise ResultFormatError(f"larger than {MAX_RESULT_BYTES // (1024 * 1024)} MB") from None
        kind = "a folder" if exc.reason == "directory" else "not a regular file"
        raise ResultFormatError(f"{kind} (a FIFO, a device or a link to one is never read)") from None
    except OSError as exc:
        raise ResultFormatError(f"cannot be read ({exc.strerror or exc})") from None


def _progress(result: ExamResult) -> tuple[bool, int, float]:
    return (result.complete, sum(1 for i in result.items if i.answered), result.seconds_taken)


def _drop_duplicates(found: list[tuple[Path, ExamResult]], warnings: list[str]) -> LoadedResults:
    """One entry per sitting: of several copies keep the one that went furthest; say which were left out."""
    best: dict[tuple[str, str, int, datetime], tuple[Path, ExamResult]] = {}
    for path, result in found:
        key = sitting_key(result)
        kept = best.get(key)
        if kept is None or _progress(result) > _progress(kept[1]):
            best[key] = (path, result)
    results = []
    for path, result in found:
        kept_path, _ = best[sitting_key(result)]
        if kept_path == path:
            results.append((path, result))
        else:
            warnings.append(
                f"{path.name}: counted once, the same sitting as {kept_path.name} "
                "(same student, deck, seed and start)"
            )
    return LoadedResults(results, warnings)
