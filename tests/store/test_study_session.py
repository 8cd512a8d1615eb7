"""The session behind the review screen, with the real store: order, learning cards coming back, undo."""

from __future__ import annotations

import random
from pathlib import Path

from ketquiz.core.scheduling import Rating
from ketquiz.decks import load_deck
from ketquiz.store import open_store
from ketquiz.store.session import StudySession, response_text
from tests.ui.conftest import DECK_FILE, NOW, review_log


def _session(data_dir: Path, cram: bool = False) -> StudySession:
    deck = load_deck(DECK_FILE).deck
    assert deck is not None
    store = open_store(data_dir)
    store.sync_deck(deck)
    s = StudySession(deck, store, cram=cram, now=lambda: NOW, rng=random.Random(3))
    s.start()
    return s


def test_again_brings_the_card_back_and_undo_takes_it_away(tmp_path: Path) -> None:
    s = _session(tmp_path)
    try:
        first = s.current
        assert first is not None and s.total == 6
        s.commit(Rating.AGAIN, False, "x")
        assert s.queue[-1] == first.card.id and s.total == 7 and s.done == 1
        assert s.undo() == first.card.id
        assert s.total == 6 and s.done == 0 and s.current is not None and s.current.card.id == first.card.id
        assert review_log(tmp_path) == []
        assert s.undo() is None  # nothing left to undo in this session
    finally:
        s.store.close()  # type: ignore[union-attr]


def test_easy_answers_leave_the_session(tmp_path: Path) -> None:
    s = _session(tmp_path)
    try:
        while s.current is not None:
            s.commit(Rating.EASY, True)
        assert s.done == s.total == 6
        summary = s.summary()
        assert (summary.answered, summary.right, summary.wrong) == (6, 6, 0)
        assert [r[1] for r in review_log(tmp_path)] == [4] * 6
    finally:
        s.store.close()  # type: ignore[union-attr]


def test_cram_writes_nothing_and_shuffles_choices_per_showing(tmp_path: Path) -> None:
    s = _session(tmp_path, cram=True)
    try:
        orders: list[tuple[int, ...]] = []
        while s.current is not None:
            if s.current.card.id == "mech-nmda" and len(orders) < 6:
                orders.append(s.current.order)
                s.commit(Rating.AGAIN, False)  # comes back at the end of the cram session
            else:
                s.commit(Rating.GOOD, True)
        assert review_log(tmp_path) == []
        assert len(orders) == 6 and len(set(orders)) > 1
    finally:
        s.store.close()  # type: ignore[union-attr]


def test_response_text_is_what_the_learner_chose() -> None:
    deck = load_deck(DECK_FILE).deck
    assert deck is not None
    multi = deck.card("mech-side-effects")
    assert response_text(multi, frozenset({3, 0})) == "nausea; temporary dissociation"
    assert response_text(deck.card("mech-glutamate"), False) == "false"
    assert response_text(deck.card("eff-duration"), None) is None
