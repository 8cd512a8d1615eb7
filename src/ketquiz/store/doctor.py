"""``ketquiz doctor``: the whole-file checks that a normal open skips, and every row no ketquiz would write.

Opening a profile stays constant-time (see :mod:`ketquiz.store.database`); this is where a learner who suspects
damage, or a teacher looking after a lab's profiles, asks SQLite to read every page (``integrity_check``) and
ketquiz to look at every value it later turns into a state, a rating or a time.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ketquiz.store.database import connect, keep_aside, record_check
from ketquiz.store.rows import MAX_MS

#: At most this many rows of each kind are listed (the count says how many there are).
SHOWN = 10

_CHECKS: tuple[tuple[str, str, str], ...] = (
    (
        "card rows with a state that is not 0-3",
        "SELECT id, deck_id || '/' || card_id, state FROM cards WHERE typeof(state) != 'integer' "
        "OR state NOT IN (0, 1, 2, 3)",
        "state",
    ),
    (
        "card rows with a due or last-review time outside 1970-2300",
        "SELECT id, deck_id || '/' || card_id, COALESCE(due, last_review) FROM cards WHERE "
        "(due IS NOT NULL AND (typeof(due) != 'integer' OR due < 0 OR due >= :max)) OR "
        "(last_review IS NOT NULL AND (typeof(last_review) != 'integer' OR last_review < 0 OR last_review >= :max))",
        "time",
    ),
    (
        "card rows with a stability or difficulty that is not a positive number",
        "SELECT id, deck_id || '/' || card_id, COALESCE(stability, difficulty) FROM cards WHERE "
        "(stability IS NOT NULL AND NOT (stability > 0 AND stability < 1e9)) OR "
        "(difficulty IS NOT NULL AND NOT (difficulty > 0 AND difficulty < 1e9))",
        "value",
    ),
    (
        "reviews with a rating that is not 1-4",
        "SELECT id, deck_id || '/' || card_id, rating FROM reviews WHERE typeof(rating) != 'integer' "
        "OR rating NOT IN (1, 2, 3, 4)",
        "rating",
    ),
    (
        "reviews with a state before that is not 0-3",
        "SELECT id, deck_id || '/' || card_id, state_before FROM reviews WHERE state_before IS NOT NULL AND "
        "(typeof(state_before) != 'integer' OR state_before NOT IN (0, 1, 2, 3))",
        "state",
    ),
    (
        "reviews with a time outside 1970-2300",
        "SELECT id, deck_id || '/' || card_id, reviewed_at FROM reviews WHERE typeof(reviewed_at) != 'integer' "
        "OR reviewed_at < 0 OR reviewed_at >= :max",
        "time",
    ),
)


@dataclass
class DoctorReport:
    """What ``ketquiz doctor`` found: ``problems`` is empty when the profile is sound."""

    path: Path
    problems: list[str] = field(default_factory=list)
    cards: int = 0
    reviews: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def examine(path: Path) -> DoctorReport:
    """Run SQLite's full ``integrity_check`` and the row checks on the profile at ``path``.

    Raises :class:`~ketquiz.store.errors.StoreError` (a :class:`CorruptStoreError`, with one copy of the file
    kept aside, when SQLite finds damage). A sound file has the time of this check recorded, so the next opens
    skip their daily check.
    """
    conn = connect(path, check=False)
    report = DoctorReport(path)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            conn.close()
            raise keep_aside(path, f"integrity check failed: {rows[0]}")
        for what, sql, column in _CHECKS:
            found = conn.execute(sql, {"max": MAX_MS}).fetchall()
            if not found:
                continue
            shown = ", ".join(f"row {rid} ({name}, {column} {value!r})" for rid, name, value in found[:SHOWN])
            more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
            report.problems.append(f"{len(found)} {what}: {shown}{more}")
        report.cards = conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
        report.reviews = conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
        if report.ok:
            record_check(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise keep_aside(path, str(exc)) from exc
    conn.close()
    return report
