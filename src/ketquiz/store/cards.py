"""Card management in the store: suspend, bury until tomorrow, flag, reset to new, and undoing each.

Every action is logged in ``card_actions`` with the card's managed columns as they were before it, under one
*batch* id per call (``ketquiz cards suspend a b c`` is one batch), so :func:`undo_actions` puts exactly those
cards back. As with answers, an undo is refused when the card was answered or managed again since: restoring the
old values would silently erase that later change.

Plain functions of a connection, as :mod:`ketquiz.store.queue` is: :class:`ketquiz.store.StudyStore` calls them
with its own connection (the writes inside its transaction), and works out the times from its settings and time
zone; nothing here imports the store back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

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


#: Up to this many card ids are looked up by id (SQLite's IN); more are read with the whole deck.
_FEW = 500


def stored_cards(
    conn: sqlite3.Connection, deck_id: str, card_ids: Sequence[str] | None = None
) -> dict[str, StoredCard]:
    """Every card row of ``deck_id`` (or of just ``card_ids``: the browser's first rows, a card just acted on)
    with its number of logged reviews (one pass over each table)."""
    if card_ids is not None and len(card_ids) > _FEW:  # many: one pass over the deck beats many lookups
        wanted = set(card_ids)
        return {k: v for k, v in stored_cards(conn, deck_id).items() if k in wanted}
    where = "deck_id = ?"
    args: tuple[str, ...] = (deck_id,)
    if card_ids is not None:
        where, args = f"deck_id = ? AND card_id IN ({', '.join('?' * len(card_ids))})", (deck_id, *card_ids)
    counts = dict(
        conn.execute(f"SELECT card_id, COUNT(*) FROM reviews WHERE {where} GROUP BY card_id", args).fetchall()
    )
    out = {}
    for row in conn.execute(
        "SELECT card_id, state, step, stability, difficulty, due, last_review, suspended, buried_until, flag, "
        f"lapses, leech FROM cards WHERE {where}",
        args,
    ):
        cid = str(row[0])
        out[cid] = StoredCard(
            cid, int(row[1]), row[2], row[3], row[4], row[5], row[6], bool(row[7]), row[8], int(row[9]),
            int(row[10]), bool(row[11]), int(counts.get(cid, 0)),
        )  # fmt: skip
    return out


def flag_of(conn: sqlite3.Connection, deck_id: str, card_id: str) -> int:
    """The flag (a :class:`Flag` value) of one card; 0 for a card the store has no row for. One row read: the
    review screen asks for every card it shows."""
    row = conn.execute(
        "SELECT flag FROM cards WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
    ).fetchone()
    return int(row[0]) if row is not None else 0


def managed_values(conn: sqlite3.Connection, deck_id: str, card_id: str) -> dict[str, Any]:
    """The card's :data:`MANAGED_COLUMNS` as they are now: what an action or an answer logs, so an undo can put
    them back."""
    cols = ", ".join(MANAGED_COLUMNS)
    row = conn.execute(
        f"SELECT {cols} FROM cards WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
    ).fetchone()
    if row is None:
        raise UnknownCardError(f"card {card_id!r} of deck {deck_id!r} is not in the study data")
    return dict(zip(MANAGED_COLUMNS, row, strict=True))


def last_action_batch(conn: sqlite3.Connection) -> int | None:
    """The newest card action's batch id in this profile (for ``ketquiz cards undo``)."""
    row = conn.execute("SELECT MAX(batch) FROM card_actions").fetchone()
    return int(row[0]) if row and row[0] is not None else None


# --- writing: each inside the caller's transaction -----------------------------------------------------------


def act_on(
    c: sqlite3.Connection,
    targets: Sequence[tuple[str, str]],
    action: str,
    at: datetime,
    flag: Flag,
    bury_until: datetime,
) -> int:
    """Apply ``action`` (one of :data:`ACTIONS`) at ``at`` (aware, UTC) to every (deck id, card id) of
    ``targets`` as one batch, logging each card's values before; the batch id, for :func:`undo_actions`.

    ``bury`` hides a card until ``bury_until`` (the start of the learner's next day); ``reset`` makes it new again
    (its review history is kept); ``flag`` sets ``flag`` (``Flag.NONE`` clears it). ``c`` must be in a transaction
    (``StudyStore.transaction``), so the batch is written whole or not at all.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown card action {action!r}")
    every: dict[str, dict[str, object]] = {
        "suspend": {"suspended": 1},
        "unsuspend": {"suspended": 0},
        "bury": {"buried_until": int(round(bury_until.timestamp() * 1000))},
        "unbury": {"buried_until": None},
        "flag": {"flag": int(flag)},
        "reset": {"state": 0, "step": None, "stability": None, "difficulty": None, "due": None,
                  "last_review": None, "lapses": 0, "leech": 0, "suspended": 0, "buried_until": None},
    }  # fmt: skip
    changes = every[action]
    sets = ", ".join(f"{col} = ?" for col in changes)
    at_ms = int(round(at.timestamp() * 1000))
    batch: int | None = None
    for deck_id, card_id in dict.fromkeys(targets):
        before = managed_values(c, deck_id, card_id)
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


def undo_actions(c: sqlite3.Connection, batch: int) -> list[str]:
    """Take back the action logged as ``batch``: every card it changed gets its earlier values back; the card ids.

    Refused with :class:`UndoRefusedError` when the batch is gone, or when one of its cards was answered or
    managed again since. ``c`` must be in a transaction, so a refusal changes nothing.
    """
    rows = c.execute(
        "SELECT id, deck_id, card_id, at, before_json FROM card_actions WHERE batch = ? ORDER BY id", (batch,)
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
                f"card {card_id!r} was answered or changed again since; undoing would erase that, so nothing was "
                "undone"
            )
    for _id, deck_id, card_id, _at, before_json in rows:
        restore(c, deck_id, card_id, json.loads(before_json))
    c.execute("DELETE FROM card_actions WHERE batch = ?", (batch,))
    return [str(r[2]) for r in rows]


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
