"""Card management in the store: suspend, bury until tomorrow, flag, reset to new, and undoing each.

Every action is logged in ``card_actions`` with the card's managed columns as they were before it, under one
*batch* id per call (``ketquiz cards suspend a b c`` is one batch), so :meth:`CardManager.undo_actions` puts
exactly those cards back. As with answers, an undo is refused when the card was answered or managed again since:
restoring the old values would silently erase that later change.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import IntEnum
from pathlib import Path
from typing import Any

from ketquiz.core.scheduling import SchedulerSettings, as_utc, day_start
from ketquiz.store.errors import UndoRefusedError, UnknownCardError

#: Every column an action or an answer may change, restored together by an undo.
MANAGED_COLUMNS = (
    "state", "step", "stability", "difficulty", "due", "last_review", "reviewed_hash",
    "suspended", "buried_until", "flag", "lapses", "leech",
)  # fmt: skip


class Flag(IntEnum):
    """Anki's flag colours (0 is no flag)."""

    NONE = 0
    RED = 1
    ORANGE = 2
    GREEN = 3
    BLUE = 4
    PINK = 5
    TURQUOISE = 6
    PURPLE = 7

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Flag:
        """A flag from its colour name or number (``red``, ``1``; ``none`` or ``0`` clears)."""
        key = text.strip().lower()
        for flag in cls:
            if key in (flag.label, str(int(flag))):
                return flag
        raise ValueError(f"unknown flag {text!r}: use one of {', '.join(f.label for f in cls)} (or 0-7)")


ACTIONS = ("suspend", "unsuspend", "bury", "unbury", "flag", "reset")


@dataclass(frozen=True, slots=True)
class StoredCard:
    """What the store knows of one card, for listing and browsing (a card it has no row for is new)."""

    card_id: str
    state: int = 0
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: int | None = None  # UTC ms
    last_review: int | None = None
    suspended: bool = False
    buried_until: int | None = None
    flag: int = 0
    lapses: int = 0
    leech: bool = False
    reviews: int = 0


