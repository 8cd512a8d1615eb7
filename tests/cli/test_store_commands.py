"""Commands over study data that only read it: they never write it, and bad rows or files are messages."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.core.scheduling import Rating
from ketquiz.store import open_store, profile_path
from tests.factories import NOW, first_version_profile, make_deck


def _profile(data_dir: Path) -> Path:
    deck = make_deck(4)
    with open_store(data_dir, "default") as store:
        store.sync_deck(deck)
        for i in range(4):
            store.answer(deck.id, f"c{i}", Rating.GOOD, NOW)
    return profile_path(data_dir, "default")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _v1_profile(data_dir: Path) -> Path:
    path, conn = first_version_profile(data_dir, "default")
    conn.execute(
        "INSERT INTO reviews (deck_id, card_id, reviewed_at, rating) VALUES ('demo', 'c0', 1771000000000, 3)"
    )
    conn.close()
    return path


READERS = [
    ["stats"],
    ["stats", "--json"],
    ["reviews", "export"],
    ["reviews", "evaluate"],
    ["settings"],
    ["due"],
    ["due", "--json"],
]


@pytest.mark.parametrize("command", READERS)
def test_reading_commands_leave_the_file_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = _profile(tmp_path)
    before = _digest(path)
    assert main([*command, "--data-dir", str(tmp_path)]) == 0
    assert _digest(path) == before
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # nothing was written, not even to the log


@pytest.mark.parametrize("command", READERS)
def test_reading_commands_never_upgrade_an_old_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = _v1_profile(tmp_path)
    before = _digest(path)
    assert main([*command, "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "older ketquiz" in err and "Run `ketquiz`" in err
    assert _digest(path) == before
    assert not list(path.parent.glob("*backup*"))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


@pytest.mark.parametrize(
    ("sql", "says"),
    [
        ("UPDATE cards SET state = 99 WHERE card_id = 'c1'", "state 99"),
        ("UPDATE reviews SET rating = 42 WHERE card_id = 'c2'", "rating 42"),
        ("UPDATE reviews SET reviewed_at = 253402300800000 WHERE card_id = 'c3'", "253402300800000"),
    ],
)
@pytest.mark.parametrize("command", [["stats"], ["stats", "--json"], ["reviews", "export"], ["doctor"]])
def test_a_row_no_ketquiz_writes_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sql: str, says: str, command: list[str]
) -> None:
    path = _profile(tmp_path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(sql)
    conn.close()
    code = main([*command, "--data-dir", str(tmp_path)])
    out, err = capsys.readouterr()
    reads = {"stats": "cards", "reviews": "reviews", "doctor": "both"}[command[0]]
    if reads not in ("both", "cards" if "state" in says else "reviews"):
        assert (
            code == 0
        )  # a command that never turns that value into a state or rating has no trouble with it
        return
    assert code == 1, out
    assert says in out + err and "Traceback" not in err
    if command != ["doctor"]:
        assert "ketquiz doctor" in err


def test_studying_a_damaged_card_is_a_message(tmp_path: Path) -> None:
    from ketquiz.store import StoreError

    path = _profile(tmp_path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE cards SET state = 99 WHERE card_id = 'c1'")
    conn.close()
    with open_store(tmp_path, "default") as store, pytest.raises(StoreError, match="state 99"):
        store.answer("demo", "c1", Rating.GOOD, NOW)


def test_evaluate_refuses_review_times_in_the_year_9999(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "card_id,review_rating,review_time,review_duration\n"
        "a,3,2024-01-01T10:00:00+00:00,100\na,3,9999-12-31T10:00:00+00:00,100\n",
        encoding="utf-8",
    )
    assert main(["reviews", "evaluate", str(log)]) == 1
    assert "log.csv:3: review_time 9999-12-31 is outside 1970-2199" in capsys.readouterr().err


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "dir"])
def test_evaluate_reads_only_regular_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], special: str
) -> None:
    target = Path(special)
    if special == "fifo":
        target = tmp_path / "x.csv"
        os.mkfifo(target)  # nobody writes to it: opening it plainly would wait for ever
    elif special == "dir":
        target = tmp_path
    elif not target.exists():
        pytest.skip("no /dev/zero here")
    assert main(["reviews", "evaluate", str(target)]) == 1
    assert "not a regular file" in capsys.readouterr().err


def test_evaluate_refuses_a_file_over_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketquiz.store import review_files

    monkeypatch.setattr(review_files, "MAX_LOG_BYTES", 100)
    log = tmp_path / "big.csv"
    log.write_text(
        "card_id,review_rating,review_time\n" + "a,3,2024-01-01T10:00:00+00:00\n" * 10, encoding="utf-8"
    )
    assert main(["reviews", "evaluate", str(log)]) == 1
    assert "at most 100 are read" in capsys.readouterr().err


def test_due_reads_a_profile_as_a_sync_would_leave_it(tmp_path: Path) -> None:
    """Read-only counts (no sync) equal the counts after a sync, with a card added to and one gone from the deck."""
    import dataclasses
    from datetime import timedelta

    _profile(tmp_path)
    deck = make_deck(7)  # c4..c6 are new to the store
    deck = dataclasses.replace(deck, cards=tuple(c for c in deck.cards if c.id != "c2"))  # c2 left the deck
    later = NOW + timedelta(days=3)
    with open_store(tmp_path, "default", read_only=True) as store:
        read = store.counts(deck, later)
    with open_store(tmp_path, "default") as store:
        synced = store.counts(deck, later)
    assert read == synced and sum(c.total for c in read.values()) == 6


def test_due_without_a_profile_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "--data-dir", str(tmp_path), "--json"]) == 0
    assert '"new": 20' in capsys.readouterr().out
    assert not (tmp_path / "profiles").exists() or not any((tmp_path / "profiles").iterdir())
