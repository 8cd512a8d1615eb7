"""Opening a profile's database: where it lives, its pragmas, and the checks that keep a damaged file safe.

Each profile is its own SQLite file, ``<data dir>/profiles/<name>.sqlite3``, so learners on one computer never
share a table and a damaged profile damages no other.

Opening costs the same whatever the file's size. SQLite's whole-file ``PRAGMA quick_check`` runs only when it
is worth its time (reading every page of the file):

* after an unclean shutdown: a write-ahead log left behind with content in it means the last process on the
  profile did not close it (killed, crashed, power cut) or is still running;
* at most once a day on a writable open (the time of the last passing check is kept in the ``settings`` table);
* always on ``ketquiz doctor``, which runs the full ``integrity_check`` as well.

Damage found at any other time (SQLite reports a malformed page when it reads one) is reported the same way:
the file is left untouched and one copy of it is kept aside.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ketquiz.store.errors import CorruptStoreError, NewerSchemaError, ProfileInUseError, StoreError
from ketquiz.store.schema import SCHEMA_VERSION, migrate

#: Seconds a process waits for another one holding the profile before saying it is in use.
BUSY_TIMEOUT_S = 5.0
#: Checked with fullmatch: ``$`` alone would let a trailing newline through ("mini\n" -> a file name with a newline).
PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
#: How long a passing whole-file check is trusted before a writable open runs it again.
CHECK_EVERY_S = 24 * 3600
CHECK_KEY = "integrity_checked_at"


class _GuardedCursor(sqlite3.Cursor):
    """A cursor whose reads turn SQLite's "malformed" into :class:`CorruptStoreError` (see :class:`GuardedConnection`)."""

    connection: GuardedConnection

    def execute(self, sql: str, parameters: Any = (), /) -> _GuardedCursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.DatabaseError as exc:
            raise self.connection.damaged(exc) from exc

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> _GuardedCursor:
        try:
            return super().executemany(sql, seq_of_parameters)
        except sqlite3.DatabaseError as exc:
            raise self.connection.damaged(exc) from exc

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.DatabaseError as exc:
            raise self.connection.damaged(exc) from exc

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.DatabaseError as exc:
            raise self.connection.damaged(exc) from exc

    def fetchmany(self, size: int | None = 1) -> list[Any]:
        try:
            return super().fetchmany(size if size is not None else self.arraysize)
        except sqlite3.DatabaseError as exc:
            raise self.connection.damaged(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.DatabaseError as exc:
            raise self.connection.damaged(exc) from exc


class GuardedConnection(sqlite3.Connection):
    """A connection on which damage found by any query is reported as the open reports it.

    The store opens in constant time, so a damaged page is met by whichever query reads it first, long after the
    open: SQLite raises a plain ``DatabaseError`` ("database disk image is malformed", "file is not a
    database"). Here that becomes :class:`CorruptStoreError`, with the file left untouched and one copy kept
    aside, so every caller that handles ``StoreError`` handles damage too. Other errors (a lock, a full disk, a
    constraint) pass through unchanged: their own handlers know them.
    """

    path: Path | None = None

    def cursor(self, factory: Any = None) -> _GuardedCursor:  # type: ignore[override]
        return super().cursor(factory or _GuardedCursor)

    def execute(self, sql: str, parameters: Any = (), /) -> _GuardedCursor:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> _GuardedCursor:
        return self.cursor().executemany(sql, parameters)

    def damaged(self, exc: sqlite3.DatabaseError) -> Exception:
        """``exc`` as the learner should see it: damage becomes :class:`CorruptStoreError`, the rest is kept."""
        if type(exc) is not sqlite3.DatabaseError or self.path is None:
            return exc
        return keep_aside(self.path, str(exc))


def guarded(path: Path | None, *args: Any, **kwargs: Any) -> GuardedConnection:
    """``sqlite3.connect(*args, **kwargs)`` as a :class:`GuardedConnection` reporting damage to ``path``."""
    conn = sqlite3.connect(*args, factory=GuardedConnection, **kwargs)
    assert isinstance(conn, GuardedConnection)
    conn.path = path
    return conn


def profile_path(data_dir: Path, profile: str) -> Path:
    """The database file of ``profile``; the name is checked so it can never point outside the data dir."""
    if not PROFILE_NAME.fullmatch(profile) or ".." in profile:
        raise StoreError(
            f"invalid profile name {profile!r}: use letters, digits, '-', '_' or '.', starting with a letter or digit"
        )
    return data_dir / "profiles" / f"{profile}.sqlite3"


def list_profiles(data_dir: Path) -> list[str]:
    """Names of the profiles that have a database under ``data_dir``."""
    folder = data_dir / "profiles"
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.sqlite3"))


def _ensure_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data directory {folder}: {exc.strerror or exc}") from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"the data directory {folder} is not writable; choose another with --data-dir")


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


def keep_aside(path: Path, reason: str) -> CorruptStoreError:
    """Copy the damaged ``path`` aside (once per distinct content) and return the error that says where.

    The copy is named after a digest of the file's bytes, so running ketquiz again and again on the same damaged
    file keeps one copy, not one per run; a file damaged differently gets its own.
    """
    kept: Path | None = None
    already = False
    try:
        backup = path.with_name(f"{path.name}.corrupt-{_digest(path)}")
        if backup.exists():
            kept, already = backup, True
        else:
            partial = backup.with_name(f"{backup.name}.partial-{os.getpid()}")
            shutil.copy2(path, partial)
            try:
                os.link(partial, backup)  # never replaces a copy another process kept meanwhile
            except FileExistsError:
                pass
            finally:
                partial.unlink(missing_ok=True)
            kept = backup
    except OSError:
        kept = None
    if kept is None:
        where = "it could not be copied aside"
    elif already:
        where = f"a copy was already kept at {kept}"
    else:
        where = f"a copy is kept at {kept}"
    return CorruptStoreError(
        f"the study data {path} is damaged ({reason}); it was left untouched and {where}. "
        "Move the damaged file away (or restore a backup) to start again.",
        path,
        kept,
    )


def _backup_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """A consistent copy of the database as it was, kept beside it before its schema is upgraded."""
    backup = path.with_name(f"{path.name}.v{version}-backup")
    if not backup.exists():
        partial = backup.with_name(f"{backup.name}.partial-{os.getpid()}")
        target = sqlite3.connect(partial)
        try:
            conn.backup(target)
        finally:
            target.close()
        try:
            os.link(partial, backup)  # two processes upgrading at once: the first copy wins, none is torn
        except FileExistsError:
            pass
        finally:
            partial.unlink(missing_ok=True)
    return backup


def unclean_shutdown(path: Path) -> bool:
    """Whether a write-ahead log with content is left beside ``path``.

    A process that closes the profile checkpoints and removes its log; one left with content means the last
    process was killed or crashed (or another one is using the profile right now: checking then costs time,
    never correctness).
    """
    try:
        return os.stat(f"{path}-wal").st_size > 0
    except OSError:
        return False


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """SQLite's ``quick_check`` over the whole file; raises :class:`CorruptStoreError` (copy kept) on damage."""
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        conn.close()
        raise keep_aside(path, f"integrity check failed: {rows[0][0]}")


def _check_due(conn: sqlite3.Connection) -> bool:
    """Whether a day has passed since the last passing whole-file check (always, before one was recorded)."""
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (CHECK_KEY,)).fetchone()
    except sqlite3.OperationalError:  # an old schema without the settings table
        return True
    try:
        return row is None or time.time() - float(row[0]) >= CHECK_EVERY_S
    except ValueError:
        return True


