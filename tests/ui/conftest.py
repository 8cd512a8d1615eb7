"""The study app under test: a small deck over a bundled source, a fixed clock, a fixed shuffle, a temporary
data directory."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ketquiz.ui.app import KetquizApp, build_app

DECK_DIR = Path(__file__).parent / "deck"
DECK_FILE = DECK_DIR / "mini.yaml"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SEED = 1234


def make_app(data_dir: Path, paths: list[Path] | None = None, now: datetime = NOW) -> KetquizApp:
    return build_app(paths or [DECK_FILE], data_dir, "default", now=lambda: now, seed=SEED)


async def loaded(app: KetquizApp, pilot: object) -> None:
    """Wait until the decks are loaded and the home screen shows them."""
    await app.wait_until_loaded()
    await pilot.pause()  # type: ignore[attr-defined]
    assert app.catalog is not None


def review_log(data_dir: Path) -> list[tuple[str, int, str | None]]:
    """(card id, rating, response) of every review the store committed, in order."""
    from ketquiz.store import profile_path

    conn = sqlite3.connect(profile_path(data_dir, "default"))
    try:
        return [tuple(r) for r in conn.execute("SELECT card_id, rating, response FROM reviews ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"
