"""The database schema and its migrations, versioned with ``PRAGMA user_version``.

``MIGRATIONS[n]`` takes a database from version ``n`` to ``n + 1``; a new database runs them all. Never edit a
migration that has shipped: add a new one.

* v1: card state keyed by deck id + card id, and the review log.
* v2: profile settings, the content hash seen at the last review ("changed" flag), the card's position in its
  deck (new cards come in deck order), the state before each review (for undo and statistics) and the indexes
  the due queue and daily limits use (the per-card review index goes: nothing reads it, every answer wrote it).
* v3: card management: suspended, buried until a time, a flag colour, lapses and the leech mark on each card
  (lapses counted from the log once, then kept by each answer), and the log of card actions that undo reads.
* v4: the digest of each deck's cards as last synced (``Deck.cards_digest``), so an unchanged deck opens without
  comparing its rows; triggers forget a deck's digest whenever anything else writes what a sync writes.
* v5: an index covering the per-topic counts (``queue.deck_counts``), which the home screen reads on every start.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # v1
    (
        """CREATE TABLE cards (
            id INTEGER PRIMARY KEY,
            deck_id TEXT NOT NULL,
            card_id TEXT NOT NULL,
            topic TEXT NOT NULL DEFAULT '',
            content_hash TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            state INTEGER NOT NULL DEFAULT 0,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due INTEGER,
            last_review INTEGER,
            UNIQUE (deck_id, card_id)
        )""",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            deck_id TEXT NOT NULL,
            card_id TEXT NOT NULL,
            reviewed_at INTEGER NOT NULL,
            rating INTEGER NOT NULL,
            duration_ms INTEGER,
            response TEXT
        )""",
        "CREATE INDEX reviews_card ON reviews (deck_id, card_id, reviewed_at)",
    ),
    # v2
    (
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "ALTER TABLE cards ADD COLUMN reviewed_hash TEXT",
        "ALTER TABLE cards ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE reviews ADD COLUMN state_before INTEGER",
        "ALTER TABLE reviews ADD COLUMN before_json TEXT",
        # v1 kept no earlier state; the best guess for old rows is "new" for a card's first review, else review.
        """UPDATE reviews SET state_before = CASE WHEN id = (
               SELECT MIN(r2.id) FROM reviews r2 WHERE r2.deck_id = reviews.deck_id AND r2.card_id = reviews.card_id
           ) THEN 0 ELSE 2 END""",
        "UPDATE cards SET reviewed_hash = content_hash WHERE last_review IS NOT NULL",
        "CREATE INDEX cards_due ON cards (deck_id, active, state, due)",
        # partial: answering a card already studied never touches it
        "CREATE INDEX cards_new ON cards (deck_id, position) WHERE state = 0 AND active = 1",
        "CREATE INDEX reviews_time ON reviews (deck_id, reviewed_at)",
        # nothing looks reviews up by card; one index less to write per answer
        "DROP INDEX reviews_card",
    ),
    # v3
    (
        "ALTER TABLE cards ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE cards ADD COLUMN buried_until INTEGER",
        "ALTER TABLE cards ADD COLUMN flag INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE cards ADD COLUMN lapses INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE cards ADD COLUMN leech INTEGER NOT NULL DEFAULT 0",
        # a lapse is a review-state card answered Again (Anki's count); one pass over the log, not one per card
        """UPDATE cards SET lapses = l.n FROM (
               SELECT deck_id, card_id, COUNT(*) AS n FROM reviews WHERE rating = 1 AND state_before = 2
               GROUP BY deck_id, card_id
           ) AS l WHERE l.deck_id = cards.deck_id AND l.card_id = cards.card_id""",
        """CREATE TABLE card_actions (
            id INTEGER PRIMARY KEY,
            batch INTEGER NOT NULL,
            deck_id TEXT NOT NULL,
            card_id TEXT NOT NULL,
            action TEXT NOT NULL,
            at INTEGER NOT NULL,
            before_json TEXT NOT NULL
        )""",
        "CREATE INDEX card_actions_batch ON card_actions (batch)",
        "CREATE INDEX card_actions_card ON card_actions (deck_id, card_id)",
    ),
    # v4
    (
        "CREATE TABLE deck_syncs (deck_id TEXT PRIMARY KEY, digest TEXT NOT NULL)",
        # Whatever writes a card's id, deck, topic, content hash, position or presence (an import, a tool, an
        # older sync) makes the recorded digest untrue: it is forgotten, and the next open compares every row.
        """CREATE TRIGGER cards_insert_unsyncs AFTER INSERT ON cards BEGIN
               DELETE FROM deck_syncs WHERE deck_id = NEW.deck_id;
           END""",
        """CREATE TRIGGER cards_update_unsyncs
               AFTER UPDATE OF deck_id, card_id, topic, content_hash, position, active ON cards BEGIN
               DELETE FROM deck_syncs WHERE deck_id IN (OLD.deck_id, NEW.deck_id);
           END""",
        """CREATE TRIGGER cards_delete_unsyncs AFTER DELETE ON cards BEGIN
               DELETE FROM deck_syncs WHERE deck_id = OLD.deck_id;
           END""",
    ),
    # v5
    (
        # Every column the home screen's per-topic counts read, in the order they group by: those counts are
        # then read from this index alone, in order (10,000 cards: 3.0 ms to 1.6).
        "CREATE INDEX cards_counts ON cards (deck_id, active, topic, state, due, suspended, buried_until)",
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring ``conn``'s database up to version ``target``, each step in its own transaction.

    The version is read *inside* each ``BEGIN IMMEDIATE``, so two processes opening a brand-new (or old) profile
    at the same moment never both run a step: the second waits for the first and finds nothing left to do.
    Returns the version it started from. The caller checks first that the database is not newer than
    :data:`SCHEMA_VERSION`.
    """
    start: int | None = None
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if start is None:
                start = version
            if version >= target:
                conn.execute("COMMIT")
                return start
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
