"""`ketquiz due`, `stats` and `reviews` on a temporary data directory."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.core.scheduling import Rating
from ketquiz.decks import load_deck
from ketquiz.store import open_store
from tests.core.test_evaluate import PUBLIC_LOG

SOURCE = "The sky is blue on a clear day. Water boils at one hundred degrees Celsius at sea level.\n"
DECK = """\
id: mini
title: Mini deck
sources:
  - id: s
    title: Facts
    file: sources/s.txt
topics:
  - id: sky
    title: The sky
  - id: water
    title: Water
cards:
  - id: sky-colour
    topic: sky
    type: typed
    prompt: What colour is the sky on a clear day?
    answer: blue
    citations:
      - source: s
        quote: The sky is blue on a clear day.
  - id: boil
    topic: water
    type: typed
    prompt: At how many degrees Celsius does water boil at sea level?
    answer: "100"
    citations:
      - source: s
        quote: Water boils at one hundred degrees Celsius at sea level.
"""


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "s.txt").write_text(SOURCE, encoding="utf-8")
    (folder / "mini.yaml").write_text(DECK, encoding="utf-8")
    return folder


def _answered(data: Path, deck_dir: Path) -> None:
    """Answer each card three times, three days apart, ending two days ago (the command's clock is real)."""
    deck = load_deck(deck_dir / "mini.yaml").deck
    assert deck is not None
    start = datetime.now(UTC) - timedelta(days=8)
    with open_store(data, "default") as store:
        store.sync_deck(deck)
        for i, rating in enumerate((Rating.GOOD, Rating.GOOD, Rating.AGAIN)):
            for card in deck.cards:
                store.answer(deck.id, card.id, rating, start + timedelta(days=3 * i), 1500)


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_due_counts_new_cards_per_topic(
    tmp_path: Path, deck_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _json(capsys, "due", str(deck_dir), "--data-dir", str(tmp_path / "data"), "--json")
    assert out == {
        "decks": [
            {
                "id": "mini",
                "title": "Mini deck",
                "new": 2,
                "learning": 0,
                "review": 0,
                "due": 0,
                "total": 2,
                "topics": [
                    {
                        "id": "sky",
                        "title": "The sky",
                        "new": 1,
                        "learning": 0,
                        "review": 0,
                        "due": 0,
                        "total": 1,
                    },
                    {
                        "id": "water",
                        "title": "Water",
                        "new": 1,
                        "learning": 0,
                        "review": 0,
                        "due": 0,
                        "total": 1,
                    },
                ],
            }
        ],
        "missing_decks": [],
    }


def test_due_notes_a_deck_that_vanished(
    tmp_path: Path, deck_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    _answered(data, deck_dir)
    (deck_dir / "mini.yaml").unlink()
    assert main(["due", str(deck_dir), "--data-dir", str(data)]) == 0
    err = capsys.readouterr().err
    assert "deck 'mini' has study history (6 reviews)" in err and "progress is kept" in err


def test_stats_and_export(tmp_path: Path, deck_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    _answered(data, deck_dir)
    stats = _json(capsys, "stats", "--data-dir", str(data), "--json")
    assert isinstance(stats, dict)
    assert stats["total_reviews"] == 6 and sum(stats["reviews_per_day"].values()) == 6
    # "learning" as `due` means it: every card in learning steps, relearning included.
    assert stats["cards_by_state"] == {"new": 0, "learning": 2, "review": 0}
    assert stats["relearning"] == 2
    assert sum(stats["forecast"].values()) == 2
    assert stats["settings"]["new_per_day"] == 20 and stats["settings"]["day_starts_hour"] == 4
    rows = _json(capsys, "reviews", "export", "--format", "json", "--data-dir", str(data))
    assert isinstance(rows, list) and len(rows) == 6
    assert [r["rating_name"] for r in rows] == ["Good", "Good", "Good", "Good", "Again", "Again"]
    assert rows[0]["state_before"] == "new" and rows[0]["duration_ms"] == 1500
    assert rows[0]["review_time"].endswith("+00:00")
    target = tmp_path / "log.csv"
    assert (
        main(["reviews", "export", "--format", "fsrs-csv", "-o", str(target), "--data-dir", str(data)]) == 0
    )
    assert (
        main(["reviews", "export", "--format", "fsrs-csv", "-o", str(target), "--data-dir", str(data)]) == 1
    )
    assert "already exists" in capsys.readouterr().err
    from_file = _json(capsys, "reviews", "evaluate", str(target), "--json")
    from_profile = _json(capsys, "reviews", "evaluate", "--data-dir", str(data), "--json")
    assert isinstance(from_file, dict) and isinstance(from_profile, dict)
    assert from_file["predicted"] == from_profile["predicted"] == 4
    assert from_file["log_loss"] == pytest.approx(from_profile["log_loss"])


def test_reading_commands_do_not_create_a_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["stats"], ["reviews", "export"], ["reviews", "evaluate"]):
        assert main([*argv, "--data-dir", str(tmp_path), "--profile", "nobody"]) == 1
        assert "profile 'nobody' has no study data yet" in capsys.readouterr().err
    assert not (tmp_path / "profiles").exists() or not any((tmp_path / "profiles").iterdir())


def test_evaluate_an_empty_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_store(tmp_path).close()
    out = _json(capsys, "reviews", "evaluate", "--data-dir", str(tmp_path), "--json")
    assert out == {
        "source": "profile 'default'",
        "reviews": 0,
        "cards": 0,
        "predicted": 0,
        "log_loss": None,
        "rmse_bins": None,
        "mean_predicted": None,
        "actual_recall": None,
        "bins": 0,
    }


@pytest.mark.skipif(not PUBLIC_LOG.exists(), reason="public review log not present")
def test_evaluate_the_public_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reviews", "evaluate", str(PUBLIC_LOG)]) == 0
    out = capsys.readouterr().out
    assert "12580 reviews of 1205 cards" in out and "log loss:" in out and "RMSE (bins):" in out


def test_a_damaged_profile_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "profiles" / "default.sqlite3"
    db.parent.mkdir(parents=True)
    db.write_text("not a database")
    assert main(["stats", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ketquiz: error:") and "damaged" in err and "copy is kept" in err
    assert db.read_text() == "not a database"


def test_a_bad_review_log_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "log.csv"
    log.write_text("card_id,review_rating,review_time\na,3,2024-01-01T00:00:00Z\na,9,2024-01-03T00:00:00Z\n")
    assert main(["reviews", "evaluate", str(log)]) == 1
    assert f"{log}:3: review_rating" in capsys.readouterr().err
