"""Opening an unchanged deck skips the card-by-card sync: the store records the digest of the deck's cards it last
synced, and anything else that writes what a sync writes makes it forget that digest."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ketquiz.core.model import Deck
from ketquiz.core.scheduling import Rating
from ketquiz.decks.cache import CacheMode, read_entry
from ketquiz.decks.cached_load import load_deck_cached
from ketquiz.store import StudyStore
from ketquiz.store.records import SyncReport
from tests.factories import NOW, make_deck, typed_card


def _statements(store: StudyStore) -> list[str]:
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    return seen


def _rows(store: StudyStore) -> list[tuple[object, ...]]:
    return list(
        store.conn.execute("SELECT card_id, topic, content_hash, position, active FROM cards ORDER BY id")
    )


def test_an_unchanged_deck_is_not_compared_row_by_row(store: StudyStore) -> None:
    store.sync_deck(make_deck(6))
    store.answer("demo", "c0", Rating.GOOD, NOW)
    before = _rows(store)
    seen = _statements(store)
    again = make_deck(6)  # another object with the same cards, as the next start reads it
    assert store.sync_deck(again) == SyncReport()
    assert not any("content_hash, active" in s for s in seen)  # the rows were not read
    assert _rows(store) == before
    assert store.build_queue(again, None, NOW).cards[-1] == "c5"


def test_a_changed_deck_is_synced_in_full(store: StudyStore) -> None:
    deck = make_deck(4)
    store.sync_deck(deck)
    reworded = dataclasses.replace(
        deck, cards=(*deck.cards[:3], typed_card("c3", "another answer", topic="t2"))
    )
    report = store.sync_deck(reworded)
    assert report.changed == ("c3",)
    moved = dataclasses.replace(deck, cards=tuple(reversed(deck.cards)))  # same cards, another order
    store.sync_deck(moved)
    assert [r[0] for r in store.conn.execute("SELECT card_id FROM cards ORDER BY position")] == [
        "c3",
        "c2",
        "c1",
        "c0",
    ]
    shorter = dataclasses.replace(deck, cards=deck.cards[:2])
    assert store.sync_deck(shorter).removed == ("c2", "c3")


def test_a_row_written_by_anything_else_makes_the_next_open_compare_rows(store: StudyStore) -> None:
    deck = make_deck(4)
    store.sync_deck(deck)
    # A tool (or an import) takes a card out and moves another to a new topic behind the sync's back.
    store.conn.execute("UPDATE cards SET active = 0 WHERE card_id = 'c1'")
    store.conn.execute("UPDATE cards SET topic = 'elsewhere' WHERE card_id = 'c2'")
    assert store.conn.execute("SELECT COUNT(*) FROM deck_syncs").fetchone()[0] == 0
    report = store.sync_deck(make_deck(4))
    assert report.restored == ("c1",)
    assert store.counts(deck, NOW)["t1"].total == 2 and "elsewhere" not in store.counts(deck, NOW)
    store.conn.execute("INSERT INTO cards (deck_id, card_id, topic) VALUES ('demo', 'stray', 't1')")
    assert store.sync_deck(make_deck(4)).removed == ("stray",)


def test_a_compiled_deck_carries_its_cards_digest(tmp_path: Path) -> None:
    from tests.ui.conftest import DECK_FILE

    loaded = load_deck_cached(DECK_FILE, CacheMode.REFRESH)
    assert loaded.deck is not None
    served = read_entry(DECK_FILE)
    assert isinstance(served, tuple)
    deck: Deck = served[0]
    assert deck.sync_digest  # read from the entry, not computed
    assert deck.sync_digest == dataclasses.replace(loaded.deck).cards_digest()