def record_check(conn: sqlite3.Connection) -> None:
    """Remember that the whole file passed its check now (writable connections only)."""
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (CHECK_KEY, repr(time.time())),
    )


def _operational(exc: sqlite3.OperationalError, path: Path) -> StoreError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return ProfileInUseError(
            f"the profile database {path} is in use by another ketquiz process; try again when it finishes"
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(f"the study data {path} is read-only: {exc}")
    return StoreError(f"cannot use the study data {path}: {exc}")


@contextmanager
def _closed_on_error(conn: sqlite3.Connection, path: Path) -> Iterator[None]:
    """Run an open's first queries: on any error the connection is closed and the error said as the learner
    should read it (a lock, a read-only file, damage with one copy kept aside)."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        conn.close()
        raise _operational(exc, path) from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise keep_aside(path, str(exc)) from exc
    except BaseException:  # CorruptStoreError from a query, NewerSchemaError, an interrupt: never left open
        conn.close()
        raise


def connect(
    path: Path, busy_timeout: float = BUSY_TIMEOUT_S, check: bool = True, read_only: bool = False
) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at ``path``; ``read_only`` opens it as it is.

    The connection is in autocommit mode: the store issues ``BEGIN IMMEDIATE`` / ``COMMIT`` itself, so every
    answer is exactly one durable transaction. WAL journal, ``synchronous=FULL``. ``check=False`` skips even the
    occasional whole-file check (``ketquiz doctor`` runs its own).
    """
    if read_only:
        return _connect_read_only(path, busy_timeout, check)
    _ensure_dir(path.parent)
    try:
        existed = path.exists() and path.stat().st_size > 0
    except OSError as exc:
        raise StoreError(f"cannot read the study data {path}: {exc.strerror or exc}") from exc
    if existed and not os.access(path, os.W_OK):
        raise StoreError(f"the study data {path} is read-only; answers could not be saved. Make it writable.")
    unclean = existed and unclean_shutdown(path)
    try:
        conn = guarded(path, path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the study data {path}: {exc}") from exc
    with _closed_on_error(conn, path):
        _enable_wal(conn, busy_timeout)
        conn.execute("PRAGMA synchronous=FULL")
        checked = False
        if existed and check and (unclean or _check_due(conn)):
            quick_check(conn, path)
            checked = True
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:  # closed on the way out, as on any error here
            raise NewerSchemaError(
                f"the study data {path} was written by a newer ketquiz (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade ketquiz to use it"
            )
        if version < SCHEMA_VERSION:
            if version > 0:
                _backup_before_migration(conn, path, version)
            # migrate re-reads the version inside its own BEGIN IMMEDIATE: safe against a racing process
            migrate(conn)
        if checked or not existed:
            record_check(conn)
    return conn


def _enable_wal(conn: sqlite3.Connection, busy_timeout: float) -> None:
    """Switch to the write-ahead log, waiting out another process doing the same.

    Changing the journal mode of a brand-new file needs an exclusive lock, and SQLite answers "database is locked"
    at once, without its busy handler, while another connection holds one: so wait here, up to ``busy_timeout``.
    """
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def _connect_read_only(path: Path, busy_timeout: float, check: bool) -> sqlite3.Connection:
    """The database at ``path`` opened with SQLite's ``mode=ro``: never migrated, never written.

    A profile written by an older ketquiz is not upgraded here: the message says to run ``ketquiz`` once.
    """
    uri = f"file:{urllib.parse.quote(str(path.resolve()))}?mode=ro"
    try:
        conn = guarded(
            path, uri, uri=True, timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the study data {path}: {exc}") from exc
    with _closed_on_error(conn, path):
        if check and unclean_shutdown(path):
            quick_check(conn, path)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        conn.close()
        raise NewerSchemaError(
            f"the study data {path} was written by a newer ketquiz (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade ketquiz to use it"
        )
    if version < SCHEMA_VERSION:
        conn.close()
        if version == 0:
            raise StoreError(f"the study data {path} is empty: nothing has been studied in this profile yet")
        raise StoreError(
            f"the study data {path} was written by an older ketquiz (schema {version}, this one uses "
            f"{SCHEMA_VERSION}); this command only reads it, so it was left as it is. Run `ketquiz` (or `ketquiz "
            "study`) once with this profile to upgrade it (a copy of the old file is kept)"
        )
    return conn
