"""Opening a profile's database: where it lives, its pragmas, and the checks that keep a damaged file safe.

Each profile is its own SQLite file, ``<data dir>/profiles/<name>.sqlite3``, so learners on one computer never
share a table and a damaged profile damages no other.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ketquiz.store.errors import CorruptStoreError, NewerSchemaError, ProfileInUseError, StoreError
from ketquiz.store.schema import SCHEMA_VERSION, migrate

#: Seconds a process waits for another one holding the profile before saying it is in use.
BUSY_TIMEOUT_S = 5.0
#: Checked with fullmatch: ``$`` alone would let a trailing newline through ("mini\n" -> a file name with a newline).
PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


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


def _keep_aside(path: Path, reason: str) -> CorruptStoreError:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    kept: Path | None = backup
    try:
        shutil.copy2(path, backup)
    except OSError:
        kept = None
    where = f"a copy is kept at {backup}" if kept else "it could not be copied aside"
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
        target = sqlite3.connect(backup)
        try:
            conn.backup(target)
        finally:
            target.close()
    return backup


def connect(
    path: Path, busy_timeout: float = BUSY_TIMEOUT_S, check: bool = True, read_only: bool = False
) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at ``path``.

    The connection is in autocommit mode: the store issues ``BEGIN IMMEDIATE`` / ``COMMIT`` itself, so every
    answer is exactly one durable transaction. WAL journal, ``synchronous=FULL``, foreign keys on.
    """
    _ensure_dir(path.parent)
    try:
        existed = path.exists() and path.stat().st_size > 0
    except OSError as exc:
        raise StoreError(f"cannot read the study data {path}: {exc.strerror or exc}") from exc
    if existed and not read_only and not os.access(path, os.W_OK):
        raise StoreError(f"the study data {path} is read-only; answers could not be saved. Make it writable.")
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the study data {path}: {exc}") from exc
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        if existed and check:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                conn.close()
                raise _keep_aside(path, f"integrity check failed: {rows[0][0]}")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            conn.close()
            raise NewerSchemaError(
                f"the study data {path} was written by a newer ketquiz (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade ketquiz to use it"
            )
        if version < SCHEMA_VERSION:
            if version > 0:
                _backup_before_migration(conn, path, version)
            migrate(conn)
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise ProfileInUseError(
                f"the profile database {path} is in use by another ketquiz process; try again when it finishes"
            ) from exc
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise StoreError(f"the study data {path} is read-only: {exc}") from exc
        raise StoreError(f"cannot use the study data {path}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _keep_aside(path, str(exc)) from exc
    return conn
