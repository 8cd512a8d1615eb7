"""Counts in words."""

from __future__ import annotations

import pytest

from ketquiz.core.words import counted


@pytest.mark.parametrize(
    ("n", "noun", "plural", "said"),
    [
        (0, "card", None, "0 cards"),
        (1, "card", None, "1 card"),
        (2, "card", None, "2 cards"),
        (1, "kind", None, "1 kind"),
        (3, "passage", None, "3 passages"),
        (2, "quiz", "quizzes", "2 quizzes"),
        (1, "quiz", "quizzes", "1 quiz"),
        (100_000, "card", None, "100,000 cards"),
        (2, "changed deck", None, "2 changed decks"),
    ],
)
def test_counted(n: int, noun: str, plural: str | None, said: str) -> None:
    assert counted(n, noun, plural) == said
