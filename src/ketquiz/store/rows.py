"""Reading stored values back into ketquiz's types, with a clear message for a value no ketquiz writes.

A profile is a plain SQLite file that a learner (or a tool, or a damaged disk) can change. A card state of 99
or a rating of 42 must become a message naming the row and what to do, never a traceback; ``ketquiz doctor``
uses the same rules to list every such row at once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ketquiz.core.scheduling import CardState, Rating
from ketquiz.store.errors import DamagedRowError

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
