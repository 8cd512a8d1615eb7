"""Run as a separate process by the reliability tests: answers cards and prints each committed review id.

Usage: python answer_worker.py DATA_DIR PROFILE N_CARDS N_ANSWERS START [PAUSE_S]
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ketquiz.core.scheduling import Rating  # noqa: E402
from ketquiz.store import open_store  # noqa: E402
from tests.factories import make_deck  # noqa: E402


def main(argv: list[str]) -> int:
    data_dir, profile, n_cards, n_answers, start = argv[0], argv[1], int(argv[2]), int(argv[3]), int(argv[4])
    pause = float(argv[5]) if len(argv) > 5 else 0.0
    deck = make_deck(n_cards)
    base = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    with open_store(Path(data_dir), profile, busy_timeout=20.0) as store:
        store.ensure_synced(deck)
        for i in range(n_answers):
            card_id = f"c{(start + i) % n_cards}"
            outcome = store.answer(
                deck.id, card_id, Rating.GOOD, base + timedelta(minutes=i), 100, f"r{start + i}"
            )
            print(outcome.review_id, flush=True)
            if pause:
                time.sleep(pause)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
