"""`ketquiz reviews import`: history moved between computers, nothing lost or doubled, cards re-scheduled."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.core.scheduling import Rating
from ketquiz.store import open_store
from tests.factories import NOW, make_deck

DECK = make_deck(3)
# (profile it is studied in, card, rating, minutes after NOW): a laptop and a lab computer, interleaved in time
PLAN = [
    ("laptop", "c0", Rating.GOOD, 0), ("lab", "c1", Rating.AGAIN, 5), ("laptop", "c0", Rating.GOOD, 15),
    ("lab", "c1", Rating.GOOD, 20), ("lab", "c0", Rating.GOOD, 60 * 24 * 3), ("laptop", "c2", Rating.EASY, 60 * 24 * 3 + 7),
    ("laptop", "c0", Rating.AGAIN, 60 * 24 * 20), ("lab", "c0", Rating.GOOD, 60 * 24 * 20 + 12),
]  # fmt: skip
COLUMNS = "card_id, state, step, stability, difficulty, last_review, lapses"


def _study(data_dir: Path, profiles: dict[str, str]) -> None:
    """Answer PLAN, each answer in ``profiles[where]`` (so one profile can take them all)."""
    for where, card, rating, minutes in PLAN:
        with open_store(data_dir, profiles[where]) as store:
            store.ensure_synced(DECK)
            store.answer(DECK.id, card, rating, NOW + timedelta(minutes=minutes), 1000)


def _state(data_dir: Path, profile: str) -> list[tuple[object, ...]]:
    with open_store(data_dir, profile) as store:
        return list(store.conn.execute(f"SELECT {COLUMNS} FROM cards ORDER BY card_id"))


def _count(data_dir: Path, profile: str) -> int:
    with open_store(data_dir, profile) as store:
        return int(store.conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_importing_the_other_computers_log_gives_the_states_of_studying_in_one_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    _study(tmp_path, {"laptop": "laptop", "lab": "lab"})
    _study(tmp_path, {"laptop": "one", "lab": "one"})
    log = tmp_path / f"lab.{fmt}"
    base = ["--data-dir", str(tmp_path)]
    assert main(["reviews", "export", "--format", fmt, "-o", str(log), "--profile", "lab", *base]) == 0
    assert main(["reviews", "import", str(log), "--profile", "laptop", *base]) == 0
    assert "4 imported, 0 already in the profile" in capsys.readouterr().out
    assert _count(tmp_path, "laptop") == len(PLAN)
    assert _state(tmp_path, "laptop") == _state(tmp_path, "one")
    assert main(["reviews", "import", str(log), "--profile", "laptop", *base]) == 0  # twice: nothing changes
    assert "0 imported, 4 already in the profile" in capsys.readouterr().out
    assert _count(tmp_path, "laptop") == len(PLAN)
    assert _state(tmp_path, "laptop") == _state(tmp_path, "one")


def test_reviews_of_cards_the_profile_lacks_are_kept_reported_and_count_when_the_card_returns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _study(tmp_path, {"laptop": "laptop", "lab": "lab"})
    _study(tmp_path, {"laptop": "one", "lab": "one"})
    log = tmp_path / "lab.csv"
    base = ["--data-dir", str(tmp_path)]
    assert main(["reviews", "export", "-o", str(log), "--profile", "lab", *base]) == 0
    assert main(["reviews", "import", str(log), "--profile", "fresh", *base]) == 0
    out = capsys.readouterr().out
    assert "kept 4 reviews of 2 cards" in out and "demo/c0 (2)" in out and "demo/c1 (2)" in out
    with open_store(tmp_path, "fresh") as store:
        assert store.build_queue(DECK, None, NOW).cards == ["c2"]  # brought back by the deck; c0, c1 not new
        replayed = store.conn.execute("SELECT COUNT(*) FROM cards WHERE state != 0").fetchone()[0]
    assert replayed == 2


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "deck_id,card_id,review_time,rating\ndemo,c0,2026-03-02T14:00:00+00:00,9\n",
            "log.csv:2: rating must be",
        ),
        (
            "deck_id,card_id,review_time,rating\ndemo,c0,9999-03-02T14:00:00+00:00,3\n",
            "log.csv:2: review_time 9999",
        ),
        (
            "deck_id,card_id,review_time,rating\n,c0,2026-03-02T14:00:00+00:00,3\n",
            "deck_id and card_id are required",
        ),
        ("card_id,review_rating,review_time\nx,3,2026-03-02T14:00:00\n", "missing column(s) deck_id, rating"),
        ('[{"deck_id": "demo"}]', "log.csv: review 1: deck_id and card_id are required"),
        ("[1, 2]", "expected a list of reviews"),
        ("[" * 100_000, "not valid JSON"),
    ],
)
def test_a_bad_log_imports_nothing_and_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, says: str
) -> None:
    log = tmp_path / "log.csv"
    log.write_text(text, encoding="utf-8")
    assert main(["reviews", "import", str(log), "--data-dir", str(tmp_path)]) == 1
    assert says in capsys.readouterr().err


def test_import_reads_only_regular_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reviews", "import", "/dev/zero", "--data-dir", str(tmp_path)]) == 1
    assert "not a regular file" in capsys.readouterr().err
