"""Statistics for weeks of study: the year heatmap, retention by topic, leeches and suspended cards."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from ketquiz.core.scheduling import CardState, Rating
from ketquiz.store import StudyStore, stats
from tests.factories import NOW, make_deck


def test_heatmap_topics_leeches_and_suspended(store: StudyStore) -> None:
    deck = make_deck(4)  # c0, c2 in t1; c1, c3 in t2
    store.sync_deck(deck)
    store.set_settings(dataclasses.replace(store.settings, leech_threshold=1))
    start = NOW - timedelta(days=300)
    store.answer(deck.id, "c0", Rating.GOOD, start)
    when = start
    while store.stored_cards(deck.id)["c0"].state != CardState.REVIEW:
        when += timedelta(days=1)
        store.answer(deck.id, "c0", Rating.GOOD, when)
    store.answer(deck.id, "c0", Rating.AGAIN, NOW - timedelta(days=2))  # a lapse: a leech at 1, suspended
    store.answer(deck.id, "c1", Rating.GOOD, NOW - timedelta(hours=1))
    store.act(deck.id, ["c3"], "suspend", NOW)
    result = stats(store, NOW)
    today = date(2026, 3, 2)
    assert result.heatmap_start == today - timedelta(days=364)
    assert result.heatmap[today - timedelta(days=300)] == 1  # older than the 30 days of reviews_per_day
    assert result.heatmap[today] == 1 and sum(result.heatmap.values()) == result.total_reviews
    assert result.retention_by_topic == {"t1": {"retention": 0.0, "answers": 1}}  # the one review-card answer
    assert (result.leeches, result.suspended) == (1, 2)
    shown = result.to_dict()
    assert shown["leeches"] == 1 and shown["heatmap"]["days"][today.isoformat()] == 1  # type: ignore[index]