class CardManager:
    """The card-management half of :class:`ketquiz.store.StudyStore`."""

    conn: sqlite3.Connection
    path: Path
    tz: tzinfo | None

    @property
    def settings(self) -> SchedulerSettings:  # provided by StudyStore
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by StudyStore
        raise NotImplementedError

    # --- reading ---------------------------------------------------------------------------------------------

    def stored_cards(self, deck_id: str) -> dict[str, StoredCard]:
        """Every card row of ``deck_id`` with its number of logged reviews (one pass over each table)."""
        counts = dict(
            self.conn.execute(
                "SELECT card_id, COUNT(*) FROM reviews WHERE deck_id = ? GROUP BY card_id", (deck_id,)
            ).fetchall()
        )
        out = {}
        for row in self.conn.execute(
            "SELECT card_id, state, step, stability, difficulty, due, last_review, suspended, buried_until, flag, "
            "lapses, leech FROM cards WHERE deck_id = ?",
            (deck_id,),
        ):
            cid = str(row[0])
            out[cid] = StoredCard(
                cid, int(row[1]), row[2], row[3], row[4], row[5], row[6], bool(row[7]), row[8], int(row[9]),
                int(row[10]), bool(row[11]), int(counts.get(cid, 0)),
            )  # fmt: skip
        return out

    def flag_of(self, deck_id: str, card_id: str) -> int:
        """The flag (a :class:`Flag` value) of one card; 0 for a card the store has no row for. One row read: the
        review screen asks for every card it shows."""
        row = self.conn.execute(
            "SELECT flag FROM cards WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
        ).fetchone()
        return int(row[0]) if row is not None else 0

    # --- actions ---------------------------------------------------------------------------------------------

    def _before(self, deck_id: str, card_id: str) -> dict[str, Any]:
        cols = ", ".join(MANAGED_COLUMNS)
        row = self.conn.execute(
            f"SELECT {cols} FROM cards WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
        ).fetchone()
        if row is None:
            raise UnknownCardError(f"card {card_id!r} of deck {deck_id!r} is not in the study data")
        return dict(zip(MANAGED_COLUMNS, row, strict=True))

    def act(
        self, deck_id: str, card_ids: Sequence[str], action: str, now: datetime, flag: Flag = Flag.NONE
    ) -> int:
        """Apply ``action`` (one of :data:`ACTIONS`) to ``card_ids`` in one transaction; the batch id for undo."""
        return self.act_on([(deck_id, c) for c in card_ids], action, now, flag)

    def act_on(
        self, targets: Sequence[tuple[str, str]], action: str, now: datetime, flag: Flag = Flag.NONE
    ) -> int:
        """Apply ``action`` to every (deck id, card id) of ``targets`` as one batch (one undo takes all back).

        ``bury`` hides a card until the learner's next day begins; ``reset`` makes it new again (its review
        history is kept); ``flag`` sets ``flag`` (``Flag.NONE`` clears it).
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown card action {action!r}")
        at = as_utc(now, "action time")
        at_ms = int(round(at.timestamp() * 1000))
        tomorrow = day_start(at, self.settings.day_starts_hour, self.tz) + timedelta(days=1)
        every: dict[str, dict[str, object]] = {
            "suspend": {"suspended": 1},
            "unsuspend": {"suspended": 0},
            "bury": {"buried_until": int(round(tomorrow.timestamp() * 1000))},
            "unbury": {"buried_until": None},
            "flag": {"flag": int(flag)},
            "reset": {"state": 0, "step": None, "stability": None, "difficulty": None, "due": None,
                      "last_review": None, "lapses": 0, "leech": 0, "suspended": 0, "buried_until": None},
        }  # fmt: skip
        changes = every[action]
        sets = ", ".join(f"{col} = ?" for col in changes)
        with self.transaction() as c:
            batch: int | None = None
            for deck_id, card_id in dict.fromkeys(targets):
                before = self._before(deck_id, card_id)
                cur = c.execute(
                    "INSERT INTO card_actions (batch, deck_id, card_id, action, at, before_json) "
                    "VALUES (COALESCE(?, 0), ?, ?, ?, ?, ?)",
                    (batch, deck_id, card_id, action, at_ms, json.dumps(before)),
                )
                if batch is None:
                    batch = int(cur.lastrowid or 0)
                    c.execute("UPDATE card_actions SET batch = ? WHERE id = ?", (batch, batch))
                c.execute(
                    f"UPDATE cards SET {sets} WHERE deck_id = ? AND card_id = ?",
                    (*changes.values(), deck_id, card_id),
                )
        if batch is None:
            raise ValueError("no card given")
        return batch

    def undo_actions(self, batch: int) -> list[str]:
        """Take back the action logged as ``batch``: every card it changed gets its earlier values back.

        Refused (nothing changed) when the batch is gone, or when one of its cards was answered or managed again
        since.
        """
        with self.transaction() as c:
            rows = c.execute(
                "SELECT id, deck_id, card_id, at, before_json FROM card_actions WHERE batch = ? ORDER BY id",
                (batch,),
            ).fetchall()
            if not rows:
                raise UndoRefusedError("that card action is no longer in the study data; nothing was undone")
            for _id, deck_id, card_id, at, _before in rows:
                later_action = c.execute(
                    "SELECT 1 FROM card_actions WHERE deck_id = ? AND card_id = ? AND batch > ? LIMIT 1",
                    (deck_id, card_id, batch),
                ).fetchone()
                later_review = c.execute(
                    "SELECT 1 FROM reviews WHERE deck_id = ? AND card_id = ? AND reviewed_at > ? LIMIT 1",
                    (deck_id, card_id, at),
                ).fetchone()
                if later_action or later_review:
                    raise UndoRefusedError(
                        f"card {card_id!r} was answered or changed again since; undoing would erase that, so "
                        "nothing was undone"
                    )
            for _id, deck_id, card_id, _at, before_json in rows:
                restore(c, deck_id, card_id, json.loads(before_json))
            c.execute("DELETE FROM card_actions WHERE batch = ?", (batch,))
        return [str(r[2]) for r in rows]

    def last_action_batch(self) -> int | None:
        """The newest card action's batch id in this profile (for ``ketquiz cards undo``)."""
        row = self.conn.execute("SELECT MAX(batch) FROM card_actions").fetchone()
        return int(row[0]) if row and row[0] is not None else None


def restore(c: sqlite3.Connection, deck_id: str, card_id: str, before: dict[str, Any]) -> None:
    """Put back the managed columns saved in ``before`` (an older log entry may lack the newer columns)."""
    cols = [col for col in MANAGED_COLUMNS if col in before]
    sets = ", ".join(f"{col} = ?" for col in cols)
    c.execute(
        f"UPDATE cards SET {sets} WHERE deck_id = ? AND card_id = ?",
        (*(before[col] for col in cols), deck_id, card_id),
    )


def iter_ids(text: Sequence[str]) -> Iterator[tuple[str | None, str]]:
    """``deck/card`` or ``card`` ids as (deck id or None, card id)."""
    for item in text:
        deck, sep, card = item.partition("/")
        yield (deck, card) if sep else (None, item)
