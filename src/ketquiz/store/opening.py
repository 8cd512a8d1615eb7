"""Opening a profile's study state: the one way a caller gets a :class:`~ketquiz.store.study.StudyStore`."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from ketquiz.store.database import BUSY_TIMEOUT_S, connect, profile_path
from ketquiz.store.errors import StoreError
from ketquiz.store.study import StudyStore


def open_store(
    data_dir: Path,
    profile: str = "default",
    *,
    tz: tzinfo | None = None,
    busy_timeout: float = BUSY_TIMEOUT_S,
    read_only: bool = False,
) -> StudyStore:
    """Open ``profile``'s study state under ``data_dir``, creating the directory and database if needed.

    ``tz`` is the learner's time zone for the 4 am day rollover (default: this computer's). ``read_only``
    lets a caller that only reads (statistics, export) use a file it cannot write, and never creates one. Raises
    :class:`StoreError` (or a subclass: :class:`CorruptStoreError`, :class:`ProfileInUseError`,
    :class:`NewerSchemaError`) with a message that says what is wrong and where.
    """
    path = profile_path(Path(data_dir), profile)
    if read_only and not path.exists():
        raise StoreError(f"profile {profile!r} has no study data yet (looked for {path})")
    conn = connect(path, busy_timeout=busy_timeout, read_only=read_only)
    return StudyStore(conn, path, profile, tz=tz, read_only=read_only)


def blank_store(data_dir: Path, profile: str = "default", *, tz: tzinfo | None = None) -> StudyStore:
    """A store in memory with no study data, for a command that only reads a profile that does not exist yet:
    it answers as that profile would on its first day (default settings, every card new) and writes no file."""
    import sqlite3

    from ketquiz.store.schema import migrate

    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    migrate(conn)
    # Counted as a read-only store counts (every card new, nothing synced): nothing here is ever kept.
    return StudyStore(conn, profile_path(Path(data_dir), profile), profile, tz=tz, read_only=True)
