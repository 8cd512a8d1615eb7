"""The study store's behaviour through its public API."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from ketquiz.core.scheduling import CardState, Rating, SchedulerSettings
from ketquiz.store import StoreError, StudyStore, UnknownCardError, list_profiles, open_store
from tests.factories import LEARNER_TZ, NOW, make_deck, typed_card


def test_new_cards_come_in_deck_order_and_answers_reschedule(store: StudyStore) -> None:
    deck = make_deck(4)
    queue = store.build_queue(deck, None, NOW)
    assert queue.cards == ["c0", "c1", "c2", "c3"]
    assert (queue.counts.new, queue.counts.learning, queue.counts.review) == (4, 0, 0)
    outcome = store.answer(deck.id, "c0", Rating.GOOD, NOW, 2500, "answer 0")
    assert outcome.state_before is CardState.NEW and outcome.state_after is CardState.LEARNING
    assert outcome.interval == timedelta(minutes=10)  # the second default learning step
    assert store.build_queue(deck, None, NOW).cards == ["c1", "c2", "c3"]
    later = NOW + timedelta(minutes=11)
    assert store.build_queue(deck, None, later).cards[0] == "c0"  # due learning card first


def test_topics_filter_the_queue(store: StudyStore) -> None:
    deck = make_deck(6)
    assert store.build_queue(deck, {"t2"}, NOW).cards == ["c1", "c3", "c5"]
    counts = store.counts(deck, NOW)
    assert {t: c.new for t, c in counts.items()} == {"t1": 3, "t2": 3}
    assert counts["t1"].total == 3


def test_preview_matches_the_answer_without_fuzz(store: StudyStore) -> None:
    deck = make_deck(1)
    store.sync_deck(deck)
    store.set_settings(dataclasses.replace(store.settings, enable_fuzzing=False))
    store.answer(deck.id, "c0", Rating.GOOD, NOW)
    store.answer(deck.id, "c0", Rating.GOOD, NOW + timedelta(minutes=10))  # graduates to review
    when = NOW + timedelta(days=5)
    shown = store.preview(deck.id, "c0", when)
    assert shown[Rating.AGAIN] < shown[Rating.HARD] < shown[Rating.GOOD] < shown[Rating.EASY]
    outcome = store.answer(deck.id, "c0", Rating.EASY, when)
    assert abs(outcome.interval - shown[Rating.EASY]) < timedelta(seconds=1)


def test_undo_restores_the_previous_state_exactly(store: StudyStore) -> None:
    deck = make_deck(2)
    store.sync_deck(deck)
    store.answer(deck.id, "c0", Rating.GOOD, NOW)
    before = store.card_state(deck.id, "c0").to_dict()
    store.answer(deck.id, "c0", Rating.AGAIN, NOW + timedelta(minutes=10), 1000)
    assert store.undo_last(deck.id) == "c0"
    assert store.card_state(deck.id, "c0").to_dict() == before
    assert len(list(store.conn.execute("SELECT id FROM reviews"))) == 1
    assert store.undo_last(deck.id) == "c0"
    assert store.build_queue(deck, None, NOW).cards == ["c0", "c1"]  # new again
    assert store.undo_last(deck.id) is None


def test_daily_new_limit_rolls_over_at_4am_local(store: StudyStore) -> None:
    store.set_settings(dataclasses.replace(store.settings, new_per_day=2))
    deck = make_deck(5)
    assert store.build_queue(deck, None, NOW).counts.new == 2
    for card_id in ("c0", "c1"):
        store.answer(deck.id, card_id, Rating.EASY, NOW)
    assert store.build_queue(deck, None, NOW).counts.new == 0
    # NOW is 09:00 at UTC-5; 03:59 next day is still today, 04:00 is a new day.
    next_day_4am = NOW + timedelta(hours=19)
    assert store.build_queue(deck, None, next_day_4am - timedelta(minutes=1)).counts.new == 0
    assert store.build_queue(deck, None, next_day_4am).cards[-2:] == ["c2", "c3"]


def test_review_limit_caps_due_reviews(store: StudyStore) -> None:
    store.set_settings(dataclasses.replace(store.settings, reviews_per_day=1, enable_fuzzing=False))
    deck = make_deck(3)
    store.sync_deck(deck)
    for card_id in ("c0", "c1", "c2"):
        store.answer(deck.id, card_id, Rating.EASY, NOW)
    far = NOW + timedelta(days=400)
    queue = store.build_queue(deck, None, far)
    assert (queue.counts.review, len(queue.cards)) == (1, 1)


def test_changed_and_removed_cards(store: StudyStore) -> None:
    deck = make_deck(3)
    store.sync_deck(deck)
    store.answer(deck.id, "c0", Rating.GOOD, NOW)
    assert not store.is_changed(deck.id, deck.card("c0"))
    reworded = typed_card("c0", "answer zero", topic="t1", prompt="Question 0, reworded?")
    edited = dataclasses.replace(deck, cards=(reworded, deck.cards[1]))  # c2 removed
    report = store.sync_deck(edited)
    assert (report.changed, report.removed, report.added) == (("c0",), ("c2",), ())
    assert store.is_changed(deck.id, reworded)
    assert not store.is_changed(deck.id, deck.cards[1])  # never reviewed: nothing to compare with
    assert "c2" not in store.build_queue(edited, None, NOW).cards
    progress = store.card_state(deck.id, "c0").to_dict()
    assert progress["state"] == CardState.LEARNING  # rewording kept the progress
    store.answer(deck.id, "c0", Rating.GOOD, NOW + timedelta(minutes=10))
    assert not store.is_changed(deck.id, reworded)  # seen again: no longer flagged
    store.undo_last(deck.id)
    assert store.is_changed(deck.id, reworded)  # undo restores the flag with the rest of the state
    store.answer(deck.id, "c0", Rating.GOOD, NOW + timedelta(minutes=10))
    back = store.sync_deck(deck)
    assert back.restored == ("c2",)


def test_a_vanished_deck_keeps_its_history(tmp_path: Path) -> None:
    deck = make_deck(2, deck_id="gone")
    with open_store(tmp_path, "p", tz=LEARNER_TZ) as s:
        s.sync_deck(deck)
        s.answer(deck.id, "c0", Rating.GOOD, NOW)
    with open_store(tmp_path, "p", tz=LEARNER_TZ) as s:
        assert s.known_decks() == {"gone": 1}
        with pytest.raises(UnknownCardError, match="'nope' of deck 'gone'"):
            s.answer("gone", "nope", Rating.GOOD, NOW)


def test_responses_of_every_kind_are_logged(store: StudyStore) -> None:
    deck = make_deck(1)
    store.sync_deck(deck)
    for response in ("blue", 2, True, frozenset({3, 1}), None):
        store.answer(deck.id, "c0", Rating.GOOD, NOW, response=response)
    logged = [r[0] for r in store.conn.execute("SELECT response FROM reviews ORDER BY id")]
    assert logged == ["blue", "2", "true", "[1, 3]", None]


def test_answer_times_must_be_timezone_aware(store: StudyStore) -> None:
    deck = make_deck(1)
    store.sync_deck(deck)
    with pytest.raises(ValueError, match="timezone-aware"):
        store.answer(deck.id, "c0", Rating.GOOD, NOW.replace(tzinfo=None))
    local = NOW.astimezone(LEARNER_TZ)  # any aware time is accepted and stored as UTC
    assert store.answer(deck.id, "c0", Rating.GOOD, local).due.tzinfo is not None


def test_cram_order_never_touches_the_schedule(store: StudyStore) -> None:
    deck = make_deck(3)
    store.sync_deck(deck)
    store.answer(deck.id, "c1", Rating.EASY, NOW)
    before = list(store.conn.execute("SELECT * FROM cards ORDER BY id"))
    order = store.cram_queue(deck, None, NOW + timedelta(days=3))
    assert sorted(order) == ["c0", "c1", "c2"] and order[-1] == "c1"  # the learnt card last
    assert list(store.conn.execute("SELECT * FROM cards ORDER BY id")) == before


def test_profiles_are_separate_files(tmp_path: Path) -> None:
    deck = make_deck(1)
    with open_store(tmp_path, "ana") as a:
        a.sync_deck(deck)
        a.answer(deck.id, "c0", Rating.GOOD, NOW)
    with open_store(tmp_path, "ben") as b:
        assert b.known_decks() == {}
    assert list_profiles(tmp_path) == ["ana", "ben"]
    with pytest.raises(StoreError, match="invalid profile name"):
        open_store(tmp_path, "../escape")


def test_settings_persist_and_are_checked(tmp_path: Path) -> None:
    with open_store(tmp_path) as s:
        s.set_settings(dataclasses.replace(s.settings, desired_retention=0.85, new_per_day=5))
    with open_store(tmp_path) as s:
        assert (s.settings.desired_retention, s.settings.new_per_day) == (0.85, 5)
    with pytest.raises(ValueError, match="desired_retention"):
        SchedulerSettings(desired_retention=1.5)


def test_damaged_settings_are_a_clear_error(tmp_path: Path) -> None:
    with open_store(tmp_path) as s:
        s.conn.execute("INSERT INTO settings (key, value) VALUES ('scheduler', '{\"desired_retention\": 7}')")
    with open_store(tmp_path) as s, pytest.raises(StoreError, match="settings saved in .* are invalid"):
        _ = s.settings


def test_answers_from_two_threads_of_one_process_are_all_kept(store: StudyStore) -> None:
    import threading

    deck = make_deck(20)
    store.sync_deck(deck)
    errors: list[BaseException] = []

    def answer_all(offset: int) -> None:
        try:
            for i in range(40):
                store.answer(deck.id, f"c{(offset + i) % 20}", Rating.GOOD, NOW + timedelta(minutes=i))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=answer_all, args=(k * 7,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 120


def test_a_failed_answer_leaves_nothing_half_written(store: StudyStore) -> None:
    deck = make_deck(1)
    store.sync_deck(deck)
    with pytest.raises(UnknownCardError):
        store.answer(deck.id, "missing", Rating.GOOD, NOW)
    assert not store.conn.in_transaction
    assert store.answer(deck.id, "c0", Rating.GOOD, NOW).review_id == 1
