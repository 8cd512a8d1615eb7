"""Small decks built in code for the engine tests (no YAML, no sources needed)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from ketquiz.core.model import Card, CardType, Citation, Deck, Topic

#: The learner's time zone in these tests: fixed, so results do not depend on the machine running them.
LEARNER_TZ = timezone(timedelta(hours=-5))
#: A fixed "now": 2026-03-02 09:00 in the learner's zone (14:00 UTC).
NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)

CITE = (Citation("src", "a passage of the source text"),)


def typed_card(
    card_id: str, answer: str, accept: tuple[str, ...] = (), topic: str = "t1", prompt: str = "?"
) -> Card:
    return Card(card_id, topic, CardType.TYPED, prompt, answer, accept=accept, citations=CITE)


def choice_card(card_id: str, ctype: CardType, choices: tuple[str, ...], correct: tuple[int, ...]) -> Card:
    answer = "; ".join(choices[i] for i in correct)
    return Card(card_id, "t1", ctype, "Which?", answer, choices=choices, correct=correct, citations=CITE)


def make_deck(n_cards: int = 6, deck_id: str = "demo", topics: tuple[str, ...] = ("t1", "t2")) -> Deck:
    """``n_cards`` typed cards spread over ``topics`` in turn: c0 in t1, c1 in t2, ..."""
    cards = tuple(
        typed_card(f"c{i}", f"answer {i}", topic=topics[i % len(topics)], prompt=f"Question {i}?")
        for i in range(n_cards)
    )
    return Deck(
        id=deck_id,
        title="Demo",
        path="demo.yaml",
        topics=tuple(Topic(t, t.upper()) for t in topics),
        cards=cards,
    )


def first_version_profile(data_dir: Path, profile: str) -> tuple[Path, sqlite3.Connection]:
    """A profile's file as the first ketquiz wrote it (schema 1, no rows), and a connection to add rows with;
    the caller closes it before opening the profile."""
    from ketquiz.store import profile_path
    from ketquiz.store.schema import MIGRATIONS

    path = profile_path(data_dir, profile)
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    return path, conn
