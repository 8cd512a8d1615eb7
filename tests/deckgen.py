"""Decks written to a temporary folder for tests that need more cards than the small test deck has."""

from __future__ import annotations

from pathlib import Path

SENTENCE = "Water boils at one hundred degrees Celsius at sea level."


def write_deck(
    folder: Path, per_topic: int = 20, title: str = "Facts", topic_title: str = "Boiling", kind: str = "typed"
) -> Path:
    """A deck of ``2 * per_topic`` new cards of type ``kind`` (typed or basic) over two topics, all citing one
    sentence."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / "s.txt").write_text(SENTENCE + "\n", encoding="utf-8")
    cards = "".join(
        f"  - id: c{i}\n    topic: {'one' if i < per_topic else 'two'}\n    type: {kind}\n"
        f"    prompt: Question {i}?\n    answer: a{i}\n    citations:\n      - source: s\n"
        f"        quote: {SENTENCE}\n"
        for i in range(2 * per_topic)
    )
    deck = (
        f"id: many\ntitle: {title}\nsources:\n  - id: s\n    title: Facts\n    file: sources/s.txt\n"
        f"topics:\n  - id: one\n    title: {topic_title}\n  - id: two-with-a-rather-long-identifier\n"
        f"    title: Two\ncards:\n{cards}"
    ).replace("topic: two\n", "topic: two-with-a-rather-long-identifier\n")
    path = folder / "many.yaml"
    path.write_text(deck, encoding="utf-8")
    return path
