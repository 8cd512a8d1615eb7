"""The stats screen's figures, from the real store, and the text charts that draw them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from ketquiz.core.scheduling import Rating
from ketquiz.decks import load_deck
from ketquiz.store import open_store
from ketquiz.ui.stats_data import DAYS, collect_stats
from ketquiz.ui.widgets.charts import bar_rows, column_chart
from tests.ui.conftest import DECK_FILE, NOW


def test_column_chart_scales_to_the_largest_value() -> None:
    lines = column_chart([0, 4, 8], height=4, width=1).plain.splitlines()
    assert lines[0] == "8 │  █"  # only the largest reaches the top row
    assert lines[3] == "  │ ██"  # bottom row: both non-zero values
    assert lines[4] == "  └───"


def test_bar_rows_label_value_and_bar() -> None:
    assert bar_rows([("new", 4), ("review", 2)], width=4).plain.splitlines() == ["new    4 ████", "review 2 ██"]


def test_collect_stats_counts_reviews_forecast_and_states(tmp_path: Path) -> None:
    deck = load_deck(DECK_FILE).deck
    assert deck is not None
    store = open_store(tmp_path)
    try:
        store.sync_deck(deck)
        yesterday = NOW - timedelta(days=1)
        store.answer(deck.id, "mech-nmda", Rating.EASY, yesterday, 1000)
        store.answer(deck.id, "mech-bdnf", Rating.AGAIN, NOW, 1000)
        store.answer(deck.id, "mech-glutamate", Rating.GOOD, NOW, 1000)
        stats = collect_stats(store, deck.id, NOW)
    finally:
        store.close()
    assert len(stats.reviews_per_day) == DAYS and stats.reviews_per_day[-2:] == [1, 2]
    assert sum(stats.forecast) == 3  # every studied card falls due within the month
    assert stats.by_state["new"] == 3 and stats.by_state["new"] + stats.by_state["learning"] + stats.by_state["review"] == 6
    assert stats.retention is None  # no answer was to a card already in review
