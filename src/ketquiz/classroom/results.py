"""Result files: the ``ketquiz-result/1`` JSON a sitting leaves behind, written so that none is ever lost.

Every save goes to a temporary file in the same directory, is flushed and fsynced, then renamed into place, so
a reader (or a crash) only ever sees a whole file. The first save claims a new name carrying the student and
the start time and never replaces an existing file; later saves replace only the file the sitting claimed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ketquiz.safefile import fsync_dir, write_temp

FORMAT = "ketquiz-result/1"


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

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
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
        score = _number(data.get("score", 0), f"{where} score")
        max_score = _number(data.get("max_score", 1), f"{where} max_score")
        if max_score <= 0 or not 0 <= score <= max_score:
            raise ResultFormatError(f"{where}: score {score} is not between 0 and max_score {max_score}")
        choices = data.get("choices", [])
        if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
            raise ResultFormatError(f"{where}: 'choices' must be a list of strings")
        return cls(
            card_id=card_id,
            type=_require(data, "type", str, where),
            prompt=str(data.get("prompt", "")),
            response=data.get("response"),
            correct=bool(data.get("correct", False)),
            score=score,
            max_score=max_score,
            seconds=_number(data.get("seconds", 0), f"{where} seconds"),
            answered=bool(data.get("answered", data.get("response") is not None)),
            choices=tuple(choices),
            expected=str(data.get("expected", "")),
            topic=str(data.get("topic", "")),
            note=str(data.get("note", "")),
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

    def to_dict(self) -> dict[str, Any]:
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
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool)):
            raise ResultFormatError("'time_limit_s' must be an integer or null")
        finished = data.get("finished_at")
        return cls(
            student=_require(data, "student", str, "result"),
            deck_id=_require(deck, "id", str, "deck"),
            deck_title=str(deck.get("title", "")),
            deck_sha256=str(deck.get("sha256", "")),
            seed=seed,
            started_at=_parse_time(data.get("started_at"), "started_at"),
            finished_at=_parse_time(finished, "finished_at") if finished is not None else None,
            time_limit_s=limit,
            complete=bool(data.get("complete", False)),
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


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ResultFormatError(f"{where} must be a number, not {value!r}")
    return float(value)


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


@dataclass(frozen=True, slots=True)
class LoadedResults:
    results: list[tuple[Path, ExamResult]]
    warnings: list[str]


def load_results(directory: Path) -> LoadedResults:
    """Every result file in ``directory`` (``*.json``), sorted by name; others are skipped with a warning."""
    results: list[tuple[Path, ExamResult]] = []
    warnings: list[str] = []
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            results.append((path, ExamResult.from_dict(data)))
        except (OSError, UnicodeDecodeError) as exc:
            warnings.append(f"{path.name}: skipped, cannot be read ({exc})")
        except json.JSONDecodeError as exc:
            warnings.append(f"{path.name}: skipped, not valid JSON (line {exc.lineno}, column {exc.colno})")
        except ResultFormatError as exc:
            warnings.append(f"{path.name}: skipped, not a ketquiz result file ({exc})")
    return LoadedResults(results, warnings)
