"""A learner's answers survive killed processes, concurrent processes, damaged files and bad directories."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ketquiz.core.scheduling import Rating
from ketquiz.store import CorruptStoreError, NewerSchemaError, StoreError, open_store, profile_path
from ketquiz.store.schema import SCHEMA_VERSION
from tests.factories import NOW, first_version_profile, make_deck

WORKER = Path(__file__).with_name("answer_worker.py")


def _worker(data_dir: Path, *args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(data_dir), "p", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigkill_mid_session_loses_no_committed_answer(tmp_path: Path) -> None:
    proc = _worker(tmp_path, 20, 100_000, 0, 0.002)
    assert proc.stdout is not None
    committed = [int(proc.stdout.readline()) for _ in range(25)]
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=10) == -signal.SIGKILL  # killed mid-session, not finished
    proc.communicate()
    with open_store(tmp_path, "p") as store:
        assert store.integrity_check() == ["ok"]
        ids = {r[0] for r in store.conn.execute("SELECT id FROM reviews")}
        assert set(committed) <= ids
        # every logged answer's card state moved on with it: state and log were one transaction
        last = store.conn.execute("SELECT MAX(reviewed_at) FROM reviews").fetchone()[0]
        assert store.conn.execute("SELECT MAX(last_review) FROM cards").fetchone()[0] == last


def test_two_processes_on_one_profile_lose_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path, "p") as store:
        store.sync_deck(make_deck(10))
    procs = [_worker(tmp_path, 10, 60, start) for start in (0, 5)]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert len(out.split()) == 60
    with open_store(tmp_path, "p") as store:
        assert store.conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 120
        assert store.integrity_check() == ["ok"]


def test_a_busy_profile_is_reported_not_crashed(tmp_path: Path) -> None:
    deck = make_deck(2)
    with open_store(tmp_path, "p") as store:
        store.sync_deck(deck)
    holder = sqlite3.connect(profile_path(tmp_path, "p"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with open_store(tmp_path, "p", busy_timeout=0.2) as store, pytest.raises(StoreError, match="in use"):
            store.answer(deck.id, "c0", Rating.GOOD, NOW)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_file_that_is_not_a_database_is_kept_aside(tmp_path: Path) -> None:
    path = profile_path(tmp_path, "p")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"my precious notes, not a database\n" * 100)
    with pytest.raises(CorruptStoreError, match="damaged") as info:
        open_store(tmp_path, "p")
    assert info.value.backup is not None and info.value.backup.read_bytes() == path.read_bytes()
    assert ".corrupt-" in info.value.backup.name
    assert path.read_bytes().startswith(b"my precious notes")  # never overwritten


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory permissions")
def test_an_unwritable_data_directory_gives_a_clear_message(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    (locked / "profiles").mkdir(parents=True)
    locked.chmod(0o500)
    (locked / "profiles").chmod(0o500)
    try:
        with pytest.raises(StoreError, match="cannot create the data directory .*Permission denied"):
            open_store(locked / "data", "p")
        with pytest.raises(StoreError, match="data directory .*profiles is not writable"):
            open_store(locked, "p")
    finally:
        (locked / "profiles").chmod(0o700)
        locked.chmod(0o700)


def test_permission_denied_gives_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(StoreError, match="cannot create the data directory .*: Permission denied"):
        open_store(tmp_path / "data", "p")


def test_a_read_only_profile_is_refused_at_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_store(tmp_path, "p").close()
    path = profile_path(tmp_path, "p")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == path else real_access(p, mode))
    with pytest.raises(StoreError, match="is read-only"):
        open_store(tmp_path, "p")
    with open_store(tmp_path, "p", read_only=True) as store:  # reading (stats, export) still works
        assert store.known_decks() == {}


def test_a_data_dir_that_is_a_file_gives_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the data directory"):
        open_store(blocker, "p")


def test_migrations_from_the_first_version_keep_every_review(tmp_path: Path) -> None:
    path, conn = first_version_profile(tmp_path, "p")
    conn.execute(
        "INSERT INTO cards (deck_id, card_id, topic, content_hash, state, step, stability, difficulty, due, "
        "last_review) VALUES ('demo', 'c0', 't1', ?, 2, NULL, 3.2, 5.1, ?, ?)",
        (make_deck(1).cards[0].content_hash(), 1_772_000_000_000, 1_771_000_000_000),
    )
    for minute, rating in ((0, 3), (10, 3)):
        conn.execute(
            "INSERT INTO reviews (deck_id, card_id, reviewed_at, rating, duration_ms) VALUES ('demo','c0',?,?,900)",
            (1_771_000_000_000 + minute * 60_000, rating),
        )
    conn.close()
    with open_store(tmp_path, "p") as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        rows = list(store.conn.execute("SELECT rating, state_before FROM reviews ORDER BY id"))
        assert rows == [(3, 0), (3, 2)]
        card = store.card_state("demo", "c0")
        assert (card.stability, card.difficulty) == (3.2, 5.1)
        assert not store.is_changed("demo", make_deck(1).cards[0])
        assert store.undo_last("demo") is None  # a v1 answer kept no earlier state to restore
        store.answer("demo", "c0", Rating.GOOD, NOW)
        assert store.undo_last("demo") == "c0"
    backup = path.with_name("p.sqlite3.v1-backup")  # the file as it was before the upgrade is kept
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 2
    old.close()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    with open_store(tmp_path, "p") as store:
        store.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(NewerSchemaError, match="newer ketquiz"):
        open_store(tmp_path, "p")
