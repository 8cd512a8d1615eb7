"""The study store: one learner profile's card states and review log in SQLite.

Card state is keyed by deck id + card id, so rewording a card keeps its progress. Every answer is one
``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction, written before :meth:`StudyStore.answer` returns. Times are
stored as UTC milliseconds since the epoch.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketquiz.core import scheduling
from ketquiz.core.model import Card as DeckCard
from ketquiz.core.model import Deck
from ketquiz.core.scheduling import CardState, Rating, SchedulerSettings, as_utc, day_start
from ketquiz.store import cards, queue
from ketquiz.store.cards import Flag, StoredCard, restore
from ketquiz.store.errors import ProfileInUseError, StoreError, UndoRefusedError, UnknownCardError
from ketquiz.store.records import AnswerOutcome, DeckCounts, QueueCounts, StudyQueue, SyncReport
from ketquiz.store.rows import from_ms, fsrs_card, to_ms

if TYPE_CHECKING:
    import fsrs

__all__ = ["StudyStore", "from_ms", "fsrs_card", "to_ms"]


class StudyStore:
    """One profile's study state. Open it with :func:`ketquiz.store.open_store`; close it when done."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        profile: str,
        tz: tzinfo | None = None,
        read_only: bool = False,
    ) -> None:
        self.conn = conn
        self.read_only = (
            read_only  # mode=ro, or a blank store in memory: counts are worked out without syncing
        )
        self.path = path
        self.profile = profile
        self.tz = tz  # the learner's time zone for day rollover; None = this computer's
        self._synced: dict[str, Deck] = {}
        self._lock = threading.RLock()
        self._settings: SchedulerSettings | None = None
        self._written: list[tuple[str, int]] = []  # (deck id, review id) of the answers this store wrote

    # --- lifecycle ---------------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the database (every answer is already committed)."""
        self.conn.close()

    def __enter__(self) -> StudyStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; rolled back on any error; a held lock becomes ProfileInUseError.

        Serialised within this process too, so a UI worker thread and the main thread cannot interleave.
        """
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise ProfileInUseError(
                    f"profile {self.profile!r} is in use by another ketquiz process ({exc}); try again shortly"
                ) from exc
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise StoreError(f"could not save to {self.path}: {exc}") from exc
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
            self.conn.execute("ROLLBACK")

    def integrity_check(self) -> list[str]:
        """SQLite's full ``integrity_check``: ``["ok"]`` when the file is sound."""
        return [r[0] for r in self.conn.execute("PRAGMA integrity_check")]

    # --- settings ----------------------------------------------------------------------------------------

    @property
    def settings(self) -> SchedulerSettings:
        """This profile's scheduling settings (defaults until changed)."""
        if self._settings is None:
            saved = self._saved_settings()
            try:
                self._settings = (
                    SchedulerSettings.from_dict(json.loads(saved))
                    if saved is not None
                    else SchedulerSettings()
                )
            except (ValueError, TypeError) as exc:  # JSONDecodeError and SettingsError are ValueErrors
                raise StoreError(f"the scheduling settings saved in {self.path} are invalid: {exc}") from exc
        return self._settings

    def check_settings(self) -> None:
        """Raise :class:`StoreError` now if the saved settings are invalid, so the learner hears of it on opening
        rather than in the middle of a session. Defaults need no check (nor fsrs, for their parameters)."""
        if self._saved_settings() is not None:
            self.settings  # noqa: B018 -- read for its check

    def _saved_settings(self) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = 'scheduler'").fetchone()
        return None if row is None else str(row[0])

    def set_settings(self, settings: SchedulerSettings) -> None:
        """Save ``settings`` for this profile."""
        with self.transaction() as c:
            c.execute(
                "INSERT INTO settings (key, value) VALUES ('scheduler', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (json.dumps(settings.to_dict()),),
            )
        self._settings = settings
        self._scheduler_cache = None

    _scheduler_cache: fsrs.Scheduler | None = None

    @property
    def scheduler(self) -> fsrs.Scheduler:
        if self._scheduler_cache is None:
            self._scheduler_cache = self.settings.scheduler()
        return self._scheduler_cache

    # --- decks -------------------------------------------------------------------------------------------

    def sync_deck(self, deck: Deck) -> SyncReport:
        """Register ``deck``'s cards: new ones join as new, changed ones keep their progress (and are flagged
        once shown), removed ones keep their history but leave the queue, returning ones come back.

        A deck whose cards digest is the one recorded at its last sync is that deck's rows already: nothing is
        read but the digest (100,000 rows compared one by one take most of a second)."""
        if self.is_synced(deck):
            return SyncReport()
        cards_digest = deck.cards_digest()
        rows = self.conn.execute(
            "SELECT card_id, content_hash, active, topic, position FROM cards WHERE deck_id = ?", (deck.id,)
        ).fetchall()
        known = {r[0]: r[1:] for r in rows}
        present = {c.id for c in deck.cards}
        added, changed, restored = [], [], []
        values = []  # only rows that differ: an unchanged deck costs one SELECT
        for position, card in enumerate(deck.cards):
            digest = card.content_hash()
            old = known.get(card.id)
            if old is None:
                added.append(card.id)
            else:
                old_hash, active, topic, old_position = old
                if old_hash != digest:
                    changed.append(card.id)
                if not active:
                    restored.append(card.id)
                if (old_hash, active, topic, old_position) == (digest, 1, card.topic, position):
                    continue
            values.append((deck.id, card.id, card.topic, digest, position))
        removed = [cid for cid, (_h, active, _t, _p) in known.items() if active and cid not in present]
        with self.transaction() as c:
            c.executemany(
                "INSERT INTO cards (deck_id, card_id, topic, content_hash, position, active) "
                "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT(deck_id, card_id) DO UPDATE SET topic = excluded.topic, "
                "content_hash = excluded.content_hash, position = excluded.position, active = 1",
                values,
            )
            c.executemany(
                "UPDATE cards SET active = 0 WHERE deck_id = ? AND card_id = ?",
                [(deck.id, r) for r in removed],
            )
            c.execute(  # after the writes above, whose triggers forget the old digest
                "INSERT INTO deck_syncs (deck_id, digest) VALUES (?, ?) "
                "ON CONFLICT(deck_id) DO UPDATE SET digest = excluded.digest",
                (deck.id, cards_digest),
            )
        self._synced[deck.id] = deck
        return SyncReport(tuple(added), tuple(changed), tuple(removed), tuple(restored))

    def is_synced(self, deck: Deck) -> bool:
        """Whether this store holds ``deck``'s cards as they are (the digest recorded at its last sync is this
        deck's): syncing it then reads nothing but that digest, and no card. A deck found so counts as synced
        (:meth:`ensure_synced` does not ask again)."""
        recorded = self.conn.execute("SELECT digest FROM deck_syncs WHERE deck_id = ?", (deck.id,)).fetchone()
        if recorded is None or recorded[0] != deck.cards_digest():
            return False
        self._synced[deck.id] = deck
        return True

    def ensure_synced(self, deck: Deck) -> None:
        """Sync ``deck`` unless this very deck object was synced already by this store."""
        if self._synced.get(deck.id) is not deck:
            self.sync_deck(deck)

    def known_decks(self) -> dict[str, int]:
        """Deck ids with study state in this profile, and how many reviews each has."""
        out = {r[0]: 0 for r in self.conn.execute("SELECT DISTINCT deck_id FROM cards")}
        for deck_id, n in self.conn.execute("SELECT deck_id, COUNT(*) FROM reviews GROUP BY deck_id"):
            out[deck_id] = n
        return out

    def is_changed(self, deck_id: str, card: DeckCard) -> bool:
        """Whether ``card``'s content differs from what the learner saw at their last review of it."""
        row = self.conn.execute(
            "SELECT reviewed_hash FROM cards WHERE deck_id = ? AND card_id = ?", (deck_id, card.id)
        ).fetchone()
        return bool(row and row[0] is not None and row[0] != card.content_hash())

    # --- answering ---------------------------------------------------------------------------------------

    def _row(self, deck_id: str, card_id: str) -> tuple[Any, ...]:
        row = self.conn.execute(
            "SELECT id, state, step, stability, difficulty, due, last_review, reviewed_hash, content_hash "
            "FROM cards WHERE deck_id = ? AND card_id = ?",
            (deck_id, card_id),
        ).fetchone()
        if row is None:
            raise UnknownCardError(
                f"card {card_id!r} of deck {deck_id!r} is not in the study data; load the deck first"
            )
        return tuple(row)

    def _fsrs(self, row: tuple[Any, ...]) -> fsrs.Card:
        return fsrs_card(row[0], row[1], row[2], row[3], row[4], row[5], row[6], path=self.path)

    def card_state(self, deck_id: str, card_id: str) -> fsrs.Card:
        """The card's current FSRS state (a new card is FSRS's first learning step)."""
        return self._fsrs(self._row(deck_id, card_id))

    def preview(self, deck_id: str, card_id: str, now: datetime) -> dict[Rating, timedelta]:
        """The interval each rating would give this card if answered at ``now`` (without fuzz)."""
        return scheduling.preview(self.scheduler, self.card_state(deck_id, card_id), now)

    def answer(
        self,
        deck_id: str,
        card_id: str,
        rating: Rating | int,
        now: datetime,
        duration_ms: int | None = None,
        response: str | int | bool | set[int] | frozenset[int] | None = None,
    ) -> AnswerOutcome:
        """Schedule the card and log the answer in one committed transaction.

        ``response`` is what the learner answered, kept in the log: text as is, choice indices as JSON.
        """
        rating = Rating(int(rating))
        if response is not None and not isinstance(response, str):
            response = json.dumps(sorted(response) if isinstance(response, set | frozenset) else response)
        at = as_utc(now, "answer time")
        with self.transaction() as c:
            row = self._row(deck_id, card_id)
            before = self._fsrs(row)
            after = scheduling.review(self.scheduler, before, rating, at, duration_ms)
            state_before = CardState(row[1])
            saved = cards.managed_values(c, deck_id, card_id)
            lapses, leech = int(saved["lapses"]), False
            if state_before == CardState.REVIEW and rating == Rating.AGAIN:  # a lapse, as Anki counts them
                lapses += 1
                first, every = self.settings.leech_threshold, self.settings.leech_every
                leech = lapses >= first and (lapses - first) % every == 0
            c.execute(
                "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?, "
                "reviewed_hash = content_hash, lapses = ?, leech = leech OR ?, suspended = suspended OR ? "
                "WHERE id = ?",
                (
                    int(after.state),
                    after.step,
                    after.stability,
                    after.difficulty,
                    to_ms(after.due),
                    to_ms(at),
                    lapses,
                    int(leech),
                    int(leech),
                    row[0],
                ),
            )
            cur = c.execute(
                "INSERT INTO reviews (deck_id, card_id, reviewed_at, rating, duration_ms, response, state_before, "
                "before_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    deck_id,
                    card_id,
                    to_ms(at),
                    int(rating),
                    duration_ms,
                    response,
                    int(state_before),
                    json.dumps(saved),
                ),
            )
            review_id = int(cur.lastrowid or 0)
        self._written.append((deck_id, review_id))
        due = from_ms(to_ms(after.due))
        return AnswerOutcome(
            review_id,
            card_id,
            rating,
            state_before,
            CardState(int(after.state)),
            due,
            due - at,
            lapses,
            leech,
        )

    def undo_last(self, deck_id: str) -> str | None:
        """Undo the last answer that *this store* wrote in ``deck_id`` (see :meth:`undo_review`).

        Answers written by other processes on the same profile are never taken back. Returns the card id, or
        None when this store wrote nothing (left) to undo in that deck.
        """
        for i in range(len(self._written) - 1, -1, -1):
            if self._written[i][0] == deck_id:
                return self.undo_review(self._written[i][1])
        return None

    def undo_review(self, review_id: int) -> str:
        """Take back the answer logged as ``review_id``: restore its card's state from before that answer and
        delete the log entry, in one transaction. Returns the card id.

        Refused with :class:`UndoRefusedError` (and nothing changed) when the answer is no longer in the log, or
        when its card was answered again since (another study session on the same profile): restoring the old
        state would silently erase that later answer.
        """
        with self.transaction() as c:
            row = c.execute(
                "SELECT deck_id, card_id, before_json FROM reviews WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                self._forget(review_id)
                raise UndoRefusedError(
                    "that answer is no longer in the study data (another session took it back); nothing was undone"
                )
            deck_id, card_id, before_json = row
            later = c.execute(
                "SELECT reviewed_at FROM reviews WHERE deck_id = ? AND card_id = ? AND id > ? "
                "ORDER BY id DESC LIMIT 1",
                (deck_id, card_id, review_id),
            ).fetchone()
            if later is not None:
                raise UndoRefusedError(
                    f"card {card_id!r} was answered again since, in another study session on this profile "
                    f"(at {from_ms(later[0]):%H:%M} UTC); undoing would erase that answer, so nothing was undone"
                )
            if before_json is None:
                raise UndoRefusedError(
                    f"the answer to card {card_id!r} was logged by an older ketquiz that kept no earlier state; "
                    "it cannot be undone"
                )
            changed = c.execute(
                "SELECT 1 FROM card_actions WHERE deck_id = ? AND card_id = ? AND at >= (SELECT reviewed_at FROM "
                "reviews WHERE id = ?) LIMIT 1",
                (deck_id, card_id, review_id),
            ).fetchone()
            if changed is not None:
                raise UndoRefusedError(
                    f"card {card_id!r} was suspended, buried, flagged or reset since this answer; undo that first"
                )
            restore(c, deck_id, card_id, json.loads(before_json))
            c.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        self._forget(review_id)
        return str(card_id)

    def _forget(self, review_id: int) -> None:
        self._written = [w for w in self._written if w[1] != review_id]

    # --- card management: suspend, bury, flag, reset (:mod:`ketquiz.store.cards`) --------------------------

    def stored_cards(self, deck_id: str, card_ids: Sequence[str] | None = None) -> dict[str, StoredCard]:
        """Every card row of ``deck_id`` (or of just ``card_ids``) with its number of logged reviews, for
        listing and browsing."""
        return cards.stored_cards(self.conn, deck_id, card_ids)

    def flag_of(self, deck_id: str, card_id: str) -> int:
        """The flag (a :class:`Flag` value) of one card; 0 for a card the store has no row for."""
        return cards.flag_of(self.conn, deck_id, card_id)

    def act(
        self, deck_id: str, card_ids: Sequence[str], action: str, now: datetime, flag: Flag = Flag.NONE
    ) -> int:
        """Apply ``action`` (one of :data:`ketquiz.store.cards.ACTIONS`) to ``card_ids`` in one transaction; the
        batch id for undo."""
        return self.act_on([(deck_id, c) for c in card_ids], action, now, flag)

    def act_on(
        self, targets: Sequence[tuple[str, str]], action: str, now: datetime, flag: Flag = Flag.NONE
    ) -> int:
        """Apply ``action`` to every (deck id, card id) of ``targets`` as one batch (one undo takes all back).

        ``bury`` hides a card until the learner's next day begins; ``reset`` makes it new again (its review
        history is kept); ``flag`` sets ``flag`` (``Flag.NONE`` clears it).
        """
        at = as_utc(now, "action time")
        tomorrow = day_start(at, self.settings.day_starts_hour, self.tz) + timedelta(days=1)
        with self.transaction() as c:
            return cards.act_on(c, targets, action, at, flag, bury_until=tomorrow)

    def undo_actions(self, batch: int) -> list[str]:
        """Take back the action logged as ``batch``: every card it changed gets its earlier values back.

        Refused (nothing changed) when the batch is gone, or when one of its cards was answered or managed again
        since.
        """
        with self.transaction() as c:
            return cards.undo_actions(c, batch)

    def last_action_batch(self) -> int | None:
        """The newest card action's batch id in this profile (for ``ketquiz cards undo``)."""
        return cards.last_action_batch(self.conn)

    # --- queue ---------------------------------------------------------------------------------------

    def daily_rules(self) -> scheduling.DailyRules:
        """This profile's daily limits, day start and desired retention.

        A profile that keeps no settings (most) takes the defaults without building the rest of them: their FSRS
        parameters come from fsrs, which counting and statistics never need.
        """
        if self._settings is None and self._saved_settings() is None:
            return scheduling.DailyRules()
        s = self.settings
        return scheduling.DailyRules(s.new_per_day, s.reviews_per_day, s.day_starts_hour, s.desired_retention)

    def day(self, now: datetime) -> queue.Day:
        """The learner's day at ``now``, with this profile's daily limits."""
        rules = self.daily_rules()
        return queue.day_at(
            as_utc(now), rules.new_per_day, rules.reviews_per_day, rules.day_starts_hour, self.tz
        )

    def limits_left(self, deck_id: str, now: datetime) -> tuple[int, int]:
        """(new cards, reviews) still allowed today in ``deck_id`` by the daily limits."""
        return queue.limits_left(self.conn, deck_id, self.day(now))

    def build_queue(
        self,
        deck: Deck,
        topics: set[str] | None = None,
        now: datetime | None = None,
        card_ids: Collection[str] | None = None,
    ) -> StudyQueue:
        """The cards to study at ``now``: due learning cards, due reviews (daily review limit), then new cards
        in deck order (daily new-card limit), of just ``card_ids`` when given. Syncs the deck first if this
        store has not seen it."""
        self.ensure_synced(deck)
        return queue.build_queue(self.conn, deck.id, topics, self.day(now or datetime.now(UTC)), card_ids)

    def deck_counts(self, deck: Deck, now: datetime | None = None) -> DeckCounts:
        """The one place deck counts are made: per topic, and (:meth:`DeckCounts.queue`) what a session over any
        choice of topics would queue. The home screen, ``ketquiz due`` and the session all show these.

        A read-only store cannot sync the deck, so it counts as a sync would leave things.
        """
        day = self.day(now or datetime.now(UTC))
        if not self.read_only:
            self.ensure_synced(deck)
        return queue.deck_counts(self.conn, deck, day, synced=not self.read_only)

    def counts(self, deck: Deck, now: datetime | None = None) -> dict[str, QueueCounts]:
        """Per topic: new (within today's limit), learning, review due and total active cards."""
        return self.deck_counts(deck, now).topics

    def queue_counts(
        self, deck: Deck, topics: set[str] | None = None, now: datetime | None = None
    ) -> QueueCounts:
        """What a study session over ``topics`` (every topic when None) would queue at ``now``: each topic's
        counts capped by the daily limits, and their sum capped again (see :meth:`DeckCounts.queue`)."""
        return self.deck_counts(deck, now).queue(topics)

    def cram_queue(
        self,
        deck: Deck,
        topics: set[str] | None = None,
        now: datetime | None = None,
        card_ids: set[str] | None = None,
    ) -> list[str]:
        """Every chosen card, weakest first (never seen, then lowest predicted recall), for a cram session.

        Reads the schedule and never writes it: a cram session does not call :meth:`answer`.
        """
        at = (now or datetime.now(UTC)).astimezone(UTC)
        chosen = [c.id for c in deck.cards_in(topics) if card_ids is None or c.id in card_ids]
        return queue.cram_order(self.conn, deck, self.scheduler, chosen, at, self.path)
