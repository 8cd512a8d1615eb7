"""Durable study state: one SQLite file per learner profile.

::

    store = open_store(data_dir, "default")
    store.sync_deck(deck)
    queue = store.build_queue(deck, topics=None, now=now)
    store.preview(deck.id, queue.cards[0], now)          # {Rating: timedelta}
    outcome = store.answer(deck.id, queue.cards[0], Rating.GOOD, now, duration_ms=4200)
    store.undo_review(outcome.review_id)                  # only this answer, never another process's
    store.close()

All datetimes are timezone-aware (converted to UTC). Errors are :class:`StoreError` subclasses whose message
is ready to show the learner.

The names load lazily (a module-level ``__getattr__``, as py-fsrs loads its optimizer): ``from ketquiz.store import
StoreError`` imports only :mod:`ketquiz.store.errors`, so the UI can name the store's types and catch its errors
without paying for sqlite3 and fsrs at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ketquiz.store.database import list_profiles, profile_path
    from ketquiz.store.errors import (
        CorruptStoreError,
        NewerSchemaError,
        ProfileInUseError,
        StoreError,
        UndoRefusedError,
        UnknownCardError,
    )
    from ketquiz.store.history import Stats, review_events, review_log, stats
    from ketquiz.store.opening import blank_store, open_store
    from ketquiz.store.queue import study_states
    from ketquiz.store.records import (
        AnswerOutcome,
        DeckCounts,
        QueueCounts,
        ReviewRecord,
        StudyQueue,
        SyncReport,
    )
    from ketquiz.store.schema import SCHEMA_VERSION
    from ketquiz.store.study import StudyStore

#: Where each public name lives; a name's module is imported the first time the name is used.
_HOMES = {
    "list_profiles": "database",
    "profile_path": "database",
    "CorruptStoreError": "errors",
    "NewerSchemaError": "errors",
    "ProfileInUseError": "errors",
    "StoreError": "errors",
    "UndoRefusedError": "errors",
    "UnknownCardError": "errors",
    "Stats": "history",
    "review_events": "history",
    "review_log": "history",
    "stats": "history",
    "blank_store": "opening",
    "open_store": "opening",
    "study_states": "queue",
    "AnswerOutcome": "records",
    "DeckCounts": "records",
    "QueueCounts": "records",
    "ReviewRecord": "records",
    "StudyQueue": "records",
    "SyncReport": "records",
    "SCHEMA_VERSION": "schema",
    "StudyStore": "study",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later uses skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


__all__ = [
    "SCHEMA_VERSION",
    "Stats",
    "AnswerOutcome",
    "CorruptStoreError",
    "DeckCounts",
    "NewerSchemaError",
    "ProfileInUseError",
    "QueueCounts",
    "ReviewRecord",
    "StoreError",
    "StudyQueue",
    "StudyStore",
    "SyncReport",
    "blank_store",
    "UndoRefusedError",
    "UnknownCardError",
    "list_profiles",
    "open_store",
    "profile_path",
    "review_events",
    "review_log",
    "stats",
    "study_states",
]
