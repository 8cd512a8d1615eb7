"""Reading stored values back into ketquiz's types, with a clear message for a value no ketquiz writes.

A profile is a plain SQLite file that a learner (or a tool, or a damaged disk) can change. A card state of 99
or a rating of 42 must become a message naming the row and what to do, never a traceback; ``ketquiz doctor``
uses the same rules to list every such row at once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ketquiz.core.scheduling import CardState, Rating, as_utc
from ketquiz.store.errors import DamagedRowError

if TYPE_CHECKING:
    import fsrs

#: Stored times outside this range (UTC milliseconds: 1970 to the start of 2300) are damage, not dates.
MAX_MS = 10_413_792_000_000


def _damaged(path: Path | None, what: str) -> DamagedRowError:
    where = f"the study data {path}" if path is not None else "the study data"
    return DamagedRowError(
        f"{where} holds {what}, which no ketquiz writes (the file was edited or damaged); "
        "run `ketquiz doctor` to list every such row"
    )


def card_state(value: object, path: Path | None, row: str) -> CardState:
    """The stored ``state`` of ``row`` as a :class:`CardState`."""
    try:
        return CardState(value)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        raise _damaged(path, f"{row} with state {value!r} (states are 0-3)") from None


def rating(value: object, path: Path | None, row: str) -> Rating:
    """The stored ``rating`` of ``row`` as a :class:`Rating`."""
    try:
        return Rating(value)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        raise _damaged(path, f"{row} with rating {value!r} (ratings are 1-4)") from None


def moment(value: object, path: Path | None, row: str, column: str) -> datetime:
    """A stored UTC-millisecond time as an aware datetime."""
    if not isinstance(value, int) or not 0 <= value < MAX_MS:
        raise _damaged(path, f"{row} with {column} {value!r} (not a time between 1970 and 2300)")
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def to_ms(moment: datetime) -> int:
    """An aware datetime as stored: UTC milliseconds since the epoch."""
    return int(round(as_utc(moment).timestamp() * 1000))


def from_ms(ms: int) -> datetime:
    """A stored UTC-millisecond time as an aware datetime (trusted: see :func:`moment` for a checked one)."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def fsrs_card(row_id: int, state: int, step: int | None, stability: float | None, difficulty: float | None,
              due: int | None, last_review: int | None, path: Path | None = None) -> fsrs.Card:  # fmt: skip
    """The py-fsrs card for a stored row (built directly: ``Card.from_dict`` would turn a 0.0 into None).

    A value no ketquiz writes (a state of 99, a time in the year 300,000) raises :class:`DamagedRowError`.
    fsrs is imported here, on the first card scheduled, not by every command that reads the store.
    """
    import fsrs

    from ketquiz.core.scheduling import new_fsrs_card

    where = f"card row {row_id}"
    if card_state(state, path, where) == CardState.NEW:
        return new_fsrs_card(row_id)
    return fsrs.Card(
        card_id=row_id,
        state=fsrs.State(state),
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=moment(due, path, where, "due") if due is not None else from_ms(0),
        last_review=moment(last_review, path, where, "last_review") if last_review is not None else None,
    )
