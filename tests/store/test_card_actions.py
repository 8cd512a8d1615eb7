"""Card management in the store: suspend, bury, flag, reset, each undoable; leeches by Anki's rule."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from ketquiz.core.scheduling import CardState, Rating
from ketquiz.store import StoreError, StudyStore
from ketquiz.store.cards import Flag
from tests.factories import NOW, make_deck


def _snapshot(store: StudyStore) -> list[tuple[object, ...]]:
    return list(store.conn.execute("SELECT * FROM cards ORDER BY id"))


def test_suspend_takes_a_card_out_of_the_queue_and_undo_brings_it_back(store: StudyStore) -> None:
    deck = make_deck(4)
    store.sync_deck(deck)
    before = _snapshot(store)
    batch = store.act(deck.id, ["c1", "c2"], "suspend", NOW)
    assert store.build_queue(deck, None, NOW).cards == ["c0", "c3"]
    assert sum(c.new for c in store.counts(deck, NOW).values()) == 2
    assert store.undo_actions(batch) == ["c1", "c2"]
    assert _snapshot(store) == before
    assert store.build_queue(deck, None, NOW).cards == ["c0", "c1", "c2", "c3"]


def test_unsuspend_and_its_undo(store: StudyStore) -> None:
    deck = make_deck(2)
    store.sync_deck(deck)
    store.act(deck.id, ["c0"], "suspend", NOW)
    batch = store.act(deck.id, ["c0"], "unsuspend", NOW)
    assert "c0" in store.build_queue(deck, None, NOW).cards
    store.undo_actions(batch)
    assert "c0" not in store.build_queue(deck, None, NOW).cards


def test_bury_hides_a_card_until_the_next_day_begins(store: StudyStore) -> None:
    deck = make_deck(3)
    store.sync_deck(deck)
    batch = store.act(
        deck.id, ["c0"], "bury", NOW
    )  # 09:00 in the learner's zone; the day rolls over at 04:00
    assert store.build_queue(deck, None, NOW + timedelta(hours=18)).cards == [
        "c1",
        "c2",
    ]  # 03:00 next morning
    assert store.build_queue(deck, None, NOW + timedelta(hours=19, minutes=1)).cards[0] == "c0"  # 04:01
    store.undo_actions(batch)
    assert store.build_queue(deck, None, NOW).cards == ["c0", "c1", "c2"]


def test_flags_are_set_cleared_and_undone(store: StudyStore) -> None:
    deck = make_deck(2)
    store.sync_deck(deck)
    store.act(deck.id, ["c0"], "flag", NOW, Flag.RED)
    batch = store.act(deck.id, ["c0"], "flag", NOW, Flag.parse("blue"))
    assert store.stored_cards(deck.id)["c0"].flag == Flag.BLUE
    store.undo_actions(batch)
    assert store.stored_cards(deck.id)["c0"].flag == Flag.RED
    assert Flag.parse("0") is Flag.NONE
    with pytest.raises(ValueError, match="unknown flag"):
        Flag.parse("mauve")


def test_reset_makes_a_card_new_keeps_its_history_and_undo_restores_it(store: StudyStore) -> None:
    deck = make_deck(2)
    store.sync_deck(deck)
    store.answer(deck.id, "c0", Rating.GOOD, NOW)
    studied = _snapshot(store)
    batch = store.act(deck.id, ["c0"], "reset", NOW + timedelta(minutes=1))
    card = store.stored_cards(deck.id)["c0"]
    assert card.state == CardState.NEW and card.reviews == 1  # the log is kept
    assert store.build_queue(deck, None, NOW + timedelta(minutes=2)).cards == ["c0", "c1"]
    store.undo_actions(batch)
    assert _snapshot(store) == studied


def test_undoing_an_action_is_refused_after_the_card_was_answered(store: StudyStore) -> None:
    deck = make_deck(2)
    store.sync_deck(deck)
    batch = store.act(deck.id, ["c0"], "flag", NOW, Flag.GREEN)
    store.answer(deck.id, "c0", Rating.GOOD, NOW + timedelta(minutes=1))
    with pytest.raises(StoreError, match="answered or changed again since"):
        store.undo_actions(batch)
    assert store.stored_cards(deck.id)["c0"].flag == Flag.GREEN


def test_undoing_an_answer_is_refused_after_the_card_was_managed(store: StudyStore) -> None:
    deck = make_deck(2)
    store.sync_deck(deck)
    outcome = store.answer(deck.id, "c0", Rating.GOOD, NOW)
    store.act(deck.id, ["c0"], "suspend", NOW + timedelta(minutes=1))
    with pytest.raises(StoreError, match="suspended, buried, flagged or reset since"):
        store.undo_review(outcome.review_id)


def _lapse_until(store: StudyStore, deck_id: str, lapses: int) -> list[bool]:
    """Answer c0 so that it lapses ``lapses`` times (Good until it is a review card, then Again); leech flags."""
    leeches: list[bool] = []
    when = NOW
    while True:
        card = store.stored_cards(deck_id)["c0"]
        if card.lapses == lapses:
            return leeches
        if card.suspended:
            store.act(deck_id, ["c0"], "unsuspend", when)
        rating = Rating.AGAIN if card.state == CardState.REVIEW else Rating.GOOD
        outcome = store.answer(deck_id, "c0", rating, when)
        if rating == Rating.AGAIN:
            leeches.append(outcome.leech)
        when = max(when + timedelta(minutes=1), outcome.due)


def test_a_card_becomes_a_leech_at_8_lapses_and_again_at_12(store: StudyStore) -> None:
    deck = make_deck(1)
    store.sync_deck(deck)
    leeches = _lapse_until(store, deck.id, 12)
    assert [i + 1 for i, leech in enumerate(leeches) if leech] == [8, 12]
    card = store.stored_cards(deck.id)["c0"]
    assert card.leech and card.suspended and card.lapses == 12
    assert store.build_queue(deck, None, NOW + timedelta(days=3650)).cards == []


def test_leech_thresholds_come_from_the_settings(store: StudyStore) -> None:
    deck = make_deck(1)
    store.sync_deck(deck)
    store.set_settings(dataclasses.replace(store.settings, leech_threshold=3, leech_every=2))
    leeches = _lapse_until(store, deck.id, 5)
    assert [i + 1 for i, leech in enumerate(leeches) if leech] == [3, 5]


def test_undoing_the_leech_answer_unsuspends_and_unmarks(store: StudyStore) -> None:
    deck = make_deck(1)
    store.sync_deck(deck)
    store.set_settings(dataclasses.replace(store.settings, leech_threshold=1))
    _lapse_until(store, deck.id, 0)
    while store.stored_cards(deck.id)["c0"].state != CardState.REVIEW:
        store.answer(deck.id, "c0", Rating.GOOD, NOW + timedelta(days=30))
    outcome = store.answer(deck.id, "c0", Rating.AGAIN, NOW + timedelta(days=90))
    assert outcome.leech and store.stored_cards(deck.id)["c0"].suspended
    store.undo_review(outcome.review_id)
    card = store.stored_cards(deck.id)["c0"]
    assert not card.leech and not card.suspended and card.lapses == 0


def test_upgrading_a_profile_counts_each_cards_lapses_from_its_log(tmp_path: Path) -> None:
    import sqlite3

    from ketquiz.store import open_store, profile_path
    from ketquiz.store.schema import MIGRATIONS, SCHEMA_VERSION

    path = profile_path(tmp_path, "p")
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path, isolation_level=None)
    for version in (0, 1):
        for statement in MIGRATIONS[version]:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO cards (deck_id, card_id, state) VALUES ('demo', 'c0', 2), ('demo', 'c1', 2)")
    rows = [
        ("c0", 1, 2),
        ("c0", 1, 2),
        ("c0", 1, 1),
        ("c0", 3, 2),
        ("c1", 3, 2),
    ]  # (card, rating, state before)
    conn.executemany(
        "INSERT INTO reviews (deck_id, card_id, reviewed_at, rating, state_before) VALUES ('demo', ?, 0, ?, ?)",
        rows,
    )
    conn.close()
    with open_store(tmp_path, "p") as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        lapses = {k: v.lapses for k, v in store.stored_cards("demo").items()}
    assert lapses == {"c0": 2, "c1": 0}  # an Again while still learning is no lapse


def test_the_study_session_says_when_a_card_became_a_leech_and_does_not_bring_it_back(
    store: StudyStore,
) -> None:
    import random

    from ketquiz.store.session import StudySession

    deck = make_deck(1)
    store.sync_deck(deck)
    store.set_settings(dataclasses.replace(store.settings, leech_threshold=1))
    when = NOW
    while store.stored_cards(deck.id)["c0"].state != CardState.REVIEW:
        when = max(when + timedelta(minutes=1), store.answer(deck.id, "c0", Rating.GOOD, when).due)
    later = when + timedelta(days=60)
    session = StudySession(deck, store, now=lambda: later, rng=random.Random(1))
    session.start()
    assert session.current is not None and session.current.card.id == "c0"
    session.commit(Rating.AGAIN, False)
    assert "leech: 1 lapses" in session.leech_notice and "suspended" in session.leech_notice
    assert session.current is None  # not shown again: it is suspended


def test_typing_narrows_and_backspace_widens_the_search_exactly(store: StudyStore) -> None:
    from ketquiz.store.browse import CardFilter, CardIndex, card_views

    deck = make_deck(30)
    store.sync_deck(deck)
    index = CardIndex(card_views(store, [deck], NOW))
    typed = [
        "q",
        "qu",
        "question 1",
        "question 12",
        "question 1",
        '"answer 2',
        '"answer 2"',
        "answer 2 question",
    ]
    for search in typed:
        fresh = CardIndex(index.views).filter(CardFilter(search=search))
        assert [v.card.id for v in index.filter(CardFilter(search=search))] == [v.card.id for v in fresh]
    assert [v.card.id for v in index.filter(CardFilter(search="question 1", states=frozenset({"new"})))] == [
        "c1",
        *[f"c{i}" for i in range(10, 20)],
        "c21",  # every word: "question" and "1"
    ]


def test_flag_of_reads_one_card(store: StudyStore) -> None:
    deck = make_deck(3)
    store.sync_deck(deck)
    store.act(deck.id, ["c1"], "flag", NOW, Flag.RED)
    assert [store.flag_of(deck.id, c) for c in ("c0", "c1", "nope")] == [0, Flag.RED, 0]
    assert store.flag_of(deck.id, "c1") == store.stored_cards(deck.id)["c1"].flag


def test_a_queue_over_chosen_cards_keeps_the_order_and_counts_limits_over_them_alone(
    store: StudyStore,
) -> None:
    """The browser's "study these": due cards first, then new ones in deck order up to today's new-card limit,
    counted over the chosen cards (c0, earlier in the deck but not chosen, takes no place)."""
    deck = make_deck(6)
    store.sync_deck(deck)
    store.set_settings(dataclasses.replace(store.settings, new_per_day=3))
    store.answer(deck.id, "c4", Rating.AGAIN, NOW - timedelta(hours=1))  # learning, due again by now
    chosen = {"c2", "c3", "c4", "c5"}
    assert store.build_queue(deck, None, NOW, chosen).cards == ["c4", "c2", "c3"]  # c4 took one new place
    assert store.build_queue(deck, None, NOW, {"c0"}).cards == ["c0"]
    assert store.build_queue(deck, None, NOW, set()).cards == []


def test_a_card_view_read_by_id_equals_the_one_read_with_its_deck(store: StudyStore) -> None:
    """The browser draws its first rows, and refreshes a card after an action, by id; the same view as the
    whole-deck read gives."""
    from ketquiz.store.browse import card_views, first_keys

    deck = make_deck(8)
    store.sync_deck(deck)
    store.answer(deck.id, "c1", Rating.GOOD, NOW)
    store.act(deck.id, ["c2"], "suspend", NOW)
    whole = card_views(store, [deck], NOW)
    assert first_keys([deck], 3) == {f"{deck.id}/c{i}" for i in range(3)}
    assert card_views(store, [deck], NOW, first_keys([deck], 3)) == whole[:3]
    assert card_views(store, [deck], NOW, {f"{deck.id}/c7", f"{deck.id}/c1"}) == [whole[1], whole[7]]
