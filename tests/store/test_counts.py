"""Deck counts are made once, in the store: per topic and, from the same figures, what a session would queue.

Home, ``ketquiz due`` and the session summary all read :meth:`StudyStore.deck_counts`, so these tests pin its
meaning: each topic capped by the daily limits on its own, their sum capped again, equal to what
:meth:`StudyStore.build_queue` actually queues, and the same whether the store counts in SQL (synced) or from
the deck (read-only, blank).
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

from ketquiz.core.scheduling import Rating
from ketquiz.store import StudyStore, blank_store, open_store
from ketquiz.store.records import QueueCounts
from tests.factories import LEARNER_TZ, NOW, make_deck


def test_daily_limits_cap_the_sum_of_the_topics(store: StudyStore) -> None:
    """Three new cards in each of two topics and four new cards a day: each topic says 3, the deck 4."""
    store.set_settings(dataclasses.replace(store.settings, new_per_day=4))
    deck = make_deck(6)
    counted = store.deck_counts(deck, NOW)
    assert {t: c.new for t, c in counted.topics.items()} == {"t1": 3, "t2": 3}
    assert counted.queue(None) == QueueCounts(new=4, learning=0, review=0, total=6)
    assert counted.queue({"t1"}).new == 3
    assert store.queue_counts(deck, None, NOW) == counted.queue(None)
    assert store.counts(deck, NOW) == counted.topics
    assert store.build_queue(deck, None, NOW).counts.new == counted.queue(None).new == 4


def test_the_review_limit_caps_the_sum_and_matches_the_queue(store: StudyStore) -> None:
    store.set_settings(dataclasses.replace(store.settings, reviews_per_day=3, enable_fuzzing=False))
    deck = make_deck(8)
    store.sync_deck(deck)
    for card in deck.cards:  # every card graduates to review, due within a few days
        store.answer(deck.id, card.id, Rating.EASY, NOW - timedelta(days=40))
    later = NOW + timedelta(days=30)
    counted = store.deck_counts(deck, later)
    per_topic = [c.review for c in counted.topics.values()]
    assert per_topic == [3, 3]  # four due in each topic, each capped at 3 alone
    assert counted.queue(None).review == 3 == store.build_queue(deck, None, later).counts.review
    assert counted.queue({"t2"}).review == 3


def test_limits_used_today_lower_every_figure(store: StudyStore) -> None:
    store.set_settings(dataclasses.replace(store.settings, new_per_day=3))
    deck = make_deck(6)
    store.sync_deck(deck)
    store.answer(deck.id, "c0", Rating.GOOD, NOW)
    counted = store.deck_counts(deck, NOW)
    assert (counted.new_left, counted.queue(None).new) == (2, 2)
    assert all(c.new <= 2 for c in counted.topics.values())
    assert counted.queue(None).learning == 0  # c0's next step is ten minutes away


def test_unsynced_counts_equal_synced_counts(tmp_path: Path) -> None:
    """Studied, suspended, buried and relearning cards, a card gone from the deck and two new to the store: a
    read-only store (counting from the deck) says what the synced store says (counting in SQL)."""
    data = tmp_path / "data"
    deck = make_deck(10)
    with open_store(data, "learner", tz=LEARNER_TZ) as store:
        store.sync_deck(deck)
        for i in range(6):
            store.answer(deck.id, f"c{i}", Rating.EASY if i % 2 else Rating.GOOD, NOW - timedelta(days=5))
        store.answer(deck.id, "c1", Rating.AGAIN, NOW - timedelta(days=1))  # a lapse: relearning
        store.act(deck.id, ["c3"], "suspend", NOW)
        store.act(deck.id, ["c7"], "bury", NOW)
    later = make_deck(12)  # c10 and c11 are new to the store ...
    later = dataclasses.replace(later, cards=tuple(c for c in later.cards if c.id != "c5"))  # ... c5 is gone
    with open_store(data, "learner", tz=LEARNER_TZ, read_only=True) as store:
        read = store.deck_counts(later, NOW)
    with open_store(data, "learner", tz=LEARNER_TZ) as store:
        synced = store.deck_counts(later, NOW)
    assert read == synced
    assert sum(c.total for c in read.topics.values()) == 9  # 11 cards, one suspended, one buried
    assert read.queue(None).learning >= 1


def test_a_blank_store_counts_every_card_new_and_keeps_nothing(tmp_path: Path) -> None:
    deck = make_deck(30)
    with blank_store(tmp_path, "nobody", tz=LEARNER_TZ) as store:
        counted = store.deck_counts(deck, NOW)
        assert counted.queue(None) == QueueCounts(new=20, learning=0, review=0, total=30)
        assert counted.topics["t1"] == QueueCounts(new=15, learning=0, review=0, total=15)
        assert store.conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 0
    assert not (tmp_path / "profiles").exists()


def test_the_per_topic_counts_are_read_from_their_covering_index_alone(store: StudyStore) -> None:
    """Home reads these on every start: from the index, in topic order, never the table (v5's cards_counts)."""
    from ketquiz.store.queue import TALLY_SQL

    store.sync_deck(make_deck(6))
    plan = " ".join(row[-1] for row in store.conn.execute("EXPLAIN QUERY PLAN " + TALLY_SQL, (0, 0, "d", 0)))
    assert "COVERING INDEX cards_counts" in plan and "TEMP B-TREE" not in plan
