"""Run as a separate process by the store-opening tests: open a profile at an agreed moment, answer one card.

Usage: python open_worker.py DATA_DIR PROFILE START_AT CARD
(START_AT is a ``time.time()`` value: every worker waits for it, so they all open the profile at once.)
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ketquiz.core.scheduling import Rating  # noqa: E402
from ketquiz.store import StoreError, open_store  # noqa: E402
from tests.factories import make_deck  # noqa: E402


def main(argv: list[str]) -> int:
    data_dir, profile, start_at, card = Path(argv[0]), argv[1], float(argv[2]), argv[3]
    deck = make_deck(8)
    while time.time() < start_at:  # spin, so the opens coincide to the microsecond
        pass
    try:
        with open_store(data_dir, profile, busy_timeout=20.0) as store:
            store.ensure_synced(deck)
            store.answer(deck.id, card, Rating.GOOD, datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
