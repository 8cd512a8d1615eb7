"""Two study apps on one profile, as separate processes: undo takes back only what its own session wrote.

The second study app is a real process (``answer_worker.py``) answering through its own store connection, as a
second learner typing the same profile name (or a served class) would.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from ketquiz.core.scheduling import CardState, Rating
from ketquiz.store import StoreError, open_store
from ketquiz.store.session import StudySession
from tests.factories import NOW, make_deck

WORKER = Path(__file__).with_name("answer_worker.py")


def _other_app_answers(data_dir: Path, n_answers: int, start: int) -> list[int]:
    """Another process answers ``n_answers`` cards of the 6-card demo deck from ``c{start}``; its review ids."""
    done = subprocess.run(
        [sys.executable, str(WORKER), str(data_dir), "p", "6", str(n_answers), str(start)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [int(line) for line in done.stdout.split()]


def _session(data_dir: Path) -> StudySession:
    deck = make_deck(6)
    store = open_store(data_dir, "p")
    session = StudySession(deck, store, now=lambda: NOW, rng=random.Random(1))
    session.start()
    return session


def _reviews(data_dir: Path) -> list[tuple[int, str]]:
    with open_store(data_dir, "p") as store:
        return [
            (int(r[0]), str(r[1])) for r in store.conn.execute("SELECT id, card_id FROM reviews ORDER BY id")
        ]


def test_undo_takes_back_only_this_sessions_answer(tmp_path: Path) -> None:
    a = _session(tmp_path)
    try:
        assert a.current is not None and a.current.card.id == "c0"
        a.commit(Rating.GOOD, True, "answer 0")
        mine = _reviews(tmp_path)[0][0]
        theirs = _other_app_answers(tmp_path, 2, 1)  # B answers c1 and c2 after A's answer
        with open_store(tmp_path, "p") as peek:
            before = {c: peek.card_state("demo", c).to_dict() for c in ("c1", "c2")}
        assert a.undo() == "c0"
        assert _reviews(tmp_path) == [(theirs[0], "c1"), (theirs[1], "c2")]  # B's answers all kept
        assert mine not in theirs
        with open_store(tmp_path, "p") as peek:
            assert {c: peek.card_state("demo", c).to_dict() for c in ("c1", "c2")} == before
            state = peek.conn.execute("SELECT state FROM cards WHERE card_id = 'c0'").fetchone()[0]
            assert state == CardState.NEW  # A's own answer, and only it, was taken back
        assert a.current is not None and a.current.card.id == "c0"
    finally:
        a.store.close()  # type: ignore[union-attr]


def test_undo_is_refused_when_another_session_answered_the_card_since(tmp_path: Path) -> None:
    a = _session(tmp_path)
    try:
        a.commit(Rating.GOOD, True, "answer 0")
        theirs = _other_app_answers(tmp_path, 1, 0)  # B answers the same card, c0, afterwards
        log_before = _reviews(tmp_path)
        with open_store(tmp_path, "p") as peek:
            state_before = peek.card_state("demo", "c0").to_dict()
        with pytest.raises(StoreError, match="answered again since.*nothing was undone"):
            a.undo()
        assert _reviews(tmp_path) == log_before and log_before[-1][0] == theirs[0]
        with open_store(tmp_path, "p") as peek:
            assert peek.card_state("demo", "c0").to_dict() == state_before
        assert a.done == 1 and len(a.history) == 1  # the session is left as it was
    finally:
        a.store.close()  # type: ignore[union-attr]


def test_undo_last_never_reaches_another_connections_answer(tmp_path: Path) -> None:
    deck = make_deck(6)
    with open_store(tmp_path, "p") as store:
        store.sync_deck(deck)
        _other_app_answers(tmp_path, 2, 1)
        assert store.undo_last(deck.id) is None  # this connection wrote nothing
        store.answer(deck.id, "c0", Rating.GOOD, NOW)
        _other_app_answers(tmp_path, 1, 3)
        assert store.undo_last(deck.id) == "c0"
        assert [c for _i, c in _reviews(tmp_path)] == ["c1", "c2", "c3"]
