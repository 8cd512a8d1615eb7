"""`ketquiz due` and `ketquiz stats` as a learner reads them: 80 columns, the counts a session really queues,
only the days that matter, and one meaning of "learning"."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.core.scheduling import Rating
from ketquiz.decks import load_deck
from ketquiz.store import open_store
from tests.deckgen import write_deck

LONG_TITLE = "A very long topic title that goes on and on well past any column a terminal could give it"


def test_due_counts_what_a_session_queues_and_fits_80_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck_file = write_deck(tmp_path / "decks", title=LONG_TITLE, topic_title=LONG_TITLE)
    data = tmp_path / "data"
    assert main(["due", str(deck_file), "--data-dir", str(data), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    deck = out["decks"][0]
    # 40 new cards over two topics, 20 new cards a day: a session queues 20, and so does the deck line.
    assert deck["new"] == 20 and [t["new"] for t in deck["topics"]] == [20, 20]
    loaded = load_deck(deck_file).deck
    assert loaded is not None
    with open_store(data, "default") as store:
        assert len(store.build_queue(loaded, None, datetime.now(UTC)).cards) == deck["new"]

    assert main(["due", str(deck_file), "--data-dir", str(data)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and max(len(line) for line in lines) <= 80
    deck_line = next(line for line in lines if line.startswith("many "))
    assert "…" in deck_line and deck_line.split()[-4:] == ["20", "0", "0", "40"]
    topic_line = next(line for line in lines if line.startswith("  two-"))
    assert "…" in topic_line and topic_line.split()[-4:] == ["20", "0", "0", "20"]


def test_due_prints_deck_text_without_escape_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck_file = write_deck(tmp_path / "decks", per_topic=1, title='"Facts \\e[31mred"')
    assert main(["due", str(deck_file), "--data-dir", str(tmp_path / "data")]) == 0
    assert "\x1b" not in capsys.readouterr().out


def _lapsed(data: Path, deck_file: Path, now: datetime) -> None:
    """Two cards learnt, reviewed, then forgotten (Again) two days ago: both are relearning now."""
    deck = load_deck(deck_file).deck
    assert deck is not None
    with open_store(data, "default") as store:
        store.sync_deck(deck)
        start = now - timedelta(days=8)
        for i, rating in enumerate((Rating.GOOD, Rating.GOOD, Rating.AGAIN)):
            for card_id in ("c0", "c1"):
                store.answer(deck.id, card_id, rating, start + timedelta(days=3 * i), 1500)


def test_learning_means_the_same_in_due_and_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck_file = write_deck(tmp_path / "decks", per_topic=1)
    data = tmp_path / "data"
    _lapsed(data, deck_file, datetime.now(UTC))
    assert main(["due", str(deck_file), "--data-dir", str(data), "--json"]) == 0
    due = json.loads(capsys.readouterr().out)["decks"][0]
    assert main(["stats", "--data-dir", str(data), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert due["learning"] == 2
    assert stats["cards_by_state"] == {"new": 0, "learning": 2, "review": 0} and stats["relearning"] == 2
    assert main(["stats", "--data-dir", str(data)]) == 0
    text = capsys.readouterr().out
    assert "cards: 0 new, 2 learning (2 relearning after a lapse), 0 review" in text


def test_stats_shows_only_days_with_reviews_and_a_compact_forecast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck_file = write_deck(tmp_path / "decks", per_topic=1)
    data = tmp_path / "data"
    _lapsed(data, deck_file, datetime.now(UTC))
    assert main(["stats", "--data-dir", str(data), "--days", "60"]) == 0
    lines = capsys.readouterr().out.splitlines()
    history = lines[lines.index(next(x for x in lines if x.startswith("reviews per day"))) + 1 :]
    history = history[: history.index("")]
    assert len(history) == 3 and all(line.split()[1] == "2" for line in history)  # three study days, no zeros
    forecast = lines[lines.index(next(x for x in lines if x.startswith("due forecast"))) + 1 :]
    assert (
        1 <= len(forecast) <= 2
        and sum(int(line.split()[-2 if "#" in line else -1]) for line in forecast) == 2
    )
    assert max(len(line) for line in lines) <= 80


def test_forecast_lines_list_busy_days_then_weeks() -> None:
    from ketquiz.commands.stats import forecast_lines

    today = datetime(2026, 3, 2).date()
    forecast = {today + timedelta(days=i): 0 for i in range(60)}
    assert forecast_lines(forecast) == ["  nothing falls due in this period"]
    forecast[today] = 4
    forecast[today + timedelta(days=1)] = 2
    forecast[today + timedelta(days=9)] = 3
    forecast[today + timedelta(days=10)] = 1
    forecast[today + timedelta(days=40)] = 5
    lines = forecast_lines(forecast)
    assert [line.split()[:2] for line in lines[:2]] == [["2026-03-02", "today"], ["2026-03-03", "tomorrow"]]
    assert lines[2].split() == ["2026-03-09", "–", "2026-03-15", "4"]
    assert lines[3].split() == ["2026-04-06", "–", "2026-04-12", "5"]
    assert len(lines) == 4


def test_due_counts_the_decks_that_load_and_exits_1_for_one_that_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ketquiz.commands.common import bundled_decks_dir

    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    code = main(
        ["due", "--json", str(bundled_decks_dir()), str(broken), "--data-dir", str(tmp_path / "data")]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert [d["id"] for d in json.loads(out)["decks"]] == ["ketamine-depression"]
    assert f"{broken}:1:" in err
