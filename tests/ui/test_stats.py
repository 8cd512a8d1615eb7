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
    assert bar_rows([("new", 4), ("review", 2)], width=4).plain.splitlines() == [
        "new    4 ████",
        "review 2 ██",
    ]


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
    assert (
        stats.by_state["new"] == 3
        and stats.by_state["new"] + stats.by_state["learning"] + stats.by_state["review"] == 6
    )
    assert stats.retention is None  # no answer was to a card already in review


def test_heatmap_puts_each_day_in_its_weekday_row_and_week_column() -> None:
    from datetime import date

    from ketquiz.ui.widgets.charts import heatmap

    start = date(2026, 3, 4)  # a Wednesday: its week's Monday and Tuesday are blank
    lines = heatmap([4, 0, 1, 0, 0, 0, 0, 2], start, width=80).plain.splitlines()
    assert lines[0].strip() == ""  # two weeks leave no room for a month's name
    assert lines[1] == "Mon  ·"  # blank week start, then the second Monday (0 reviews)
    assert lines[2] == "     ·"
    assert lines[3] == "Wed █▒"  # the first day, the busiest; a week later 2 of its 4
    assert lines[5] == "Fri ░ "  # 1 of 4: the lightest block; the days after the last are blank
    year = heatmap([1] * 365, date(2025, 3, 3), width=80).plain.splitlines()
    assert len(year) == 8 and max(len(line) for line in year) <= 4 + 53  # 53 weeks fit 80 columns
    assert year[0].startswith("    Mar Apr") and "Jan" in year[0]
    narrow = heatmap([1] * 365, date(2025, 3, 3), width=30).plain.splitlines()
    assert max(len(line) for line in narrow) <= 30  # the oldest weeks go, nothing wraps


def test_stats_screen_shows_the_year_topics_and_leeches(tmp_path: Path) -> None:
    from ketquiz.ui.screens.stats import render_stats

    deck = load_deck(DECK_FILE).deck
    assert deck is not None
    store = open_store(tmp_path)
    try:
        store.sync_deck(deck)
        store.answer(deck.id, "mech-nmda", Rating.EASY, NOW - timedelta(days=40), 1000)
        store.answer(deck.id, "mech-nmda", Rating.GOOD, NOW - timedelta(days=2), 1000)  # a review card kept
        store.act(deck.id, ["mech-bdnf"], "suspend", NOW)
        stats = collect_stats(store, deck.id, NOW)
    finally:
        store.close()
    assert len(stats.heatmap) == 365 and sum(stats.heatmap) == 2 and stats.heatmap[-3] == 1
    assert stats.retention_by_topic == {"mechanism": (1.0, 1)}
    assert (stats.leeches, stats.suspended) == (0, 1)
    shown = render_stats(deck, stats, 74).plain
    assert "Reviews in the last year  (total 2; busiest day 1)" in shown
    assert "How ketamine works" in shown and "100%  of 1" in shown
    assert "Leeches 0  Suspended 1" in shown
    assert max(len(line) for line in shown.splitlines()) <= 74
