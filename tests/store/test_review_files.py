"""The review log as files: what ``reviews export`` writes reads back as the same answers."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest

from ketquiz.core.scheduling import Rating
from ketquiz.store import open_store
from ketquiz.store.review_files import (
    EXPORT_COLUMNS,
    ExportFormat,
    UnreadableLog,
    export_rows,
    read_review_export,
    read_review_log,
    write_export,
)
from tests.factories import NOW, make_deck

RATINGS = (Rating.GOOD, Rating.AGAIN, Rating.EASY)


def _answered(data_dir: Path) -> None:
    deck = make_deck(3)
    with open_store(data_dir, "default") as store:
        store.sync_deck(deck)
        for i, rating in enumerate(RATINGS):
            store.answer(deck.id, f"c{i}", rating, NOW + timedelta(minutes=i), duration_ms=1000 * (i + 1))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_imports_as_the_same_answers(tmp_path: Path, fmt: ExportFormat) -> None:
    _answered(tmp_path)
    with open_store(tmp_path, "default", read_only=True) as store:
        rows = export_rows(store)
    assert [(r["card_id"], r["rating"], r["state_before"]) for r in rows] == [
        ("c0", 3, "new"),
        ("c1", 1, "new"),
        ("c2", 4, "new"),
    ]
    out = io.StringIO()
    write_export(rows, fmt, out)
    if fmt == "csv":
        assert out.getvalue().splitlines()[0] == ",".join(EXPORT_COLUMNS)
    log = tmp_path / f"log.{fmt}"
    log.write_text(out.getvalue(), encoding="utf-8")
    back = read_review_export(log)
    assert [(r.deck_id, r.card_id, r.rating, r.duration_ms) for r in back] == [
        ("demo", f"c{i}", rating, 1000 * (i + 1)) for i, rating in enumerate(RATINGS)
    ]
    assert [r.at for r in back] == [NOW + timedelta(minutes=i) for i in range(3)]


def test_fsrs_csv_reads_back_as_events_keyed_deck_and_card(tmp_path: Path) -> None:
    _answered(tmp_path)
    with open_store(tmp_path, "default", read_only=True) as store:
        rows = export_rows(store, "demo")
        assert export_rows(store, "other") == []
    out = io.StringIO()
    write_export(rows, "fsrs-csv", out)
    log = tmp_path / "fsrs.csv"
    log.write_text(out.getvalue(), encoding="utf-8")
    events = read_review_log(log)
    assert [(e.card, e.rating) for e in events] == [(f"demo/c{i}", r) for i, r in enumerate(RATINGS)]


def test_unreadable_files_say_why(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"card_id,review_rating,review_time\n\xe9,3,2024-01-01T10:00:00+00:00\n")
    with pytest.raises(UnreadableLog, match="is not UTF-8 text"):
        read_review_log(latin)
    with pytest.raises(UnreadableLog, match="cannot read"):
        read_review_export(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "deck_id,card_id,review_time,rating\ndemo,c0,2024-01-01T10:00:00+00:00,9\n", encoding="utf-8"
    )
    with pytest.raises(UnreadableLog, match=r"bad\.csv:2: rating must be 1, 2, 3 or 4"):
        read_review_export(bad)
