"""Counts in words: "1 card", "3 cards", "100,000 cards", never "card(s)"."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` (thousands separated) and ``noun``, the noun plural unless ``n`` is one (``plural`` when adding an
    "s" is wrong)."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"
