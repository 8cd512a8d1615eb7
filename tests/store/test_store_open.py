"""Opening a profile: constant time, checked when it matters, safe when many processes open it at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.core.scheduling import Rating
from ketquiz.store import CorruptStoreError, open_store, profile_path
from ketquiz.store import database as database_module
from ketquiz.store.database import CHECK_KEY
from tests.factories import NOW, make_deck

HERE = Path(__file__).parent


@pytest.fixture
def quick_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every whole-file check a store open runs, by path."""
    calls: list[Path] = []
    real = database_module.quick_check

    def spy(conn: object, path: Path) -> None:
        calls.append(path)
        real(conn, path)  # type: ignore[arg-type]

    monkeypatch.setattr(database_module, "quick_check", spy)
    return calls


def _studied(data_dir: Path, n: int = 200) -> Path:
    deck = make_deck(n)
    with open_store(data_dir, "p") as store:
        store.sync_deck(deck)
        for i in range(n):
            store.answer(deck.id, f"c{i}", Rating.GOOD, NOW, response="x" * 200)
    return profile_path(data_dir, "p")


def _age_last_check(path: Path, seconds: float) -> None:
    with open_store(path.parent.parent, "p") as store:
        store.conn.execute(
            "UPDATE settings SET value = ? WHERE key = ?", (repr(time.time() - seconds), CHECK_KEY)
        )


def _scribble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):  # the middle of every page but the first
        data[offset + 100 : offset + 400] = os.urandom(300)
    path.write_bytes(bytes(data))


def test_a_clean_profile_opens_without_reading_the_whole_file(
    tmp_path: Path, quick_checks: list[Path]
) -> None:
    _studied(tmp_path, 5)
    for _ in range(3):
        open_store(tmp_path, "p").close()
        open_store(tmp_path, "p", read_only=True).close()
    assert quick_checks == []  # checked when created; not again within the day


def test_the_whole_file_is_checked_again_after_a_day(tmp_path: Path, quick_checks: list[Path]) -> None:
    path = _studied(tmp_path, 5)
    _age_last_check(path, 25 * 3600)
    open_store(tmp_path, "p").close()
    open_store(tmp_path, "p").close()
    assert quick_checks == [path]  # once, and the passing check is remembered


def test_an_unclean_shutdown_has_the_next_open_check_the_file(
    tmp_path: Path, quick_checks: list[Path]
) -> None:
    with open_store(tmp_path, "p") as store:
        store.sync_deck(make_deck(20))
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "answer_worker.py"), str(tmp_path), "p", "20", "100000", "0", "0.002"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    for _ in range(10):
        proc.stdout.readline()
    os.kill(proc.pid, signal.SIGKILL)  # killed mid-session: its write-ahead log stays behind
    proc.wait(timeout=10)
    proc.stdout.close()
    with open_store(tmp_path, "p") as store:
        assert store.conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] >= 10
    assert quick_checks == [profile_path(tmp_path, "p")]


def test_damage_is_found_and_one_copy_is_kept_however_often_it_is_opened(tmp_path: Path) -> None:
    path = _studied(tmp_path)
    _age_last_check(path, 2 * 86400)
    _scribble(path)
    damaged = path.read_bytes()
    backups = []
    for attempt in range(3):
        if attempt:
            time.sleep(1.1)  # a copy named after the time would differ now
        with pytest.raises(CorruptStoreError, match="damaged") as info:
            open_store(tmp_path, "p")
        backups.append(info.value.backup)
    assert path.read_bytes() == damaged  # never overwritten
    copies = sorted(path.parent.glob("p.sqlite3.corrupt-*"))
    assert copies == [backups[0]] and backups == [backups[0]] * 3
    assert copies[0].read_bytes() == damaged
    assert "already kept" in str(info.value)
    _scribble(path)  # damaged differently: that file gets its own copy
    with pytest.raises(CorruptStoreError):
        open_store(tmp_path, "p")
    assert len(list(path.parent.glob("p.sqlite3.corrupt-*"))) == 2


def test_doctor_reads_every_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _studied(tmp_path)
    assert main(["doctor", "--profile", "p", "--data-dir", str(tmp_path)]) == 0
    assert "sound (200 cards, 200 reviews" in capsys.readouterr().out
    _scribble(path)  # the last check was moments ago: only doctor looks now
    assert main(["doctor", "--profile", "p", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "is damaged" in err and "Traceback" not in err
    assert len(list(path.parent.glob("p.sqlite3.corrupt-*"))) == 1


def _break_table_pages(path: Path, tables: tuple[str, ...] = ("cards", "reviews")) -> None:
    """Make every page of ``tables`` unreadable (an invalid b-tree page type), leaving the file's header, its
    schema and the settings table whole: the open succeeds and the first query of those tables meets the damage,
    every time (random bytes may land in a page's free space and go unnoticed)."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        keep = {1} | {
            int(r[0])
            for r in conn.execute(
                f"SELECT rootpage FROM sqlite_master WHERE tbl_name NOT IN ({','.join('?' * len(tables))})",
                tables,
            )
            if r[0]
        }
        page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    for number in range(2, len(data) // page + 1):
        if number not in keep:
            offset = (number - 1) * page
            data[offset : offset + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))


def test_damage_met_by_a_query_after_the_open_is_reported_as_damage(tmp_path: Path) -> None:
    """The open skips the whole-file check (it ran moments ago), so the first query that reads a damaged page
    meets the damage: it must be the same CorruptStoreError, with the file untouched and one copy kept."""
    path = _studied(tmp_path)
    _break_table_pages(path)
    damaged = path.read_bytes()
    for read_only in (True, False):
        store = open_store(tmp_path, "p", read_only=read_only)  # constant time: nothing read yet
        with pytest.raises(CorruptStoreError, match="damaged"):
            store.conn.execute("SELECT * FROM reviews").fetchall()
        with pytest.raises(CorruptStoreError, match="damaged"):
            for _row in store.conn.execute("SELECT * FROM cards ORDER BY due"):
                pass
        store.close()
    assert path.read_bytes() == damaged
    assert len(list(path.parent.glob("p.sqlite3.corrupt-*"))) == 1


@pytest.mark.parametrize("command", [["due"], ["due", "--json"], ["stats"], ["stats", "--json"], ["cards"]])
def test_commands_on_a_profile_damaged_since_its_last_check_say_so_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = _studied(tmp_path)
    _break_table_pages(path)
    code = main([*command, "--profile", "p", "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "is damaged" in err and str(path) in err and "Traceback" not in err


def test_two_processes_creating_one_profile_at_the_same_moment_both_work(tmp_path: Path) -> None:
    failures = []
    for round_ in range(3):
        start_at = time.time() + 2.0
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    str(HERE / "open_worker.py"),
                    str(tmp_path),
                    f"fresh{round_}",
                    str(start_at),
                    f"c{i}",
                ],  # fmt: skip
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(4)
        ]
        failed = 0
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            if proc.returncode != 0 or out.strip() != "ok":
                failures.append(err.strip().splitlines()[-1:] if err else out)
                failed += 1
        with open_store(tmp_path, f"fresh{round_}") as store:
            assert store.conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 4 - failed
    assert failures == []
