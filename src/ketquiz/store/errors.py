"""The store's exceptions. Each message says what went wrong and where, ready to show the learner."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Study state could not be read or written. ``str(exc)`` is a complete message for the learner."""


class ProfileInUseError(StoreError):
    """Another ketquiz process holds the profile's database longer than the busy timeout."""


class CorruptStoreError(StoreError):
    """The profile's file is not a SQLite database or fails its integrity check.

    The damaged file is left where it was and a copy is kept at ``backup``; nothing is overwritten.
    """

    def __init__(self, message: str, path: Path, backup: Path | None) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup


class NewerSchemaError(StoreError):
    """The database was written by a newer ketquiz whose schema this version does not know."""


class UnknownCardError(StoreError, KeyError):
    """A card id the store has no state for (the deck was not synced, or the id is wrong)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown card"


class UndoRefusedError(StoreError):
    """An answer cannot be taken back: it is gone, or its card was answered again since (by another session)."""


class DamagedRowError(StoreError):
    """A row holds a value no ketquiz writes (a state of 99, a rating of 42): the file was edited or damaged.

    The message names the row; ``ketquiz doctor`` lists every such row.
    """
